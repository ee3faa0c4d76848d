"""The personnel monitor: every figure of `gep monitor` and the yearly report, from frames.

This module assembles indicators into display tables and applies small-cell suppression; it is
pure (frames and target specs in, tables out), so the CLI, the web and the report share it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from gepmonitor.core.privacy import suppress_group_counts
from gepmonitor.personnel.bands import DEFAULT_BANDS, Band, parse_band
from gepmonitor.personnel.indicators import composition, flows, projection
from gepmonitor.personnel.target_spec import TargetSpec


@dataclass
class BandMonitor:
    """Everything the monitor shows for one band."""

    band: Band
    trend: pl.DataFrame  # year, men, women, men_women, other, share_women, share_men (suppressed)
    raw_trend: pl.DataFrame  # unsuppressed, for projections and charts of shares
    flows: pl.DataFrame  # year, flow, men, women, other, total (suppressed)
    status: projection.TargetStatus | None
    paths: dict[str, tuple[list[int], list[float]]] = field(default_factory=dict)


@dataclass
class Monitor:
    """The whole monitor for an organisation and a range of years."""

    years: list[int]
    bands: list[BandMonitor]
    overall: pl.DataFrame
    units: pl.DataFrame
    ages: pl.DataFrame
    scales: pl.DataFrame
    outflow_reasons: pl.DataFrame
    banenafspraak: pl.DataFrame
    min_cell: int
    exact: bool


def suppress_breakdown(frame: pl.DataFrame, min_cell: int, exact: bool) -> pl.DataFrame:
    """Suppress small men/women cells (with their shares) and small 'other' cells."""
    result = suppress_group_counts(
        frame,
        ["men", "women"],
        min_cell,
        total_column="men_women",
        dependent_columns=["share_women", "share_men", "fte_men", "fte_women"]
        if "fte_men" in frame.columns
        else ["share_women", "share_men"],
        exact=exact,
    )
    if "other" in frame.columns:
        result = suppress_group_counts(result, ["other"], min_cell, exact=exact)
    return result


def display_columns(frame: pl.DataFrame, keys: Sequence[str]) -> pl.DataFrame:
    """Return the key columns with men, women, men_women, other and the shares."""
    return frame.select(*keys, "men", "women", "men_women", "other", "share_women", "share_men")


def _flow_display(band_flows: pl.DataFrame, min_cell: int, exact: bool) -> pl.DataFrame:
    table = band_flows.with_columns(
        (pl.col("men") + pl.col("women")).alias("men_women"),
        (pl.col("x") + pl.col("unknown")).alias("other"),
    ).select("year", "flow", "men", "women", "men_women", "other")
    table = suppress_group_counts(table, ["men", "women"], min_cell, exact=exact)
    return suppress_group_counts(table, ["other"], min_cell, exact=exact)


def build_monitor(
    frame: pl.DataFrame,
    targets: Sequence[TargetSpec],
    *,
    min_cell: int,
    exact: bool = False,
    bands: Sequence[Band] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> Monitor:
    """Compute the monitor; bands default to the defaults plus every band with a target."""
    if year_from is not None:
        frame = frame.filter(pl.col("year") >= year_from)
    if year_to is not None:
        frame = frame.filter(pl.col("year") <= year_to)
    years = sorted(frame["year"].unique().to_list())
    chosen = list(bands) if bands else list(DEFAULT_BANDS)
    for target in targets:
        if all(b.code != target.band_code for b in chosen) and not bands:
            chosen.append(parse_band(target.band_code))
    by_code = {t.band_code: t for t in targets}
    band_monitors = [
        _band_monitor(frame, band, by_code.get(band.code), min_cell, exact) for band in chosen
    ]
    last = years[-1] if years else 0
    return Monitor(
        years=years,
        bands=band_monitors,
        overall=suppress_breakdown(composition.overall_trend(frame), min_cell, exact),
        units=suppress_breakdown(composition.by_unit(frame, last), min_cell, exact),
        ages=suppress_breakdown(composition.by_age_band(frame, last), min_cell, exact),
        scales=suppress_breakdown(composition.by_scale(frame, last), min_cell, exact),
        outflow_reasons=suppress_group_counts(
            flows.outflow_reasons(frame)
            .with_columns((pl.col("x") + pl.col("unknown")).alias("other"))
            .select("year", "exit_reason", "men", "women", "other", "total"),
            ["men", "women", "other"],
            min_cell,
            total_column="total",
            exact=exact,
        ),
        banenafspraak=composition.banenafspraak_count(frame).with_columns(
            pl.col("banenafspraak").map_elements(
                lambda n: n if exact or n == 0 or n >= min_cell else None, return_dtype=pl.Int64
            )
        ),
        min_cell=min_cell,
        exact=exact,
    )


def _band_monitor(
    frame: pl.DataFrame, band: Band, target: TargetSpec | None, min_cell: int, exact: bool
) -> BandMonitor:
    trend = composition.band_trend(frame, band)
    band_flows = flows.flows(frame, band)
    status = paths = None
    if target is not None:
        status = projection.target_status(trend, band_flows, target)
        paths = projection.projection_path(trend, band_flows, target)
    return BandMonitor(
        band=band,
        trend=display_columns(suppress_breakdown(trend, min_cell, exact), ["year"]),
        raw_trend=trend,
        flows=_flow_display(band_flows, min_cell, exact),
        status=status,
        paths=paths or {},
    )
