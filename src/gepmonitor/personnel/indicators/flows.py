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
from gepmonitor.personnel.indicators.composition import COUNT_COLUMNS, band_unknown_years
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


def periods(frame: pl.DataFrame) -> list[tuple[int, int]]:
    """Return the flow periods of a frame: (from_year, to_year) of consecutive snapshots."""
    return [(int(a), int(b)) for a, b in _year_links(frame).iter_rows()]


def period_label(from_year: int, year: int) -> str:
    """Return a flow period's label: '2025' for one year, '2022–2025' for a longer one."""
    return str(year) if year - from_year == 1 else f"{from_year}\u2013{year}"


def _person_year(year: pl.Expr) -> pl.Expr:
    """Return one 64-bit key per person and year: single-column integer joins are fastest."""
    return pl.col("employee_key").hash(seed=7) + year.cast(pl.UInt64) * 0x9E3779B97F4A7C15


def _states(frame: pl.DataFrame, bands: Sequence[Band]) -> pl.LazyFrame:
    flags = [band.expr().alias(f"in_band{index}") for index, band in enumerate(bands)]
    return frame.lazy().filter(active_expr()).select("year", "employee_key", "gender", *flags)


def _flow_conditions(index: int | None) -> dict[str, pl.Expr]:
    now, before = pl.col("gender").is_not_null(), pl.col("g0").is_not_null()
    conditions = {"inflow": now & ~before, "outflow": before & ~now}
    if index is None:
        return conditions
    in_band = pl.col(f"in_band{index}").fill_null(False)
    was_in = pl.col(f"b0_{index}").fill_null(False)
    return conditions | {
        "band_start": was_in,
        "band_hired": in_band & ~before,
        "band_promoted": in_band & before & ~was_in,
        "band_entries": in_band & ~was_in,
        "band_left_org": was_in & ~now,
        "band_moved_out": was_in & now & ~in_band,
        "band_exits": was_in & ~(now & in_band),
    }


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
        return _flows(frame, [])[None]
    return flows_for_bands(frame, [band])[band.code]


def flows_for_bands(frame: pl.DataFrame, bands: Sequence[Band]) -> dict[str, pl.DataFrame]:
    """Return the flows table of each band, matching people across years only once."""
    result = _flows(frame, bands)
    return {band.code: _blank_unknown(result[band.code], frame, band) for band in bands}


def _blank_unknown(table: pl.DataFrame, frame: pl.DataFrame, band: Band) -> pl.DataFrame:
    years = band_unknown_years(frame, band)
    if not years or table.is_empty():
        return table
    unknown = pl.col("year").is_in(sorted(years)) | pl.col("from_year").is_in(sorted(years))
    band_flow = pl.col("flow").str.starts_with("band_")
    return table.with_columns(
        pl.when(unknown & band_flow).then(None).otherwise(pl.col(c)).alias(c)
        for c in (*COUNT_COLUMNS, "total")
    )


def monitor_flows(frame: pl.DataFrame, bands: Sequence[Band]) -> dict[str | None, pl.DataFrame]:
    """Return the organisation's flows (key None) and each band's, from one match of people."""
    result = _flows(frame, bands, with_org=True)
    for band in bands:
        result[band.code] = _blank_unknown(result[band.code], frame, band)
    return result


