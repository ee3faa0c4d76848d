"""Commands of the safety module: counsellors, the conversation log, registers, reports.

The command line acts as a trusted operator (bulk entry of a past year's log, registers);
counsellors themselves use the web form.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from gepmonitor.cliutil import console, language_option, state, write_output
from gepmonitor.core.audit import cli_actor
from gepmonitor.core.errors import GepError, InputError, Problem, ValidationFailedError
from gepmonitor.core.i18n import gettext as _t
from gepmonitor.core.i18n import register as register_messages
from gepmonitor.core.orgs import get_org
from gepmonitor.personnel.reader import decode_text
from gepmonitor.safety import registers, service
from gepmonitor.safety.service import OPERATOR, ConversationInput, SafetyActor

safety_app = typer.Typer(help="Social safety: counsellors, log, registers.", no_args_is_help=True)


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise InputError("recruitment.bad_date", option=option, value=text) from error


def _operator() -> SafetyActor:
    return SafetyActor(cli_actor(), OPERATOR)


@safety_app.command("counsellor-add")
def counsellor_add(
    code: str = typer.Option(..., "--code", help="Code, e.g. VP-OG-1 (no name)."),
    track: str = typer.Option(..., "--track", help="undesirable_behaviour or integrity."),
    kind: str = typer.Option("internal", "--kind", help="internal or external."),
    gender: str = typer.Option("onbekend", "--gender", help="v, m, x or onbekend."),
    serves: str = typer.Option("", "--serves", help="Other organisations served, comma-separated."),
    user: str = typer.Option("", "--user", help="Web account of the counsellor."),
) -> None:
    """Register a confidential counsellor."""
    with state.session() as session:
        org = state.organisation(session)
        others = [get_org(session, slug.strip()) for slug in serves.split(",") if slug.strip()]
        user_id = None
        if user:
            from gepmonitor.web.users import get_user

            account = get_user(session, user)
            if account is None:
                raise InputError("safety.no_user", user=user)
            user_id = account.id
        service.add_counsellor(
            session,
            org,
            code,
            track,
            actor=cli_actor(),
            kind=kind,
            gender=gender,
            serves=others,
            user_id=user_id,
        )
    console.print(_t("safety.counsellor_added", state.language, code=code))


@safety_app.command("counsellors")
def counsellor_list() -> None:
    """List the counsellors serving the organisation."""
    table = Table("code", "track", "kind", "gender")
    with state.session() as session:
        for c in service.counsellors_serving(session, state.organisation(session)):
            table.add_row(c.code, _t(f"safety.track.{c.track}", state.language), c.kind, c.gender)
    console.print(table)


@safety_app.command("log")
def log_command(
    counsellor: str = typer.Option(..., "--counsellor", help="Counsellor code."),
    on: str = typer.Option(..., "--date", help="YYYY-MM-DD."),
    track: str = typer.Option(..., "--track", help="undesirable_behaviour or integrity."),
    themes: str = typer.Option(..., "--themes", help="Theme codes, comma-separated."),
    person: str = typer.Option(..., "--person", help="Person code chosen by the counsellor."),
    hierarchical: bool = typer.Option(False, "--hierarchical", help="Hierarchical relation."),
    source: str = typer.Option("colleague", "--source", help="colleague, manager, external."),
    referral: str = typer.Option("none", "--referral", help="none, other_track, other_help."),
    formal: bool = typer.Option(False, "--formal", help="A formal procedure was started."),
    outcome: str = typer.Option("advice", "--outcome", help="advice, mediation, referred, ..."),
) -> None:
    """Record one conversation (operator entry of a paper log)."""
    with state.session() as session:
        found = service.find_counsellor(session, state.organisation(session), counsellor)
        service.log_conversation(
            session,
            state.settings,
            _operator(),
            found,
            ConversationInput(
                held_on=_day(on, "--date"),
                track=track,
                themes=themes.split(","),
                person_code=person,
                hierarchical=hierarchical,
                source=source,
                referral=referral,
                formal_procedure=formal,
                outcome=outcome,
            ),
        )
    console.print(_t("safety.logged", state.language))


def import_conversations_command(
    file: Path = typer.Argument(..., help="CSV: counsellor,date,track,themes,person,..."),
) -> None:
    """Import a past year's conversation log; all rows or none."""
    if not file.is_file():
        raise InputError("textcheck.no_file", file=str(file))
    rows = list(csv.DictReader(io.StringIO(decode_text(file.read_bytes()))))
    problems: list[Problem] = []
    with state.session() as session:
        org = state.organisation(session)
        for line, row in enumerate(rows, start=2):
            row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            try:
                found = service.find_counsellor(session, org, row.get("counsellor", ""))
                service.log_conversation(
                    session,
                    state.settings,
                    _operator(),
                    found,
                    ConversationInput(
                        held_on=_day(row.get("date", ""), "date"),
                        track=row.get("track", ""),
                        themes=row.get("themes", "").split("|"),
                        person_code=row.get("person", ""),
                        hierarchical=row.get("hierarchical", "").lower() in ("1", "ja", "yes", "x"),
                        source=row.get("source") or "colleague",
                        referral=row.get("referral") or "none",
                        formal_procedure=row.get("formal", "").lower() in ("1", "ja", "yes", "x"),
                        outcome=row.get("outcome") or "advice",
                    ),
                )
            except GepError as error:
                problems.append(
                    Problem(file.name, line, None, None, error.key, tuple(error.params.items()))
                )
        if problems:
            raise ValidationFailedError(problems)
    console.print(_t("recruitment.imported_rows", state.language, count=len(rows)))


