"""Personnel commands: import snapshots, targets, `gep monitor` and `gep report monitor`."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from gepmonitor.core.cliutil import (
    cli_actor,
    console,
    language_option,
    lazy_module,
    print_column_notes,
    print_table,
    state,
    write_output,
)
from gepmonitor.core.errors import InputError
from gepmonitor.core.formatting import format_date, format_pct
from gepmonitor.core.i18n import N_, ngettext
from gepmonitor.core.i18n import gettext as _t

if TYPE_CHECKING:
    from gepmonitor.personnel import bands as band_codes
    from gepmonitor.personnel import export, headers, service
    from gepmonitor.personnel import monitor as monitoring
else:
    service = lazy_module("gepmonitor.personnel.service")
    band_codes = lazy_module("gepmonitor.personnel.bands")
    export = lazy_module("gepmonitor.personnel.export")
    monitoring = lazy_module("gepmonitor.personnel.monitor")
    headers = lazy_module("gepmonitor.personnel.headers")

target_app = typer.Typer(help="Targets: share of women per band by a year.", no_args_is_help=True)


def import_personnel_command(
    file: Path = typer.Argument(..., help="CSV or XLSX export of the HR system."),
    peildatum: str = typer.Option(..., "--peildatum", help="Reference date, YYYY-MM-DD."),
    mapping: Path = typer.Option(None, "--mapping", help="YAML file mapping other headers."),
    replace: bool = typer.Option(False, "--replace", help="Replace an imported peildatum."),
) -> None:
    """Import a personnel snapshot; all rows or none."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    lang = state.language
    day = service.parse_peildatum(peildatum)
    with (
        state.session() as session,
        Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        ) as bar,
    ):
        task = bar.add_task(_t("Checking {file}", lang, file=file.name), total=None)
        summary = service.import_personnel(
            session,
            state.organisation(session),
            file,
            day,
            secret=state.settings.resolved_secret_key(),
            actor=cli_actor(),
            mapping_path=mapping,
            replace=replace,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    print_import_summary(summary, lang)
    print_column_notes(summary.dropped_names, summary.ignored, lang)
    console.print(
        _t("Personnel numbers were replaced by pseudonyms (HMAC with the instance key).", lang)
    )


def print_import_summary(summary: service.ImportSummary, lang: str) -> None:
    """Print what an import wrote: staff and other rows apart, which snapshot counts, gaps."""
    counts = ", ".join(f"{k}: {v}" for k, v in sorted(summary.by_gender.items()))
    params = {
        "peildatum": summary.peildatum,
        "rows": summary.rows,
        "staff": summary.staff,
        "counts": counts or "-",
        "leavers": summary.leavers,
        "future": summary.future_hires,
    }
    if summary.replaced:
        text = ngettext(
            "Peildatum {peildatum} replaced: {rows} row, of which {staff} staff on the "
            "peildatum ({counts}); {leavers} left before it and {future} start after it (kept "
            "for the flows, not counted as staff).",
            "Peildatum {peildatum} replaced: {rows} rows, of which {staff} staff on the "
            "peildatum ({counts}); {leavers} left before it and {future} start after it (kept "
            "for the flows, not counted as staff).",
            summary.rows,
            lang,
            **params,
        )
    else:
        text = ngettext(
            "Imported peildatum {peildatum}: {rows} row, of which {staff} staff on the "
            "peildatum ({counts}); {leavers} left before it and {future} start after it (kept "
            "for the flows, not counted as staff).",
            "Imported peildatum {peildatum}: {rows} rows, of which {staff} staff on the "
            "peildatum ({counts}); {leavers} left before it and {future} start after it (kept "
            "for the flows, not counted as staff).",
            summary.rows,
            lang,
            **params,
        )
    console.print(text, highlight=False)
    year = summary.peildatum.year
    if summary.others_in_year and summary.reference is not None:
        console.print(
            _t(
                "{year} has {count} snapshots; the yearly figures (trend, flows, reports) use "
                "the one of {reference}, the others stay for their own date.",
                lang,
                year=year,
                count=len(summary.others_in_year) + 1,
                reference=format_date(summary.reference, lang),
            ),
            highlight=False,
        )
    if summary.reference is None:
        console.print(
            _t(
                "No snapshot of {year} lies on the organisation's reference day; {year} has no "
                "yearly figures until one does (see `gep peildatum`).",
                lang,
                year=year,
            ),
            highlight=False,
        )
    if summary.missing:
        console.print(
            _t(
                "No column for: {fields}. These are unknown for every row; figures that need "
                'them say "no data".',
                lang,
                fields=", ".join(headers.SYNONYMS[name][0] for name in summary.missing),
            ),
            highlight=False,
        )


def snapshots_command() -> None:
    """List the imported peildata: staff and other rows apart, and which one counts per year."""
    lang = state.language
    with state.session() as session:
        snapshots = service.snapshot_overview(session, state.organisation(session))
        table = Table()
        table.add_column(_t("peildatum", lang), no_wrap=True)
        for head in (N_("staff"), N_("left before"), N_("start after"), N_("counts for the year")):
            table.add_column(_t(head, lang), justify="right")
        table.add_column(_t("source", lang))
        for info in snapshots:
            snap = info.snapshot
            table.add_row(
                format_date(snap.peildatum, lang, "short"),
                str(info.staff),
                str(info.leavers),
                str(info.future_hires),
                _t("yes", lang) if info.reference else _t("no", lang),
                f"{snap.source_name}, {format_date(snap.imported_at, lang, 'short')} "
                f"{snap.imported_at:%H:%M} {snap.imported_by}",
            )
    console.print(table)
    console.print(
        _t(
            "Staff: hired on or before the peildatum and not left before it. One snapshot "
            "counts for each year's figures; the others stay for their own date.",
            lang,
        )
    )


def peildatum_command(
    day: str = typer.Option(
        None, "--reference-day", help="Month-day of the yearly snapshot, MM-DD, or 'last'."
    ),
    exit_on_day: str = typer.Option(
        None,
        "--exit-on-peildatum",
        help="An exit dated on the peildatum: 'staff' (still employed that day) or 'left'.",
    ),
) -> None:
    """Show or set which snapshot counts for a year and whether an exit on the day is staff."""
    lang = state.language
    counts = None
    if exit_on_day is not None:
        if exit_on_day.strip().lower() not in ("staff", "left"):
            raise InputError(
                "--exit-on-peildatum must be 'staff' or 'left', not '{value}'.", value=exit_on_day
            )
        counts = exit_on_day.strip().lower() == "staff"
    with state.session() as session:
        org = state.organisation(session)
        if day is not None or counts is not None:
            rule = service.save_peildatum_rule(
                session,
                org,
                actor=cli_actor(),
                reference_day=day,
                exit_on_peildatum_is_staff=counts,
            )
        else:
            rule = service.peildatum_rule(session, org)
    reference = rule.reference_text()
    console.print(
        _t("Yearly snapshot: the one on {day} of each year.", lang, day=reference)
        if reference
        else _t("Yearly snapshot: the last one of each year.", lang)
    )
    console.print(
        _t("An exit dated on the peildatum counts as staff on it.", lang)
        if rule.exit_on_peildatum_is_staff
        else _t("An exit dated on the peildatum does not count as staff on it.", lang)
    )


@target_app.command("set")
def target_set(
    band: str = typer.Option(..., "--band", help="Band code: 11+, 13+, lg or N+."),
    share: float = typer.Option(..., "--share", help="Target share of women, e.g. 50 (%)."),
    year: int = typer.Option(..., "--year", help="Year by which the target should be met."),
    start_year: int = typer.Option(None, "--start-year", help="First year of the plan period."),
    note: str = typer.Option("", "--note", help="Where the target comes from."),
) -> None:
    """Create or change the target of a band."""
    with state.session() as session:
        target = service.save_target(
            session,
            state.organisation(session),
            band,
            share,
            year,
            actor=cli_actor(),
            start_year=start_year,
            note=note,
        )
        console.print(
            _t(
                "Target {band}: {share} by {year}.",
                state.language,
                band=target.band_code,
                share=format_pct(target.target_share, state.language),
                year=year,
            )
        )


TARGET_HEADS = (N_("band"), N_("target"), N_("year"), N_("note"))


@target_app.command("list")
def target_list() -> None:
    """List the targets."""
    lang = state.language
    with state.session() as session:
        rows = [
            [
                target.band_code,
                format_pct(target.target_share, lang),
                str(target.target_year),
                target.note,
            ]
            for target in service.list_targets(session, state.organisation(session))
        ]
    head = [_t(h, lang) for h in TARGET_HEADS]
    print_table(head, rows, numeric={1, 2})


@target_app.command("remove")
def target_remove(band: str = typer.Option(..., "--band", help="Band code.")) -> None:
    """Remove the target of a band."""
    with state.session() as session:
        service.delete_target(session, state.organisation(session), band, cli_actor())
    console.print(_t("Target {band} removed.", state.language, band=band))


TREND_HEADS = (N_("year"), N_("men"), N_("women"), N_("total"), N_("x/unknown"))


def load_monitor(
    band: str | None, year_from: int | None, year_to: int | None, exact: bool
) -> monitoring.Monitor:
    """Load the organisation's snapshots and targets and compute the monitor."""
    bands = [band_codes.parse_band(band)] if band else None
    with state.session() as session:
        org = state.organisation(session)
        frame = service.load_snapshots(session, org)
        targets = [t.spec() for t in service.list_targets(session, org)]
    if frame.is_empty():
        raise InputError(
            "Organisation '{org}' has no personnel data yet; import with `gep import personnel`.",
            org=state.org_slug,
        )
    for year in (year_from, year_to):
        if year is not None:
            service.check_year(year)
    if year_from is not None and year_to is not None and year_from > year_to:
        raise InputError(
            "First year {start} is after last year {end}.", start=year_from, end=year_to
        )
    monitor = monitoring.build_monitor(
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
        raise InputError(
            "No personnel data in those years; there is data from {first} to {last}.",
            first=first,
            last=last,
        )
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
        raise InputError(
            "Unknown format '{value}'; choose from: {allowed}.",
            value=fmt,
            allowed="table, csv, json",
        )
    monitor = load_monitor(band, year_from, year_to, exact)
    if fmt == "json":
        sys.stdout.write(json.dumps(export.monitor_to_dict(monitor), default=str, indent=2) + "\n")
    elif fmt == "csv":
        from gepmonitor.core.spreadsheet import escape_frame

        sys.stdout.write(escape_frame(export.trend_csv_frame(monitor)).write_csv())
    else:
        print_tables(monitor, state.language)


def _table(
    title: str,
    heads: Sequence[str],
    rows: list[list[str]],
    lang: str,
    short: Mapping[int, str] | None = None,
    numeric: Sequence[int] | None = None,
) -> None:
    """Print a monitor table (first column the key, the others figures) at any width."""
    print_table(
        [_t(key, lang) for key in heads],
        rows,
        title=title,
        numeric=range(1, len(heads)) if numeric is None else numeric,
        short={index: _t(text, lang) for index, text in (short or {}).items()},
    )


def print_tables(monitor: monitoring.Monitor, lang: str) -> None:
    """Print the trend and flows of every band, the organisation and the targets as tables."""
    min_cell = monitor.min_cell
    for band in monitor.bands:
        label = band.band.label(lang)
        _table(
            _t("Men/women, {band}", lang, band=label),
            TREND_HEADS,
            export.trend_rows(band, lang, min_cell),
            lang,
        )
        flow_heads = (N_("period"), *export.FLOW_HEADS)
        _table(
            _t("Flows (men / women), {band}", lang, band=label),
            flow_heads,
            export.flow_rows(band.flows, min_cell, lang=lang),
            lang,
        )
    print_organisation(monitor, lang)
    statuses = [band.status for band in monitor.bands if band.status is not None]
    if statuses:
        for status in statuses:
            cells = export.status_cells(status, lang)
            rows = [
                [_t(export.STATUS_HEADS[key], lang), cells[key]] for key in export.TARGET_KEYS[1:]
            ]
            rows.append([_t("rates", lang), cells["rates"]])
            print_table(
                [_t("term", lang), _t("meaning", lang)],
                rows,
                title=f"{_t('Targets', lang)}: {cells['band']}",
            )
        console.print(_t(PROJECTION_NOTE, lang), highlight=False)
    console.print(
        _t(
            "Percentages of men + women; x/unknown separately. Counts below {min_cell} are "
            "suppressed (*), as are the cells they could be derived from (also *).",
            lang,
            min_cell=min_cell,
        )
    )


PROJECTION_NOTE = N_(
    "Projections use every observed year up to the last one shown (column 'years used'), "
    "whatever --from says; with fewer than 3 observed years or a hidden base they say "
    '"too little data". The required share of appointments and the women\'s share of the '
    "appointments in those years are both appointments into the band."
)


def print_organisation(monitor: monitoring.Monitor, lang: str) -> None:
    """Print the whole organisation: trend with FTE, inflow and outflow, reasons for leaving."""
    min_cell = monitor.min_cell
    fte_heads = (*TREND_HEADS, N_("FTE men"), N_("FTE women"))
    rows = export.breakdown_rows(monitor.overall, "year", lang, min_cell, fte=True)
    _table(_t("Whole organisation: men/women and FTE", lang), fte_heads, rows, lang)
    flow_heads = (N_("period"), *export.ORG_FLOW_HEADS)
    rows = export.flow_rows(monitor.org_flows, min_cell, export.ORG_FLOW_KEYS, lang)
    _table(_t("Whole organisation: inflow and outflow (men / women)", lang), flow_heads, rows, lang)
    if monitor.years:
        last = monitor.years[-1]
        title = _t("Reasons for leaving, {year}", lang, year=last)
        reason_heads = (N_("reason"), *TREND_HEADS[1:])
        _table(title, reason_heads, export.reason_rows(monitor, last), lang)


def report_monitor_command(
    year: int = typer.Option(..., "--year", help="Report year (last peildatum included)."),
    fmt: str = typer.Option("pdf", "--format", help="pdf, html, docx or xlsx."),
    output: Path = typer.Option(None, "--output", "-o", help="File to write."),
    exact: bool = typer.Option(False, "--exact", help="Show counts below the minimum cell."),
    language: str | None = language_option(),
) -> None:
    """Write the yearly GEP monitor report (PDF, HTML, DOCX or XLSX)."""
    from gepmonitor.core.rendering import REPORT_FORMATS, parse_format
    from gepmonitor.personnel.report import build_monitor_report

    report_format = parse_format(fmt, REPORT_FORMATS)
    lang = state.language
    with state.session() as session:
        org = state.organisation(session)
        data = build_monitor_report(
            session, org, year, lang, report_format, min_cell=state.settings.min_cell, exact=exact
        )
    target = output or Path(f"gep-monitor-{state.org_slug}-{year}-{lang}.{report_format}")
    write_output(target, data)
    console.print(_t("Report written: {path}", lang, path=str(target)))


def register(app: typer.Typer, import_app: typer.Typer, report_app: typer.Typer) -> None:
    """Add the personnel commands to the gep command."""
    import_app.command("personnel")(import_personnel_command)
    app.command("snapshots")(snapshots_command)
    app.command("peildatum")(peildatum_command)
    app.add_typer(target_app, name="target")
    app.command("monitor")(monitor_command)
    report_app.command("monitor")(report_monitor_command)
