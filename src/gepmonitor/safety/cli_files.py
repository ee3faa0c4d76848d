"""Commands that read or write files: the past-year log import, the report and infographic."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import typer

from gepmonitor.cliutil import console, language_option, state, write_output
from gepmonitor.core.audit import cli_actor
from gepmonitor.core.errors import GepError, InputError, Problem, ValidationFailedError
from gepmonitor.core.i18n import gettext as _t
from gepmonitor.core.i18n import register as register_messages
from gepmonitor.personnel.reader import decode_text
from gepmonitor.safety import service
from gepmonitor.safety.service import OPERATOR, ConversationInput, SafetyActor
from gepmonitor.safety.vocab import parse_day, parse_yes_no

REQUIRED_COLUMNS = ("counsellor", "date", "track", "themes", "person")
YES_NO_COLUMNS = ("hierarchical", "formal")
# The column a validation error is about, so that each problem names file, row and column.
ERROR_COLUMNS = {
    "safety.no_counsellor": "counsellor",
    "safety.bad_date": "date",
    "safety.future_date": "date",
    "safety.not_in_service": "date",
    "safety.wrong_track": "track",
    "safety.no_theme": "themes",
    "safety.theme_not_in_track": "themes",
    "safety.bad_person": "person",
    "safety.not_served": "org",
}


def _column_of(error: GepError) -> str | None:
    if error.key in ("safety.bad_choice", "safety.bad_yes_no"):
        field = str(error.params.get("field", ""))
        return "themes" if field == "theme" else field
    return ERROR_COLUMNS.get(error.key)


def _parse_row(row: dict[str, str]) -> ConversationInput:
    """Turn one CSV row into a conversation; bad values raise an InputError."""
    return ConversationInput(
        held_on=parse_day(row.get("date", ""), "date"),
        track=row.get("track", ""),
        themes=row.get("themes", "").split("|"),
        person_code=row.get("person", ""),
        hierarchical=parse_yes_no(row.get("hierarchical", ""), "hierarchical"),
        source=row.get("source") or "colleague",
        referral=row.get("referral") or "none",
        formal_procedure=parse_yes_no(row.get("formal", ""), "formal"),
        outcome=row.get("outcome") or "advice",
        org_slug=row.get("org") or None,
    )


def _read_rows(file: Path) -> list[dict[str, str]]:
    if not file.is_file():
        raise InputError("textcheck.no_file", file=str(file))
    reader = csv.DictReader(io.StringIO(decode_text(file.read_bytes())))
    headers = {(h or "").strip().lower() for h in reader.fieldnames or []}
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    if missing:
        raise ValidationFailedError(
            [Problem(file.name, 1, c, None, "safety.missing_column") for c in missing]
        )
    return [{k.strip().lower(): (v or "").strip() for k, v in r.items() if k} for r in reader]


def import_conversations_command(
    file: Path = typer.Argument(..., help="CSV: counsellor,date,track,themes,person,..."),
) -> None:
    """Import a past year's conversation log; all rows or none."""
    rows = _read_rows(file)
    problems: list[Problem] = []
    operator = SafetyActor(cli_actor(), OPERATOR)
    with state.session() as session:
        org = state.organisation(session)
        for line, row in enumerate(rows, start=2):
            try:
                found = service.find_counsellor(session, org, row.get("counsellor", ""))
                service.log_conversation(session, state.settings, operator, found, _parse_row(row))
            except GepError as error:
                column = _column_of(error)
                value = row.get(column) if column else None
                problems.append(
                    Problem(file.name, line, column, value, error.key, tuple(error.params.items()))
                )
        if problems:
            raise ValidationFailedError(problems)
    console.print(_t("safety.imported_rows", state.language, count=len(rows)))


def report_integrity_command(
    year: int = typer.Option(..., "--year"),
    fmt: str = typer.Option("pdf", "--format", help="pdf, html or xlsx."),
    output: Path = typer.Option(None, "--output", "-o"),
    exact: bool = typer.Option(False, "--exact", help="Exact small counts (not to publish)."),
    language: str | None = language_option(),
) -> None:
    """Write the integrity and social-safety annual report (small counts suppressed)."""
    from gepmonitor.reports.render import ReportFormat, parse_format
    from gepmonitor.safety.report import build_integrity_report

    report_format = parse_format(fmt, (ReportFormat.PDF, ReportFormat.HTML, ReportFormat.XLSX))
    with state.session() as session:
        data = build_integrity_report(
            session,
            state.settings,
            state.organisation(session),
            year,
            state.language,
            report_format,
            exact=exact,
        )
    target = output or Path(
        f"gep-integriteit-{state.org_slug}-{year}-{state.language}.{report_format}"
    )
    write_output(target, data)
    console.print(_t("monitor.report_written", state.language, path=str(target)))


def report_infographic_command(
    year: int = typer.Option(..., "--year"),
    fmt: str = typer.Option("png", "--format", help="png, svg or pdf."),
    output: Path = typer.Option(None, "--output", "-o"),
    exact: bool = typer.Option(False, "--exact", help="Exact small counts (not to publish)."),
    language: str | None = language_option(),
) -> None:
    """Draw the one-page infographic of the annual report."""
    from gepmonitor.safety.infographic import render_infographic
    from gepmonitor.safety.report import gather

    if fmt not in ("png", "svg", "pdf"):
        raise InputError("report.bad_format", value=fmt, allowed="png, svg, pdf")
    with state.session() as session:
        report = gather(
            session,
            state.organisation(session),
            year,
            state.language,
            state.settings.min_cell,
            exact=exact,
        )
    target = output or Path(f"gep-infographic-{state.org_slug}-{year}-{state.language}.{fmt}")
    write_output(target, render_infographic(report, state.language, fmt))
    console.print(_t("monitor.report_written", state.language, path=str(target)))


register_messages(
    {
        "safety.missing_column": ("kolom ontbreekt", "column is missing"),
        "safety.imported_rows": ("{count} regels geïmporteerd.", "{count} rows imported."),
    }
)
