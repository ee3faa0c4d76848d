"""`gep monitor` and `gep report monitor`: the personnel monitor on the command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import typer
from rich.table import Table

from gepmonitor.cliutil import console, language_option, state, write_output
from gepmonitor.core.errors import InputError
from gepmonitor.core.i18n import gettext as _t
from gepmonitor.core.i18n import register as register_messages
from gepmonitor.core.spreadsheet import escape_frame
from gepmonitor.personnel import service
from gepmonitor.personnel.bands import parse_band
from gepmonitor.personnel.monitor import Monitor, build_monitor
from gepmonitor.personnel.monitor_export import (
    FLOW_HEADS,
    ORG_FLOW_KEYS,
    breakdown_rows,
    flow_rows,
    monitor_to_dict,
    reason_rows,
    status_cells,
    trend_csv_frame,
    trend_rows,
)

TREND_HEADS = ("monitor.year", "monitor.men", "monitor.women", "monitor.total", "monitor.other")


def load_monitor(
    band: str | None, year_from: int | None, year_to: int | None, exact: bool
) -> Monitor:
    """Load the organisation's snapshots and targets and compute the monitor."""
    bands = [parse_band(band)] if band else None
    with state.session() as session:
        org = state.organisation(session)
        frame = service.load_snapshots(session, org)
        targets = [t.spec() for t in service.list_targets(session, org)]
    if frame.is_empty():
        raise InputError("monitor.no_data", org=state.org_slug)
    for year in (year_from, year_to):
        if year is not None:
            service.check_year(year)
    if year_from is not None and year_to is not None and year_from > year_to:
        raise InputError("monitor.bad_range", start=year_from, end=year_to)
    monitor = build_monitor(
        frame,
        targets,
        min_cell=state.settings.min_cell,
        exact=exact,
        bands=bands,
        year_from=year_from,
        year_to=year_to,
    )
    if not monitor.years:
        first, last = frame["year"].min(), frame["year"].max()
        raise InputError("monitor.no_data_in_range", first=first, last=last)
    return monitor


