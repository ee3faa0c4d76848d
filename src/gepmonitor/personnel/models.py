"""Tables of the personnel module: yearly snapshots, their employee rows, and targets."""

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
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from gepmonitor.core.db import Base, utcnow
from gepmonitor.personnel.target_spec import TargetSpec


class Snapshot(Base):
    """One imported peildatum of one organisation; also the import history."""

    __tablename__ = "personnel_snapshot"
    __table_args__ = (UniqueConstraint("org_id", "peildatum", name="uq_personnel_snapshot_org"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    peildatum: Mapped[date] = mapped_column(Date)
    source_name: Mapped[str] = mapped_column(String(255), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(120), default="")
    row_count: Mapped[int] = mapped_column(Integer, default=0)


class EmployeeRecord(Base):
    """One employee on one peildatum, keyed by a pseudonym; no names, no personnel number."""

    __tablename__ = "personnel_employee"

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("personnel_snapshot.id", ondelete="CASCADE"), index=True
    )
    employee_key: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str] = mapped_column(String(10))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    scale: Mapped[int | None] = mapped_column(Integer)
    scale_label: Mapped[str] = mapped_column(String(10))
    step: Mapped[int | None] = mapped_column(Integer)
    # Null: the import had no column for it (unknown, never zero or "no").
    fte: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(120))
    is_manager: Mapped[bool | None] = mapped_column(Boolean)
    contract_type: Mapped[str | None] = mapped_column(String(20))
    banenafspraak: Mapped[bool | None] = mapped_column(Boolean)
    hire_date: Mapped[date | None] = mapped_column(Date)
    exit_date: Mapped[date | None] = mapped_column(Date)
    exit_reason: Mapped[str | None] = mapped_column(String(120))
    pay: Mapped[float | None] = mapped_column(Float)


class PersonnelSettings(Base):
    """An organisation's peildatum rules (personnel.peildatum); no row means the defaults."""

    __tablename__ = "personnel_settings"

    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True)
    reference_day: Mapped[str | None] = mapped_column(String(5))  # "MM-DD"; null: last in year
    exit_on_peildatum_is_staff: Mapped[bool] = mapped_column(Boolean, default=True)


class Target(Base):
    """A target share of women in a band, to be reached in a year."""

    __tablename__ = "personnel_target"
    __table_args__ = (UniqueConstraint("org_id", "band_code", name="uq_personnel_target_org"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    band_code: Mapped[str] = mapped_column(String(20))
    target_share: Mapped[float] = mapped_column(Float)
    target_year: Mapped[int] = mapped_column(Integer)
    start_year: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(500), default="")

    def spec(self) -> TargetSpec:
        """Return the target as a plain value for the indicator functions."""
        return TargetSpec(self.band_code, self.target_share, self.target_year, self.start_year)
