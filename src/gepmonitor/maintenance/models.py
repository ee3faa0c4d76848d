"""Tables of the maintenance module: purges done under the retention periods, key checks.

``audit_purge_permit`` holds a row only inside the transaction of a purge: the database triggers
that keep the audit log append-only let a row go only while a permit older than it exists.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from gepmonitor.core.db import Base, utcnow


class RetentionPurge(Base):
    """One purge of one kind of data: everything of that kind up to `through` is gone."""

    __tablename__ = "retention_purge"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    through: Mapped[date] = mapped_column(Date)  # data dated before this day was removed
    rows: Mapped[int] = mapped_column(Integer, default=0)
    purged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(120), default="")


class AuditPurgePermit(Base):
    """A permit, inside one purge transaction, to remove audit rows older than `before`."""

    __tablename__ = "audit_purge_permit"

    id: Mapped[int] = mapped_column(primary_key=True)
    before: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class KeyCheck(Base):
    """A fingerprint of a key file (HMAC of a fixed text), so a restore can tell a wrong key."""

    __tablename__ = "instance_key_check"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
