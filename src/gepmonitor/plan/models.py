"""Tables of the plan module: the GEP's goals, measures with KPIs, events and signal links."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gepmonitor.core.db import Base


class PlanGoal(Base):
    """A goal (or pillar) of the Gender Equality Plan."""

    __tablename__ = "plan_goal"
    __table_args__ = (UniqueConstraint("org_id", "code", name="uq_plan_goal_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    title_nl: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(120), default="")


class PlanMeasure(Base):
    """A measure under a goal: owner, period, status and a KPI with target and measured value."""

    __tablename__ = "plan_measure"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("plan_goal.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    owner: Mapped[str] = mapped_column(String(120), default="")
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    kpi: Mapped[str] = mapped_column(String(200), default="")
    kpi_kind: Mapped[str] = mapped_column(String(20), default="manual")  # manual or reach
    kpi_target: Mapped[float | None] = mapped_column(Float)
    kpi_measured: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[str] = mapped_column(Text, default="")


class PlanEvent(Base):
    """An event or meeting, with attendance (a count, or pseudonymous attendee keys)."""

    __tablename__ = "plan_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    measure_id: Mapped[int | None] = mapped_column(ForeignKey("plan_measure.id"))
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)
    organisation_wide: Mapped[bool] = mapped_column(Boolean, default=False)
    attendees: Mapped[int] = mapped_column(Integer, default=0)


class PlanEventAttendee(Base):
    """One attendee of an event, by HMAC pseudonym (for distinct-reach KPIs)."""

    __tablename__ = "plan_event_attendee"
    __table_args__ = (UniqueConstraint("event_id", "attendee_key", name="uq_plan_attendee"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("plan_event.id", ondelete="CASCADE"), index=True
    )
    attendee_key: Mapped[str] = mapped_column(String(64))


class SignalLink(Base):
    """A survey signal answered by a plan measure ('every signal gets an action')."""

    __tablename__ = "plan_signal_link"
    __table_args__ = (UniqueConstraint("org_id", "signal_key", name="uq_plan_signal_link"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    signal_key: Mapped[str] = mapped_column(String(200))
    measure_id: Mapped[int] = mapped_column(ForeignKey("plan_measure.id"))
