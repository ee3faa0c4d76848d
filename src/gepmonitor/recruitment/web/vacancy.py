"""The selection register of one vacancy for HR (the rules live in the services).

Intake competences, committee, candidates, decision, appointment, the NVP checklist and text
checks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from gepmonitor.accounts.deps import OrgDep, RecordId, SessionDep, SettingsDep, clock, render_page
from gepmonitor.accounts.models import User
from gepmonitor.accounts.pages import flash, render_shared, request_lang
from gepmonitor.accounts.shared import Blocks, cached_async, page_blocks, send_page
from gepmonitor.core.config import Settings
from gepmonitor.core.errors import GepError, InputError
from gepmonitor.core.i18n import N_
from gepmonitor.core.models import Organisation
from gepmonitor.recruitment import checklist, scoring, selection, service
from gepmonitor.recruitment.api import Manager
from gepmonitor.recruitment.checklist import STEPS, Retention
from gepmonitor.recruitment.dossier import (
    FileData,
    VacancyFile,
    VacancyNote,
    audit_file,
    file_data,
    vacancy_file,
)
from gepmonitor.recruitment.models import Vacancy
from gepmonitor.recruitment.outcomes import stage_label
from gepmonitor.recruitment.selection import KINDS, MANUAL_STAGES, ROLES, CompetenceInput
from gepmonitor.recruitment.tables import category_label
from gepmonitor.recruitment.textcheck.check import check_text
from gepmonitor.recruitment.textcheck.readers import read_document
from gepmonitor.recruitment.web.fragments import fresh_body
from gepmonitor.recruitment.web.register import MAX_UPLOAD, _parse_day

router = APIRouter()
Text = Annotated[str, Form()]


def _context(
    file: VacancyFile,
    lang: str,
    threshold: int,
    error: str = "",
    form: dict[str, str] | None = None,
) -> dict[str, object]:
    """Return what the page's body shows of the file (and of a form with a problem)."""
    return {
        "file": file,
        "error": error,
        "form": form or {},
        "stages": MANUAL_STAGES,
        "roles": ROLES,
        "kinds": KINDS,
        "steps": STEPS,
        "stage_label": lambda s: stage_label(s, lang),
        "category_label": lambda c: category_label(c, lang),
        "threshold": threshold,
        "competence_lines": "\n".join(f"{c.name}; {c.kind}; {c.weight}" for c in file.competences),
    }


def show(
    request: Request,
    session: Session,
    org: Organisation,
    settings: Settings,
    user: User,
    vacancy: Vacancy,
    *,
    error: str,
    status: int,
    form: dict[str, str] | None = None,
) -> Response:
    """Render the vacancy's selection page again with a form's problem (never kept)."""
    lang = request_lang(request)
    file = vacancy_file(
        session, org, vacancy, viewer=user.username, actor=user.username,
        today=clock(request).date(), retention=Retention.of(settings),
    )  # fmt: skip
    threshold = settings.recruitment_threshold_scale
    body = fresh_body(
        request, "recruitment_vacancy_body.html", **_context(file, lang, threshold, error, form)
    )
    return render_page(
        request, "recruitment_vacancy.html", status_code=status, file=file, body=body
    )


def act(
    request: Request,
    session: Session,
    org: Organisation,
    settings: Settings,
    user: User,
    vacancy_id: int,
    action: Callable[[Vacancy], object],
    done: str,
    form: dict[str, str] | None = None,
) -> Response:
    """Run a change; on success go back to the page with a message, else show the problem."""
    vacancy = service.get_vacancy(session, org, vacancy_id)
    try:
        action(vacancy)
    except GepError as error:
        session.rollback()
        vacancy = service.get_vacancy(session, org, vacancy_id)
        return show(
            request, session, org, settings, user, vacancy,
            error=error.render(request_lang(request)), status=error.http_status, form=form,
        )  # fmt: skip
    flash(request, done, reference=vacancy.reference)
    return RedirectResponse(f"/recruitment/{vacancy_id}", status_code=303)


