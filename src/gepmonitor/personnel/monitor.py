"""The personnel monitor: every figure of `gep monitor` and the yearly report, from frames.

This module assembles indicators into display tables and protects them as one set
(personnel.disclosure); it is pure (frames and target specs in, tables out), so the CLI, the
web and the report share it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import polars as pl

from gepmonitor.personnel.bands import DEFAULT_BANDS, Band, parse_band
from gepmonitor.personnel.disclosure import (
    BAND_FLOWS,
    COUNTS,
    ORG_FLOWS,
    Published,
    protect_tables,
    rate_sums,
)
from gepmonitor.personnel.indicators import projection
from gepmonitor.personnel.indicators import tables as tables_module
from gepmonitor.personnel.target_spec import TargetSpec


@dataclass
class BandMonitor:
    """Everything the monitor shows for one band."""

    band: Band
    trend: pl.DataFrame  # year, men, women, men_women, other, shares, fte (protected)
    raw_trend: pl.DataFrame  # unsuppressed, for projections
    flows: pl.DataFrame  # year, from_year, flow (BAND_FLOWS), counts (protected)
    status: projection.TargetStatus | None
    paths: dict[str, tuple[list[int], list[float]]] = field(default_factory=dict)
    rates: pl.DataFrame | None = None  # the sums behind the projection rates (protected)


@dataclass
class Monitor:
    """The whole monitor for an organisation and a range of years (protected tables)."""

    years: list[int]
    bands: list[BandMonitor]
    overall: pl.DataFrame  # year, counts, shares, fte
    org_flows: pl.DataFrame  # year, flow (inflow/outflow), counts
    units: pl.DataFrame
    ages: pl.DataFrame
    outflow_reasons: pl.DataFrame  # year, exit_reason, counts
    banenafspraak: pl.DataFrame
    min_cell: int
    exact: bool


BREAKDOWN = (*COUNTS, "share_women", "share_men", "fte_men", "fte_women", "no_data")


def breakdown_columns(frame: pl.DataFrame, keys: Sequence[str]) -> pl.DataFrame:
    """Return the key columns with the published counts, shares and FTE of a breakdown.

    Column no_data is true for a row the data cannot give (null counts before protection).
    """
    # FTE sums are rounded: float addition in another row order must not change the output.
    fte = [pl.col(c).round(2) for c in ("fte_men", "fte_women")]
    return frame.with_columns(*fte, pl.col("total").is_null().alias("no_data")).select(
        *keys, *BREAKDOWN
    )


def flow_columns(table: pl.DataFrame, names: Sequence[str]) -> pl.DataFrame:
    """Return the named flows with their period, men, women, men_women and other."""
    return (
        table.filter(pl.col("flow").is_in(list(names)))
        .with_columns(
            (pl.col("men") + pl.col("women")).alias("men_women"),
            (pl.col("x") + pl.col("unknown")).alias("other"),
            pl.col("total").is_null().alias("no_data"),
        )
        .select("year", "from_year", "flow", *COUNTS, "no_data")
    )


def reason_columns(reasons: pl.DataFrame) -> pl.DataFrame:
    """Return the reasons for leaving with the published counts, largest first, then by name."""
    return (
        reasons.with_columns(
            (pl.col("men") + pl.col("women")).alias("men_women"),
            (pl.col("x") + pl.col("unknown")).alias("other"),
        )
        .sort(["year", "total", "exit_reason"], descending=[False, True, False])
        .select("year", "from_year", "exit_reason", *COUNTS)
    )


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
    """Compute the monitor; bands default to the defaults plus every band with a target.

    ``year_from`` only limits what is shown: projections use every observed year up to
    ``year_to``, and cells are protected on that whole range, so a narrower view neither changes
    a projection nor shows a cell the whole view hides.
    """
    if year_to is not None:
        frame = frame.filter(pl.col("year") <= year_to)
    all_years = sorted(frame["year"].unique().to_list())
    years = [y for y in all_years if year_from is None or y >= year_from]
    chosen = list(bands) if bands else list(DEFAULT_BANDS)
    for target in targets:
        if all(b.code != target.band_code for b in chosen) and not bands:
            chosen.append(parse_band(target.band_code))
    by_code = {t.band_code: t for t in targets}
    last = all_years[-1] if all_years else 0
    # The rows are scanned once for every table (indicators.tables); what follows works on
    # tables of a few hundred rows.
    counted = tables_module.monitor_tables(frame, chosen, last)
    band_monitors = [
        _band_monitor(
            band, counted.trends[band.code], counted.flows[band.code], by_code.get(band.code)
        )
        for band in chosen
    ]
    tables = {
        "overall": Published(breakdown_columns(counted.overall, ["year"]), ("year",)),
        "org_flows": Published(flow_columns(counted.flows[None], ORG_FLOWS), ("year", "flow")),
        "units": Published(breakdown_columns(counted.units, ["unit"]), ("unit",)),
        "ages": Published(breakdown_columns(counted.ages, ["age_band"]), ("age_band",)),
        "reasons": Published(reason_columns(counted.reasons), ("year", "exit_reason")),
    }
    for band in band_monitors:
        tables[f"trend:{band.band.code}"] = Published(band.trend, ("year",))
        tables[f"flows:{band.band.code}"] = Published(band.flows, ("year", "flow"))
        if band.rates is not None:
            tables[f"rates:{band.band.code}"] = Published(band.rates, ("flow",))
    shown = {name: table.frame for name, table in tables.items()}
    if not exact:
        shown = protect_tables(tables, min_cell)
    for band in band_monitors:
        band.trend = shown[f"trend:{band.band.code}"]
        band.flows = shown[f"flows:{band.band.code}"]
        if band.rates is not None:
            band.rates = shown[f"rates:{band.band.code}"]
        band.status = _protected_status(band)
        if band.status is not None and band.status.too_little_data:
            band.paths = {}  # no projection without enough data or with a hidden base
        band.trend = _from(band.trend, year_from)
        band.flows = _from(band.flows, year_from, "from_year")
    count = pl.col("banenafspraak")
    banenafspraak = count if exact else pl.when((count == 0) | (count >= min_cell)).then(count)
    return Monitor(
        years=years,
        bands=band_monitors,
        overall=_from(shown["overall"], year_from),
        org_flows=_from(shown["org_flows"], year_from, "from_year"),
        units=shown["units"],
        ages=shown["ages"],
        outflow_reasons=_from(shown["reasons"], year_from, "from_year"),
        banenafspraak=_from(counted.banenafspraak.with_columns(banenafspraak), year_from),
        min_cell=min_cell,
        exact=exact,
    )


def _from(table: pl.DataFrame, year_from: int | None, column: str = "year") -> pl.DataFrame:
    """Return the rows of a protected table from year_from on (flows: periods starting then)."""
    if year_from is None or table.is_empty():
        return table
    return table.filter(pl.col(column) >= year_from)


def _band_monitor(
    band: Band, trend: pl.DataFrame, band_flows: pl.DataFrame, target: TargetSpec | None
) -> BandMonitor:
    """Return a band's unprotected tables, status and projection paths."""
    status = paths = rates = None
    if target is not None:
        status = projection.target_status(trend, band_flows, target)
        paths = projection.projection_path(trend, band_flows, target)
        rates = rate_sums(flow_columns(band_flows, BAND_FLOWS), breakdown_columns(trend, ["year"]))
    return BandMonitor(
        band=band,
        trend=breakdown_columns(trend, ["year"]),
        raw_trend=trend,
        flows=flow_columns(band_flows, BAND_FLOWS),
        status=status,
        paths=paths or {},
        rates=rates,
    )


def _protected_status(band: BandMonitor) -> projection.TargetStatus | None:
    """Drop what hidden cells would give away: the current share, and every projection.

    A hidden latest count (the projection's base) or a hidden rate sum leaves no projection,
    required share or verdict: the status says "too little data" instead.
    """
    status = band.status
    if status is None or status.last_year is None:
        return status
    last = band.trend.filter(pl.col("year") == status.last_year)
    if last.height and last["share_women"][0] is None:
        status = replace(status, current_share=None, gap_points=None, too_little_data=True)
    rates = band.rates
    if (
        rates is not None
        and rates.select(
            pl.any_horizontal(pl.col("men").is_null(), pl.col("women").is_null()).any()
        ).item()
    ):
        status = replace(status, too_little_data=True)
    if status.too_little_data:
        status = replace(
            status,
            linear_projection=None,
            flow_projection=None,
            required_entry_share=None,
            reachable=True,
        )
    return status
