"""Commands of the plan module: goals, measures, events, signal links, reports, self-check."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.text import Text

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
from gepmonitor.core.i18n import gettext as _t
from gepmonitor.core.i18n import ngettext

if TYPE_CHECKING:
    from gepmonitor.plan import service
else:
    service = lazy_module("gepmonitor.plan.service")

plan_app = typer.Typer(help="The GEP plan register: goals, measures, events.", no_args_is_help=True)


@plan_app.command("goals")
def goals_command() -> None:
    """List the plan's goals (the defaults are created on first use)."""
    with state.session() as session:
        for goal in service.ensure_default_goals(session, state.organisation(session)):
            title = goal.title_en if state.language == "en" else goal.title_nl
            console.print(f"{goal.code}\t{title}")


@plan_app.command("goal-set")
def goal_set(
    code: str = typer.Option(..., "--code"),
    title: str = typer.Option(..., "--title"),
    title_en: str = typer.Option("", "--title-en"),
) -> None:
    """Create or rename a goal."""
    with state.session() as session:
        service.save_goal(session, state.organisation(session), code, title, title_en, cli_actor())
    console.print(_t("Saved.", state.language))


@plan_app.command("measure-add")
def measure_add(
    goal: str = typer.Option(..., "--goal", help="Goal code, e.g. OV1."),
    title: str = typer.Option(..., "--title"),
    start: int = typer.Option(..., "--from", help="First year."),
    end: int = typer.Option(..., "--to", help="Last year."),
    owner: str = typer.Option("", "--owner"),
    status: str = typer.Option("planned", "--status", help="planned, running, done, stopped."),
    kpi: str = typer.Option("", "--kpi", help="What is measured."),
    kind: str = typer.Option(
        "manual", "--kpi-kind", help="manual, or computed: reach, appointments_13, women_13."
    ),
    target: float = typer.Option(None, "--target", help="KPI target, e.g. 0.8."),
    measured: float = typer.Option(None, "--measured", help="Measured value (manual KPIs)."),
) -> None:
    """Add a measure to a goal."""
    with state.session() as session:
        org = state.organisation(session)
        service.ensure_default_goals(session, org)
        measure = service.add_measure(
            session,
            org,
            goal,
            title,
            start_year=start,
            end_year=end,
            actor=cli_actor(),
            owner=owner,
            status=status,
            kpi=kpi,
            kpi_kind=kind,
            kpi_target=target,
            kpi_measured=measured,
        )
        console.print(_t("Measure {id} added.", state.language, id=measure.id))


@plan_app.command("event-add")
def event_add(
    title: str = typer.Option(..., "--title"),
    on: str = typer.Option(..., "--date"),
    wide: bool = typer.Option(False, "--organisation-wide"),
    attendees: int = typer.Option(0, "--attendees"),
    measure: int = typer.Option(None, "--measure"),
) -> None:
    """Register an event or meeting."""
    try:
        day = date.fromisoformat(on)
    except ValueError as error:
        raise InputError(
            "{option} '{value}' is not a date; use YYYY-MM-DD.", option="--date", value=on
        ) from error
    with state.session() as session:
        event = service.add_event(
            session,
            state.organisation(session),
            title,
            day,
            actor=cli_actor(),
            organisation_wide=wide,
            attendees=attendees,
            measure_id=measure,
        )
        console.print(_t("Event {id} added.", state.language, id=event.id))


@plan_app.command("attendance")
def attendance(
    event: int = typer.Argument(...),
    file: Path = typer.Argument(..., help="CSV with a column of personnel numbers."),
) -> None:
    """Add an event's attendees (stored as pseudonyms) for distinct-reach KPIs."""
    from gepmonitor.plan.events import attendee_numbers

    if not file.is_file():
        raise InputError("File {file} does not exist.", file=str(file))
    from gepmonitor.core.limits import ImportLimits

    ImportLimits.current().check_size(file.stat().st_size, file.name)
    numbers = attendee_numbers(file.read_bytes(), file.name)
    with state.session() as session:
        count = service.add_attendees(
            session,
            state.organisation(session),
            event,
            numbers,
            state.settings.resolved_secret_key(),
            cli_actor(),
        )
    console.print(
        ngettext("{count} attendee.", "{count} attendees.", count, state.language, count=count)
    )


@plan_app.command("link")
def link(
    signal: str = typer.Argument(..., help="Signal key (survey signals, recruitment funnel)."),
    measure: int = typer.Argument(..., help="Measure number."),
) -> None:
    """Link a signal (survey or recruitment funnel) to the measure that answers it."""
    with state.session() as session:
        service.link_signal(
            session,
            state.organisation(session),
            signal,
            measure,
            cli_actor(),
            state.settings.survey_min_group,
        )
    console.print(_t("Saved.", state.language))


@plan_app.command("measures")
def measures_command(
    year: int = typer.Option(None, "--year", help="Default: the latest year with data."),
) -> None:
    """List the measures (with the numbers `plan link` and `measure-update` need) and KPIs."""
    from gepmonitor.plan.kpis import measure_views
    from gepmonitor.plan.report import measure_head, measure_rows

    lang = state.language
    with state.session() as session:
        org = state.organisation(session)
        chosen = year or service.plan_years(session, org)[1]
        views = measure_views(session, org, chosen, state.settings.min_cell)
    print_table(measure_head(lang), measure_rows(views, lang))


