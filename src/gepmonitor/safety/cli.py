"""Commands of the safety module: counsellors, the conversation log, registers, reports.

The command line acts as a trusted operator (bulk entry of a past year's log, registers);
counsellors themselves use the web form.
"""

from __future__ import annotations

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
from gepmonitor.safety.vocab import check_year, label, parse_day

if TYPE_CHECKING:
    from gepmonitor.core import orgs
    from gepmonitor.safety import importer, registers, service
else:
    orgs = lazy_module("gepmonitor.core.orgs")
    registers = lazy_module("gepmonitor.safety.registers")
    service = lazy_module("gepmonitor.safety.service")
    importer = lazy_module("gepmonitor.safety.importer")

safety_app = typer.Typer(help="Social safety: counsellors, log, registers.", no_args_is_help=True)


def _operator() -> service.SafetyActor:
    return service.SafetyActor(cli_actor(), service.OPERATOR)


@safety_app.command("counsellor-add")
def counsellor_add(
    code: str = typer.Option(..., "--code", help="Code, e.g. VP-OG-1 (no name)."),
    track: str = typer.Option(..., "--track", help="undesirable_behaviour or integrity."),
    kind: str = typer.Option("internal", "--kind", help="internal or external."),
    gender: str = typer.Option("onbekend", "--gender", help="v, m, x or onbekend."),
    serves: str = typer.Option("", "--serves", help="Other organisations served, comma-separated."),
    user: str = typer.Option("", "--user", help="Web account (role counsellor)."),
    since: str = typer.Option("", "--from", help="Serving since YYYY-MM-DD (default today)."),
) -> None:
    """Register a confidential counsellor."""
    with state.session() as session:
        org = state.organisation(session)
        others = [orgs.get_org(session, slug.strip()) for slug in serves.split(",") if slug.strip()]
        user_id = None
        if user:
            from gepmonitor.accounts.service import get_user

            account = get_user(session, user)
            service.check_counsellor_account(user, account.role if account else None)
            user_id = account.id if account else None
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
            active_from=parse_day(since, "--from") if since else date.today(),
        )
    console.print(_t("Counsellor {code} registered.", state.language, code=code))


@safety_app.command("counsellor-stop")
def counsellor_stop(
    code: str = typer.Argument(..., help="Counsellor code."),
    until: str = typer.Option("", "--until", help="Last day of service (default today)."),
) -> None:
    """End a counsellor's service; reports of the years served keep counting them."""
    day = parse_day(until, "--until") if until else date.today()
    with state.session() as session:
        service.deactivate_counsellor(
            session, state.organisation(session), code, day, actor=cli_actor()
        )
    console.print(
        _t(
            "Counsellor {code} stopped as of {day}.",
            state.language,
            code=code,
            day=format_date(day, state.language),
        )
    )


@safety_app.command("counsellors")
def counsellor_list(
    year: int = typer.Option(None, "--year", help="Who served in this year (default: now)."),
) -> None:
    """List the counsellors serving the organisation."""
    lang = state.language
    heads = (N_("code"), N_("track"), N_("internal/external"), N_("gender"), N_("serves"))
    with state.session() as session:
        org = state.organisation(session)
        chosen = check_year(year) if year is not None else None
        rows = [
            [
                c.code,
                label("track", c.track, lang),
                label("counsellor_kind", c.kind, lang),
                label("gender", c.gender, lang),
                ", ".join(o.slug for o in c.serves) or "–",
                service.period_text(c, lang),
            ]
            for c in service.counsellors_serving(session, org, chosen)
        ]
    print_table([_t(h, lang) for h in (*heads, N_("period"))], rows)


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
            service.ConversationInput(
                held_on=parse_day(on, "--date"),
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
    console.print(_t("Conversation recorded.", state.language))


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
            received_on=parse_day(received, "--received"),
            actor=cli_actor(),
        )
        console.print(
            _t("Report {reference} registered.", state.language, reference=report.reference)
        )


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
            parse_day(on, "--date"),
            actor=cli_actor(),
            outcome=outcome,
            measures=measures,
        )
        console.print(
            _t(
                "Report {reference}: {status}.",
                state.language,
                reference=reference,
                status=label("status", report.status, state.language),
            )
        )


@safety_app.command("overdue")
def overdue_command(
    today: str = typer.Option("", "--today", help="Date to check against."),
) -> None:
    """List open reports past their deadline."""
    day = parse_day(today, "--today") if today else date.today()
    with state.session() as session:
        org = state.organisation(session)
        rows = registers.overdue_reports(session, org, day)
        registers.record_register_read(session, org, cli_actor(), "overdue reports")
        for r in rows:
            status = label("status", r.status, state.language)
            console.print(f"{r.reference}\t{status}\t{format_date(r.deadline, state.language)}")
    if not rows:
        console.print(_t("No reports past deadline.", state.language))


