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
from gepmonitor.accounts.pages import flash, request_lang
from gepmonitor.accounts.roles import Permission
from gepmonitor.core.errors import GepError, InputError
from gepmonitor.core.models import Organisation
from gepmonitor.recruitment import scoring, service
from gepmonitor.recruitment.dossier import member_sheets, member_vacancies
from gepmonitor.recruitment.models import Vacancy
from gepmonitor.recruitment.selection import list_competences
from gepmonitor.recruitment.web.fragments import cached_body

router = APIRouter()
Scorer = Annotated[User, Depends(require(Permission.SCORE_CANDIDATES))]


@router.get("/recruitment/scoring", include_in_schema=False)
def my_committees(request: Request, user: Scorer, session: SessionDep, org: OrgDep) -> Response:
    """List the open procedures on whose committee the user sits."""
    return render_page(
        request, "recruitment_scoring.html", vacancies=member_vacancies(session, org, user.username)
    )


def _page(
    request: Request,
    session: Session,
    org: Organisation,
    user: User,
    vacancy: Vacancy,
    *,
    error: str = "",
    status: int = 200,
) -> Response:
    view = member_sheets(session, org, vacancy, username=user.username, actor=user.username)

    def context() -> dict[str, object]:
        return {
            "vacancy": vacancy,
            "sheets": view.sheets,
            "competences": view.competences,
            "error": error,
        }

    # What a member sees depends on who they are: the member names the cached body.
    body = cached_body(
        request, session, org, "recruitment_score_body.html", (vacancy.id, user.username),
        context, keep=not error,
    )  # fmt: skip
    return render_page(
        request, "recruitment_score.html", status_code=status, vacancy=vacancy, body=body
    )


@router.get("/recruitment/{vacancy_id}/score", include_in_schema=False)
def score_page(
    request: Request, vacancy_id: RecordId, user: Scorer, session: SessionDep, org: OrgDep
) -> Response:
    """Show the member's scorecards, and the others' of a candidate once their own is in."""
    return _page(request, session, org, user, service.get_vacancy(session, org, vacancy_id))


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
