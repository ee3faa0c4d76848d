"""Commands of the appointments register and the vacancy text checker."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from gepmonitor.core.cliutil import (
    cli_actor,
    console,
    language_option,
    lazy_module,
    print_table,
    state,
    write_output,
)
from gepmonitor.core.errors import InputError
from gepmonitor.core.formatting import format_date
from gepmonitor.core.i18n import N_, ngettext
from gepmonitor.core.i18n import gettext as _t

if TYPE_CHECKING:
    from gepmonitor.recruitment import importer, models, service
    from gepmonitor.recruitment.textcheck import check as textcheck
    from gepmonitor.recruitment.textcheck import output as textcheck_output
    from gepmonitor.recruitment.textcheck import readers
else:
    service = lazy_module("gepmonitor.recruitment.service")
    importer = lazy_module("gepmonitor.recruitment.importer")
    models = lazy_module("gepmonitor.recruitment.models")
    textcheck = lazy_module("gepmonitor.recruitment.textcheck.check")
    textcheck_output = lazy_module("gepmonitor.recruitment.textcheck.output")
    readers = lazy_module("gepmonitor.recruitment.textcheck.readers")


def check_vacancy_command(
    file: str = typer.Argument(..., help="Vacancy text: .txt, .docx, .pdf, .html, or - for stdin."),
    lang: str = typer.Option(
        None, "--lang", help="Language of the text: nl or en (default: detected)."
    ),
    fmt: str = typer.Option("text", "--format", help="text, json or html."),
) -> None:
    """Check a vacancy text for gender-coded words, exclusionary phrasing and readability."""
    if fmt not in ("text", "json", "html"):
        raise InputError(
            "Unknown format '{value}'; choose from: {allowed}.",
            value=fmt,
            allowed="text, json, html",
        )
    from_stdin = file == "-"
    text = (
        readers.read_document(sys.stdin.buffer.read(state.settings.import_max_bytes + 1), "-")
        if from_stdin
        else readers.read_path(Path(file))
    )
    result = textcheck.check_text(text, lang)
    if fmt == "json":
        sys.stdout.write(
            json.dumps(textcheck_output.result_to_dict(result), ensure_ascii=False, indent=2) + "\n"
        )
    elif fmt == "html":
        sys.stdout.write(textcheck_output.highlight_html(result) + "\n")
    else:
        console.print(
            textcheck_output.result_to_text(result, state.language), highlight=False, markup=False
        )


LIST_COLUMNS = (
    N_("reference"),
    N_("job title"),
    N_("scale"),
    N_("opened"),
    N_("closed on"),
    N_("applicants m/f/x"),
    N_("shortlisted m/f/x"),
    N_("suitable m/f/x"),
    N_("appointed"),
    N_("appointed on"),
    N_("explained"),
)
vacancy_app = typer.Typer(
    help="Vacancies and appointments (comply or explain).", no_args_is_help=True
)


def _triple(text: str, option: str) -> tuple[int, int, int]:
    parts = [p.strip() for p in text.split(",")] if text else ["0", "0", "0"]
    if len(parts) == 2:
        parts.append("0")
    from gepmonitor.core.parsing import is_whole

    if len(parts) != 3 or not all(is_whole(p, 6) for p in parts):
        raise InputError(
            "{option} '{value}': give counts as men,women,x, for example 12,9,0.",
            option=option,
            value=text,
        )
    return int(parts[0]), int(parts[1]), int(parts[2])


@vacancy_app.command("add")
def vacancy_add(
    title: str = typer.Option(..., "--title", help="Job title."),
    scale: int = typer.Option(..., "--scale", help="Salary scale 1-18."),
    opened: str = typer.Option(..., "--opened", help="Date the vacancy opened, YYYY-MM-DD."),
    unit: str = typer.Option("", "--unit", help="Unit."),
    reference: str = typer.Option("", "--reference", help="Own reference (default V<year>-NNN)."),
    closed: str = typer.Option("", "--closed", help="Closing date, YYYY-MM-DD."),
    channel: str = typer.Option("extern", "--channel", help="intern or extern."),
    applicants: str = typer.Option("", "--applicants", help="Men,women,x, e.g. 12,9,0."),
    shortlisted: str = typer.Option("", "--shortlisted", help="Men,women,x on the shortlist."),
    suitable: str = typer.Option("", "--suitable", help="Men,women,x judged suitable."),
    hard: str = typer.Option("", "--hard", help="Hard competences, comma-separated."),
    soft: str = typer.Option("", "--soft", help="Soft competences, comma-separated."),
) -> None:
    """Register a vacancy with its candidate counts."""
    data = service.VacancyInput(
        title=title,
        scale=scale,
        opened=_date(opened, "--opened"),
        unit=unit,
        reference=reference,
        closed=_date(closed, "--closed") if closed else None,
        channel=channel,
        applicants=_triple(applicants, "--applicants"),
        shortlisted=_triple(shortlisted, "--shortlisted"),
        suitable=_triple(suitable, "--suitable"),
        competences_hard=[c.strip() for c in hard.split(",") if c.strip()],
        competences_soft=[c.strip() for c in soft.split(",") if c.strip()],
    )
    with state.session() as session:
        vacancy = service.add_vacancy(session, state.organisation(session), data, actor=cli_actor())
        console.print(
            _t("Vacancy {reference} registered.", state.language, reference=vacancy.reference)
        )


@vacancy_app.command("appoint")
def vacancy_appoint(
    vacancy: str = typer.Argument(..., help="Vacancy reference (or number)."),
    gender: str = typer.Option(..., "--gender", help="Gender of the appointed person: m, v, x."),
    on: str = typer.Option(..., "--date", help="Appointment date, YYYY-MM-DD."),
    explanation: str = typer.Option(
        "",
        "--explanation",
        help="Why a man was appointed while a suitable woman applied (comply or explain).",
    ),
    approver: str = typer.Option("", "--approver", help="Who approved the explanation."),
) -> None:
    """Record who was appointed; comply or explain applies from the threshold scale."""
    with state.session() as session:
        org = state.organisation(session)
        found = service.find_vacancy(session, org, vacancy)
        service.appoint(
            session,
            org,
            found,
            gender,
            _date(on, "--date"),
            threshold=state.settings.recruitment_threshold_scale,
            actor=cli_actor(),
            explanation=explanation,
            approver=approver,
        )
        console.print(
            _t("Appointment to {reference} recorded.", state.language, reference=found.reference)
        )


@vacancy_app.command("list")
def vacancy_list(
    year: int = typer.Option(None, "--year", help="Vacancies opened in this year."),
) -> None:
    """List the register."""
    lang = state.language
    header = [_t(column, lang) for column in LIST_COLUMNS]
    with state.session() as session:
        rows = [
            _list_row(vacancy, appointment, lang)
            for vacancy, appointment in service.list_vacancies(
                session, state.organisation(session), year
            )
        ]
    if not console.is_terminal:  # a pipe or file gets every cell whole, tab-separated
        sys.stdout.write("".join("\t".join(row) + "\n" for row in [header, *rows]))
        return
    print_table(header, rows, numeric={2, 5, 6, 7})  # words and counts whole at any width


def _list_row(
    vacancy: models.Vacancy, appointment: models.Appointment | None, lang: str
) -> list[str]:
    """Return the cells of one vacancy in the register listing."""
    return [
        vacancy.reference,
        vacancy.title,
        str(vacancy.scale),
        format_date(vacancy.opened, lang, "short"),
        format_date(vacancy.closed, lang, "short") if vacancy.closed else "-",
        *(_mvx(vacancy, kind) for kind in ("applicants", "shortlisted", "suitable")),
        appointment.gender if appointment else "-",
        format_date(appointment.appointed_on, lang, "short") if appointment else "-",
        _t("yes", lang) if appointment and appointment.explanation else "",
    ]


def _mvx(vacancy: object, kind: str) -> str:
    """Return a vacancy's men/women/x counts of one kind, e.g. '8/6/0' ('-' if not recorded)."""
    values = [getattr(vacancy, f"{kind}_{g}") for g in "mvx"]
    if any(value is None for value in values):
        return "-"
    return "/".join(str(value) for value in values)


