"""Flows between consecutive reference peildata by gender: inflow, outflow, promotion.

An employee is matched across snapshots by the pseudonymous key. For a band, an entry is a person
in the band now who was not in it on the previous peildatum: hired (not staff before) or promoted
(staff in a lower scale or non-manager role). An exit is the reverse: left the organisation or
moved out of the band. A flow covers its real period, from the previous snapshot's year
("from_year") to the later one ("year"); snapshots three years apart give one three-year flow,
never three yearly ones (people who came and went within the period are not seen in it).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from gepmonitor.personnel.bands import Band
from gepmonitor.personnel.indicators.composition import COUNT_COLUMNS, unknown_years
from gepmonitor.personnel.indicators.staff_codes import (
    GENDER_BITS,
    GENDER_CODES,
    OTHER_GENDER,
    Layout,
    Pairs,
    pair_states,
    state_expr,
)
from gepmonitor.personnel.schema import active_expr

FLOW_ORDER = (
    "inflow",
    "outflow",
    "band_start",
    "band_hired",
    "band_promoted",
    "band_entries",
    "band_left_org",
    "band_moved_out",
    "band_exits",
)


def _year_links(frame: pl.DataFrame) -> pl.DataFrame:
    years = frame.select("year").unique().sort("year")
    return years.with_columns(pl.col("year").shift(-1).alias("next_year")).drop_nulls()


def link_years(frame: pl.DataFrame) -> list[int]:
    """Return the frame's peildatum years, ascending (every row's, staff or not)."""
    return sorted(int(y) for y in frame["year"].drop_nulls().unique().to_list())


def periods(frame: pl.DataFrame) -> list[tuple[int, int]]:
    """Return the flow periods of a frame: (from_year, to_year) of consecutive snapshots."""
    return [(int(a), int(b)) for a, b in _year_links(frame).iter_rows()]


def period_label(from_year: int, year: int) -> str:
    """Return a flow period's label: '2025' for one year, '2022–2025' for a longer one."""
    return str(year) if year - from_year == 1 else f"{from_year}\u2013{year}"


GENDER_COLUMNS = {"men": "m", "women": "v", "x": "x", "unknown": "onbekend"}
EMPTY_SCHEMA = {
    "year": pl.Int32,
    "from_year": pl.Int32,
    "flow": pl.String,
    **{c: pl.Int64 for c in (*COUNT_COLUMNS, "total")},
}


def flows(frame: pl.DataFrame, band: Band | None = None) -> pl.DataFrame:
    """Return per later year and flow the counts by gender (long table, see FLOW_ORDER).

    A band's flows of a period touching a year in which the band cannot be told (a managers band
    without a manager column) are null: no data.
    """
    if band is None:
        return monitor_flows(frame, [])[None]
    return flows_for_bands(frame, [band])[band.code]


def flows_for_bands(frame: pl.DataFrame, bands: Sequence[Band]) -> dict[str, pl.DataFrame]:
    """Return the flows table of each band, matching people across years only once."""
    result = monitor_flows(frame, bands)
    return {band.code: result[band.code] for band in bands}


def monitor_flows(frame: pl.DataFrame, bands: Sequence[Band]) -> dict[str | None, pl.DataFrame]:
    """Return the organisation's flows (key None) and each band's, from one match of people."""
    years = link_years(frame)
    layout = Layout.of(years, len(bands))
    staff = staff_rows(frame.lazy(), bands)
    pairs = pair_states(packed_codes(staff, layout).collect()["packed"], years, layout, staff)
    return flow_tables(pairs, years, bands, manager_unknown=unknown_years(frame, "is_manager"))


def staff_rows(frame: pl.LazyFrame, bands: Sequence[Band]) -> pl.LazyFrame:
    """Return the staff rows with their state (staff_codes): year, employee_key, s."""
    return frame.filter(active_expr()).select("year", "employee_key", state_expr(bands).alias("s"))


def packed_codes(staff: pl.LazyFrame, layout: Layout | None) -> pl.LazyFrame:
    """Return the staff rows' packed codes (column packed) that pair_states sorts.

    Rows without a year never link two snapshots; without a layout there is nothing to sort.
    """
    if layout is None:
        return staff.select(pl.lit(0, dtype=pl.UInt64).alias("packed")).clear()
    return staff.filter(pl.col("year").is_not_null()).select(
        layout.packed(pl.col("s")).alias("packed")
    )


def _conditions(
    now: np.ndarray, before: np.ndarray, in_band: np.ndarray | None, was_in: np.ndarray | None
) -> dict[str, np.ndarray]:
    """Return each flow's condition on the pairs.

    now / before: staff with a gender on the later / earlier snapshot; in_band / was_in: in the
    band on it (None: the organisation's flows, which have no band).
    """
    conditions = {"inflow": now & ~before, "outflow": before & ~now}
    if in_band is None or was_in is None:
        return conditions
    return conditions | {
        "band_start": was_in,
        "band_hired": in_band & ~before,
        "band_promoted": in_band & before & ~was_in,
        "band_entries": in_band & ~was_in,
        "band_left_org": was_in & ~now,
        "band_moved_out": was_in & now & ~in_band,
        "band_exits": was_in & ~(now & in_band),
    }


