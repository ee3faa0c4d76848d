"""A vacancy's selection file as pages, the API and the command line show it (one read)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from gepmonitor.core.models import Organisation
from gepmonitor.recruitment.checklist import Retention, StepStatus, checklist, text_checks
from gepmonitor.recruitment.models import (
    Appointment,
    Candidate,
    CommitteeMember,
    Competence,
    TextCheck,
    Vacancy,
)
from gepmonitor.recruitment.scoring import (
    DecisionView,
    ScoreSheet,
    get_decision,
    score_overview,
)
from gepmonitor.recruitment.selection import (
    committee_warning,
    list_candidates,
    list_competences,
    list_members,
)


@dataclass
class VacancyFile:
    """Everything of one vacancy's selection procedure that the viewer may see."""

    vacancy: Vacancy
    appointment: Appointment | None
    competences: list[Competence]
    members: list[CommitteeMember]
    one_gender: str | None  # the committee's only gender, when it is all one gender
    candidates: list[Candidate]
    sheets: dict[str, ScoreSheet]
    decision: DecisionView | None
    steps: list[StepStatus]
    checks: list[TextCheck]
    viewer_is_member: bool


def vacancy_file(
    session: Session,
    org: Organisation,
    vacancy: Vacancy,
    *,
    viewer: str,
    actor: str,
    today: date,
    retention: Retention,
) -> VacancyFile:
    """Return the vacancy's selection file for whoever runs the procedure (audited reads)."""
    members = list_members(session, vacancy)
    return VacancyFile(
        vacancy=vacancy,
        appointment=session.scalar(select(Appointment).where(Appointment.vacancy_id == vacancy.id)),
        competences=list_competences(session, vacancy),
        members=members,
        one_gender=committee_warning([m.gender for m in members]),
        candidates=list_candidates(session, org, vacancy, actor=actor),
        sheets=score_overview(session, org, vacancy, viewer=viewer, actor=actor, manager=True),
        decision=get_decision(session, org, vacancy, actor=actor),
        steps=checklist(session, org, vacancy, today, retention),
        checks=text_checks(session, org, vacancy),
        viewer_is_member=any(viewer and m.username == viewer for m in members),
    )


def member_vacancies(session: Session, org: Organisation, username: str) -> list[Vacancy]:
    """Return the open procedures on whose committee the user sits, newest first."""
    if not username:
        return []
    return list(
        session.scalars(
            select(Vacancy)
            .join(CommitteeMember, CommitteeMember.vacancy_id == Vacancy.id)
            .where(
                Vacancy.org_id == org.id,
                CommitteeMember.username == username,
                Vacancy.procedure_ended.is_(None),
            )
            .order_by(Vacancy.opened.desc(), Vacancy.id.desc())
        )
    )


def interviewed(session: Session, vacancy: Vacancy) -> list[Candidate]:
    """Return the candidates who reached the interview (the ones a member scores)."""
    return [
        c
        for c in session.scalars(
            select(Candidate).where(Candidate.vacancy_id == vacancy.id).order_by(Candidate.code)
        )
        if c.stage in ("interviewed", "offer", "appointed")
    ]