@safety_app.command("report-add")
def report_add(
    track: str = typer.Option(..., "--track", help="undesirable_behaviour or integrity."),
    theme: str = typer.Option(..., "--theme", help="Theme code."),
    source: str = typer.Option("internal", "--source", help="internal, citizen, supplier, other."),
    received: str = typer.Option(..., "--received", help="YYYY-MM-DD."),
) -> None:
    """Register a formal report or complaint."""
    with state.session() as session:
        report = registers.add_report(
            session,
            state.organisation(session),
            track=track,
            theme=theme,
            source=source,
            received_on=_day(received, "--received"),
            actor=cli_actor(),
        )
        console.print(_t("safety.report_added", state.language, reference=report.reference))


@safety_app.command("report-advance")
def report_advance(
    reference: str = typer.Argument(..., help="Report reference, e.g. M2024-001."),
    status: str = typer.Option(
        ..., "--status", help="in_progress, committee_advice, board_decision or closed."
    ),
    on: str = typer.Option(..., "--date", help="YYYY-MM-DD."),
    outcome: str = typer.Option("", "--outcome", help="Outcome (required to close)."),
    measures: str = typer.Option("", "--measures", help="Measures taken."),
) -> None:
    """Move a report to its next status."""
    with state.session() as session:
        report = registers.advance_report(
            session,
            state.organisation(session),
            reference,
            status,
            _day(on, "--date"),
            actor=cli_actor(),
            outcome=outcome,
            measures=measures,
        )
        console.print(
            _t(
                "safety.report_advanced",
                state.language,
                reference=reference,
                status=_t(f"safety.status.{report.status}", state.language),
            )
        )


@safety_app.command("overdue")
def overdue_command(
    today: str = typer.Option("", "--today", help="Date to check against."),
) -> None:
    """List open reports past their deadline."""
    day = _day(today, "--today") if today else date.today()
    with state.session() as session:
        rows = registers.overdue_reports(session, state.organisation(session), day)
        for r in rows:
            console.print(
                f"{r.reference}\t{_t(f'safety.status.{r.status}', state.language)}\t{r.deadline}"
            )
    if not rows:
        console.print(_t("safety.none_overdue", state.language))


@safety_app.command("incident-add")
def incident_add(
    on: str = typer.Option(..., "--date", help="YYYY-MM-DD."),
    kind: str = typer.Option(..., "--kind", help="verbal, physical, threat or online."),
    unit: str = typer.Option("", "--unit", help="Unit."),
    police: bool = typer.Option(False, "--police", help="Reported to the police."),
) -> None:
    """Register aggression or violence by the public against staff."""
    with state.session() as session:
        registers.add_incident(
            session,
            state.organisation(session),
            occurred_on=_day(on, "--date"),
            kind=kind,
            unit=unit,
            police_report=police,
            actor=cli_actor(),
        )
    console.print(_t("safety.saved", state.language))