def flow_tables(
    pairs: Pairs,
    years: Sequence[int],
    bands: Sequence[Band],
    *,
    manager_unknown: set[int],
) -> dict[str | None, pl.DataFrame]:
    """Return the organisation's flows (key None) and each band's from the counted pairs.

    A person's gender is their gender on the later snapshot, or the earlier one if they left.
    """
    counts = pairs.counts
    s0, s1 = counts["s0"].to_numpy().astype(np.int64), counts["s1"].to_numpy().astype(np.int64)
    n = counts["n"].to_numpy().astype(np.float64)
    gender0, gender1 = s0 % (1 << GENDER_BITS), s1 % (1 << GENDER_BITS)
    flags0, flags1 = s0 >> GENDER_BITS, s1 >> GENDER_BITS
    now, before = gender1 <= OTHER_GENDER, gender0 <= OTHER_GENDER
    gender = np.where(now, gender1, gender0)
    links = list(zip(years, years[1:], strict=False))
    period = np.searchsorted([later for _, later in links], counts["year"].to_numpy())
    counted = gender < len(COUNT_COLUMNS)  # men, women, x, unknown (GENDER_CODES)
    cell = (period * len(COUNT_COLUMNS) + gender)[counted]
    cells = len(links) * len(COUNT_COLUMNS)
    result: dict[str | None, pl.DataFrame] = {}
    for index in (None, *range(len(bands))):
        if index is None:
            conditions = _conditions(now, before, None, None)
        else:
            conditions = _conditions(
                now, before, (flags1 >> index) % 2 == 1, (flags0 >> index) % 2 == 1
            )
        names = [name for name in FLOW_ORDER if name in conditions]
        # sums[flow, period, gender]: the people of each flow (n is exact in float64).
        sums = np.stack(
            [
                np.bincount(cell, weights=(n * conditions[name])[counted], minlength=cells).reshape(
                    len(links), len(COUNT_COLUMNS)
                )
                for name in names
            ]
        ).astype(np.int64)
        table = pl.DataFrame(
            {
                "year": np.repeat([later for _, later in links], len(names)),
                "from_year": np.repeat([earlier for earlier, _ in links], len(names)),
                "flow": names * len(links),
                **{
                    column: sums[:, :, position].T.reshape(-1)
                    for position, column in enumerate(COUNT_COLUMNS)
                },
            },
            schema={c: t for c, t in EMPTY_SCHEMA.items() if c != "total"},
        ).with_columns(pl.sum_horizontal(*COUNT_COLUMNS).alias("total"))
        if index is not None and bands[index].managers_only:
            table = _blank_unknown(table, manager_unknown)
        result[None if index is None else bands[index].code] = table
    return result


def _blank_unknown(table: pl.DataFrame, years: set[int]) -> pl.DataFrame:
    """Null a band's flows of the periods touching a year in which the band cannot be told."""
    if not years or table.is_empty():
        return table
    unknown = pl.col("year").is_in(sorted(years)) | pl.col("from_year").is_in(sorted(years))
    band_flow = pl.col("flow").str.starts_with("band_")
    return table.with_columns(
        pl.when(unknown & band_flow).then(None).otherwise(pl.col(c)).alias(c)
        for c in (*COUNT_COLUMNS, "total")
    )


def outflow_reasons(frame: pl.DataFrame) -> pl.DataFrame:
    """Return per later year and exit reason how many people left, by gender."""
    years = link_years(frame)
    layout = Layout.of(years, 0)
    staff = staff_rows(frame.lazy(), [])
    pairs = pair_states(packed_codes(staff, layout).collect()["packed"], years, layout, staff)
    return reason_table(pairs, exit_rows(frame.lazy(), layout).collect(), years)


def exit_rows(frame: pl.LazyFrame, layout: Layout | None) -> pl.LazyFrame:
    """Return the rows with an exit date: year, staff, employee_key, person, exit_reason."""
    person = layout.person() if layout is not None else pl.lit(0, dtype=pl.UInt64)
    return frame.filter(pl.col("exit_date").is_not_null()).select(
        "year", "staff", "employee_key", person.alias("person"), "exit_reason"
    )


def reason_table(pairs: Pairs, exits: pl.DataFrame, years: Sequence[int]) -> pl.DataFrame:
    """Return per later year and exit reason the people who left (Pairs.gone), by gender.

    The exit row sits in the later snapshot (left before its peildatum) or, when an exit dated on
    the peildatum counts as staff, in the earlier one; the later one wins. No exit row: onbekend.
    """
    key = "person" if pairs.by_sort else "employee_key"
    links = pl.DataFrame(
        {"year": years[:-1], "next_year": years[1:]},
        schema={"year": pl.Int32, "next_year": pl.Int32},
    )
    later = exits.filter(~active_expr()).select(
        pl.lit(0).alias("_order"), pl.col("year").cast(pl.Int32), key, "exit_reason"
    )
    earlier = (
        exits.filter(active_expr())
        .join(links, on="year", how="inner")
        .select(pl.lit(1).alias("_order"), pl.col("next_year").alias("year"), key, "exit_reason")
    )
    reasons = (
        pl.concat([later, earlier])
        .sort("_order")
        .unique(subset=["year", key], keep="first")
        .select("year", key, pl.col("exit_reason").fill_null("onbekend"))
    )
    labelled = pairs.gone.join(reasons, on=["year", key], how="left").with_columns(
        pl.col("exit_reason").fill_null("onbekend")
    )
    spans = links.select(pl.col("next_year").alias("year"), pl.col("year").alias("from_year"))
    return (
        labelled.group_by("year", "exit_reason")
        .agg(
            *[
                (pl.col("g0") == code).sum().cast(pl.Int64).alias(column)
                for column, code in zip(COUNT_COLUMNS, GENDER_CODES.values(), strict=True)
            ],
            pl.len().cast(pl.Int64).alias("total"),
        )
        .join(spans, on="year", how="left")
        .sort("year", "total", descending=[False, True])
    )
