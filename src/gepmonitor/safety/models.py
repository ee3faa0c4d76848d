"""Tables of the safety module: counsellors, conversations, registers, oaths, trainings.

Also incidents of aggression by the public and the annual report's editable texts.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gepmonitor.core.db import Base, utcnow
from gepmonitor.core.models import Organisation

counsellor_org = Table(
    "safety_counsellor_org",
    Base.metadata,
    Column(
        "counsellor_id", ForeignKey("safety_counsellor.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("org_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
)


class Counsellor(Base):
    """A confidential counsellor (vertrouwenspersoon), known by a code, never by name."""

    __tablename__ = "safety_counsellor"
    __table_args__ = (UniqueConstraint("org_id", "code", name="uq_safety_counsellor_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    track: Mapped[str] = mapped_column(String(30))  # undesirable_behaviour or integrity
    kind: Mapped[str] = mapped_column(String(10), default="internal")  # internal or external
    gender: Mapped[str] = mapped_column(String(10), default="onbekend")
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)  # the web account, if any
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The period of service; None means open-ended. Yearly totals count a counsellor in the
    # years this period touches, so adding or deactivating one does not change past reports.
    active_from: Mapped[date | None] = mapped_column(Date)
    active_until: Mapped[date | None] = mapped_column(Date)
    serves: Mapped[list[Organisation]] = relationship(secondary=counsellor_org)


class Conversation(Base):
    """One conversation logged by a counsellor: no names and no free text.

    The optional note is encrypted and readable by its author alone.
    """

    __tablename__ = "safety_conversation"

    id: Mapped[int] = mapped_column(primary_key=True)
    counsellor_id: Mapped[int] = mapped_column(ForeignKey("safety_counsellor.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    track: Mapped[str] = mapped_column(String(30))
    themes: Mapped[str] = mapped_column(String(300))  # comma-separated theme codes
    # Null: an imported log without the column (unknown; totals that need it say 'no data').
    hierarchical: Mapped[bool | None] = mapped_column(Boolean)
    source: Mapped[str | None] = mapped_column(String(20))
    person_code: Mapped[str] = mapped_column(String(20))
    referral: Mapped[str | None] = mapped_column(String(20))
    formal_procedure: Mapped[bool | None] = mapped_column(Boolean)
    outcome: Mapped[str] = mapped_column(String(20), default="advice")
    note_cipher: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SafetyReport(Base):
    """A formal report or complaint, moving through the workflow to closed."""

    __tablename__ = "safety_report"
    __table_args__ = (UniqueConstraint("org_id", "reference", name="uq_safety_report_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    reference: Mapped[str] = mapped_column(String(40))
    track: Mapped[str] = mapped_column(String(30))
    theme: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(20))  # internal, citizen, supplier, other
    received_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(30), default="received")
    status_since: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text, default="")
    measures: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None] = mapped_column(Date)


class Incident(Base):
    """Aggression or violence by the public against staff."""

    __tablename__ = "safety_incident"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    occurred_on: Mapped[date] = mapped_column(Date)
    unit: Mapped[str] = mapped_column(String(120), default="")
    kind: Mapped[str] = mapped_column(String(20))  # verbal, physical, threat, online
    police_report: Mapped[bool] = mapped_column(Boolean, default=False)
    follow_up: Mapped[str] = mapped_column(Text, default="")


class OathYear(Base):
    """The number of oaths and affirmations taken in a year."""

    __tablename__ = "safety_oath_year"
    __table_args__ = (UniqueConstraint("org_id", "year", name="uq_safety_oath_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)


class Training(Base):
    """A training, workshop or meeting with its attendance by gender."""

    __tablename__ = "safety_training"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20), default="workshop")
    attendees_m: Mapped[int] = mapped_column(Integer, default=0)
    attendees_v: Mapped[int] = mapped_column(Integer, default=0)
    attendees_x: Mapped[int] = mapped_column(Integer, default=0)


class SafetyText(Base):
    """An editable text section of the annual report (works council, policy)."""

    __tablename__ = "safety_text"
    __table_args__ = (
        UniqueConstraint("org_id", "year", "section", "lang", name="uq_safety_text_section"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String(30))
    lang: Mapped[str] = mapped_column(String(2), default="nl")
    body: Mapped[str] = mapped_column(Text, default="")
