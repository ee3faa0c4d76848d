"""Recruitment use cases: register vacancies, record appointments (comply or explain)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from gepmonitor.core import audit
from gepmonitor.core.cache import cached
from gepmonitor.core.errors import Checks, ConflictError, GepError, InputError, NotFoundError
from gepmonitor.core.models import Organisation
from gepmonitor.recruitment.models import Appointment, Competence, Vacancy
from gepmonitor.recruitment.rules import (
    GENDERS,
    STAGES,
    comply_or_explain_errors,
    count_problems,
    parse_gender,
)

CHANNELS = ("intern", "extern")
SCALES = range(1, 19)


@dataclass
class VacancyInput:
    """What a user enters for a vacancy."""

    title: str
    scale: int
    opened: date
    unit: str = ""
    reference: str = ""
    closed: date | None = None
    channel: str = "extern"
    # None: the stage was not recorded (an import without its columns): unknown, not zero.
    applicants: tuple[int, int, int] | None = (0, 0, 0)
    shortlisted: tuple[int, int, int] | None = (0, 0, 0)
    suitable: tuple[int, int, int] | None = (0, 0, 0)
    competences_hard: list[str] = field(default_factory=list)
    competences_soft: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Return the recorded applicant, shortlist and suitable counts (``shortlisted_v``)."""
        return {
            f"{stage}_{gender}": n
            for stage in STAGES
            if getattr(self, stage) is not None
            for gender, n in zip(GENDERS, getattr(self, stage), strict=True)
        }

    def all_counts(self) -> dict[str, int | None]:
        """Return every count field; None for a stage that was not recorded."""
        recorded = self.counts()
        return {f"{stage}_{g}": recorded.get(f"{stage}_{g}") for stage in STAGES for g in GENDERS}


def vacancy_errors(
    *,
    title: str | None = None,
    scale: int | None = None,
    channel: str | None = None,
    opened: date | None = None,
    closed: date | None = None,
    counts: Mapping[str, int] | None = None,
) -> list[tuple[str | None, GepError]]:
    """Return (field, error) for every problem of a vacancy's values.

    A value left out (None, or a count missing from ``counts``) is not checked, nor is a rule
    that compares it with another: an import leaves out what it could not read.
    """
    checks = Checks()
    if title is not None and not title.strip():
        checks.add("title", InputError("Enter a job title."))
    if scale is not None and scale not in SCALES:
        checks.add("scale", InputError("Scale {value} does not exist; use 1 to 18.", value=scale))
    if channel is not None and channel not in CHANNELS:
        checks.add(
            "channel",
            InputError("Channel '{value}' is unknown; use intern or extern.", value=channel),
        )
    if opened is not None and closed is not None and closed < opened:
        checks.add("closed", InputError("The closing date is before the opening date."))
    for field_name, key in count_problems(counts or {}):
        checks.add(field_name, InputError(key))
    return checks.errors


def validate_vacancy(data: VacancyInput) -> None:
    """Raise an InputError for the first problem of the vacancy's data."""
    errors = vacancy_errors(
        title=data.title,
        scale=data.scale,
        channel=data.channel,
        opened=data.opened,
        closed=data.closed,
        counts=data.counts(),
    )
    if errors:
        raise errors[0][1]


def add_vacancy(session: Session, org: Organisation, data: VacancyInput, *, actor: str) -> Vacancy:
    """Register a vacancy after validating it."""
    validate_vacancy(data)
    reference = data.reference.strip() or _next_reference(session, org, data.opened.year)
    if session.scalar(
        select(Vacancy.id).where(Vacancy.org_id == org.id, Vacancy.reference == reference)
    ):
        raise ConflictError("Vacancy {reference} already exists.", reference=reference)
    vacancy = Vacancy(
        org_id=org.id,
        reference=reference,
        title=data.title.strip(),
        unit=data.unit.strip(),
        scale=data.scale,
        opened=data.opened,
        closed=data.closed,
        channel=data.channel,
        competences_hard=", ".join(data.competences_hard),
        competences_soft=", ".join(data.competences_soft),
    )
    for name, value in data.all_counts().items():
        setattr(vacancy, name, value)
    session.add(vacancy)
    session.flush()
    _add_competences(session, vacancy, data)
    audit.record(session, action="add_vacancy", actor=actor, org_id=org.id, target=reference)
    return vacancy


