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
from gepmonitor.personnel.indicators.flows import period_label
from gepmonitor.personnel.indicators.projection import TargetStatus
from gepmonitor.personnel.monitor import BandMonitor, Monitor

FLOW_KEYS = ("band_hired", "band_promoted", "band_entries", "band_exits")
# The targets table: status_cells keys in order, and the text of each column head.
TARGET_KEYS = (
    "band",
    "target",
    "target_year",
    "current",
    "gap",
    "window",
    "linear",
    "flow",
    "required",
    "observed",
    "verdict",
)
STATUS_HEADS = {
    "band": N_("band"),
    "target": N_("target"),
    "target_year": N_("target year"),
    "current": N_("now"),
    "gap": N_("gap"),
    "window": N_("years used"),
    "linear": N_("linear projection"),
    "flow": N_("flow projection"),
    "required": N_("required share of women among appointments"),
    "observed": N_("share of women among appointments (same years)"),
    "verdict": N_("verdict"),
}
FLOW_HEADS = (
    N_("hired into band"),
    N_("promoted into band"),
    N_("appointments into band"),
    N_("exits from band"),
)
ORG_FLOW_HEADS = (N_("inflow"), N_("outflow"))
ORG_FLOW_KEYS = ("inflow", "outflow")


def trend_rows(band: BandMonitor, lang: str, min_cell: int) -> list[list[str]]:
    """Return the trend in the plans' layout: year, '200 (67,6%)', '96 (32,4%)', total."""
    return breakdown_rows(band.trend, "year", lang, min_cell)


def no_data(lang: str) -> str:
    """Return the mark of a figure the data does not contain: 'geen gegevens' / 'no data'."""
    return gettext("no data", lang)


def too_little_data(lang: str) -> str:
    """Return the mark of a projection without enough observed years or with a hidden base."""
    return gettext("too little data", lang)


def breakdown_rows(
    frame: pl.DataFrame, key: str, lang: str, min_cell: int, *, fte: bool = False
) -> list[list[str]]:
    """Return key, men and women with shares, total, x/unknown (and FTE men, women) as text.

    A row whose counts the data does not contain (a managers band without a manager column)
    says "no data" in every cell; FTE without an FTE column likewise.
    """
    rows = []
    for row in frame.iter_rows(named=True):
        if _is_no_data(row):
            width = 6 if fte else 4
            rows.append([str(row[key]), *[no_data(lang)] * width])
            continue
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


def _is_no_data(row: dict[str, Any]) -> bool:
    """Return whether a row has no data (column 'no_data'), as opposed to hidden counts."""
    return bool(row.get("no_data"))


def _count_share(count: int | None, share: float | None, lang: str, min_cell: int) -> str:
    """Return '200 (67,6%)', or the bare count when the share is hidden or undefined."""
    if share is None:
        return format_count(count, min_cell)
    return format_count_share(count, share, lang, min_cell)


def _fte(value: float | None, count: int | None, lang: str, min_cell: int) -> str:
    if count is None:
        return format_count(None, min_cell)
    if value is None:
        return no_data(lang)
    return format_number(value, lang)


