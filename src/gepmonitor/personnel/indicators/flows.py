"""Flows between consecutive peildata by gender: inflow, outflow (with reasons), promotion.

An employee is matched across years by the pseudonymous key. For a band, an entry is a person in
the band now who was not in it on the previous peildatum: hired (not employed before) or promoted
(employed in a lower scale or non-manager role). An exit is the reverse: left the organisation or
moved out of the band.
"""

from __future__ import annotations

import polars as pl

from gepmonitor.personnel.bands import Band
from gepmonitor.personnel.indicators.composition import COUNT_COLUMNS
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


def _states(frame: pl.DataFrame, band: Band | None) -> pl.DataFrame:
    in_band = band.expr() if band is not None else pl.lit(True)
    return frame.filter(active_expr()).select(
        "year", "employee_key", "gender", in_band.alias("in_band")
    )


def _count(rows: pl.DataFrame, flow: str) -> pl.DataFrame:
    counts = rows.group_by("year").agg(
        (pl.col("gender") == "m").sum().cast(pl.Int64).alias("men"),
        (pl.col("gender") == "v").sum().cast(pl.Int64).alias("women"),
        (pl.col("gender") == "x").sum().cast(pl.Int64).alias("x"),
        (pl.col("gender") == "onbekend").sum().cast(pl.Int64).alias("unknown"),
        pl.len().cast(pl.Int64).alias("total"),
    )
    return counts.with_columns(pl.lit(flow).alias("flow"))


def flows(frame: pl.DataFrame, band: Band | None = None) -> pl.DataFrame:
    """Return per later year and flow the counts by gender (long table, see FLOW_ORDER)."""
    links = _year_links(frame)
    now = _states(frame, band)
    before = now.join(links, on="year", how="inner").select(
        pl.col("next_year").alias("year"),
        "employee_key",
        pl.col("gender").alias("gender_before"),
        pl.col("in_band").alias("band_before"),
    )
    later_years = links.select(pl.col("next_year").alias("year"))
    current = now.join(later_years, on="year", how="semi")
    matched = current.join(before, on=["year", "employee_key"], how="left")
    gone = before.join(current, on=["year", "employee_key"], how="anti").rename(
        {"gender_before": "gender"}
    )
    stayed_out = matched.filter(pl.col("band_before") & ~pl.col("in_band"))
    parts = [
        _count(matched.filter(pl.col("band_before").is_null()), "inflow"),
        _count(gone, "outflow"),
        _count(
            before.filter(pl.col("band_before")).rename({"gender_before": "gender"}), "band_start"
        ),
        _count(matched.filter(pl.col("in_band") & pl.col("band_before").is_null()), "band_hired"),
        _count(
            matched.filter(pl.col("in_band") & (pl.col("band_before") == False)),  # noqa: E712
            "band_promoted",
        ),
        _count(
            matched.filter(pl.col("in_band") & ~pl.col("band_before").fill_null(False)),
            "band_entries",
        ),
        _count(gone.filter(pl.col("band_before")), "band_left_org"),
        _count(stayed_out, "band_moved_out"),
        _count(
            pl.concat(
                [
                    gone.filter(pl.col("band_before")).select("year", "gender"),
                    stayed_out.select("year", "gender"),
                ]
            ),
            "band_exits",
        ),
    ]
    if band is None:
        parts = parts[:2]
    grid = later_years.join(
        pl.DataFrame(
            {"flow": [f for f in FLOW_ORDER if band is not None or f in ("inflow", "outflow")]}
        ),
        how="cross",
    )
    result = grid.join(pl.concat(parts), on=["year", "flow"], how="left").with_columns(
        [pl.col(c).fill_null(0) for c in (*COUNT_COLUMNS, "total")]
    )
    order = {name: index for index, name in enumerate(FLOW_ORDER)}
    return (
        result.with_columns(pl.col("flow").replace_strict(order, default=99).alias("_order"))
        .sort("year", "_order")
        .drop("_order")
        .select("year", "flow", *COUNT_COLUMNS, "total")
    )


def outflow_reasons(frame: pl.DataFrame) -> pl.DataFrame:
    """Return per later year and exit reason how many people left, by gender."""
    links = _year_links(frame)
    now = _states(frame, None)
    before = now.join(links, on="year", how="inner").select(
        pl.col("next_year").alias("year"), "employee_key", "gender"
    )
    gone = before.join(now, on=["year", "employee_key"], how="anti")
    reasons = (
        frame.filter(~active_expr())
        .select("year", "employee_key", pl.col("exit_reason").fill_null("onbekend"))
        .unique(subset=["year", "employee_key"])
    )
    labelled = gone.join(reasons, on=["year", "employee_key"], how="left").with_columns(
        pl.col("exit_reason").fill_null("onbekend")
    )
    return (
        labelled.group_by("year", "exit_reason")
        .agg(
            (pl.col("gender") == "m").sum().cast(pl.Int64).alias("men"),
            (pl.col("gender") == "v").sum().cast(pl.Int64).alias("women"),
            (pl.col("gender") == "x").sum().cast(pl.Int64).alias("x"),
            (pl.col("gender") == "onbekend").sum().cast(pl.Int64).alias("unknown"),
            pl.len().cast(pl.Int64).alias("total"),
        )
        .sort("year", "total", descending=[False, True])
    )