def monitor_command(
    band: str = typer.Option(None, "--band", help="Band code (11+, 13+, lg, N+); default all."),
    year_from: int = typer.Option(None, "--from", help="First year."),
    year_to: int = typer.Option(None, "--to", help="Last year."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
    exact: bool = typer.Option(False, "--exact", help="Show counts below the minimum cell."),
) -> None:
    """Print the gender balance per band over the years, flows and target status."""
    if fmt not in ("table", "csv", "json"):
        raise InputError("report.bad_format", value=fmt, allowed="table, csv, json")
    monitor = load_monitor(band, year_from, year_to, exact)
    if fmt == "json":
        sys.stdout.write(json.dumps(monitor_to_dict(monitor), default=str, indent=2) + "\n")
    elif fmt == "csv":
        sys.stdout.write(escape_frame(trend_csv_frame(monitor)).write_csv())
    else:
        print_tables(monitor, state.language)


def _table(title: str, heads: Sequence[str], rows: list[list[str]], lang: str) -> Table:
    table = Table(title=title)
    for index, key in enumerate(heads):
        table.add_column(_t(key, lang), justify="left" if index == 0 else "right")
    for row in rows:
        table.add_row(*row)
    return table


def print_tables(monitor: Monitor, lang: str) -> None:
    """Print the trend and flows of every band, the organisation and the targets as tables."""
    min_cell = monitor.min_cell
    for band in monitor.bands:
        label = band.band.label(lang)
        console.print(
            _table(
                _t("monitor.trend_title", lang, band=label),
                TREND_HEADS,
                trend_rows(band, lang, min_cell),
                lang,
            )
        )
        flow_heads = ("monitor.year", *(f"monitor.{k}" for k in FLOW_HEADS))
        console.print(
            _table(
                _t("monitor.flows_title", lang, band=label),
                flow_heads,
                flow_rows(band.flows, min_cell),
                lang,
            )
        )
    print_organisation(monitor, lang)
    statuses = [band.status for band in monitor.bands if band.status is not None]
    if statuses:
        keys = (
            "band",
            "target",
            "target_year",
            "current",
            "gap",
            "linear",
            "flow",
            "required",
            "verdict",
        )
        rows = [[status_cells(status, lang)[key] for key in keys] for status in statuses]
        console.print(
            _table(
                _t("monitor.targets_title", lang), [f"monitor.col_{k}" for k in keys], rows, lang
            )
        )
    console.print(_t("monitor.footnote", lang, min_cell=min_cell))


def print_organisation(monitor: Monitor, lang: str) -> None:
    """Print the whole organisation: trend with FTE, inflow and outflow, reasons for leaving."""
    min_cell = monitor.min_cell
    fte_heads = (*TREND_HEADS, "monitor.fte_men", "monitor.fte_women")
    rows = breakdown_rows(monitor.overall, "year", lang, min_cell, fte=True)
    console.print(_table(_t("monitor.overall_title", lang), fte_heads, rows, lang))
    flow_heads = ("monitor.year", "monitor.inflow", "monitor.outflow")
    rows = flow_rows(monitor.org_flows, min_cell, ORG_FLOW_KEYS)
    console.print(_table(_t("monitor.org_flows_title", lang), flow_heads, rows, lang))
    if monitor.years:
        last = monitor.years[-1]
        title = _t("monitor.reasons_title", lang, year=last)
        reason_heads = ("monitor.reason", *TREND_HEADS[1:])
        console.print(_table(title, reason_heads, reason_rows(monitor, last), lang))


def report_monitor_command(
    year: int = typer.Option(..., "--year", help="Report year (last peildatum included)."),
    fmt: str = typer.Option("pdf", "--format", help="pdf, html or xlsx."),
    output: Path = typer.Option(None, "--output", "-o", help="File to write."),
    exact: bool = typer.Option(False, "--exact", help="Show counts below the minimum cell."),
    language: str | None = language_option(),
) -> None:
    """Write the yearly GEP monitor report (PDF, HTML or XLSX)."""
    from gepmonitor.reports.monitor_report import build_monitor_report
    from gepmonitor.reports.render import ReportFormat, parse_format

    report_format = parse_format(fmt, (ReportFormat.PDF, ReportFormat.HTML, ReportFormat.XLSX))
    lang = state.language
    with state.session() as session:
        org = state.organisation(session)
        data = build_monitor_report(
            session, org, year, lang, report_format, min_cell=state.settings.min_cell, exact=exact
        )
    target = output or Path(f"gep-monitor-{state.org_slug}-{year}-{lang}.{report_format}")
    write_output(target, data)
    console.print(_t("monitor.report_written", lang, path=str(target)))


def register(app: typer.Typer, import_app: typer.Typer, report_app: typer.Typer) -> None:
    """Add the monitor commands to the gep command."""
    app.command("monitor")(monitor_command)
    report_app.command("monitor")(report_monitor_command)


register_messages(
    {
        "monitor.no_data": (
            "Organisatie '{org}' heeft nog geen personeelsgegevens; importeer eerst met "
            "`gep import personnel`.",
            "Organisation '{org}' has no personnel data yet; import with `gep import personnel`.",
        ),
        "monitor.no_data_in_range": (
            "Geen personeelsgegevens in die jaren; er zijn gegevens van {first} tot en met {last}.",
            "No personnel data in those years; there is data from {first} to {last}.",
        ),
        "monitor.bad_range": (
            "Beginjaar {start} ligt na eindjaar {end}.",
            "First year {start} is after last year {end}.",
        ),
        "monitor.trend_title": ("Verdeling man/vrouw, {band}", "Men/women, {band}"),
        "monitor.flows_title": ("Stromen (man / vrouw), {band}", "Flows (men / women), {band}"),
        "monitor.targets_title": ("Streefwaarden", "Targets"),
        "monitor.overall_title": (
            "Hele organisatie: verdeling man/vrouw en FTE",
            "Whole organisation: men/women and FTE",
        ),
        "monitor.org_flows_title": (
            "Hele organisatie: in- en uitstroom (man / vrouw)",
            "Whole organisation: inflow and outflow (men / women)",
        ),
        "monitor.reasons_title": (
            "Redenen van uitstroom, {year}",
            "Reasons for leaving, {year}",
        ),
        "monitor.reason": ("reden", "reason"),
        "monitor.fte_men": ("FTE man", "FTE men"),
        "monitor.fte_women": ("FTE vrouw", "FTE women"),
        "monitor.year": ("jaar", "year"),
        "monitor.men": ("man", "men"),
        "monitor.women": ("vrouw", "women"),
        "monitor.total": ("totaal", "total"),
        "monitor.other": ("x/onbekend", "x/unknown"),
        "monitor.inflow": ("instroom", "inflow"),
        "monitor.outflow": ("uitstroom", "outflow"),
        "monitor.hired": ("in band aangenomen", "hired into band"),
        "monitor.promoted": ("doorstroom in band", "promoted into band"),
        "monitor.entries": ("benoemingen in band", "appointments into band"),
        "monitor.exits": ("vertrek uit band", "exits from band"),
        "monitor.col_band": ("band", "band"),
        "monitor.col_target": ("streefwaarde", "target"),
        "monitor.col_target_year": ("streefjaar", "target year"),
        "monitor.col_current": ("nu", "now"),
        "monitor.col_gap": ("verschil", "gap"),
        "monitor.col_linear": ("projectie trend", "linear projection"),
        "monitor.col_flow": ("projectie stromen", "flow projection"),
        "monitor.col_required": (
            "benodigd aandeel vrouw bij benoemingen",
            "required share of women among appointments",
        ),
        "monitor.col_verdict": ("oordeel", "verdict"),
        "monitor.footnote": (
            "Percentages van man + vrouw; x/onbekend apart. Aantallen onder {min_cell} zijn "
            "afgeschermd (*), net als de cellen waaruit ze af te leiden zijn (ook *).",
            "Percentages of men + women; x/unknown separately. Counts below {min_cell} are "
            "suppressed (*), as are the cells they could be derived from (also *).",
        ),
        "monitor.report_written": ("Rapport geschreven: {path}", "Report written: {path}"),
    }
)
