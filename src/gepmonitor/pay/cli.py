"""Commands of the pay module: import pay, the art. 9 figures, the analysis, the register, report.

A thin layer: each command calls pay.service / pay.register and prints the result.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

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
from gepmonitor.core.formatting import format_date
from gepmonitor.core.i18n import gettext as _t

if TYPE_CHECKING:
    from gepmonitor.pay import export as pay_export
    from gepmonitor.pay import register as pay_register
    from gepmonitor.pay import service
    from gepmonitor.pay import text as pay_text
else:
    pay_register = lazy_module("gepmonitor.pay.register")
    service = lazy_module("gepmonitor.pay.service")
    pay_export = lazy_module("gepmonitor.pay.export")
    pay_text = lazy_module("gepmonitor.pay.text")

paygap_app = typer.Typer(
    help="The EU Pay Transparency Directive figures (art. 9), analysis and register (art. 10).",
    invoke_without_command=True,
)
register_app = typer.Typer(help="The art. 10 joint pay assessment register.", no_args_is_help=True)
paygap_app.add_typer(register_app, name="register")
FORMATS = ("table", "csv", "json")


def import_pay_command(
    file: Path = typer.Argument(..., help="CSV or XLSX export of the payroll system."),
    year: int = typer.Option(..., "--year", help="Reference year (calendar year) of the pay."),
    mapping: Path = typer.Option(None, "--mapping", help="YAML file mapping other headers."),
    replace: bool = typer.Option(False, "--replace", help="Replace an imported year."),
) -> None:
    """Import a year's pay per worker; all rows or none."""
    lang = state.language
    with state.session() as session:
        summary = service.import_pay(
            session,
            state.organisation(session),
            file,
            year,
            secret=state.settings.resolved_secret_key(),
            actor=cli_actor(),
            mapping_path=mapping,
            replace=replace,
            lang=lang,
        )
    counts = ", ".join(f"{k}: {v}" for k, v in sorted(summary.by_gender.items()))
    text = (
        "Pay of {year} replaced: {rows} workers ({counts})."
        if summary.replaced
        else "Pay of {year} imported: {rows} workers ({counts})."
    )
    console.print(_t(text, lang, year=year, rows=summary.rows, counts=counts), highlight=False)
    components = ", ".join(summary.components) or "-"
    console.print(_t("Complementary components: {names}.", lang, names=components))
    if summary.from_snapshot:
        console.print(
            _t(
                "{rows} workers completed from the personnel snapshot of {peildatum}.",
                lang,
                rows=summary.from_snapshot,
                peildatum=format_date(summary.peildatum, lang),
            )
        )
    print_column_notes(summary.dropped_names, summary.ignored, lang)
    for warning in summary.warnings:
        console.print(_t("Warning: {text}", lang, text=warning), highlight=False)
    console.print(
        _t("Personnel numbers were replaced by pseudonyms (HMAC with the instance key).", lang)
    )


