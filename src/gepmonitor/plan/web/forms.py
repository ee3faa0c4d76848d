"""Forms of the plan page: goals, measures (add and update), events, attendance, signal links.

Every form redirects back to the page it came from with one message: saved, or what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from gepmonitor.accounts.deps import OrgDep, SessionDep, SettingsDep, require
from gepmonitor.accounts.models import User
from gepmonitor.accounts.pages import flash, request_lang
from gepmonitor.core.errors import GepError, InputError
from gepmonitor.core.parsing import is_whole
from gepmonitor.plan import service
from gepmonitor.plan.events import attendee_numbers

router = APIRouter()
Manager = Annotated[User, Depends(require("manage_plan"))]
MAX_LIST = 5 * 1024 * 1024


def number(text: str, field: str) -> float | None:
    """Return the form field as a number (decimal comma allowed), None when empty."""
    if not text.strip():
        return None
    try:
        return float(text.strip().replace(",", "."))
    except ValueError as error:
        raise InputError(
            "Field '{field}': '{value}' is not a valid number.", field=field, value=text
        ) from error


def year(text: str, field: str) -> int:
    """Return the form field as a year."""
    if not is_whole(text.strip()) or not 1900 <= int(text) <= 2200:
        raise InputError(
            "Field '{field}': '{value}' is not a valid number.", field=field, value=text
        )
    return int(text)


def _outcome(
    request: Request, session: Session, action: Callable[[], object], back: str = "/plan"
) -> Response:
    """Run the form's action; flash 'saved' or the one-line problem and go back."""
    try:
        action()
    except GepError as error:
        session.rollback()
        flash(
            request, "Not saved: {message}", error=True, message=error.render(request_lang(request))
        )
        return RedirectResponse(back, status_code=303)
    flash(request, "Saved.")
    return RedirectResponse(back, status_code=303)


@router.post("/plan/measure", include_in_schema=False)
def plan_measure(
    request: Request,
    user: Manager,
    session: SessionDep,
    org: OrgDep,
    goal: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    owner: Annotated[str, Form()] = "",
    start: Annotated[str, Form()] = "",
    end: Annotated[str, Form()] = "",
    kpi: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "manual",
    target: Annotated[str, Form()] = "",
) -> Response:
    """Add a measure."""

    def add() -> None:
        service.ensure_default_goals(session, org)
        service.add_measure(
            session,
            org,
            goal,
            title,
            start_year=year(start, "start"),
            end_year=year(end, "end"),
            actor=user.username,
            owner=owner,
            kpi=kpi,
            kpi_kind=kind,
            kpi_target=number(target, "target"),
        )

    return _outcome(request, session, add)


@router.post("/plan/measure/update", include_in_schema=False)
def plan_measure_update(
    request: Request,
    user: Manager,
    session: SessionDep,
    org: OrgDep,
    measure: Annotated[str, Form()] = "",
    status: Annotated[str, Form()] = "",
    measured: Annotated[str, Form()] = "",
    target: Annotated[str, Form()] = "",
    evidence: Annotated[str, Form()] = "",
) -> Response:
    """Change a measure's status, measured value, target or evidence (empty fields stay)."""

    def update() -> None:
        if not is_whole(measure):
            raise InputError("Choose a measure.")
        service.update_measure(
            session,
            org,
            int(measure),
            user.username,
            status=status or None,
            kpi_measured=number(measured, "measured"),
            kpi_target=number(target, "target"),
            evidence=evidence if evidence.strip() else None,
        )

    return _outcome(request, session, update)


@router.post("/plan/goal", include_in_schema=False)
def plan_goal(
    request: Request,
    user: Manager,
    session: SessionDep,
    org: OrgDep,
    code: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    title_en: Annotated[str, Form()] = "",
) -> Response:
    """Create or rename a goal."""
    return _outcome(
        request,
        session,
        lambda: service.save_goal(session, org, code.strip(), title, title_en, user.username),
    )


@router.post("/plan/event", include_in_schema=False)
def plan_event(
    request: Request,
    user: Manager,
    session: SessionDep,
    org: OrgDep,
    title: Annotated[str, Form()] = "",
    held_on: Annotated[str, Form()] = "",
    wide: Annotated[str, Form()] = "",
    attendees: Annotated[str, Form()] = "",
    measure: Annotated[str, Form()] = "",
) -> Response:
    """Register an event with its attendance count."""

    def add() -> None:
        try:
            day = date.fromisoformat(held_on)
        except ValueError as error:
            raise InputError(
                "{option} '{value}' is not a date; use YYYY-MM-DD.", option="date", value=held_on
            ) from error
        count = attendees.strip() or "0"
        if measure.strip() and not is_whole(measure.strip()):  # never dropped in silence
            raise InputError(
                "Field '{field}': '{value}' is not a valid number.", field="measure", value=measure
            )
        if not is_whole(count):
            raise InputError(
                "Field '{field}': '{value}' is not a valid number.",
                field="attendees",
                value=attendees,
            )
        service.add_event(
            session,
            org,
            title,
            day,
            actor=user.username,
            organisation_wide=bool(wide),
            attendees=int(count),
            measure_id=int(measure) if measure.strip() else None,
        )

    return _outcome(request, session, add)


@router.post("/plan/attendance", include_in_schema=False)
async def plan_attendance(
    request: Request,
    user: Manager,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    event: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Add an event's attendee list (personnel numbers, stored as pseudonyms)."""
    data = await file.read(MAX_LIST + 1) if file is not None and file.filename else b""

    def add() -> None:
        if not is_whole(event) or not data:
            raise InputError("Choose an event and a CSV file of personnel numbers.")
        if len(data) > MAX_LIST:
            raise InputError("The file is larger than 10 MB.")
        service.add_attendees(
            session,
            org,
            int(event),
            attendee_numbers(data, Path(file.filename or "").name if file else ""),
            settings.resolved_secret_key(),
            user.username,
        )

    return _outcome(request, session, add)


@router.post("/plan/link", include_in_schema=False)
def plan_link(
    request: Request,
    user: Manager,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    signal: Annotated[str, Form()] = "",
    measure: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "/survey",
) -> Response:
    """Link a survey signal to a measure."""

    def link() -> None:
        if not is_whole(measure) or not signal.strip():
            raise InputError("Choose a signal and a measure.")
        service.link_signal(
            session, org, signal.strip(), int(measure), user.username, settings.survey_min_group
        )

    return _outcome(request, session, link, "/plan" if back == "/plan" else "/survey")
