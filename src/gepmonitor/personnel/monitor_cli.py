"""`gep monitor` and `gep report monitor`: the personnel monitor on the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.table import Table

from gepmonitor.cliutil import console, language_option, state, write_output
from gepmonitor.core.errors import InputError
from gepmonitor.core.i18n import gettext as _t
from gepmonitor.core.i18n import register as register_messages
from gepmonitor.personnel import service
from gepmonitor.personnel.bands import parse_band
from gepmonitor.personnel.monitor import Monitor, build_monitor
from gepmonitor.personnel.monitor_export import (
    flow_rows,
    monitor_to_dict,
    status_cells,
    trend_csv_frame,
    trend_rows,
)


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
    if year_from is not None and year_to is not None and year_from > year_to:
        raise InputError("monitor.bad_range", start=year_from, end=year_to)
    return build_monitor(
        frame,
        targets,
        min_cell=state.settings.min_cell,
        exact=exact,
        bands=bands,
        year_from=year_from,
        year_to=year_to,
    )


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
        sys.stdout.write(trend_csv_frame(monitor).write_csv())
    else:
        print_tables(monitor, state.language)


def print_tables(monitor: Monitor, lang: str) -> None:
    """Print the trend, flows and targets of every band as Rich tables."""
    min_cell = monitor.min_cell
    for band in monitor.bands:
        table = Table(title=_t("monitor.trend_title", lang, band=band.band.label(lang)))
        for key in (
            "monitor.year",
            "monitor.men",
            "monitor.women",
            "monitor.total",
            "monitor.other",
        ):
            table.add_column(_t(key, lang), justify="right")
        for row in trend_rows(band, lang, min_cell):
            table.add_row(*row)
        console.print(table)
        flows = Table(title=_t("monitor.flows_title", lang, band=band.band.label(lang)))
        for key in (
            "monitor.year",
            "monitor.inflow",
            "monitor.outflow",
            "monitor.hired",
            "monitor.promoted",
            "monitor.entries",
            "monitor.exits",
        ):
            flows.add_column(_t(key, lang), justify="right")
        for row in flow_rows(band, min_cell):
            flows.add_row(*row)
        console.print(flows)
    statuses = [band.status for band in monitor.bands if band.status is not None]
    if statuses:
        table = Table(title=_t("monitor.targets_title", lang))
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
        for key in keys:
            table.add_column(_t(f"monitor.col_{key}", lang))
        for status in statuses:
            cells = status_cells(status, lang)
            table.add_row(*[cells[key] for key in keys])
        console.print(table)
    console.print(_t("monitor.footnote", lang, min_cell=min_cell))


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
        "monitor.bad_range": (
            "Beginjaar {start} ligt na eindjaar {end}.",
            "First year {start} is after last year {end}.",
        ),
        "monitor.trend_title": ("Verdeling man/vrouw, {band}", "Men/women, {band}"),
        "monitor.flows_title": ("Stromen (man / vrouw), {band}", "Flows (men / women), {band}"),
        "monitor.targets_title": ("Streefwaarden", "Targets"),
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
            "afgeschermd (<{min_cell}).",
            "Percentages of men + women; x/unknown separately. Counts below {min_cell} are "
            "suppressed (<{min_cell}).",
        ),
        "monitor.report_written": ("Rapport geschreven: {path}", "Report written: {path}"),
    }
)