@safety_app.command("oaths")
def oaths_command(
    year: int = typer.Option(..., "--year"), count: int = typer.Option(..., "--count")
) -> None:
    """Enter the number of oaths and affirmations of a year."""
    with state.session() as session:
        registers.set_oaths(session, state.organisation(session), year, count, cli_actor())
    console.print(_t("safety.saved", state.language))


@safety_app.command("training-add")
def training_add(
    title: str = typer.Option(..., "--title"),
    on: str = typer.Option(..., "--date"),
    kind: str = typer.Option("workshop", "--kind", help="workshop, training, meeting, ..."),
    attendees: str = typer.Option("0,0,0", "--attendees", help="Men,women,x."),
) -> None:
    """Register a training or workshop with its attendance."""
    parts = attendees.split(",")
    if len(parts) != 3 or not all(p.strip().isdigit() for p in parts):
        raise InputError("recruitment.bad_triple", option="--attendees", value=attendees)
    with state.session() as session:
        registers.add_training(
            session,
            state.organisation(session),
            title=title,
            held_on=_day(on, "--date"),
            kind=kind,
            attendees=(int(parts[0]), int(parts[1]), int(parts[2])),
            actor=cli_actor(),
        )
    console.print(_t("safety.saved", state.language))


@safety_app.command("text")
def text_command(
    year: int = typer.Option(..., "--year"),
    section: str = typer.Option(..., "--section", help="works_council or policy."),
    body: str = typer.Option(..., "--body", help="The text."),
    lang: str = typer.Option("nl", "--text-lang", help="nl or en."),
) -> None:
    """Set an editable section of the annual report."""
    with state.session() as session:
        registers.set_text(
            session, state.organisation(session), year, section, lang, body, cli_actor()
        )
    console.print(_t("safety.saved", state.language))


def report_integrity_command(
    year: int = typer.Option(..., "--year"),
    fmt: str = typer.Option("pdf", "--format", help="pdf, html or xlsx."),
    output: Path = typer.Option(None, "--output", "-o"),
    language: str | None = language_option(),
) -> None:
    """Write the integrity and social-safety annual report."""
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
        )
    target = output or Path(f"gep-integriteit-{state.org_slug}-{year}.{report_format}")
    write_output(target, data)
    console.print(_t("monitor.report_written", state.language, path=str(target)))


def report_infographic_command(
    year: int = typer.Option(..., "--year"),
    fmt: str = typer.Option("png", "--format", help="png, svg or pdf."),
    output: Path = typer.Option(None, "--output", "-o"),
    language: str | None = language_option(),
) -> None:
    """Draw the one-page infographic of the annual report."""
    from gepmonitor.safety.infographic import render_infographic
    from gepmonitor.safety.report import gather

    if fmt not in ("png", "svg", "pdf"):
        raise InputError("report.bad_format", value=fmt, allowed="png, svg, pdf")
    with state.session() as session:
        report = gather(
            session, state.organisation(session), year, state.language, state.settings.min_cell
        )
    target = output or Path(f"gep-infographic-{state.org_slug}-{year}.{fmt}")
    write_output(target, render_infographic(report, state.language, fmt))
    console.print(_t("monitor.report_written", state.language, path=str(target)))


def register(app: typer.Typer, import_app: typer.Typer, report_app: typer.Typer) -> None:
    """Add this module's commands to the gep command."""
    app.add_typer(safety_app, name="safety")
    import_app.command("conversations")(import_conversations_command)
    report_app.command("integrity")(report_integrity_command)
    report_app.command("infographic")(report_infographic_command)


register_messages(
    {
        "safety.counsellor_added": (
            "Vertrouwenspersoon {code} geregistreerd.",
            "Counsellor {code} registered.",
        ),
        "safety.logged": ("Gesprek vastgelegd.", "Conversation recorded."),
        "safety.report_added": (
            "Melding {reference} geregistreerd.",
            "Report {reference} registered.",
        ),
        "safety.report_advanced": (
            "Melding {reference}: {status}.",
            "Report {reference}: {status}.",
        ),
        "safety.none_overdue": ("Geen meldingen over de termijn.", "No reports past deadline."),
        "safety.saved": ("Opgeslagen.", "Saved."),
        "safety.no_user": ("Gebruiker '{user}' bestaat niet.", "User '{user}' does not exist."),
        "recruitment.imported_rows": ("{count} regels geïmporteerd.", "{count} rows imported."),
    }
)
