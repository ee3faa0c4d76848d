"""The registers page for hr: counsellors, reports and complaints, incidents, oaths, trainings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from gepmonitor.accounts.deps import OrgDep, SessionDep, YearQuery, require
from gepmonitor.accounts.models import User
from gepmonitor.accounts.pages import flash, render_shared, request_lang
from gepmonitor.accounts.shared import Blocks, cached_across_async, page_blocks, send_page
from gepmonitor.core.errors import GepError, InputError
from gepmonitor.core.i18n import gettext
from gepmonitor.core.orgs import get_org, list_orgs
from gepmonitor.core.parsing import is_whole
from gepmonitor.safety import registers, service
from gepmonitor.safety.vocab import (
    GENDERS,
    INCIDENT_KINDS,
    KINDS,
    LABELS,
    REPORT_SOURCES,
    THEMES,
    TRACKS,
    parse_day,
)

router = APIRouter()
RegisterKeeper = Annotated[User, Depends(require("manage_safety_registers"))]


def form_day(request: Request, text: str, label: str) -> date:
    """Return the date typed in a form field; an error names the field by its label."""
    return parse_day(text, gettext(label, request_lang(request)))


PER_PAGE = 25


@dataclass(frozen=True)
class Pages:
    """One page of a register's rows and the links to the pages around it."""

    rows: list[Any]
    page: int
    pages: int
    total: int
    previous: str
    next: str


def _one_page(rows: list[Any], page: int, query: dict[str, str], anchor: str) -> Pages:
    pages = max(1, -(-len(rows) // PER_PAGE))
    page = min(max(page, 1), pages)

    def link(number: int) -> str:
        chosen = {key: value for key, value in query.items() if value}
        return f"/safety/registers?{urlencode({**chosen, 'page': number})}#{anchor}"

    return Pages(
        rows=rows[(page - 1) * PER_PAGE : page * PER_PAGE],
        page=page,
        pages=pages,
        total=len(rows),
        previous=link(page - 1) if page > 1 else "",
        next=link(page + 1) if page < pages else "",
    )


def _year(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise InputError("'{value}' is not a year.", value=text[:20])
    return int(text)


@router.get("/safety/registers", include_in_schema=False)
async def registers_page(
    request: Request,
    user: RegisterKeeper,
    session: SessionDep,
    org: OrgDep,
    error: str | None = None,
    year: YearQuery = None,
    status: Annotated[str, Query(max_length=40)] = "",
    track: Annotated[str, Query(max_length=40)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """Show the registers; reports by year, status and track, a page at a time."""
    lang = request_lang(request)
    today = date.today()
    query = {"year": "" if year is None else str(year), "status": status, "track": track}

    def laid_out() -> Blocks:
        reports = registers.list_reports(
            session, org, year, status=status or None, track=track or None
        )
        body = render_shared(
            "safety_registers_body.html",
            lang,
            reports=_one_page(reports, page, query, "reports"),
            filters=query,
            years=registers.register_years(session, org),
            statuses=tuple(registers.NEXT_STATUSES),
            overdue={r.id for r in registers.overdue_reports(session, org, today)},
            incidents=registers.list_incidents(session, org, year),
            counsellors=service.counsellors_serving(session, org),
            period_text=service.period_text,
            partner_orgs=[o for o in list_orgs(session) if o.id != org.id],
            tracks=TRACKS,
            themes=THEMES,
            sources=REPORT_SOURCES,
            kinds=INCIDENT_KINDS,
            counsellor_kinds=KINDS,
            genders=GENDERS,
            labels=LABELS,
            today=today.isoformat(),
            next_statuses=registers.NEXT_STATUSES,
        )
        return page_blocks("safety_registers.html", lang, body=body)

    # The same for every register keeper of the organisation: rendered once per data version,
    # filter, page, language and day (deadlines fall due by the day). It names the other
    # organisations (the partners a counsellor serves), so it is kept per version of every
    # organisation's data: a new or renamed one shows at once.
    key = ("page.safety.registers", org.id, year, status, track, page, lang, today)
    blocks = await cached_across_async(session, key, laid_out)
    # Every read is audited, after the last await (see registers.record_register_read).
    registers.record_register_read(session, org, user.username, "reports and incidents", year)
    return send_page(request, blocks)


def _register_action(request: Request, action: Callable[[], Any], session: Any) -> Response:
    try:
        action()
    except GepError as error:
        session.rollback()
        flash(
            request, "Not saved: {message}", error=True, message=error.render(request_lang(request))
        )
        return RedirectResponse("/safety/registers", status_code=303)
    flash(request, "Saved.")
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
            received_on=form_day(request, received_on, "Received"),
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
    """Move a report to its next status, with its outcome and measures."""
    return _register_action(
        request,
        lambda: registers.advance_report(
            session,
            org,
            reference,
            status,
            form_day(request, on, "Date"),
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
    follow_up: Annotated[str, Form()] = "",
) -> Response:
    """Register aggression or violence by the public."""
    return _register_action(
        request,
        lambda: registers.add_incident(
            session,
            org,
            occurred_on=form_day(request, occurred_on, "Date"),
            kind=kind,
            unit=unit,
            police_report=bool(police),
            follow_up=follow_up,
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
    serves: Annotated[list[str] | None, Form()] = None,
    active_from: Annotated[str, Form()] = "",
    username: Annotated[str, Form()] = "",
) -> Response:
    """Register a counsellor, linked to a web account when a user name is given."""
    from gepmonitor.accounts.service import get_user

    def action() -> None:
        name = username.strip()
        account = get_user(session, name) if name else None
        if name:
            service.check_counsellor_account(name, account.role if account else None)
        service.add_counsellor(
            session,
            org,
            code,
            track,
            actor=user.username,
            kind=kind,
            gender=gender,
            serves=[get_org(session, slug) for slug in serves or []],
            user_id=account.id if account else None,
            active_from=form_day(request, active_from, "Serving from")
            if active_from.strip()
            else date.today(),
        )

    return _register_action(request, action, session)


@router.post("/safety/registers/counsellor/{code}/stop", include_in_schema=False)
def register_counsellor_stop(
    request: Request,
    code: str,
    user: RegisterKeeper,
    session: SessionDep,
    org: OrgDep,
    until: Annotated[str, Form()] = "",
) -> Response:
    """End a counsellor's service on a date."""
    return _register_action(
        request,
        lambda: service.deactivate_counsellor(
            session,
            org,
            code,
            form_day(request, until, "Stopped as of"),
            actor=user.username,
        ),
        session,
    )


def _whole_number(text: str) -> int:
    if not is_whole(text.strip()):
        raise InputError("expected a whole number of 0 or more")
    return int(text)


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
    return _register_action(
        request,
        lambda: registers.set_oaths(
            session, org, _whole_number(year), _whole_number(count), user.username
        ),
        session,
    )


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
        counts = [_whole_number(c or "0") for c in (men, women, other)]
        registers.add_training(
            session,
            org,
            title=title,
            held_on=form_day(request, held_on, "date"),
            kind=kind,
            attendees=(counts[0], counts[1], counts[2]),
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
    return _register_action(
        request,
        lambda: registers.set_text(
            session, org, _whole_number(year), section, lang, body, user.username
        ),
        session,
    )
