"""Tables of the recruitment module: vacancies, appointments and the fair-selection register.

The selection register (issue 15) keeps, per vacancy, the intake's competences, the committee,
pseudonymous candidates with the stage they reached, STARR scorecards, the decision and the NVP
code's checklist. Candidates (and their scores) are deleted after the retention period; what
stays is a count per gender and stage (PurgedCount).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from gepmonitor.core.db import Base, utcnow


class Vacancy(Base):
    """A vacancy with the number of applicants, shortlisted and suitable candidates by gender."""

    __tablename__ = "recruitment_vacancy"
    __table_args__ = (UniqueConstraint("org_id", "reference", name="uq_recruitment_vacancy_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    reference: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(120), default="")
    scale: Mapped[int] = mapped_column(Integer)
    opened: Mapped[date] = mapped_column(Date)
    closed: Mapped[date | None] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(10), default="extern")  # intern or extern
    # Null: the stage was not recorded (an import without its columns), not zero.
    applicants_m: Mapped[int | None] = mapped_column(Integer)
    applicants_v: Mapped[int | None] = mapped_column(Integer)
    applicants_x: Mapped[int | None] = mapped_column(Integer)
    shortlisted_m: Mapped[int | None] = mapped_column(Integer)
    shortlisted_v: Mapped[int | None] = mapped_column(Integer)
    shortlisted_x: Mapped[int | None] = mapped_column(Integer)
    suitable_m: Mapped[int | None] = mapped_column(Integer)
    suitable_v: Mapped[int | None] = mapped_column(Integer)
    suitable_x: Mapped[int | None] = mapped_column(Integer)
    competences_hard: Mapped[str] = mapped_column(Text, default="")
    competences_soft: Mapped[str] = mapped_column(Text, default="")
    # The selection procedure ended (appointment, or closed without one); retention starts here.
    procedure_ended: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Appointment(Base):
    """Who was appointed to a vacancy (gender only), with the comply-or-explain explanation."""

    __tablename__ = "recruitment_appointment"

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(
        ForeignKey("recruitment_vacancy.id", ondelete="CASCADE"), unique=True
    )
    gender: Mapped[str] = mapped_column(String(10))
    appointed_on: Mapped[date] = mapped_column(Date)
    internal_candidate: Mapped[bool | None] = mapped_column()
    explanation: Mapped[str] = mapped_column(Text, default="")
    approver: Mapped[str] = mapped_column(String(120), default="")
    recorded_by: Mapped[str] = mapped_column(String(120), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


VACANCY_FK = "recruitment_vacancy.id"


class Competence(Base):
    """A competence fixed at the intake: hard or soft, with its weight in the assessment."""

    __tablename__ = "recruitment_competence"
    __table_args__ = (UniqueConstraint("vacancy_id", "name", name="uq_recruitment_competence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey(VACANCY_FK, ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(10))  # hard or soft
    weight: Mapped[int] = mapped_column(Integer, default=1)
    position: Mapped[int] = mapped_column(Integer, default=0)


class CommitteeMember(Base):
    """A member of a vacancy's selection committee (a colleague, not a candidate)."""

    __tablename__ = "recruitment_committee_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey(VACANCY_FK, ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    username: Mapped[str] = mapped_column(String(80), default="")  # account that scores
    role: Mapped[str] = mapped_column(String(20))
    gender: Mapped[str] = mapped_column(String(10))


class Candidate(Base):
    """A candidate: a pseudonymous code, gender and the furthest stage reached. No names."""

    __tablename__ = "recruitment_candidate"
    __table_args__ = (UniqueConstraint("vacancy_id", "code", name="uq_recruitment_candidate"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey(VACANCY_FK, ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    gender: Mapped[str] = mapped_column(String(10))
    stage: Mapped[str] = mapped_column(String(20), default="applied")
    suitable: Mapped[bool] = mapped_column(Boolean, default=False)
    consent: Mapped[bool] = mapped_column(Boolean, default=False)  # kept a year, not 4 weeks
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Scorecard(Base):
    """One committee member's STARR scorecard of one candidate, final once submitted."""

    __tablename__ = "recruitment_scorecard"
    __table_args__ = (
        UniqueConstraint("candidate_id", "member_id", name="uq_recruitment_scorecard"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("recruitment_candidate.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("recruitment_committee_member.id", ondelete="CASCADE"), index=True
    )
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Score(Base):
    """A score (1-5) on one competence with the STARR evidence behind it."""

    __tablename__ = "recruitment_score"
    __table_args__ = (
        UniqueConstraint("scorecard_id", "competence_id", name="uq_recruitment_score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(
        ForeignKey("recruitment_scorecard.id", ondelete="CASCADE"), index=True
    )
    competence_id: Mapped[int] = mapped_column(
        ForeignKey("recruitment_competence.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text, default="")


class Decision(Base):
    """The committee's choice, with a reason per competence (reasons go with the candidates)."""

    __tablename__ = "recruitment_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey(VACANCY_FK, ondelete="CASCADE"), unique=True)
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("recruitment_candidate.id", ondelete="SET NULL")
    )
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(120), default="")
    purged: Mapped[bool] = mapped_column(Boolean, default=False)


class DecisionReason(Base):
    """The reason for the decision on one competence."""

    __tablename__ = "recruitment_decision_reason"
    __table_args__ = (
        UniqueConstraint("decision_id", "competence_id", name="uq_recruitment_decision_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("recruitment_decision.id", ondelete="CASCADE"), index=True
    )
    competence_id: Mapped[int] = mapped_column(
        ForeignKey("recruitment_competence.id", ondelete="CASCADE")
    )
    reason: Mapped[str] = mapped_column(Text)


class ChecklistStep(Base):
    """A step of the NVP sollicitatiecode done for a vacancy, with the date it was done."""

    __tablename__ = "recruitment_checklist_step"
    __table_args__ = (UniqueConstraint("vacancy_id", "step", name="uq_recruitment_checklist"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey(VACANCY_FK, ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(30))
    done_on: Mapped[date] = mapped_column(Date)
    done_by: Mapped[str] = mapped_column(String(120), default="")


class PurgedCount(Base):
    """Candidates deleted after the retention period, counted by gender and stage reached."""

    __tablename__ = "recruitment_purged_count"
    __table_args__ = (
        UniqueConstraint("vacancy_id", "gender", "stage", name="uq_recruitment_purged_count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey(VACANCY_FK, ondelete="CASCADE"), index=True)
    gender: Mapped[str] = mapped_column(String(10))
    stage: Mapped[str] = mapped_column(String(20))
    count: Mapped[int] = mapped_column(Integer)


class TextCheck(Base):
    """The outcome of checking a vacancy's text (the text itself is not stored)."""

    __tablename__ = "recruitment_text_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey(VACANCY_FK, ondelete="CASCADE"), index=True)
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    checked_by: Mapped[str] = mapped_column(String(120), default="")
    language: Mapped[str] = mapped_column(String(5))
    category: Mapped[str] = mapped_column(String(30))
    masculine: Mapped[int] = mapped_column(Integer)
    feminine: Mapped[int] = mapped_column(Integer)
    exclusions: Mapped[int] = mapped_column(Integer)
    reading_score: Mapped[float | None] = mapped_column(Float)
    level: Mapped[str] = mapped_column(String(10), default="")
