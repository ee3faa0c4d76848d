"""The monitor as plain rows: display strings for tables, JSON-ready dicts, CSV frames."""

from __future__ import annotations

from typing import Any

import polars as pl

from gepmonitor.core.formatting import format_count, format_count_share, format_pct
from gepmonitor.core.i18n import gettext
from gepmonitor.personnel.indicators.projection import TargetStatus
from gepmonitor.personnel.monitor import BandMonitor, Monitor

FLOW_KEYS = ("inflow", "outflow", "band_hired", "band_promoted", "band_entries", "band_exits")


def trend_rows(band: BandMonitor, lang: str, min_cell: int) -> list[list[str]]:
    """Return the trend in the plans' layout: year, '200 (67,6%)', '96 (32,4%)', total."""
    rows = []
    for row in band.trend.iter_rows(named=True):
        rows.append(
            [
                str(row["year"]),
                format_count_share(row["men"], row["share_men"], lang, min_cell),
                format_count_share(row["women"], row["share_women"], lang, min_cell),
                format_count(row["men_women"], min_cell),
                format_count(row["other"], min_cell),
            ]
        )
    return rows


def flow_rows(band: BandMonitor, min_cell: int) -> list[list[str]]:
    """Return per year 'men / women' for each flow of FLOW_KEYS."""
    table = band.flows
    rows = []
    for year in table["year"].unique().sort().to_list():
        cells = [str(year)]
        for key in FLOW_KEYS:
            match = table.filter((pl.col("year") == year) & (pl.col("flow") == key))
            if match.is_empty():
                cells.append("–")
                continue
            row = match.row(0, named=True)
            cells.append(
                f"{format_count(row['men'], min_cell)} / {format_count(row['women'], min_cell)}"
            )
        rows.append(cells)
    return rows


def status_cells(status: TargetStatus, lang: str) -> dict[str, str]:
    """Return a target's status as display strings."""
    required = "–"
    if status.required_entry_share is not None:
        required = format_pct(status.required_entry_share, lang)
        if not status.reachable:
            required = gettext("monitor.unreachable", lang)
    gap = (
        "–"
        if status.gap_points is None
        else f"{status.gap_points:+.1f} pp".replace(".", "," if lang == "nl" else ".")
    )
    verdict = {True: "monitor.on_track", False: "monitor.off_track", None: "monitor.unknown"}
    return {
        "band": status.target.band_code,
        "target": format_pct(status.target.target_share, lang),
        "target_year": str(status.target.target_year),
        "current": format_pct(status.current_share, lang),
        "last_year": str(status.last_year or "–"),
        "gap": gap,
        "linear": format_pct(status.linear_projection, lang),
        "flow": format_pct(status.flow_projection, lang),
        "required": required,
        "verdict": gettext(verdict[status.on_track], lang),
    }


def _frame_records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items()} for row in frame.iter_rows(named=True)]


def monitor_to_dict(monitor: Monitor) -> dict[str, Any]:
    """Return the whole monitor as JSON-ready data (suppressed cells are null)."""
    bands = []
    for band in monitor.bands:
        entry: dict[str, Any] = {
            "band": band.band.code,
            "label_nl": band.band.label_nl,
            "label_en": band.band.label_en,
            "trend": _frame_records(band.trend),
            "flows": _frame_records(band.flows),
        }
        if band.status is not None:
            status = band.status
            entry["target"] = {
                "target_share": status.target.target_share,
                "target_year": status.target.target_year,
                "current_share": status.current_share,
                "gap_points": status.gap_points,
                "linear_projection": status.linear_projection,
                "flow_projection": status.flow_projection,
                "required_share_of_appointments": status.required_entry_share,
                "reachable": status.reachable,
                "on_track": status.on_track,
            }
        bands.append(entry)
    return {
        "years": monitor.years,
        "min_cell": monitor.min_cell,
        "exact": monitor.exact,
        "bands": bands,
        "overall": _frame_records(
            monitor.overall.drop("fte_men", "fte_women", "fte_total", strict=False)
        ),
        "units": _frame_records(
            monitor.units.drop("fte_men", "fte_women", "fte_total", strict=False)
        ),
        "outflow_reasons": _frame_records(monitor.outflow_reasons),
    }


def trend_csv_frame(monitor: Monitor) -> pl.DataFrame:
    """Return every band's trend in one long frame for CSV output."""
    parts = [
        band.trend.with_columns(pl.lit(band.band.code).alias("band")) for band in monitor.bands
    ]
    return pl.concat(parts).select("band", pl.exclude("band"))


from gepmonitor.core.i18n import register as _register  # noqa: E402

_register(
    {
        "monitor.unreachable": ("niet haalbaar (>100%)", "not reachable (>100%)"),
        "monitor.on_track": ("op koers", "on track"),
        "monitor.off_track": ("niet op koers", "off track"),
        "monitor.unknown": ("onbekend", "unknown"),
    }
)
