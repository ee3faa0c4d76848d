"""Web pages and API of the safety module.

Counsellors log conversations on a phone-sized form and see only their own records; hr and the
board see yearly totals (suppressed); hr keeps the registers. Admin sees none of it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from gepmonitor.core.errors import GepError, InputError
from gepmonitor.core.models import Organisation
from gepmonitor.core.roles import Permission
from gepmonitor.reports.render import ReportFormat, parse_format
from gepmonitor.safety import registers, service
from gepmonitor.safety.report import build_integrity_report, figure_rows, gather, theme_rows
from gepmonitor.safety.service import ConversationInput, SafetyActor
from gepmonitor.safety.vocab import (
    INCIDENT_KINDS,
    OUTCOMES,
    REFERRALS,
    REPORT_SOURCES,
    SOURCES,
    THEMES,
    TRACKS,
)
from gepmonitor.web.deps import (
    OrgDep,
    RecordId,
    SessionDep,
    SettingsDep,
    YearQuery,
    render_page,
    require,
)
from gepmonitor.web.downloads import file_response
from gepmonitor.web.models import User
from gepmonitor.web.pages import flash, request_lang

router = APIRouter()
api_router = APIRouter(tags=["safety"])
NAV = [
    (Permission.LOG_CONVERSATIONS, "/safety/log", "nav.safety_log"),
    (Permission.VIEW_SAFETY_TOTALS, "/safety/totals", "nav.safety_totals"),
    (Permission.MANAGE_SAFETY_REGISTERS, "/safety/registers", "nav.safety_registers"),
]
Counsellor = Annotated[User, Depends(require(Permission.LOG_CONVERSATIONS))]
TotalsViewer = Annotated[User, Depends(require(Permission.VIEW_SAFETY_TOTALS))]
RegisterKeeper = Annotated[User, Depends(require(Permission.MANAGE_SAFETY_REGISTERS))]


def _actor(user: User) -> SafetyActor:
    return SafetyActor(user.username, user.role, user.id)


def _day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise InputError("recruitment.bad_date", option=field, value=text) from error


def _form_context(session: Any, user: User) -> dict[str, Any]:
    counsellor = service.counsellor_of(session, _actor(user))
    home = session.get(Organisation, counsellor.org_id)
    return {
        "counsellor": counsellor,
        "orgs": [home, *counsellor.serves],
        "themes": THEMES,
        "tracks": TRACKS,
        "sources": SOURCES,
        "referrals": REFERRALS,
        "outcomes": OUTCOMES,
        "today": date.today().isoformat(),
    }


@router.get("/safety/log", include_in_schema=False)
def log_page(request: Request, user: Counsellor, session: SessionDep) -> Response:
    """Show the conversation form (made for a phone)."""
    try:
        context = _form_context(session, user)
    except GepError as error:
        return render_page(
            request, "safety_not_linked.html", message=error.render(request_lang(request))
        )
    return render_page(request, "safety_log.html", form={}, **context)


@router.post("/safety/log", include_in_schema=False)
def log_submit(
    request: Request,
    user: Counsellor,
    session: SessionDep,
    settings: SettingsDep,
    held_on: Annotated[str, Form()] = "",
    track: Annotated[str, Form()] = "",
    themes: Annotated[list[str] | None, Form()] = None,
    person_code: Annotated[str, Form()] = "",
    hierarchical: Annotated[str, Form()] = "",
    source: Annotated[str, Form()] = "colleague",
    referral: Annotated[str, Form()] = "none",
    formal: Annotated[str, Form()] = "",
    outcome: Annotated[str, Form()] = "advice",
    note: Annotated[str, Form()] = "",
    org_slug: Annotated[str, Form()] = "",
) -> Response:
    """Record the conversation, or show the form again with the problem."""
    form = {
        "held_on": held_on,
        "track": track,
        "themes": themes or [],
        "person_code": person_code,
        "hierarchical": hierarchical,
        "source": source,
        "referral": referral,
        "formal": formal,
        "outcome": outcome,
        "org_slug": org_slug,
    }
    try:
        counsellor = service.counsellor_of(session, _actor(user))
        service.log_conversation(
            session,
            settings,
            _actor(user),
            counsellor,
            ConversationInput(
                held_on=_day(held_on, "held_on"),
                track=track,
                themes=themes or [],
                person_code=person_code,
                hierarchical=bool(hierarchical),
                source=source,
                referral=referral,
                formal_procedure=bool(formal),
                outcome=outcome,
                note=note,
                org_slug=org_slug or None,
            ),
        )
    except GepError as error:
        session.rollback()
        try:
            context = _form_context(session, user)
        except GepError:
            return render_page(
                request,
                "safety_not_linked.html",
                status_code=error.http_status,
                message=error.render(request_lang(request)),
            )
        return render_page(
            request,
            "safety_log.html",
            status_code=error.http_status,
            form=form,
            error=error.render(request_lang(request)),
            **context,
        )
    flash(request, "safety.logged")
    return RedirectResponse("/safety/mine", status_code=303)


@router.get("/safety/mine", include_in_schema=False)
def mine_page(
    request: Request, user: Counsellor, session: SessionDep, year: YearQuery = None
) -> Response:
    """List the counsellor's own conversations."""
    try:
        rows = service.my_conversations(session, _actor(user), year)
    except GepError as error:
        return render_page(
            request, "safety_not_linked.html", message=error.render(request_lang(request))
        )
    return render_page(request, "safety_mine.html", rows=rows, year=year)


