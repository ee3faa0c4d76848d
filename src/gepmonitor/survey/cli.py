"""Commands of the survey module: import a round, results, signals, report."""

from __future__ import annotations

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
from gepmonitor.core.i18n import gettext as _t
from gepmonitor.core.i18n import ngettext

if TYPE_CHECKING:
    from gepmonitor.survey import service
else:
    service = lazy_module("gepmonitor.survey.service")

survey_app = typer.Typer(help="Employee survey rounds, results and signals.", no_args_is_help=True)


def import_survey_command(
    file: Path = typer.Argument(..., help="CSV export of the survey tool."),
    round_name: str = typer.Option(..., "--round", help="Name of the round, e.g. WBO 2025."),
    year: int = typer.Option(..., "--year", help="Year of the round."),
    mapping: Path = typer.Option(..., "--mapping", help="YAML mapping of items to constructs."),
) -> None:
    """Import a survey round; all rows or none."""
    with state.session() as session:
        count = service.import_round(
            session,
            state.organisation(session),
            file,
            mapping,
            name=round_name,
            year=year,
            actor=cli_actor(),
        )
    console.print(
        ngettext(
            "{count} respondent imported into round '{name}'.",
            "{count} respondents imported into round '{name}'.",
            count,
            state.language,
            count=count,
            name=round_name,
        )
    )


@survey_app.command("list")
def list_command() -> None:
    """List the survey rounds."""
    lang = state.language
    with state.session() as session:
        rounds = service.list_rounds(session, state.organisation(session))
    head = [_t("Round", lang), _t("Year", lang), _t("Source", lang)]
    print_table(head, [[r.name, r.year, r.source_name] for r in rounds], numeric={1})


@survey_app.command("signals")
def signals_command(round_name: str = typer.Option(..., "--round")) -> None:
    """List the round's signals (with the key `gep plan link` needs) and their measures."""
    from gepmonitor.core.i18n import gettext
    from gepmonitor.plan.service import list_measures, signal_links
    from gepmonitor.survey.tables import signal_section

    lang = state.language
    with state.session() as session:
        org = state.organisation(session)
        results = service.round_results(session, org, round_name, state.settings.survey_min_group)
        titles = {m.id: m.title for m in list_measures(session, org)}
        section = signal_section(results, signal_links(session, org), lang, measures=titles)
    head = [*section.head, gettext("key", lang)]
    rows = [
        [*(str(c) for c in row), key] for row, key in zip(section.rows, section.notes, strict=True)
    ]
    print_table(head, rows, whole={len(head) - 1})  # the key to copy stays on one line


def report_survey_command(
    round_name: str = typer.Option(..., "--round"),
    fmt: str = typer.Option("pdf", "--format", help="pdf, html, docx or xlsx."),
    output: Path = typer.Option(None, "--output", "-o"),
    language: str | None = language_option(),
) -> None:
    """Write the survey report of a round."""
    from gepmonitor.core.rendering import REPORT_FORMATS, parse_format
    from gepmonitor.survey.report import build_survey_report

    report_format = parse_format(fmt, REPORT_FORMATS)
    with state.session() as session:
        data = build_survey_report(
            session,
            state.organisation(session),
            round_name,
            state.language,
            report_format,
            state.settings.survey_min_group,
            state.settings.min_cell,
        )
    target = output or Path(
        f"gep-survey-{state.org_slug}-{round_name}-{state.language}.{report_format}".replace(
            " ", "-"
        )
    )
    write_output(target, data)
    console.print(_t("Report written: {path}", state.language, path=str(target)))


def register(app: typer.Typer, import_app: typer.Typer, report_app: typer.Typer) -> None:
    """Add this module's commands to the gep command."""
    app.add_typer(survey_app, name="survey")
    import_app.command("survey")(import_survey_command)
    report_app.command("survey")(report_survey_command)