def flow_rows(
    table: pl.DataFrame, min_cell: int, keys: Sequence[str] = FLOW_KEYS, lang: str = "nl"
) -> list[list[str]]:
    """Return per period ('2025', or '2022–2025' for snapshots further apart) 'men / women'."""
    rows = []
    for year, from_year in table.select("year", "from_year").unique().sort("year").rows():
        cells = [period_label(from_year, year)]
        for key in keys:
            match = table.filter((pl.col("year") == year) & (pl.col("flow") == key))
            if match.is_empty():
                cells.append("–")
                continue
            row = match.row(0, named=True)
            if row.get("no_data"):
                cells.append(no_data(lang))
                continue
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
    """Return a target's status as display strings.

    "observed" is the women's share of the band's appointments in the years the rates come
    from: the same kind of number as "required" (appointments into the same band), so the two
    can be compared. "window" names the years the projections use; "rates" the rates.
    """
    required = "–"
    if status.required_entry_share is not None:
        required = format_pct(status.required_entry_share, lang)
        if not status.reachable:
            required = gettext("not reachable (>100%)", lang)
    points = status.gap_points
    sign = "-" if points is not None and points < 0 else "+"
    gap = "–" if points is None else f"{sign}{format_number(abs(points), lang)} pp"
    verdict = {True: N_("on track"), False: N_("off track"), None: N_("unknown")}
    little = too_little_data(lang)
    cells = {
        "band": status.target.band_code,
        "target": format_pct(status.target.target_share, lang),
        "target_year": str(status.target.target_year),
        "current": format_pct(status.current_share, lang),
        "last_year": str(status.last_year or "–"),
        "gap": gap,
        "linear": format_pct(status.linear_projection, lang),
        "flow": format_pct(status.flow_projection, lang),
        "required": required,
        "observed": observed_share(status, lang),
        "window": window_text(status),
        "rates": rates_text(status, lang),
        "verdict": gettext(verdict[status.on_track], lang),
    }
    if status.too_little_data:
        for key in ("linear", "flow", "required", "observed", "rates", "verdict"):
            cells[key] = little
    return cells


def window_text(status: TargetStatus) -> str:
    """Return the years the projections use: '2016–2025', or '–' without observed years."""
    window = status.window
    if window is None:
        return "–"
    return str(window[0]) if window[0] == window[1] else f"{window[0]}\u2013{window[1]}"


def observed_share(status: TargetStatus, lang: str) -> str:
    """Return the women's share of the band's appointments over the rate years, with counts."""
    rates = status.rates
    if rates is None or rates.women_share_of_entries is None:
        return "–"
    return gettext(
        "{share} ({women} of {total})",
        lang,
        share=format_pct(rates.women_share_of_entries, lang),
        women=rates.entries_women,
        total=rates.entries_women + rates.entries_men,
    )


def rates_text(status: TargetStatus, lang: str) -> str:
    """Return the flow projection's rates in words, naming the years they come from."""
    rates = status.rates
    if rates is None or status.too_little_data:
        return too_little_data(lang)
    return gettext(
        "rates {first}–{last}: exits per year women {exit_women}, men {exit_men}; "
        "{entries} appointments per year",
        lang,
        first=rates.first_year,
        last=rates.last_year,
        exit_women=format_pct(rates.exit_rate_women, lang),
        exit_men=format_pct(rates.exit_rate_men, lang),
        entries=format_number(rates.entries_per_year, lang),
    )


def status_dict(status: TargetStatus) -> dict[str, Any]:
    """Return a target's status as JSON-ready data, naming the years and rates it used."""
    rates = status.rates
    usable = rates is not None and not status.too_little_data
    window = status.window
    return {
        "target_share": status.target.target_share,
        "target_year": status.target.target_year,
        "current_share": status.current_share,
        "gap_points": status.gap_points,
        "too_little_data": status.too_little_data,
        "observed_years": list(status.observed_years),
        "projection_window": list(window) if window else None,
        "linear_projection": status.linear_projection,
        "flow_projection": status.flow_projection,
        "required_share_of_appointments": status.required_entry_share,
        "reachable": status.reachable,
        "on_track": status.on_track,
        "rates": None
        if not usable or rates is None
        else {
            "first_year": rates.first_year,
            "last_year": rates.last_year,
            "periods": rates.periods,
            "exit_rate_women": rates.exit_rate_women,
            "exit_rate_men": rates.exit_rate_men,
            "appointments_per_year": rates.entries_per_year,
            "share_of_women_among_appointments": rates.women_share_of_entries,
            "appointments_women": rates.entries_women,
            "appointments_men": rates.entries_men,
        },
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
            entry["target"] = status_dict(band.status)
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