@router.get("/recruitment/{vacancy_id}", include_in_schema=False)
async def vacancy_page(
    request: Request,
    vacancy_id: RecordId,
    user: Manager,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
) -> Response:
    """Show the vacancy's selection register (an audited read of candidate data).

    Laid out once per data version, viewer (a committee member sees a link to their
    scorecards), day, settings and language; the reads are audited on every view.
    """
    lang = request_lang(request)
    today = clock(request).date()
    retention, threshold = Retention.of(settings), settings.recruitment_threshold_scale

    def page() -> tuple[VacancyNote, FileData, Blocks]:
        vacancy = service.get_vacancy(session, org, vacancy_id)
        data = file_data(
            session, org, vacancy, viewer=user.username, today=today, retention=retention
        )
        file = VacancyFile(**vars(data), vacancy=vacancy)
        body = render_shared(
            "recruitment_vacancy_body.html", lang, **_context(file, lang, threshold)
        )
        blocks = page_blocks("recruitment_vacancy.html", lang, file=file, body=body)
        return VacancyNote.of(vacancy), data, blocks

    key = ("page.recruitment.vacancy", vacancy_id, user.username, today, retention, threshold, lang)
    vacancy, data, blocks = await cached_async(session, org, key, page)
    audit_file(session, org, vacancy, user.username, data)
    return send_page(request, blocks)


def parse_competences(text: str) -> list[CompetenceInput]:
    """Read 'name; hard|soft; weight' lines (kind and weight may be left out: soft, 1)."""
    items = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split(";")]
        if not parts[0]:
            continue
        kind = parts[1].lower() if len(parts) > 1 and parts[1] else "soft"
        weight = parts[2] if len(parts) > 2 and parts[2] else "1"
        if not weight.isdigit() or len(weight) > 2:
            raise InputError("Weight '{value}' is not a whole number.", value=weight)
        items.append(CompetenceInput(parts[0], kind, int(weight)))
    return items


@router.post("/recruitment/{vacancy_id}/competences", include_in_schema=False)
def set_competences(
    request: Request, vacancy_id: RecordId, user: Manager, session: SessionDep, org: OrgDep,
    settings: SettingsDep, competences: Text = "",
) -> Response:  # fmt: skip
    """Fix the intake's competences with their weights."""
    return act(
        request, session, org, settings, user, vacancy_id,
        lambda v: selection.set_competences(
            session, org, v, parse_competences(competences), actor=user.username
        ),
        N_("The competences of {reference} are saved."), {"competences": competences},
    )  # fmt: skip


@router.post("/recruitment/{vacancy_id}/committee", include_in_schema=False)
def add_member(
    request: Request, vacancy_id: RecordId, user: Manager, session: SessionDep, org: OrgDep,
    settings: SettingsDep, name: Text = "", role: Text = "", gender: Text = "",
    username: Text = "",
) -> Response:  # fmt: skip
    """Add a member to the selection committee."""
    return act(
        request, session, org, settings, user, vacancy_id,
        lambda v: selection.add_member(
            session, org, v, name=name, role=role, gender=gender, username=username,
            actor=user.username,
        ),
        N_("The committee of {reference} has a new member."),
        {"name": name, "username": username},
    )  # fmt: skip


@router.post("/recruitment/{vacancy_id}/candidates", include_in_schema=False)
def add_candidate(
    request: Request, vacancy_id: RecordId, user: Manager, session: SessionDep, org: OrgDep,
    settings: SettingsDep, code: Text = "", gender: Text = "", consent: Text = "",
) -> Response:  # fmt: skip
    """Register an applicant under a pseudonymous code."""
    return act(
        request, session, org, settings, user, vacancy_id,
        lambda v: selection.add_candidate(
            session, org, v, code=code, gender=gender, consent=bool(consent),
            actor=user.username,
        ),
        N_("Candidate added to {reference}."), {"code": code},
    )  # fmt: skip


@router.post("/recruitment/{vacancy_id}/candidates/{code}", include_in_schema=False)
def update_candidate(
    request: Request, vacancy_id: RecordId, code: str, user: Manager, session: SessionDep,
    org: OrgDep, settings: SettingsDep, stage: Text = "", suitable: Text = "",
    consent: Text = "",
) -> Response:  # fmt: skip
    """Record a candidate's stage, whether judged suitable and consent to be kept a year."""

    def change(vacancy: Vacancy) -> None:
        candidate = selection.get_candidate(session, vacancy, code)
        if stage and stage != candidate.stage:
            selection.set_stage(session, org, vacancy, code, stage, actor=user.username)
        if bool(suitable) != candidate.suitable:
            selection.set_suitable(session, org, vacancy, code, bool(suitable),
                                   actor=user.username)  # fmt: skip
        if bool(consent) != candidate.consent:
            selection.set_consent(session, org, vacancy, code, bool(consent),
                                  actor=user.username)  # fmt: skip

    return act(request, session, org, settings, user, vacancy_id, change,
               N_("Candidate of {reference} updated."))  # fmt: skip


