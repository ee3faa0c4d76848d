"""Tables of the pay module: pay per worker and year, and the art. 10 assessment register."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
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


class PayYear(Base):
    """One imported reference year (calendar year) of pay of one organisation."""

    __tablename__ = "pay_year"
    __table_args__ = (UniqueConstraint("org_id", "year", name="uq_pay_year_org"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    category_kind: Mapped[str] = mapped_column(String(20), default="scale")  # or "function"
    components: Mapped[str] = mapped_column(Text, default="")  # component names, one a line
    source_name: Mapped[str] = mapped_column(String(255), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(120), default="")
    row_count: Mapped[int] = mapped_column(Integer, default=0)


class PayRecord(Base):
    """One worker's pay in a year, keyed by the personnel pseudonym; no names, no number."""

    __tablename__ = "pay_worker"

    id: Mapped[int] = mapped_column(primary_key=True)
    pay_year_id: Mapped[int] = mapped_column(
        ForeignKey("pay_year.id", ondelete="CASCADE"), index=True
    )
    employee_key: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(120))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    hire_date: Mapped[date | None] = mapped_column(Date)
    fte: Mapped[float | None] = mapped_column(Float)
    hours: Mapped[float] = mapped_column(Float)
    basic: Mapped[float] = mapped_column(Float)
    complementary: Mapped[float] = mapped_column(Float)  # sum of every component
    components: Mapped[str] = mapped_column(Text, default="")  # JSON {name: amount}, non-zero


class PayAssessment(Base):
    """The art. 10 register: one flagged category of one year, justified or remedied."""

    __tablename__ = "pay_assessment"
    __table_args__ = (UniqueConstraint("org_id", "year", "category", name="uq_pay_assessment_org"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(120))
    gap_pct: Mapped[float | None] = mapped_column(Float)  # mean hourly gap when registered
    reported_on: Mapped[date] = mapped_column(Date)
    criterion: Mapped[str] = mapped_column(String(300), default="")
    explanation: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    justified_by: Mapped[str] = mapped_column(String(120), default="")
    justified_on: Mapped[date | None] = mapped_column(Date)
    measure: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(120), default="")
    due_date: Mapped[date | None] = mapped_column(Date)
    remedied_on: Mapped[date | None] = mapped_column(Date)
    plan_measure_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_measure.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(120), default="")
