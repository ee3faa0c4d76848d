"""Every unprotected table of the monitor from one set of queries over the snapshot frame.

The monitor (personnel.monitor) needs each band's trend and flows, the organisation's trend and
flows, the reasons for leaving, the units and age bands of the last year and the banenafspraak
count. Computed one function at a time, each scans the rows again; here the scans run together
(``pl.collect_all``): a count of the rows by year, staff and the columns a row's state is made
of (the trends, and which columns each snapshot had), the breakdowns of the last year and the
rows with an exit date; meanwhile, in this thread, the staff rows' packed codes, which
staff_codes sorts to match people across snapshots (the flows). Every table equals what the
one-table functions in composition and flows return (tests/personnel/test_flows_reference.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import polars as pl

from gepmonitor.personnel.bands import Band
from gepmonitor.personnel.indicators import composition, flows
from gepmonitor.personnel.indicators.staff_codes import Layout, pair_states, state_expr
from gepmonitor.personnel.schema import active_expr


@dataclass(frozen=True)
class MonitorTables:
    """The monitor's tables before protection."""

    trends: dict[str, pl.DataFrame]  # per band code: composition.band_trend
    overall: pl.DataFrame  # composition.overall_trend
    flows: dict[str | None, pl.DataFrame]  # None: the organisation's; per band code
    reasons: pl.DataFrame  # flows.outflow_reasons
    units: pl.DataFrame  # composition.by_unit of the last year
    ages: pl.DataFrame  # composition.by_age_band of the last year
    banenafspraak: pl.DataFrame  # composition.banenafspraak_count


def monitor_tables(frame: pl.DataFrame, bands: Sequence[Band], last: int) -> MonitorTables:
    """Return the monitor's unprotected tables of these bands; units and ages of year last."""
    years = flows.link_years(frame)
    layout = Layout.of(years, len(bands))
    rows = frame.lazy()
    staff = rows.filter(active_expr()).with_columns(state_expr(bands).alias("s"))
    # The counts run in Polars' threads while this thread sorts the staff rows' codes (NumPy
    # releases the interpreter lock too): on two cores the sort costs little wall time.
    with ThreadPoolExecutor(max_workers=1) as pool:
        counting = pool.submit(
            pl.collect_all,
            [
                composition.row_cube(rows),
                composition.unit_query(rows, last),
                composition.age_query(rows, last),
                flows.exit_rows(rows, layout),
            ],
        )
        packed = flows.packed_codes(staff, layout).collect()["packed"]
        pairs = pair_states(packed, years, layout, staff.select("year", "employee_key", "s"))
        row_cube, units, ages, exits = counting.result()
    cube = composition.with_states(row_cube, bands)
    unknown = composition.cube_unknown_years(cube)
    return MonitorTables(
        trends=composition.trends_from_cube(
            cube, bands, fte_unknown=unknown["fte"], manager_unknown=unknown["is_manager"]
        ),
        overall=composition.overall_from_cube(cube, fte_unknown=unknown["fte"]),
        flows=flows.flow_tables(pairs, years, bands, manager_unknown=unknown["is_manager"]),
        reasons=flows.reason_table(pairs, exits, years),
        units=composition.one_year_breakdown(
            units, column_unknown=last in unknown["unit"], fte_unknown=last in unknown["fte"]
        ),
        ages=composition.one_year_breakdown(
            ages, column_unknown=last in unknown["birth_year"], fte_unknown=last in unknown["fte"]
        ),
        banenafspraak=composition.banenafspraak_from_cube(cube, unknown=unknown["banenafspraak"]),
    )
