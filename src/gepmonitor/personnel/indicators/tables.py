"""Every unprotected table of the monitor from one set of queries over the snapshot frame.

The monitor (personnel.monitor) needs each band's trend and flows, the organisation's trend and
flows, the reasons for leaving, the units and age bands of the last year and the banenafspraak
count. Computed one function at a time, each scans the rows again; here the scans are planned
together and run at once (``pl.collect_all``): a count of the staff rows by year and state (the
trends), one row of facts per year (which columns a snapshot had), the breakdowns of the last
year, the rows with an exit date, and the staff rows' codes, which staff_codes sorts to match
people across snapshots (the flows). Every table equals what the one-table functions in
composition and flows return (tests/personnel/test_flows_reference.py checks).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from gepmonitor.personnel.bands import Band
from gepmonitor.personnel.indicators import composition, flows
from gepmonitor.personnel.indicators.staff_codes import Layout, pair_states
from gepmonitor.personnel.schema import active_expr

# Columns a snapshot may lack (not imported): a figure that needs one is "no data" that year.
OPTIONAL = ("fte", "is_manager", "banenafspraak", "unit", "birth_year")


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
    staff = flows.staff_rows(rows, bands)
    facts_query = (
        rows.filter(active_expr())
        .group_by("year")
        .agg(
            *[pl.col(c).is_not_null().any().alias(c) for c in OPTIONAL],
            pl.col("banenafspraak").fill_null(False).sum().cast(pl.Int64).alias("count"),
        )
        .sort("year")
    )
    codes, facts, cube, all_years, units, ages, exits = pl.collect_all(
        [
            staff.select("year", "h", "s"),
            facts_query,
            composition.staff_cube(rows, bands),
            rows.select("year").unique().sort("year"),
            composition.unit_query(rows, last),
            composition.age_query(rows, last),
            flows.exit_rows(rows, layout),
        ]
    )
    unknown = {
        column: {int(y) for y, known in zip(facts["year"], facts[column], strict=True) if not known}
        for column in OPTIONAL
    }
    pairs = pair_states(codes, years, layout, staff)
    return MonitorTables(
        trends=composition.trends_from_cube(
            cube,
            all_years,
            bands,
            fte_unknown=unknown["fte"],
            manager_unknown=unknown["is_manager"],
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
        banenafspraak=composition.blank_years(
            facts.select("year", pl.col("count").alias("banenafspraak")),
            unknown["banenafspraak"],
            ["banenafspraak"],
        ),
    )