def _add_competences(session: Session, vacancy: Vacancy, data: VacancyInput) -> None:
    """Store the intake's competences as rows with weight 1 (the selection register's list)."""
    seen: set[str] = set()
    for kind, names in (("hard", data.competences_hard), ("soft", data.competences_soft)):
        for name in (n.strip()[:120] for n in names):
            if name and name.lower() not in seen:
                seen.add(name.lower())
                session.add(
                    Competence(
                        vacancy_id=vacancy.id, name=name, kind=kind, weight=1, position=len(seen)
                    )
                )
    session.flush()


def _next_reference(session: Session, org: Organisation, year: int) -> str:
    existing = session.scalars(
        select(Vacancy.reference).where(
            Vacancy.org_id == org.id, Vacancy.reference.like(f"V{year}-%")
        )
    ).all()
    numbers = [int(r.split("-")[1]) for r in existing if r.split("-")[1].isdigit()]
    return f"V{year}-{max(numbers, default=0) + 1:03d}"


def get_vacancy(session: Session, org: Organisation, vacancy_id: int) -> Vacancy:
    """Return the organisation's vacancy, or raise NotFoundError."""
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None or vacancy.org_id != org.id:
        raise NotFoundError("Vacancy {id} does not exist.", id=vacancy_id)
    return vacancy


def find_vacancy(session: Session, org: Organisation, reference: str) -> Vacancy:
    """Return the organisation's vacancy by reference (or numeric id)."""
    vacancy = session.scalar(
        select(Vacancy).where(Vacancy.org_id == org.id, Vacancy.reference == reference)
    )
    if vacancy is None and reference.isdigit():
        return get_vacancy(session, org, int(reference))
    if vacancy is None:
        raise NotFoundError("Vacancy {id} does not exist.", id=reference)
    return vacancy


def appoint(
    session: Session,
    org: Organisation,
    vacancy: Vacancy,
    gender: str,
    appointed_on: date,
    *,
    threshold: int,
    actor: str,
    explanation: str = "",
    approver: str = "",
    internal_candidate: bool | None = None,
) -> Appointment:
    """Record the appointment; comply or explain is enforced here for every interface."""
    code = parse_gender(gender)
    if vacancy.org_id != org.id:
        raise NotFoundError("Vacancy {id} does not exist.", id=vacancy.id)
    if appointed_on < vacancy.opened:
        raise InputError("The appointment date is before the vacancy opened.")
    if session.scalar(select(Appointment.id).where(Appointment.vacancy_id == vacancy.id)):
        raise ConflictError(
            "Vacancy {reference} already has an appointment.", reference=vacancy.reference
        )
    explain = comply_or_explain_errors(
        vacancy.scale, vacancy.suitable_v or 0, code, threshold, explanation, approver
    )
    if explain:
        raise explain[0][1]
    appointment = Appointment(
        vacancy_id=vacancy.id,
        gender=code,
        appointed_on=appointed_on,
        internal_candidate=internal_candidate,
        explanation=explanation.strip(),
        approver=approver.strip(),
        recorded_by=actor,
    )
    session.add(appointment)
    if vacancy.procedure_ended is None:
        vacancy.procedure_ended = appointed_on  # the selection procedure ends here
    session.flush()
    audit.record(
        session,
        action="appoint",
        actor=actor,
        org_id=org.id,
        target=vacancy.reference,
        detail="explained" if explanation else "",
    )
    return appointment


def list_vacancies(
    session: Session, org: Organisation, year: int | None = None
) -> list[tuple[Vacancy, Appointment | None]]:
    """Return the vacancies (opened in the year, if given) with their appointments."""
    query = (
        select(Vacancy, Appointment)
        .outerjoin(Appointment, Appointment.vacancy_id == Vacancy.id)
        .where(Vacancy.org_id == org.id)
        .order_by(Vacancy.opened, Vacancy.reference)
    )
    if year is not None:
        query = query.where(
            Vacancy.opened >= date(year, 1, 1), Vacancy.opened <= date(year, 12, 31)
        )
    return [(row[0], row[1]) for row in session.execute(query).all()]


def vacancy_years(session: Session, org: Organisation) -> list[int]:
    """Return the years in which the organisation's vacancies opened, newest first."""
    year = extract("year", Vacancy.opened)
    query = select(year).where(Vacancy.org_id == org.id).distinct()
    return sorted({int(found) for found in session.scalars(query)}, reverse=True)


def latest_year(session: Session, org: Organisation) -> int | None:
    """Return the year of the most recently opened vacancy, or None for an empty register."""

    def compute() -> int | None:
        opened = session.scalar(select(func.max(Vacancy.opened)).where(Vacancy.org_id == org.id))
        return opened.year if opened else None

    return cached(session, org, ("recruitment.latest_year",), compute)
