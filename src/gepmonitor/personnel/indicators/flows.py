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
    person_hash,
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
    staff = staff_rows(frame.lazy(), bands)
    codes = staff.select("year", "h", "s").collect()
    pairs = pair_states(codes, years, Layout.of(years, len(bands)), staff)
    return flow_tables(pairs, years, bands, manager_unknown=unknown_years(frame, "is_manager"))


def staff_rows(frame: pl.LazyFrame, bands: Sequence[Band]) -> pl.LazyFrame:
    """Return the staff rows as pair_states takes them: year, employee_key, h (hash), s (state)."""
    return frame.filter(active_expr()).select(
        "year", "employee_key", person_hash().alias("h"), state_expr(bands).alias("s")
    )


def _conditions(index: int | None) -> dict[str, pl.Expr]:
    """Return each flow's condition on a pair of states (columns g0, g1, f0, f1 of pairs)."""
    now, before = pl.col("g1") <= OTHER_GENDER, pl.col("g0") <= OTHER_GENDER
    conditions = {"inflow": now & ~before, "outflow": before & ~now}
    if index is None:
        return conditions
    in_band = (pl.col("f1") // (1 << index)) % 2 == 1
    was_in = (pl.col("f0") // (1 << index)) % 2 == 1
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
    flags = pl.col("s0") // (1 << GENDER_BITS), pl.col("s1") // (1 << GENDER_BITS)
    gender0, gender1 = pl.col("s0") % (1 << GENDER_BITS), pl.col("s1") % (1 << GENDER_BITS)
    counts = pairs.counts.with_columns(
        gender0.alias("g0"), gender1.alias("g1"), flags[0].alias("f0"), flags[1].alias("f1")
    ).with_columns(
        pl.when(pl.col("g1") <= OTHER_GENDER).then("g1").otherwise("g0").alias("gender")
    )
    parts: list[tuple[str | None, int | None]] = [(None, None)]
    parts += [(band.code, index) for index, band in enumerate(bands)]
    sums = [
        pl.col("n").filter(condition & (pl.col("gender") == code)).sum().alias(f"{p}|{name}|{c}")
        for p, (_code, index) in enumerate(parts)
        for name, condition in _conditions(index).items()
        for c, code in zip(COUNT_COLUMNS, GENDER_CODES.values(), strict=True)
    ]
    wide = {
        int(row["year"]): row for row in counts.group_by("year").agg(sums).iter_rows(named=True)
    }
    result = {}
    for p, (code, index) in enumerate(parts):
        names = [name for name in FLOW_ORDER if name in _conditions(index)]
        rows = [
            (later, earlier, name, *[int(wide.get(later, {}).get(f"{p}|{name}|{c}") or 0) for c in COUNT_COLUMNS])
            for earlier, later in zip(years, years[1:], strict=False)
            for name in names
        ]
        table = pl.DataFrame(
            rows, schema=[(c, t) for c, t in EMPTY_SCHEMA.items() if c != "total"], orient="row"
        ).with_columns(pl.sum_horizontal(*COUNT_COLUMNS).alias("total"))
        if index is not None and bands[index].managers_only:
            table = _blank_unknown(table, manager_unknown)
        result[code] = table
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
    pairs = pair_states(staff.select("year", "h", "s").collect(), years, layout, staff)
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
