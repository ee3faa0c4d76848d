"""Web pages and API of the safety module.

Counsellors log conversations on a phone-sized form and see only their own records; hr and the
board see yearly totals (suppressed); hr keeps the registers. Admin sees none of it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup, escape

from gepmonitor.accounts.auth import ensure_csrf_token
from gepmonitor.accounts.deps import (
    OrgDep,
    RecordId,
    SessionDep,
    SettingsDep,
    YearQuery,
    check_exact,
    record_exact_view,
    render_page,
    require,
)
from gepmonitor.accounts.downloads import export_response
from gepmonitor.accounts.models import User
from gepmonitor.accounts.pages import flash, render_shared, request_lang
from gepmonitor.accounts.roles import has_permission
from gepmonitor.accounts.shared import (
    Blocks,
    cached_across_async,
    cached_async,
    page_blocks,
    send_page,
)
from gepmonitor.core.errors import GepError
from gepmonitor.core.i18n import N_
from gepmonitor.core.models import Organisation
from gepmonitor.core.rendering import REPORT_FORMATS, parse_format
from gepmonitor.core.templating import render
from gepmonitor.safety import registers, service
from gepmonitor.safety.report import (
    build_integrity_report,
    figure_rows,
    gather,
    html_cell,
    theme_rows,
)
from gepmonitor.safety.service import ConversationInput, SafetyActor
from gepmonitor.safety.vocab import INTEGRITY_THEMES as INTEGRITY
from gepmonitor.safety.vocab import LABELS, OUTCOMES, REFERRALS, SOURCES, THEMES, check_year
from gepmonitor.safety.web.registers import form_day
from gepmonitor.safety.web.registers import router as registers_router

router = APIRouter()
NAV = [
    ("log_conversations", "/safety/log", N_("Log a conversation")),
    ("view_safety_totals", "/safety/totals", N_("Social safety")),
    ("manage_safety_registers", "/safety/registers", N_("Reports register")),
]
Counsellor = Annotated[User, Depends(require("log_conversations"))]
TotalsViewer = Annotated[User, Depends(require("view_safety_totals"))]


def _actor(user: User) -> SafetyActor:
    return SafetyActor(user.username, user.role, user.id)


def _form_context(session: Any, user: User) -> dict[str, Any]:
    counsellor = service.counsellor_of(session, _actor(user))
    return {
        "counsellor": counsellor,
        "orgs": service.served_orgs(counsellor, session),
        "themes": [t for t in THEMES if counsellor.track == "integrity" or t not in INTEGRITY],
        "sources": SOURCES,
        "referrals": REFERRALS,
        "outcomes": OUTCOMES,
        "labels": LABELS,
        "today": date.today().isoformat(),
    }


def _log_page(request: Request, status_code: int = 200, **context: Any) -> Response:
    form = render("safety_log_form.html", request_lang(request), **context)
    return render_page(request, "safety_log.html", status_code=status_code, body=Markup(form))


@router.get("/safety/log", include_in_schema=False)
async def log_page(request: Request, user: Counsellor, session: SessionDep) -> Response:
    """Show the conversation form (made for a phone).

    The empty form shows the counsellor's track and organisations, and today's date: its blocks
    (or those of the "not linked" page) are kept per data version of every organisation (a
    counsellor serves several) and day, for this account alone; the counsellor record is looked
    up only when they are laid out.
    """
    lang = request_lang(request)

    def page() -> Blocks:
        try:
            context = _form_context(session, user)
        except GepError as error:
            return page_blocks("safety_not_linked.html", lang, message=error.render(lang))
        form = render_shared("safety_log_form.html", lang, form={}, **context)
        return page_blocks("safety_log.html", lang, body=form)

    key = ("page.safety.log", user.id, lang, date.today())
    return send_page(request, await cached_across_async(session, key, page))


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
                held_on=form_day(request, held_on, "Date"),
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
        return _log_page(
            request,
            status_code=error.http_status,
            csrf_token=ensure_csrf_token(request),
            form=form,
            error=error.render(request_lang(request)),
            **context,
        )
    flash(request, "Conversation recorded.")
    return RedirectResponse("/safety/mine", status_code=303)


@router.get("/safety/mine", include_in_schema=False)
async def mine_page(
    request: Request, user: Counsellor, session: SessionDep, year: YearQuery = None
) -> Response:
    """List the counsellor's own conversations."""
    lang = request_lang(request)

    def page(rows: list[Any]) -> Blocks:
        table = Markup(render("safety_mine_table.html", lang, rows=rows, labels=LABELS))
        return page_blocks("safety_mine.html", lang, table=table)

    actor = _actor(user)
    try:
        key, compute = service.own_list_view(session, actor, year, ("blocks", lang), page)
    except GepError as error:
        return render_page(request, "safety_not_linked.html", message=error.render(lang))
    blocks = await cached_across_async(session, key, compute)
    service.audit_own_list(session, actor)  # every read, after the last await
    return send_page(request, blocks)