@router.post("/recruitment/{vacancy_id}/decision", include_in_schema=False)
async def record_decision(
    request: Request, vacancy_id: RecordId, user: Manager, session: SessionDep, org: OrgDep,
    settings: SettingsDep,
) -> Response:  # fmt: skip
    """Record the chosen candidate with a reason per competence (fields reason-<id>)."""
    fields = await request.form()
    values = {k: v for k, v in fields.items() if isinstance(v, str)}

    def decide(vacancy: Vacancy) -> None:
        reasons = {
            c.name: values.get(f"reason-{c.id}", "")
            for c in selection.list_competences(session, vacancy)
        }
        scoring.record_decision(
            session, org, vacancy, values.get("candidate", ""),
            _parse_day(values.get("decided_on", ""), "decided_on"), reasons,
            actor=user.username,
        )  # fmt: skip

    return act(request, session, org, settings, user, vacancy_id, decide,
               N_("The decision on {reference} is recorded."), values)  # fmt: skip


@router.post("/recruitment/{vacancy_id}/appoint-candidate", include_in_schema=False)
def appoint_candidate(
    request: Request, vacancy_id: RecordId, user: Manager, session: SessionDep, org: OrgDep,
    settings: SettingsDep, candidate: Text = "", appointed_on: Text = "",
    explanation: Text = "", approver: Text = "",
) -> Response:  # fmt: skip
    """Appoint the chosen candidate (comply or explain applies; the procedure ends)."""
    return act(
        request, session, org, settings, user, vacancy_id,
        lambda v: scoring.appoint_candidate(
            session, org, v, candidate, _parse_day(appointed_on, "appointed_on"),
            threshold=settings.recruitment_threshold_scale, actor=user.username,
            explanation=explanation, approver=approver,
        ),
        N_("Appointment to {reference} recorded."),
        {"explanation": explanation, "approver": approver, "appointed_on": appointed_on},
    )  # fmt: skip


@router.post("/recruitment/{vacancy_id}/end", include_in_schema=False)
def end_procedure(
    request: Request, vacancy_id: RecordId, user: Manager, session: SessionDep, org: OrgDep,
    settings: SettingsDep, ended_on: Text = "",
) -> Response:  # fmt: skip
    """Close the procedure without an appointment."""
    return act(
        request, session, org, settings, user, vacancy_id,
        lambda v: selection.end_procedure(
            session, org, v, _parse_day(ended_on, "ended_on"), actor=user.username
        ),
        N_("The procedure of {reference} has ended."),
    )  # fmt: skip


@router.post("/recruitment/{vacancy_id}/checklist", include_in_schema=False)
def mark_step(
    request: Request, vacancy_id: RecordId, user: Manager, session: SessionDep, org: OrgDep,
    settings: SettingsDep, step: Text = "", done_on: Text = "",
) -> Response:  # fmt: skip
    """Record the day a step of the NVP code was done."""
    return act(
        request, session, org, settings, user, vacancy_id,
        lambda v: checklist.mark_step(
            session, org, v, step, _parse_day(done_on, "done_on"), actor=user.username
        ),
        N_("Checklist of {reference} updated."),
    )  # fmt: skip


@router.post("/recruitment/{vacancy_id}/text-check", include_in_schema=False)
async def text_check(
    request: Request, vacancy_id: RecordId, user: Manager, session: SessionDep, org: OrgDep,
    settings: SettingsDep, text: Text = "", lang: Text = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:  # fmt: skip
    """Check the vacancy's text and keep the outcome (not the text) in its history."""
    data: bytes | None = None
    name = file.filename if file is not None and file.filename else ""
    if file is not None and name:
        data = await file.read(MAX_UPLOAD + 1)

    def check(vacancy: Vacancy) -> None:
        body = text
        if data is not None:
            if len(data) > MAX_UPLOAD:
                raise InputError("The file is larger than 10 MB.")
            body = read_document(data, name)
        if not body.strip():
            raise InputError("Paste a text or choose a file.")
        checklist.record_text_check(session, org, vacancy, check_text(body, lang or None),
                                    actor=user.username)  # fmt: skip

    done = N_("The text of {reference} is checked; the outcome is in its history.")
    return act(request, session, org, settings, user, vacancy_id, check, done)
