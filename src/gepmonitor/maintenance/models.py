"""Tables of the maintenance module: the audit purge permit and the key fingerprints.

``audit_purge_permit`` holds a row only inside the transaction of a purge: the database triggers
that keep the audit log append-only let a row go only while a permit older than it exists.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from gepmonitor.core.db import Base


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