@safety_app.command("incident-add")
def incident_add(
    on: str = typer.Option(..., "--date", help="YYYY-MM-DD."),
    kind: str = typer.Option(..., "--kind", help="verbal, physical, threat or online."),
    unit: str = typer.Option("", "--unit", help="Unit."),
    police: bool = typer.Option(False, "--police", help="Reported to the police."),
    follow_up: str = typer.Option("", "--follow-up", help="Follow-up given."),
) -> None:
    """Register aggression or violence by the public against staff."""
    with state.session() as session:
        registers.add_incident(
            session,
            state.organisation(session),
            occurred_on=parse_day(on, "--date"),
            kind=kind,
            unit=unit,
            police_report=police,
            follow_up=follow_up,
            actor=cli_actor(),
        )
    console.print(_t("Saved.", state.language))


@safety_app.command("incidents")
def incidents_command(year: int = typer.Option(None, "--year", help="Only this year.")) -> None:
    """List the register of aggression and violence by the public."""
    lang = state.language
    keys = (N_("Date"), N_("Kind"), N_("unit"), N_("Reported to the police"), N_("Follow-up"))
    with state.session() as session:
        chosen = check_year(year) if year is not None else None
        org = state.organisation(session)
        registers.record_register_read(session, org, cli_actor(), "incidents", chosen)
        rows = [
            [
                format_date(i.occurred_on, lang, "short"),
                label("incident", i.kind, lang),
                i.unit or "–",
                _t("yes", lang) if i.police_report else "–",
                i.follow_up or "–",
            ]
            for i in registers.list_incidents(session, org, chosen)
        ]
    print_table([_t(k, lang) for k in keys], rows)


@safety_app.command("oaths")
def oaths_command(
    year: int = typer.Option(..., "--year"), count: int = typer.Option(..., "--count")
) -> None:
    """Enter the number of oaths and affirmations of a year."""
    check_year(year)
    with state.session() as session:
        registers.set_oaths(session, state.organisation(session), year, count, cli_actor())
    console.print(_t("Saved.", state.language))


@safety_app.command("training-add")
def training_add(
    title: str = typer.Option(..., "--title"),
    on: str = typer.Option(..., "--date"),
    kind: str = typer.Option("workshop", "--kind", help="workshop, training, meeting, ..."),
    attendees: str = typer.Option("0,0,0", "--attendees", help="Men,women,x."),
) -> None:
    """Register a training or workshop with its attendance."""
    parts = attendees.split(",")
    from gepmonitor.core.parsing import is_whole

    if len(parts) != 3 or not all(is_whole(p.strip()) for p in parts):
        raise InputError(
            "{option} '{value}': give counts as men,women,x, for example 12,9,0.",
            option="--attendees",
            value=attendees,
        )
    with state.session() as session:
        registers.add_training(
            session,
            state.organisation(session),
            title=title,
            held_on=parse_day(on, "--date"),
            kind=kind,
            attendees=(int(parts[0]), int(parts[1]), int(parts[2])),
            actor=cli_actor(),
        )
    console.print(_t("Saved.", state.language))


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
    console.print(_t("Saved.", state.language))


# Commands that read or write files: the past-year log import, the report and infographic.


def import_conversations_command(
    file: Path = typer.Argument(..., help="CSV: counsellor,date,track,themes,person,..."),
) -> None:
    """Import a past year's conversation log; all rows or none."""
    with state.session() as session:
        count = importer.import_conversations(
            session, state.settings, state.organisation(session), file, actor=cli_actor()
        )
    console.print(
        ngettext(
            "{count} row imported.", "{count} rows imported.", count, state.language, count=count
        )
    )


def report_integrity_command(
    year: int = typer.Option(..., "--year"),
    fmt: str = typer.Option("pdf", "--format", help="pdf, html, docx or xlsx."),
    output: Path = typer.Option(None, "--output", "-o"),
    exact: bool = typer.Option(False, "--exact", help="Exact small counts (not to publish)."),
    language: str | None = language_option(),
) -> None:
    """Write the integrity and social-safety annual report (small counts suppressed)."""
    from gepmonitor.core.rendering import REPORT_FORMATS, parse_format
    from gepmonitor.safety.report import build_integrity_report

    report_format = parse_format(fmt, REPORT_FORMATS)
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
    console.print(_t("Report written: {path}", state.language, path=str(target)))


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
        raise InputError(
            "Unknown format '{value}'; choose from: {allowed}.", value=fmt, allowed="png, svg, pdf"
        )
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
    console.print(_t("Report written: {path}", state.language, path=str(target)))


def register(app: typer.Typer, import_app: typer.Typer, report_app: typer.Typer) -> None:
    """Add this module's commands to the gep command."""
    app.add_typer(safety_app, name="safety")
    import_app.command("conversations")(import_conversations_command)
    report_app.command("integrity")(report_integrity_command)
    report_app.command("infographic")(report_infographic_command)
