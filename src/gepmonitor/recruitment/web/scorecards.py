"""The committee member's pages: their committees and their STARR scorecards.

Scorecards are entered independently: the service withholds the others' scores until one's
own is submitted.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from gepmonitor.accounts.deps import OrgDep, RecordId, SessionDep, render_page, require
from gepmonitor.accounts.models import User
from gepmonitor.accounts.pages import flash, render_shared, request_lang
from gepmonitor.accounts.shared import Blocks, cached_async, page_blocks, send_page
from gepmonitor.core.errors import GepError, InputError
from gepmonitor.core.models import Organisation
from gepmonitor.recruitment import scoring, service
from gepmonitor.recruitment.dossier import (
    MemberSheets,
    VacancyNote,
    audit_member_view,
    member_sheets,
    member_vacancies,
    member_view,
)
from gepmonitor.recruitment.models import Vacancy
from gepmonitor.recruitment.selection import list_competences
from gepmonitor.recruitment.web.fragments import fresh_body

router = APIRouter()
Scorer = Annotated[User, Depends(require("score_candidates"))]


@router.get("/recruitment/scoring", include_in_schema=False)
async def my_committees(
    request: Request, user: Scorer, session: SessionDep, org: OrgDep
) -> Response:
    """List the open procedures on whose committee the user sits.

    Laid out once per data version, member and language.
    """
    lang = request_lang(request)

    def page() -> Blocks:
        vacancies = member_vacancies(session, org, user.username)
        return page_blocks("recruitment_scoring.html", lang, vacancies=vacancies)

    key = ("page.recruitment.scoring", user.username, lang)
    return send_page(request, await cached_async(session, org, key, page))


def _context(vacancy: Vacancy, view: MemberSheets, error: str = "") -> dict[str, object]:
    return {
        "vacancy": vacancy,
        "sheets": view.sheets,
        "competences": view.competences,
        "error": error,
    }


def _page(
    request: Request,
    session: Session,
    org: Organisation,
    user: User,
    vacancy: Vacancy,
    *,
    error: str,
    status: int,
) -> Response:
    """Render the member's page again with the problem of their scorecard (never kept)."""
    view = member_sheets(session, org, vacancy, username=user.username, actor=user.username)
    body = fresh_body(request, "recruitment_score_body.html", **_context(vacancy, view, error))
    return render_page(
        request, "recruitment_score.html", status_code=status, vacancy=vacancy, body=body
    )


@router.get("/recruitment/{vacancy_id}/score", include_in_schema=False)
async def score_page(
    request: Request, vacancy_id: RecordId, user: Scorer, session: SessionDep, org: OrgDep
) -> Response:
    """Show the member's scorecards, and the others' of a candidate once their own is in.

    What a member sees depends on who they are: the page is laid out once per data version,
    member and language, and each sheet's read is audited on every view.
    """
    lang = request_lang(request)

    def page() -> tuple[VacancyNote, MemberSheets, Blocks]:
        vacancy = service.get_vacancy(session, org, vacancy_id)
        view = member_view(session, org, vacancy, username=user.username)
        body = render_shared("recruitment_score_body.html", lang, **_context(vacancy, view))
        blocks = page_blocks("recruitment_score.html", lang, vacancy=vacancy, body=body)
        return VacancyNote.of(vacancy), view, blocks

    key = ("page.recruitment.score", vacancy_id, user.username, lang)
    vacancy, view, blocks = await cached_async(session, org, key, page)
    audit_member_view(session, org, vacancy, user.username, view)
    return send_page(request, blocks)


@router.post("/recruitment/{vacancy_id}/score/{code}", include_in_schema=False)
async def submit(
    request: Request,
    vacancy_id: RecordId,
    code: str,
    user: Scorer,
    session: SessionDep,
    org: OrgDep,
) -> Response:
    """Submit the member's scorecard of one candidate (final once submitted)."""
    vacancy = service.get_vacancy(session, org, vacancy_id)
    member = scoring.find_member(session, vacancy, user.username)
    fields = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        scores = {}
        for competence in list_competences(session, vacancy):
            value = fields.get(f"score-{competence.id}", "").strip()
            if not value.isdigit() or len(value) > 1:
                raise InputError("Give '{name}' a score from 1 to 5.", name=competence.name)
            scores[competence.name] = (int(value), fields.get(f"evidence-{competence.id}", ""))
        scoring.submit_scorecard(session, org, vacancy, code, member, scores, actor=user.username)
    except GepError as error:
        session.rollback()
        vacancy = service.get_vacancy(session, org, vacancy_id)
        message = error.render(request_lang(request))
        return _page(request, session, org, user, vacancy, error=message,
                     status=error.http_status)  # fmt: skip
    flash(request, "Your scorecard of {code} is submitted.", code=code)
    return RedirectResponse(f"/recruitment/{vacancy_id}/score", status_code=303)