def import_vacancies_command(
    file: Path = typer.Argument(..., help="CSV with one vacancy per row (see docs)."),
) -> None:
    """Import past years' vacancies and appointments; all rows or none."""
    with state.session() as session:
        count = importer.import_vacancies(
            session,
            state.organisation(session),
            file,
            threshold=state.settings.recruitment_threshold_scale,
            actor=cli_actor(),
        )
    console.print(
        ngettext(
            "{count} vacancy imported.",
            "{count} vacancies imported.",
            count,
            state.language,
            count=count,
        )
    )


def report_recruitment_command(
    year: int = typer.Option(..., "--year", help="Year the vacancies opened."),
    fmt: str = typer.Option("pdf", "--format", help="pdf, html, docx or xlsx."),
    output: Path = typer.Option(None, "--output", "-o", help="File to write."),
    exact: bool = typer.Option(False, "--exact", help="Show counts below the minimum cell."),
    language: str | None = language_option(),
) -> None:
    """Write the yearly recruitment summary with the comply-or-explain list."""
    from gepmonitor.core.rendering import REPORT_FORMATS, parse_format
    from gepmonitor.recruitment.checklist import Retention
    from gepmonitor.recruitment.report import build_recruitment_report

    report_format = parse_format(fmt, REPORT_FORMATS)
    with state.session() as session:
        data = build_recruitment_report(
            session,
            state.organisation(session),
            year,
            state.language,
            report_format,
            threshold=state.settings.recruitment_threshold_scale,
            min_cell=state.settings.min_cell,
            exact=exact,
            retention=Retention.of(state.settings),
        )
    target = output or Path(f"gep-werving-{state.org_slug}-{year}-{state.language}.{report_format}")
    write_output(target, data)
    console.print(_t("Report written: {path}", state.language, path=str(target)))


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise InputError(
            "{option} '{value}' is not a date; use YYYY-MM-DD.", option=option, value=text
        ) from error


def register(app: typer.Typer, import_app: typer.Typer, report_app: typer.Typer) -> None:
    """Add the register's commands to the gep command (selection.py adds to the vacancy group)."""
    app.command("check-vacancy")(check_vacancy_command)
    import_app.command("vacancies")(import_vacancies_command)
    report_app.command("recruitment")(report_recruitment_command)
