"""The append-only audit log: who did what, when and from where, for every sensitive action.

Rows can only be added. The ORM refuses to update or delete them, and database triggers
(created by the migrations on SQLite and PostgreSQL) refuse it below the ORM too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import DateTime, ForeignKey, Index, String, Table, Text, bindparam, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from gepmonitor.core.db import Base, note_sql_write, utcnow
from gepmonitor.core.driverread import DriverWrite
from gepmonitor.core.logs import REQUEST_ID


class AuditEntry(Base):
    """One audited action."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_org_at", "org_id", "at"),
        Index("ix_audit_entry_at_id", "at", "id"),  # the page: newest first, one page read
        Index("ix_audit_entry_action", "action", "org_id", "at"),  # filter choices, totals
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    actor: Mapped[str] = mapped_column(String(120))  # username, "cli:<os user>" or "anonymous"
    role: Mapped[str] = mapped_column(String(20), default="")
    action: Mapped[str] = mapped_column(String(60))  # e.g. login, login_failed, import, view
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    ip: Mapped[str] = mapped_column(String(64), default="")
    request_id: Mapped[str] = mapped_column(String(64), default="")  # matches the log lines


class AuditLogIsAppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove an audit row."""


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, _context, _instances) -> None:  # type: ignore[no-untyped-def]
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry):
            raise AuditLogIsAppendOnlyError("audit entries cannot be changed or deleted")


# A confidential counsellor's work on their own log. The administrator's audit view shows these
# only as yearly totals of all counsellors together (audit.service): listed one by one, with
# actor and time, they would let an administrator count and date one counsellor's conversations.
COUNSELLOR_ACTIONS = frozenset(
    {"log_conversation", "view_own_conversations", "view_conversation", "read_note"}
)


def _fields(
    session: Session,
    action: str,
    actor: str,
    org_id: int | None,
    role: str,
    target: str,
    detail: str,
    ip: str,
) -> dict[str, Any]:
    """Return an entry's columns, with the request's role, address and id as defaults."""
    role = role or str(session.info.get("audit_role", ""))
    ip = ip or str(session.info.get("audit_ip", ""))
    request_id = str(session.info.get("request_id") or REQUEST_ID.get())
    return {
        "action": action,
        "actor": actor,
        "org_id": org_id,
        "role": role,
        "target": target[:200],
        "detail": detail,
        "ip": ip[:64],
        "request_id": request_id[:64],
    }


def record(
    session: Session,
    *,
    action: str,
    actor: str,
    org_id: int | None = None,
    role: str = "",
    target: str = "",
    detail: str = "",
    ip: str = "",
) -> AuditEntry:
    """Append an entry to the audit log (flushed with the caller's transaction).

    Role, address and request id default to ``session.info["audit_role"]``, ``["audit_ip"]``
    and ``["request_id"]``, which the web layer sets per request, so services need not pass them.
    """
    entry = AuditEntry(**_fields(session, action, actor, org_id, role, target, detail, ip))
    session.add(entry)
    return entry


# Every column but the id, each a bound value: the entry's time is given, not a column default.
_WRITTEN = ("at", "action", "actor", "org_id", "role", "target", "detail", "ip", "request_id")
_APPEND = DriverWrite(
    cast(Table, AuditEntry.__table__).insert().values({name: bindparam(name) for name in _WRITTEN})
)


def append(
    session: Session,
    *,
    action: str,
    actor: str,
    org_id: int | None = None,
    role: str = "",
    target: str = "",
    detail: str = "",
    ip: str = "",
) -> None:
    """Append an entry as record() does, written at once with one INSERT and no ORM object.

    For a page that reads and records the read on every view: a statement compiled once and
    run by the driver (core.driverread; the audit log raises no data version) costs a fraction
    of flushing a new object. The entry is in the caller's transaction (its commit or rollback
    keeps or drops it) and later reads in that transaction see it.
    """
    fields = _fields(session, action, actor, org_id, role, target, detail, ip)
    _APPEND.run(session, {"at": utcnow(), **fields})
    note_sql_write(session)  # on PostgreSQL its commit waits for the disk: not on the event loop


def entries(
    session: Session, org_id: int | None = None, limit: int | None = None
) -> list[AuditEntry]:
    """Return audit entries, newest first, optionally for one organisation."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if org_id is not None:
        query = query.where(AuditEntry.org_id == org_id)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))
