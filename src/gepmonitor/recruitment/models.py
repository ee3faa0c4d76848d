"""Tables of the recruitment module: vacancies with candidate counts, and appointments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
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
