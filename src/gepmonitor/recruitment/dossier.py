"""A vacancy's selection file as pages, the API and the command line show it (one read).

The file is computed once per data version (core.cache) for each viewer and day, as plain data;
the audit entries of the read are written on every request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gepmonitor.core.cache import cached
from gepmonitor.core.models import Organisation
from gepmonitor.recruitment.checklist import Retention, StepStatus, checklist, text_checks
from gepmonitor.recruitment.models import (
    Appointment,
    Candidate,
    CommitteeMember,
    Vacancy,
)
from gepmonitor.recruitment.scoring import (
    CompetenceRow,
    DecisionView,
    ScoreSheet,
    _viewer,
    audit_decision,
    audit_overview,
    audit_sheet,
    decision_of,
    find_member,
    sheets_of,
)
from gepmonitor.recruitment.selection import (
    Named,
    PlainRow,
    _candidates,
    _own,
    audit_candidates,
    committee_warning,
    list_competences,
    list_members,
)


@dataclass(frozen=True)
class AppointmentRow(PlainRow):
    """The appointment made to the vacancy."""

    gender: str
    appointed_on: date


@dataclass(frozen=True)
class MemberRow(PlainRow):
    """A member of the selection committee."""

    id: int
    name: str
    role: str
    gender: str
    username: str


@dataclass(frozen=True)
class CandidateRow(PlainRow):
    """A candidate under their pseudonymous code."""

    id: int
    code: str
    gender: str
    stage: str
    suitable: bool
    consent: bool


@dataclass(frozen=True)
class TextCheckRow(PlainRow):
    """The outcome of one check of the vacancy's text."""

    checked_at: datetime
    category: str
    masculine: int
    feminine: int
    exclusions: int
    level: str


@dataclass(frozen=True)
class VacancyNote(PlainRow):
    """A vacancy as a kept page names it in its audit entries (shared: never an ORM object)."""

    id: int
    reference: str


@dataclass(frozen=True)
class FileData:
    """The selection file's records as plain data (shared between requests: never changed)."""

    appointment: AppointmentRow | None
    competences: list[CompetenceRow]
    members: list[MemberRow]
    one_gender: str | None  # the committee's only gender, when it is all one gender
    candidates: list[CandidateRow]
    sheets: dict[str, ScoreSheet]
    decision: DecisionView | None
    steps: list[StepStatus]
    checks: list[TextCheckRow]
    viewer_is_member: bool


@dataclass(frozen=True)
class VacancyFile(FileData):
    """Everything of one vacancy's selection procedure that the viewer may see."""

    vacancy: Vacancy


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
    data = file_data(session, org, vacancy, viewer=viewer, today=today, retention=retention)
    audit_file(session, org, vacancy, actor, data)
    return VacancyFile(**vars(data), vacancy=vacancy)


def file_data(
    session: Session,
    org: Organisation,
    vacancy: Vacancy,
    *,
    viewer: str,
    today: date,
    retention: Retention,
) -> FileData:
    """Return the vacancy's selection file as plain data, once per data version, viewer and day.

    Not audited: whoever shows it calls audit_file on every view.
    """
    _own(org, vacancy)

    def compute() -> FileData:
        members = list_members(session, vacancy)
        membership = next((m for m in members if viewer and m.username == viewer), None)
        candidates = _candidates(session, vacancy)
        sheets = sheets_of(session, vacancy, candidates, members, membership)
        query = select(Appointment).where(Appointment.vacancy_id == vacancy.id)
        appointment = session.scalar(query)
        return FileData(
            appointment=AppointmentRow.of(appointment) if appointment else None,
            competences=next(iter(sheets.values())).competences
            if sheets
            else [CompetenceRow.of(c) for c in list_competences(session, vacancy)],
            members=[MemberRow.of(m) for m in members],
            one_gender=committee_warning([m.gender for m in members]),
            candidates=[CandidateRow.of(c) for c in candidates],
            sheets=sheets,
            decision=decision_of(session, vacancy),
            steps=checklist(session, org, vacancy, today, retention),
            checks=[TextCheckRow.of(t) for t in text_checks(session, org, vacancy)],
            viewer_is_member=membership is not None,
        )

    return cached(
        session, org, ("recruitment.vacancy_file", vacancy.id, viewer, today, retention), compute
    )