def _flows(
    frame: pl.DataFrame, bands: Sequence[Band], *, with_org: bool = False
) -> dict[str | None, pl.DataFrame]:
    links = _year_links(frame)
    # (code, band index) per table: the organisation's (None, None), then one per band.
    parts: list[tuple[str | None, int | None]] = [(b.code, i) for i, b in enumerate(bands)]
    if with_org or not bands:
        parts.insert(0, (None, None))
    if links.is_empty():
        return {code: pl.DataFrame(schema=EMPTY_SCHEMA) for code, _ in parts}
    states = _states(frame, bands)
    before = states.join(links.lazy(), on="year", how="inner").select(
        _person_year(pl.col("next_year")).alias("k"),
        pl.col("next_year").alias("y0"),
        pl.col("gender").alias("g0"),
        *[pl.col(f"in_band{i}").alias(f"b0_{i}") for i in range(len(bands))],
    )
    later = links.lazy().select(pl.col("next_year").alias("year"))
    current = states.join(later, on="year", how="semi").select(
        _person_year(pl.col("year")).alias("k"),
        "year",
        "gender",
        *[f"in_band{i}" for i in range(len(bands))],
    )
    both = current.join(before, on="k", how="full", coalesce=True).with_columns(
        pl.coalesce("year", "y0").alias("year")
    )
    gender = pl.coalesce("gender", "g0")
    aggregations = []
    for position, (_code, index) in enumerate(parts):
        conditions = _flow_conditions(index)
        aggregations += [
            (condition & (gender == value)).sum().cast(pl.Int64).alias(f"{position}|{name}|{col}")
            for name, condition in conditions.items()
            for col, value in GENDER_COLUMNS.items()
        ]
    wide = both.group_by("year").agg(aggregations).collect()
    spans = links.select(pl.col("next_year").alias("year"), pl.col("year").alias("from_year"))
    wide = spans.join(wide, on="year", how="left")
    long = (
        wide.unpivot(index=["year", "from_year"], variable_name="key", value_name="count")
        .with_columns(
            pl.col("key").str.split_exact("|", 2).struct.rename_fields(["band", "flow", "column"])
        )
        .unnest("key")
    )
    order = {name: index for index, name in enumerate(FLOW_ORDER)}
    table = (
        long.pivot(on="column", index=["band", "year", "from_year", "flow"], values="count")
        .with_columns([pl.col(c).fill_null(0).cast(pl.Int64) for c in COUNT_COLUMNS])
        .with_columns(
            pl.sum_horizontal(*COUNT_COLUMNS).alias("total"),
            pl.col("flow").replace_strict(order, default=99).alias("_order"),
        )
        .sort("year", "_order")
    )
    return {
        code: table.filter(pl.col("band") == str(position)).select(
            pl.col("year").cast(pl.Int32),
            pl.col("from_year").cast(pl.Int32),
            "flow",
            *COUNT_COLUMNS,
            "total",
        )
        for position, (code, _index) in enumerate(parts)
    }


def outflow_reasons(frame: pl.DataFrame) -> pl.DataFrame:
    """Return per later year and exit reason how many people left, by gender."""
    links = _year_links(frame)
    now = _states(frame, [])
    before = now.join(links.lazy(), on="year", how="inner").select(
        pl.col("next_year").alias("year"), _person_year(pl.col("next_year")).alias("k"), "gender"
    )
    gone = before.join(now.select(_person_year(pl.col("year")).alias("k")), on="k", how="anti")
    # The exit row sits in the later snapshot (left before its peildatum) or, when an exit dated
    # on the peildatum counts as staff, in the earlier one; the later one wins.
    exits = frame.lazy().filter(pl.col("exit_date").is_not_null())
    later = exits.filter(~active_expr()).select(
        pl.lit(0).alias("_order"),
        _person_year(pl.col("year")).alias("k"),
        pl.col("exit_reason"),
    )
    earlier = (
        exits.filter(active_expr())
        .join(links.lazy(), on="year", how="inner")
        .select(
            pl.lit(1).alias("_order"),
            _person_year(pl.col("next_year")).alias("k"),
            pl.col("exit_reason"),
        )
    )
    reasons = (
        pl.concat([later, earlier])
        .sort("_order")
        .unique(subset=["k"], keep="first")
        .select("k", pl.col("exit_reason").fill_null("onbekend"))
    )
    labelled = (
        gone.join(reasons, on="k", how="left")
        .with_columns(pl.col("exit_reason").fill_null("onbekend"))
        .collect()
    )
    spans = links.select(pl.col("next_year").alias("year"), pl.col("year").alias("from_year"))
    return (
        labelled.group_by("year", "exit_reason")
        .agg(
            (pl.col("gender") == "m").sum().cast(pl.Int64).alias("men"),
            (pl.col("gender") == "v").sum().cast(pl.Int64).alias("women"),
            (pl.col("gender") == "x").sum().cast(pl.Int64).alias("x"),
            (pl.col("gender") == "onbekend").sum().cast(pl.Int64).alias("unknown"),
            pl.len().cast(pl.Int64).alias("total"),
        )
        .join(spans, on="year", how="left")
        .sort("year", "total", descending=[False, True])
    )
