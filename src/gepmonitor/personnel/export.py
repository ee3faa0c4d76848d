"""The monitor as plain rows: display strings for tables, JSON-ready dicts, CSV frames."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from gepmonitor.core.formatting import (
    format_count,
    format_count_share,
    format_number,
    format_pct,
)
from gepmonitor.core.i18n import N_, gettext
from gepmonitor.personnel.indicators.projection import TargetStatus
from gepmonitor.personnel.monitor import BandMonitor, Monitor

FLOW_KEYS = ("band_hired", "band_promoted", "band_entries", "band_exits")
FLOW_HEADS = (
    N_("hired into band"),
    N_("promoted into band"),
    N_("appointments into band"),
    N_("exits from band"),
)
ORG_FLOW_HEADS = (N_("inflow"), N_("outflow"))
# The columns of a target's status (status_cells' keys) with their headings.
STATUS_HEADS = {
    "band": N_("band"),
    "target": N_("target"),
    "target_year": N_("target year"),
    "current": N_("now"),
    "gap": N_("gap"),
    "linear": N_("linear projection"),
    "flow": N_("flow projection"),
    "required": N_("required share of women among appointments"),
    "verdict": N_("verdict"),
}
# The definitions every monitor output ends with: (term, meaning) msgids; a meaning may
# use {min_cell}.
DEFINITIONS = (
    (
        N_("Peildatum"),
        N_(
            "The reference date of each snapshot (31 December by default). Employees count "
            "when they are employed on that date."
        ),
    ),
    (N_("Bands"), N_("Scale 11 and higher, scale 13 and higher (CAO Provincies) and managers.")),
    (
        N_("Percentages"),
        N_(
            "Share of men plus women, one decimal. Employees registered as x or unknown are "
            "shown separately."
        ),
    ),
    (
        N_("Flows"),
        N_(
            "Inflow: employed since the previous peildatum. Outflow: no longer employed. "
            "Promotion into a band: already employed, now in the band. Appointments into the "
            "band: hired plus promoted."
        ),
    ),
    (
        N_("Projections"),
        N_(
            "Linear projection: a straight line through the yearly shares (least squares). "
            "Flow projection: at the observed exit rates by gender and the average number of "
            "appointments per year with the current share of women among them."
        ),
    ),
    (
        N_("Required share"),
        N_(
            "The share of women among appointments into the band needed to reach the target "
            "in the target year, at unchanged exit rates and number of appointments."
        ),
    ),
    (
        N_("Suppression"),
        N_(
            "Counts from 1 to below {min_cell} are not shown (*), together with the cells "
            "they could be derived from (also *, however large)."
        ),
    ),
)
ORG_FLOW_KEYS = ("inflow", "outflow")


def trend_rows(band: BandMonitor, lang: str, min_cell: int) -> list[list[str]]:
    """Return the trend in the plans' layout: year, '200 (67,6%)', '96 (32,4%)', total."""
    return breakdown_rows(band.trend, "year", lang, min_cell)


def breakdown_rows(
    frame: pl.DataFrame, key: str, lang: str, min_cell: int, *, fte: bool = False
) -> list[list[str]]:
    """Return key, men and women with shares, total, x/unknown (and FTE men, women) as text."""
    rows = []
    for row in frame.iter_rows(named=True):
        cells = [
            str(row[key]),
            _count_share(row["men"], row["share_men"], lang, min_cell),
            _count_share(row["women"], row["share_women"], lang, min_cell),
            format_count(row["men_women"], min_cell),
            format_count(row["other"], min_cell),
        ]
        if fte:
            cells += [
                _fte(row["fte_men"], row["men"], lang, min_cell),
                _fte(row["fte_women"], row["women"], lang, min_cell),
            ]
        rows.append(cells)
    return rows


def _count_share(count: int | None, share: float | None, lang: str, min_cell: int) -> str:
    """Return '200 (67,6%)', or the bare count when the share is hidden or undefined."""
    if share is None:
        return format_count(count, min_cell)
    return format_count_share(count, share, lang, min_cell)


def _fte(value: float | None, count: int | None, lang: str, min_cell: int) -> str:
    if count is None:
        return format_count(None, min_cell)
    return format_number(value or 0.0, lang)


def flow_rows(
    table: pl.DataFrame, min_cell: int, keys: Sequence[str] = FLOW_KEYS
) -> list[list[str]]:
    """Return per year 'men / women' for each of the flows named by keys."""
    rows = []
    for year in table["year"].unique().sort().to_list():
        cells = [str(year)]
        for key in keys:
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


def reason_rows(monitor: Monitor, year: int) -> list[list[str]]:
    """Return the year's reasons for leaving: reason, men, women, total, x/unknown."""
    return [
        [
            str(r["exit_reason"]),
            format_count(r["men"], monitor.min_cell),
            format_count(r["women"], monitor.min_cell),
            format_count(r["men_women"], monitor.min_cell),
            format_count(r["other"], monitor.min_cell),
        ]
        for r in monitor.outflow_reasons.filter(pl.col("year") == year).iter_rows(named=True)
    ]


def status_cells(status: TargetStatus, lang: str) -> dict[str, str]:
    """Return a target's status as display strings."""
    required = "–"
    if status.required_entry_share is not None:
        required = format_pct(status.required_entry_share, lang)
        if not status.reachable:
            required = gettext("not reachable (>100%)", lang)
    points = status.gap_points
    sign = "-" if points is not None and points < 0 else "+"
    gap = "–" if points is None else f"{sign}{format_number(abs(points), lang)} pp"
    verdict = {True: N_("on track"), False: N_("off track"), None: N_("unknown")}
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
        "overall": _frame_records(monitor.overall),
        "organisation_flows": _frame_records(monitor.org_flows),
        "units": _frame_records(monitor.units),
        "ages": _frame_records(monitor.ages),
        "outflow_reasons": _frame_records(monitor.outflow_reasons),
        "banenafspraak": _frame_records(monitor.banenafspraak),
    }


def trend_csv_frame(monitor: Monitor) -> pl.DataFrame:
    """Return every band's trend in one long frame for CSV output."""
    parts = [
        band.trend.with_columns(pl.lit(band.band.code).alias("band")) for band in monitor.bands
    ]
    return pl.concat(parts).select("band", pl.exclude("band"))