# Where the conversation page's kept blocks take the note, decrypted for each read: markup that
# no escaped value can produce (as accounts.pages.CSRF_SLOT).
NOTE_SLOT = Markup("<note-slot/>")


@router.get("/safety/mine/{conversation_id}", include_in_schema=False)
async def conversation_page(
    request: Request,
    conversation_id: RecordId,
    user: Counsellor,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Show one of the counsellor's own conversations, with its note.

    The page's blocks are kept per data version for this account (as the conversation itself,
    service.own_conversation_view) with a slot for the note; the note is decrypted and put in
    on every read, never kept.
    """
    actor = _actor(user)
    lang = request_lang(request)
    key, lookup = service.own_conversation_view(session, actor, conversation_id)
    found = await cached_across_async(session, key, lookup)
    conversation, note = service.read_own_conversation(
        session, settings, actor, conversation_id, found
    )

    def page() -> Blocks:
        shown = NOTE_SLOT if note else ""
        return page_blocks(
            "safety_conversation.html", lang, c=conversation, note=shown, labels=LABELS
        )

    blocks = await cached_across_async(session, (*key, "blocks", lang, bool(note)), page)
    service.audit_conversation_read(session, actor, conversation)  # after the last await
    if note:
        text = str(escape(note))
        blocks = {name: Markup(str.replace(html, NOTE_SLOT, text)) for name, html in blocks.items()}
    return send_page(request, blocks)


def _chosen_year(session: Any, org: Organisation, year: int | None) -> int:
    return check_year(year) if year is not None else service.latest_year(session, org)


@router.get("/safety/totals", include_in_schema=False)
async def totals_page(
    request: Request,
    user: TotalsViewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    year: YearQuery = None,
    exact: bool = False,
) -> Response:
    """Show a year's totals as the annual report publishes them (default: latest with data).

    The page's blocks are laid out once per data version, day and everything else they show
    (year, language, exact, what the role may see); an exact view is audited on every read.
    """
    if year is not None:
        check_year(year)
    exact = check_exact(user, exact)
    lang = request_lang(request)
    may_exact = has_permission(user.role, "see_small_cells")
    # Only the register keepers see the (unsuppressed) count of overdue reports.
    sees_overdue = has_permission(user.role, "manage_safety_registers")
    today = date.today()

    def page() -> tuple[int, Blocks]:
        chosen = _chosen_year(session, org, year)
        report = gather(session, org, chosen, lang, settings.min_cell, exact)
        overdue = registers.overdue_count(session, org, today) if sees_overdue else 0

        def cells(rows: list[list[Any]]) -> list[list[str]]:
            return [[html_cell(c, lang, report.min_cell) for c in row] for row in rows]

        body = render(
            "safety_totals_body.html",
            lang,
            year=chosen,
            report=report,
            exact=report.exact,
            may_exact=may_exact,
            figures=cells(figure_rows(report, lang)),
            themes=cells(theme_rows(report, lang)),
            reports=cells(report.reports),
            overdue=overdue,
        )
        return chosen, page_blocks("safety_totals.html", lang, year=chosen, body=Markup(body))

    key = ("page.safety.totals", year, lang, settings.min_cell, exact, may_exact, sees_overdue)
    chosen, blocks = await cached_async(session, org, (*key, today), page)
    if exact:  # every read, after the last await
        record_exact_view(session, user, org, "safety/totals", f"year {chosen}")
    return send_page(request, blocks)


@router.get("/safety/report", include_in_schema=False)
def report_download(
    request: Request,
    user: TotalsViewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    year: YearQuery = None,
    format: str = "pdf",  # noqa: A002
    exact: bool = False,
) -> Response:
    """Download the annual report (pdf, html, xlsx) or its infographic (png, svg)."""
    chosen = _chosen_year(session, org, year)
    exact = check_exact(user, exact)
    lang = request_lang(request)
    if format in ("png", "svg"):
        from gepmonitor.safety.infographic import render_infographic

        report = gather(session, org, chosen, lang, settings.min_cell, exact)
        data = render_infographic(report, lang, format)
    else:
        fmt = parse_format(format, REPORT_FORMATS)
        data = build_integrity_report(session, settings, org, chosen, lang, fmt, exact)
    return export_response(
        session, user, org, data, f"integriteit-{org.slug}-{chosen}.{format}", exact=exact
    )


# After the pages above, so the routes keep their order (registers last).
router.include_router(registers_router)