@paygap_app.callback()
def paygap_command(
    ctx: typer.Context,
    year: int = typer.Option(None, "--year", help="Reference year."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
    exact: bool = typer.Option(False, "--exact", help="Show figures below the minimum cell."),
) -> None:
    """Print the pay-gap figures a-g of a year (or run a subcommand)."""
    if ctx.invoked_subcommand is not None:
        return
    if year is None:
        raise InputError("Give the year with --year.")
    if fmt not in FORMATS:
        raise InputError(
            "Unknown format '{value}'; choose from: {allowed}.",
            value=fmt,
            allowed=", ".join(FORMATS),
        )
    lang = state.language
    with state.session() as session:
        org = state.organisation(session)
        figures = service.figures(session, org, year, min_cell=state.settings.min_cell, exact=exact)
        if exact:
            service.record_exact_view(session, org, actor=cli_actor(), year=year, what="cli")
        statuses = {
            row.entry.category: row.status
            for row in pay_register.register_rows(session, org, year, date.today())
        }
    if fmt == "json":
        console.print_json(json.dumps(pay_export.figures_json(figures, statuses)))
        return
    head, rows = pay_text.figure_rows(figures, statuses, lang)
    if fmt == "csv":  # formulas escaped, like every CSV and workbook (core.spreadsheet)
        from gepmonitor.core.spreadsheet import rows_to_csv

        console.out(rows_to_csv(head, rows), end="", highlight=False)
        return
    print_table(head, rows, title=_t("Pay gap {year}", lang, year=year))


@paygap_app.command("analysis")
def analysis_command(year: int = typer.Option(..., "--year", help="Reference year.")) -> None:
    """Explain the gap: regression with the Kennedy estimate and Oaxaca-Blinder decomposition."""
    lang = state.language
    with state.session() as session:
        result = service.analyse(
            session, state.organisation(session), year, min_cell=state.settings.min_cell
        )
    for line in pay_text.analysis_lines(result, lang):
        console.print(line, highlight=False)


@register_app.command("list")
def register_list(year: int = typer.Option(None, "--year", help="Only this year.")) -> None:
    """List the flagged categories with their status."""
    lang = state.language
    with state.session() as session:
        rows = pay_register.register_rows(session, state.organisation(session), year, date.today())
    head = [
        _t(h, lang)
        for h in ("year", "category", "mean gap", "status", "due", "justification or remedy")
    ]
    cells = [
        [
            str(row.entry.year),
            row.entry.category,
            pay_text.pct(row.entry.gap_pct, lang),
            pay_text.status_label(row.status, lang),
            format_date(row.due, lang, "short"),
            row.entry.criterion or row.entry.measure,
        ]
        for row in rows
    ]
    print_table(head, cells, numeric={0, 2})


def _day(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise InputError("'{value}' is not a date; use YYYY-MM-DD.", value=text) from error


@register_app.command("justify")
def register_justify(
    year: int = typer.Option(..., "--year"),
    category: str = typer.Option(..., "--category"),
    criterion: str = typer.Option(..., "--criterion", help="Objective, gender-neutral criterion."),
    explanation: str = typer.Option(..., "--explanation"),
    evidence: str = typer.Option("", "--evidence", help="Where the evidence is kept."),
    by: str = typer.Option(..., "--by", help="Who gives the justification."),
    on: str = typer.Option(None, "--on", help="Date, YYYY-MM-DD (default today)."),
) -> None:
    """Justify a flagged category's gap."""
    with state.session() as session:
        entry = pay_register.justify(
            session,
            state.organisation(session),
            year,
            category,
            criterion=criterion,
            explanation=explanation,
            evidence=evidence,
            justified_by=by,
            justified_on=_day(on),
            actor=cli_actor(),
        )
        _print_status(entry)


@register_app.command("remedy")
def register_remedy(
    year: int = typer.Option(..., "--year"),
    category: str = typer.Option(..., "--category"),
    measure: str = typer.Option(..., "--measure"),
    owner: str = typer.Option(..., "--owner"),
    due: str = typer.Option(..., "--due", help="Due date, at most six months after the report."),
    plan_measure: int = typer.Option(None, "--plan-measure", help="Id of a GEP plan measure."),
) -> None:
    """Record the measure that remedies a category's gap."""
    with state.session() as session:
        entry = pay_register.plan_remedy(
            session,
            state.organisation(session),
            year,
            category,
            measure=measure,
            owner=owner,
            due_date=_day(due),
            plan_measure_id=plan_measure,
            actor=cli_actor(),
        )
        _print_status(entry)


@register_app.command("remedied")
def register_remedied(
    year: int = typer.Option(..., "--year"),
    category: str = typer.Option(..., "--category"),
    on: str = typer.Option(None, "--on", help="Date, YYYY-MM-DD (default today)."),
) -> None:
    """Record that the remedy of a category was carried out."""
    with state.session() as session:
        entry = pay_register.mark_remedied(
            session, state.organisation(session), year, category, on=_day(on), actor=cli_actor()
        )
        _print_status(entry)


def _print_status(entry) -> None:  # type: ignore[no-untyped-def]
    lang = state.language
    status = pay_register.status_of(entry, date.today())
    console.print(
        _t(
            "{year} {category}: {status}.",
            lang,
            year=entry.year,
            category=entry.category,
            status=pay_text.status_label(status, lang),
        )
    )


def report_paygap_command(
    year: int = typer.Option(..., "--year", help="Reference year."),
    fmt: str = typer.Option("pdf", "--format", help="pdf, html, docx or xlsx."),
    output: Path = typer.Option(None, "--output", "-o", help="File to write."),
    lang: str = language_option(),
) -> None:
    """Write the art. 9 pay-gap report (PDF, HTML, DOCX or XLSX)."""
    from gepmonitor.core.rendering import REPORT_FORMATS, parse_format
    from gepmonitor.core.reporting import logo_data_uri
    from gepmonitor.pay.report import build_paygap_report

    report_format = parse_format(fmt, REPORT_FORMATS)
    with state.session() as session:
        org = state.organisation(session)
        data = build_paygap_report(
            session,
            org,
            year,
            state.language,
            report_format,
            min_cell=state.settings.min_cell,
            logo=logo_data_uri(state.settings),
        )
    target = output or Path(f"paygap-{org.slug}-{year}.{report_format.value}")
    write_output(target, data)
    console.print(_t("Written: {path}", state.language, path=str(target)))


def register(app: typer.Typer, import_app: typer.Typer, report_app: typer.Typer) -> None:
    """Add this module's commands to the gep command."""
    import_app.command("pay")(import_pay_command)
    app.add_typer(paygap_app, name="paygap")
    report_app.command("paygap")(report_paygap_command)