def audit_file(
    session: Session, org: Organisation, vacancy: Named, actor: str, data: FileData
) -> None:
    """Audit a view of the file: the reads of candidate data, as the audited services write them."""
    audit_candidates(session, org, vacancy, actor, len(data.candidates))
    audit_overview(session, org, vacancy, actor, len(data.sheets))
    if data.decision is not None:
        audit_decision(session, org, vacancy, actor)


@dataclass(frozen=True)
class CommitteeVacancy(PlainRow):
    """An open procedure on whose committee a user sits."""

    id: int
    reference: str
    title: str


def member_vacancies(session: Session, org: Organisation, username: str) -> list[CommitteeVacancy]:
    """Return the open procedures on whose committee the user sits, newest first."""
    if not username:
        return []

    def compute() -> list[CommitteeVacancy]:
        query = (
            select(Vacancy)
            .join(CommitteeMember, CommitteeMember.vacancy_id == Vacancy.id)
            .where(
                Vacancy.org_id == org.id,
                CommitteeMember.username == username,
                Vacancy.procedure_ended.is_(None),
            )
            .order_by(Vacancy.opened.desc(), Vacancy.id.desc())
        )
        return [CommitteeVacancy.of(v) for v in session.scalars(query)]

    return cached(session, org, ("recruitment.member_vacancies", username), compute)


def interviewed(session: Session, vacancy: Vacancy) -> list[Candidate]:
    """Return the candidates who reached the interview (the ones a member scores)."""
    return [
        c
        for c in session.scalars(
            select(Candidate).where(Candidate.vacancy_id == vacancy.id).order_by(Candidate.code)
        )
        if c.stage in ("interviewed", "offer", "appointed")
    ]


@dataclass(frozen=True)
class MemberSheets:
    """What a member's scoring page shows: competences, score sheets (shared: never changed)."""

    competences: list[CompetenceRow]
    sheets: list[ScoreSheet]


def member_sheets(
    session: Session, org: Organisation, vacancy: Vacancy, *, username: str, actor: str
) -> MemberSheets:
    """Return the score sheets of the interviewed candidates as the member may see them.

    A 404 (NotFoundError) for someone not on the committee. Computed once per data version for
    each member (what one member sees is never another's view); each sheet's read is audited on
    every request, one entry per candidate as scoring.score_sheet writes it.
    """
    view = member_view(session, org, vacancy, username=username)
    audit_member_view(session, org, vacancy, actor, view)
    return view


def member_view(
    session: Session, org: Organisation, vacancy: Vacancy, *, username: str
) -> MemberSheets:
    """Return member_sheets' answer, once per data version and member, without its audit."""
    _own(org, vacancy)
    return cached(
        session, org, ("recruitment.member_sheets", vacancy.id, username),
        lambda: _member_sheets(session, vacancy, username),
    )  # fmt: skip


def audit_member_view(
    session: Session, org: Organisation, vacancy: Named, actor: str, view: MemberSheets
) -> None:
    """Audit a view of a member's score sheets: one entry per candidate shown."""
    for sheet in view.sheets:
        audit_sheet(session, org, vacancy, actor, sheet)


def _member_sheets(session: Session, vacancy: Vacancy, username: str) -> MemberSheets:
    find_member(session, vacancy, username)  # 404 for a non-member
    candidates = interviewed(session, vacancy)
    competences = [CompetenceRow.of(c) for c in list_competences(session, vacancy)]
    if not candidates:
        return MemberSheets(competences, [])
    members = list_members(session, vacancy)
    membership = _viewer(vacancy, members, username, manager=False)
    sheets = sheets_of(session, vacancy, candidates, members, membership)
    return MemberSheets(competences, list(sheets.values()))