@router.get("/safety/mine/{conversation_id}", include_in_schema=False)
def conversation_page(
    request: Request,
    conversation_id: RecordId,
    user: Counsellor,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Show one of the counsellor's own conversations, with its note."""
    conversation = service.get_conversation(session, _actor(user), conversation_id)
    note = service.read_note(session, settings, _actor(user), conversation_id)
    return render_page(request, "safety_conversation.html", c=conversation, note=note)


@router.get("/safety/totals", include_in_schema=False)
def totals_page(
    request: Request,
    user: TotalsViewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    year: YearQuery = None,
) -> Response:
    """Show the year's totals, as the annual report publishes them."""
    chosen = year or date.today().year
    lang = request_lang(request)
    report = gather(session, org, chosen, lang, settings.min_cell)
    return render_page(
        request,
        "safety_totals.html",
        year=chosen,
        report=report,
        figures=figure_rows(report, lang),
        themes=theme_rows(report, lang),
        overdue=len(registers.overdue_reports(session, org, date.today())),
    )


@router.get("/safety/report", include_in_schema=False)
def report_download(
    request: Request,
    user: TotalsViewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    year: YearQuery = None,
    format: str = "pdf",
) -> Response:  # noqa: A002
    """Download the annual report (pdf, html, xlsx) or its infographic (png, svg)."""
    chosen = year or date.today().year
    lang = request_lang(request)
    if format in ("png", "svg"):
        from gepmonitor.safety.infographic import render_infographic

        data = render_infographic(
            gather(session, org, chosen, lang, settings.min_cell), lang, format
        )
    else:
        fmt = parse_format(format, (ReportFormat.PDF, ReportFormat.HTML, ReportFormat.XLSX))
        data = build_integrity_report(session, settings, org, chosen, lang, fmt)
    return file_response(data, f"integriteit-{org.slug}-{chosen}.{format}")


@router.get("/safety/registers", include_in_schema=False)
def registers_page(
    request: Request,
    user: RegisterKeeper,
    session: SessionDep,
    org: OrgDep,
    error: str | None = None,
) -> Response:
    """Show the reports register, overdue reports, counsellors and the entry forms."""
    return render_page(
        request,
        "safety_registers.html",
        reports=registers.list_reports(session, org),
        overdue={r.id for r in registers.overdue_reports(session, org, date.today())},
        counsellors=service.counsellors_serving(session, org),
        tracks=TRACKS,
        themes=THEMES,
        sources=REPORT_SOURCES,
        kinds=INCIDENT_KINDS,
        today=date.today().isoformat(),
        next_statuses=registers.NEXT_STATUSES,
        error=error,
    )


def _register_action(request: Request, action: Any, session: Any) -> Response:
    try:
        action()
    except GepError as error:
        session.rollback()
        flash(request, "safety.register_error", message=error.render(request_lang(request)))
        return RedirectResponse("/safety/registers", status_code=303)
    flash(request, "safety.saved")
    return RedirectResponse("/safety/registers", status_code=303)


@router.post("/safety/registers/report", include_in_schema=False)
def register_report(
    request: Request,
    user: RegisterKeeper,
    session: SessionDep,
    org: OrgDep,
    track: Annotated[str, Form()] = "",
    theme: Annotated[str, Form()] = "",
    source: Annotated[str, Form()] = "internal",
    received_on: Annotated[str, Form()] = "",
) -> Response:
    """Register a formal report or complaint."""
    return _register_action(
        request,
        lambda: registers.add_report(
            session,
            org,
            track=track,
            theme=theme,
            source=source,
            received_on=_day(received_on, "received_on"),
            actor=user.username,
        ),
        session,
    )


@router.post("/safety/registers/report/{reference}/advance", include_in_schema=False)
def register_advance(
    request: Request,
    reference: str,
    user: RegisterKeeper,
    session: SessionDep,
    org: OrgDep,
    status: Annotated[str, Form()] = "",
    on: Annotated[str, Form()] = "",
    outcome: Annotated[str, Form()] = "",
    measures: Annotated[str, Form()] = "",
) -> Response:
    """Move a report to its next status."""
    return _register_action(
        request,
        lambda: registers.advance_report(
            session,
            org,
            reference,
            status,
            _day(on, "on"),
            actor=user.username,
            outcome=outcome,
            measures=measures,
        ),
        session,
    )


@router.post("/safety/registers/incident", include_in_schema=False)
def register_incident(
    request: Request,
    user: RegisterKeeper,
    session: SessionDep,
    org: OrgDep,
    occurred_on: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "",
    police: Annotated[str, Form()] = "",
) -> Response:
    """Register aggression or violence by the public."""
    return _register_action(
        request,
        lambda: registers.add_incident(
            session,
            org,
            occurred_on=_day(occurred_on, "occurred_on"),
            kind=kind,
            unit=unit,
            police_report=bool(police),
            actor=user.username,
        ),
        session,
    )


@router.post("/safety/registers/counsellor", include_in_schema=False)
def register_counsellor(
    request: Request,
    user: RegisterKeeper,
    session: SessionDep,
    org: OrgDep,
    code: Annotated[str, Form()] = "",
    track: Annotated[str, Form()] = "",
    gender: Annotated[str, Form()] = "onbekend",
    kind: Annotated[str, Form()] = "internal",
    username: Annotated[str, Form()] = "",
) -> Response:
    """Register a counsellor, linked to a web account when a user name is given."""
    from gepmonitor.web.users import get_user

    def action() -> None:
        account = get_user(session, username.strip()) if username.strip() else None
        if username.strip() and (account is None or account.role != "counsellor"):
            raise InputError("safety.link_counsellor_role", user=username)
        service.add_counsellor(
            session,
            org,
            code,
            track,
            actor=user.username,
            kind=kind,
            gender=gender,
            user_id=account.id if account else None,
        )

    return _register_action(request, action, session)


@router.post("/safety/registers/oaths", include_in_schema=False)
def register_oaths(
    request: Request,
    user: RegisterKeeper,
    session: SessionDep,
    org: OrgDep,
    year: Annotated[str, Form()] = "",
    count: Annotated[str, Form()] = "",
) -> Response:
    """Enter the year's number of oaths and affirmations."""

    def action() -> None:
        if not (year.isdigit() and count.isdigit()):
            raise InputError("recruitment.bad_number")
        registers.set_oaths(session, org, int(year), int(count), user.username)

    return _register_action(request, action, session)


@router.post("/safety/registers/training", include_in_schema=False)
def register_training(
    request: Request,
    user: RegisterKeeper,
    session: SessionDep,
    org: OrgDep,
    title: Annotated[str, Form()] = "",
    held_on: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "workshop",
    men: Annotated[str, Form()] = "0",
    women: Annotated[str, Form()] = "0",
    other: Annotated[str, Form()] = "0",
) -> Response:
    """Register a training with its attendance."""

    def action() -> None:
        counts = [men or "0", women or "0", other or "0"]
        if not all(c.isdigit() for c in counts):
            raise InputError("recruitment.bad_number")
        registers.add_training(
            session,
            org,
            title=title,
            held_on=_day(held_on, "held_on"),
            kind=kind,
            attendees=(int(counts[0]), int(counts[1]), int(counts[2])),
            actor=user.username,
        )

    return _register_action(request, action, session)


@router.post("/safety/registers/text", include_in_schema=False)
def register_text(
    request: Request,
    user: RegisterKeeper,
    session: SessionDep,
    org: OrgDep,
    year: Annotated[str, Form()] = "",
    section: Annotated[str, Form()] = "",
    lang: Annotated[str, Form()] = "nl",
    body: Annotated[str, Form()] = "",
) -> Response:
    """Store an editable section of the annual report."""

    def action() -> None:
        if not year.isdigit():
            raise InputError("recruitment.bad_number")
        registers.set_text(session, org, int(year), section, lang, body, user.username)

    return _register_action(request, action, session)


class ConversationIn(BaseModel):
    """A conversation as a counsellor records it (no names)."""

    held_on: date
    track: str = Field(description="undesirable_behaviour or integrity")
    themes: list[str]
    person_code: str = Field(max_length=20)
    hierarchical: bool = False
    source: str = "colleague"
    referral: str = "none"
    formal_procedure: bool = False
    outcome: str = "advice"
    note: str = ""
    org_slug: str | None = None


def _conversation_out(c: Any) -> dict[str, Any]:
    return {
        "id": c.id,
        "held_on": c.held_on.isoformat(),
        "track": c.track,
        "themes": c.themes.split(","),
        "hierarchical": c.hierarchical,
        "source": c.source,
        "person_code": c.person_code,
        "referral": c.referral,
        "formal_procedure": c.formal_procedure,
        "outcome": c.outcome,
        "has_note": c.note_cipher is not None,
    }


@api_router.get("/safety/conversations")
def api_my_conversations(
    user: Counsellor, session: SessionDep, year: YearQuery = None
) -> list[dict[str, Any]]:
    """List the counsellor's own conversations."""
    return [_conversation_out(c) for c in service.my_conversations(session, _actor(user), year)]


@api_router.post("/safety/conversations", status_code=201)
def api_log(
    body: ConversationIn, user: Counsellor, session: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    """Record a conversation for the logged-in counsellor."""
    counsellor = service.counsellor_of(session, _actor(user))
    conversation = service.log_conversation(
        session, settings, _actor(user), counsellor, ConversationInput(**body.model_dump())
    )
    return _conversation_out(conversation)


@api_router.get("/safety/conversations/{conversation_id}")
def api_conversation(
    conversation_id: RecordId, user: Counsellor, session: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    """Return one of the counsellor's own conversations with its note."""
    out = _conversation_out(service.get_conversation(session, _actor(user), conversation_id))
    out["note"] = service.read_note(session, settings, _actor(user), conversation_id)
    return out


@api_router.get("/safety/totals")
def api_totals(
    user: TotalsViewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    year: YearQuery = None,
) -> dict[str, Any]:
    """Return the year's totals per track (small counts are null)."""
    chosen = year or date.today().year
    totals = service.yearly_totals(session, org, chosen, settings.min_cell)
    return {
        "year": chosen,
        "min_cell": settings.min_cell,
        "tracks": {track: vars(t) for track, t in totals.items()},
    }


@api_router.get("/safety/reports")
def api_reports(
    user: RegisterKeeper,
    session: SessionDep,
    org: OrgDep,
    year: YearQuery = None,
) -> list[dict[str, Any]]:
    """List the reports and complaints register."""
    return [
        {
            "reference": r.reference,
            "track": r.track,
            "theme": r.theme,
            "source": r.source,
            "received_on": r.received_on.isoformat(),
            "status": r.status,
            "deadline": r.deadline.isoformat() if r.deadline else None,
        }
        for r in registers.list_reports(session, org, year)
    ]


from gepmonitor.core.i18n import register as _register  # noqa: E402

_register(
    {
        "nav.safety_log": ("Gesprek vastleggen", "Log a conversation"),
        "nav.safety_totals": ("Sociale veiligheid", "Social safety"),
        "nav.safety_registers": ("Meldingen", "Reports register"),
        "safety.register_error": ("Niet opgeslagen: {message}", "Not saved: {message}"),
        "safety.link_counsellor_role": (
            "Gebruiker '{user}' bestaat niet of heeft niet de rol vertrouwenspersoon.",
            "User '{user}' does not exist or does not have the counsellor role.",
        ),
    }
)

_register(
    {
        "safety.form_intro": (
            "Geen namen en geen vrije tekst: kies wat van toepassing is. Duurt minder dan een "
            "minuut.",
            "No names and no free text: choose what applies. Takes less than a minute.",
        ),
        "safety.f_date": ("Datum", "Date"),
        "safety.f_org": ("Organisatie", "Organisation"),
        "safety.f_track": ("Spoor", "Track"),
        "safety.f_themes": ("Thema's", "Themes"),
        "safety.f_person": ("Persoonscode", "Person code"),
        "safety.f_person_hint": (
            "Een code die u zelf kiest, zodat u dezelfde persoon één keer telt (geen naam).",
            "A code you choose yourself, so the same person is counted once (not a name).",
        ),
        "safety.f_source": ("Van wie kwam het gedrag?", "Whose behaviour was it about?"),
        "safety.f_hierarchical": (
            "Er speelde een hiërarchische verhouding",
            "A hierarchical relation was involved",
        ),
        "safety.f_referral": ("Doorverwezen", "Referred"),
        "safety.f_formal": (
            "Er is een formele procedure gestart",
            "A formal procedure was started",
        ),
        "safety.f_outcome": ("Uitkomst", "Outcome"),
        "safety.f_note_toggle": (
            "Notitie toevoegen (versleuteld, alleen voor u)",
            "Add a note (encrypted, for you only)",
        ),
        "safety.f_note": ("Notitie", "Note"),
        "safety.f_note_hint": (
            "Alleen u kunt deze notitie lezen. Noem geen namen.",
            "Only you can read this note. Do not use names.",
        ),
        "safety.f_save": ("Gesprek opslaan", "Save conversation"),
        "safety.mine_title": ("Mijn gesprekken", "My conversations"),
        "safety.none_yet": ("Nog niets vastgelegd.", "Nothing recorded yet."),
        "safety.open": ("Bekijk", "View"),
        "safety.conversation": ("Gesprek", "Conversation"),
        "safety.ask_link": (
            "Vraag HR om uw account aan uw registratie als vertrouwenspersoon te koppelen.",
            "Ask HR to link your account to your counsellor registration.",
        ),
        "safety.download_report": ("Jaarverslag {fmt}", "Annual report {fmt}"),
        "safety.download_infographic": ("Infographic {fmt}", "Infographic {fmt}"),
        "safety.overdue_count": (
            "{count} melding(en) over de termijn.",
            "{count} report(s) past the deadline.",
        ),
        "safety.received": ("Ontvangen", "Received"),
        "safety.status": ("Status", "Status"),
        "safety.deadline": ("Termijn", "Deadline"),
        "safety.next": ("Volgende stap", "Next step"),
        "safety.overdue": ("verlopen", "overdue"),
        "safety.advance": ("Wijzig", "Update"),
        "safety.new_report": ("Nieuwe melding of klacht", "New report or complaint"),
        "safety.kind": ("Soort", "Kind"),
        "safety.police": ("Aangifte gedaan", "Reported to the police"),
        "safety.code": ("Code", "Code"),
        "safety.gender": ("Geslacht", "Gender"),
        "safety.account": ("Gebruikersnaam (optioneel)", "User name (optional)"),
        "safety.texts": ("Teksten jaarverslag", "Annual report texts"),
        "safety.section": ("Onderdeel", "Section"),
        "safety.text_body": ("Tekst", "Text"),
    }
)