@plan_app.command("measure-update")
def measure_update(
    measure: int = typer.Argument(..., help="Measure number (see gep plan measures)."),
    status: str = typer.Option(None, "--status", help="planned, running, done, stopped."),
    measured: float = typer.Option(None, "--measured", help="Measured value (manual KPIs)."),
    target: float = typer.Option(None, "--target", help="KPI target, e.g. 0.8."),
    evidence: str = typer.Option(None, "--evidence", help="What shows the result."),
    owner: str = typer.Option(None, "--owner"),
    end: int = typer.Option(None, "--to", help="Last year."),
    kind: str = typer.Option(
        None, "--kpi-kind", help="manual, reach, appointments_13 or women_13."
    ),
) -> None:
    """Change a measure's status, KPI values or evidence."""
    with state.session() as session:
        service.update_measure(
            session,
            state.organisation(session),
            measure,
            cli_actor(),
            status=status,
            kpi_measured=measured,
            kpi_target=target,
            evidence=evidence,
            owner=owner,
            end_year=end,
            kpi_kind=kind,
        )
    console.print(_t("Saved.", state.language))


@plan_app.command("events")
def events_command(year: int = typer.Option(None, "--year")) -> None:
    """List the events with their attendance."""
    from gepmonitor.plan.report import event_head, event_rows

    lang = state.language
    with state.session() as session:
        events = service.list_events(session, state.organisation(session), year)
    print_table(event_head(lang), event_rows(events, lang))


def report_plan_command(
    year: int = typer.Option(..., "--year"),
    fmt: str = typer.Option("pdf", "--format", help="pdf, html, docx or xlsx."),
    output: Path = typer.Option(None, "--output", "-o"),
    language: str | None = language_option(),
) -> None:
    """Write the plan report with KPIs."""
    from gepmonitor.core.rendering import REPORT_FORMATS, parse_format
    from gepmonitor.plan.report import build_plan_report

    report_format = parse_format(fmt, REPORT_FORMATS)
    with state.session() as session:
        data = build_plan_report(
            session,
            state.organisation(session),
            year,
            state.language,
            report_format,
            state.settings.min_cell,
        )
    target = output or Path(f"gep-plan-{state.org_slug}-{year}-{state.language}.{report_format}")
    write_output(target, data)
    console.print(_t("Report written: {path}", state.language, path=str(target)))


def check_plan_command(
    document: Path = typer.Argument(..., help="The GEP: .pdf, .docx, .html or .txt."),
    fmt: str = typer.Option("text", "--format", help="text, json, html or pdf."),
    output: Path = typer.Option(None, "--output", "-o", help="File for html/pdf."),
    language: str | None = language_option(),
) -> None:
    """Check a Gender Equality Plan against the Horizon Europe requirements."""
    from gepmonitor.core.rendering import html_to_pdf
    from gepmonitor.plan.report import selfcheck_html
    from gepmonitor.plan.selfcheck.checker import check_document, results_to_dict
    from gepmonitor.plan.selfcheck.data import data_evidence
    from gepmonitor.recruitment.textcheck.readers import read_path

    if fmt not in ("text", "json", "html", "pdf"):
        raise InputError(
            "Unknown format '{value}'; choose from: {allowed}.",
            value=fmt,
            allowed="text, json, html, pdf",
        )
    lang = state.language
    text = read_path(document)
    with state.session() as session:
        evidence = data_evidence(session, state.organisation(session), lang)
    results = check_document(text, evidence, document.name)
    if fmt == "json":
        sys.stdout.write(
            json.dumps(results_to_dict(results, lang), ensure_ascii=False, indent=2) + "\n"
        )
        return
    if fmt in ("html", "pdf"):
        html = selfcheck_html(results, document.name, lang)
        target = output or Path(f"gep-selfcheck-{state.language}.{fmt}")
        write_output(target, html.encode("utf-8") if fmt == "html" else html_to_pdf(html))
        console.print(_t("Report written: {path}", lang, path=str(target)))
        return
    for r in results:
        title = r.requirement.title_en if lang == "en" else r.requirement.title_nl
        console.print(Text.assemble((title, "bold"), f": {_t(r.verdict_label, lang)}"))
        for c in r.criteria:
            label = c.criterion.label_en if lang == "en" else c.criterion.label_nl
            shown = [f"“{c.quotes[0]}”"] if c.quotes else []
            shown += [c.data_evidence] if c.data_evidence else []
            evidence_text = " | ".join(shown) or _t("not found", lang)
            console.print(f"  - {label}: {evidence_text}", markup=False, highlight=False)


def register(app: typer.Typer, import_app: typer.Typer, report_app: typer.Typer) -> None:
    """Add this module's commands to the gep command."""
    app.add_typer(plan_app, name="plan")
    app.command("check-plan")(check_plan_command)
    report_app.command("plan")(report_plan_command)
