"""The yearly GEP monitor as a workbook: every table of the report, numbers as numbers.

Counts are integers and shares fractions with a percentage format, so a user can compute with
them; a hidden count is the mark '*' and its share is left empty.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import polars as pl

from gepmonitor.core.formatting import format_count
from gepmonitor.core.i18n import N_, gettext
from gepmonitor.core.rendering import Sheet, sheets_to_xlsx
from gepmonitor.personnel.definitions import definitions
from gepmonitor.personnel.export import (
    FLOW_HEADS,
    FLOW_KEYS,
    ORG_FLOW_HEADS,
    ORG_FLOW_KEYS,
    STATUS_HEADS,
    TARGET_KEYS,
    window_text,
)
from gepmonitor.personnel.indicators.flows import period_label
from gepmonitor.personnel.monitor import Monitor

PERCENT = "0.0%"
DECIMAL = "0.0"


def monitor_workbook(
    monitor: Monitor, year: int, lang: str, terms: list[tuple[str, str]] | None = None
) -> bytes:
    """Return the report's tables as a workbook, one sheet per table."""

    def t(key: str, **params: object) -> str:
        return gettext(key, lang, **params)

    sheets: dict[str, Sheet] = {}
    for band in monitor.bands:
        sheets[band.band.label(lang)] = breakdown_sheet(monitor, band.trend, "year", t)
        sheets[f"{t('Flows')} {band.band.code}"] = flow_sheet(
            monitor, band.flows, FLOW_KEYS, FLOW_HEADS, t
        )
    sheets[t("Headline figures")] = headline_sheet(monitor, year, lang, t)
    if any(b.status for b in monitor.bands):
        sheets[t("Targets")] = targets_sheet(monitor, lang, t)
    sheets[t("Whole organisation")] = breakdown_sheet(monitor, monitor.overall, "year", t)
    sheets[t("Inflow and outflow")] = flow_sheet(
        monitor, monitor.org_flows, ORG_FLOW_KEYS, ORG_FLOW_HEADS, t
    )
    sheets[t("Reasons for leaving")] = reasons_sheet(monitor, t)
    sheets[t("Units")] = breakdown_sheet(monitor, monitor.units, "unit", t)
    sheets[t("Age")] = breakdown_sheet(monitor, monitor.ages, "age_band", t)
    sheets[t("Definitions")] = Sheet(
        [t("term"), t("meaning")],
        [list(pair) for pair in (terms or definitions(lang, monitor.min_cell))],
    )
    return sheets_to_xlsx(sheets)


def _count(value: int | None, min_cell: int) -> int | str:
    """Return a count, or the suppression mark '*' when it is hidden."""
    return format_count(value, min_cell) if value is None else value


def breakdown_sheet(
    monitor: Monitor, frame: pl.DataFrame, key: str, t: Callable[..., str]
) -> Sheet:
    """Return a gender breakdown (trend, units, age bands): counts, shares and FTE."""
    key_head = {"year": N_("year"), "unit": N_("unit"), "age_band": N_("age band")}[key]
    heads = [
        t(key_head),
        t("men"),
        t("share of men"),
        t("women"),
        t("share of women"),
        t("total"),
        t("x/unknown"),
        t("FTE men"),
        t("FTE women"),
    ]
    rows: list[list[Any]] = []
    for row in frame.iter_rows(named=True):
        men, women = row["men"], row["women"]
        if row.get("no_data"):
            rows.append([row[key], *[t("no data")] * 6, None, None])
            continue
        rows.append(
            [
                row[key],
                _count(men, monitor.min_cell),
                row["share_men"],
                _count(women, monitor.min_cell),
                row["share_women"],
                _count(row["men_women"], monitor.min_cell),
                _count(row["other"], monitor.min_cell),
                None if men is None else row["fte_men"],
                None if women is None else row["fte_women"],
            ]
        )
    return Sheet(heads, rows, {2: PERCENT, 4: PERCENT, 7: DECIMAL, 8: DECIMAL})


def flow_sheet(
    monitor: Monitor,
    table: pl.DataFrame,
    keys: Sequence[str],
    heads: Sequence[str],
    t: Callable[..., str],
) -> Sheet:
    """Return flows per period ('2025', '2022–2025'): men and women of each flow in a column."""
    columns = [t("period")]
    for head in heads:
        columns += [f"{t(head)}: {t(gender)}" for gender in (N_("men"), N_("women"))]
    rows: list[list[Any]] = []
    for year, from_year in table.select("year", "from_year").unique().sort("year").rows():
        # a one-year period is its year as a number; a longer one its label ('2022–2025')
        period = year if year - from_year == 1 else period_label(from_year, year)
        cells: list[Any] = [period]
        for key in keys:
            match = table.filter((pl.col("year") == year) & (pl.col("flow") == key))
            if match.is_empty():
                cells += [None, None]
                continue
            row = match.row(0, named=True)
            if row.get("no_data"):
                cells += [t("no data"), t("no data")]
                continue
            cells += [_count(row["men"], monitor.min_cell), _count(row["women"], monitor.min_cell)]
        rows.append(cells)
    return Sheet(columns, rows)


def headline_sheet(monitor: Monitor, year: int, lang: str, t: Callable[..., str]) -> Sheet:
    """Return the share of women per band on the report year's peildatum."""
    rows = []
    for band in monitor.bands:
        last = band.trend.filter(pl.col("year") == year)
        rows.append([band.band.label(lang), last["share_women"][0] if last.height else None])
    return Sheet(
        [t("band"), t("Share of women on the {year} peildatum", year=year)], rows, {1: PERCENT}
    )


def targets_sheet(monitor: Monitor, lang: str, t: Callable[..., str]) -> Sheet:
    """Return every target with its status, shares as percentages."""
    heads = [t(STATUS_HEADS[key]) for key in TARGET_KEYS]
    verdict = {True: N_("on track"), False: N_("off track"), None: N_("unknown")}
    rows = []
    for band in monitor.bands:
        status = band.status
        if status is None:
            continue
        required = status.required_entry_share if status.reachable else None
        little = status.too_little_data
        observed = status.rates.women_share_of_entries if status.rates else None
        rows.append(
            [
                band.band.label(lang),
                status.target.target_share,
                status.target.target_year,
                status.current_share,
                status.gap_points,
                window_text(status),
                t("too little data") if little else status.linear_projection,
                t("too little data") if little else status.flow_projection,
                t("too little data") if little else required,
                t("too little data") if little else observed,
                t("too little data") if little else t(verdict[status.on_track]),
            ]
        )
    formats = {1: PERCENT, 3: PERCENT, 4: DECIMAL, 6: PERCENT, 7: PERCENT, 8: PERCENT, 9: PERCENT}
    return Sheet(heads, rows, formats)


def reasons_sheet(monitor: Monitor, t: Callable[..., str]) -> Sheet:
    """Return the reasons for leaving of every year."""
    heads = [
        t("year"),
        t("reason"),
        t("men"),
        t("women"),
        t("total"),
        t("x/unknown"),
    ]
    rows = [
        [
            row["year"],
            row["exit_reason"],
            *(_count(row[c], monitor.min_cell) for c in ("men", "women", "men_women", "other")),
        ]
        for row in monitor.outflow_reasons.iter_rows(named=True)
    ]
    return Sheet(heads, rows)
