"""What `gep purge` removed: one row per kind and purge, so reports can refuse a purged period.

A report that needs records of a period whose records were removed at the end of their retention
period says so, instead of showing zeros (missing is not zero). The purge itself lives in
gepmonitor.maintenance.retention.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from gepmonitor.core.db import Base, utcnow
from gepmonitor.core.errors import InputError


class RetentionPurge(Base):
    """One purge of one kind of data: everything of that kind dated before `through` is gone."""

    __tablename__ = "retention_purge"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    through: Mapped[date] = mapped_column(Date)  # data dated before this day was removed
    rows: Mapped[int] = mapped_column(Integer, default=0)
    purged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(120), default="")


def purged_through(session: Session, kind: str) -> date | None:
    """Return the day before which the kind's records were removed, or None if never purged."""
    query = select(func.max(RetentionPurge.through)).where(RetentionPurge.kind == kind)
    return session.scalar(query)


# Every kind's last purge: a few rows (one per kind purged), read with one prebuilt statement.
_PURGED = select(RetentionPurge.kind, func.max(RetentionPurge.through)).group_by(
    RetentionPurge.kind
)


def refuse_purged(session: Session, kind: str, day: date, *more: tuple[str, date]) -> None:
    """Refuse to compute figures from a period whose records of this kind were purged.

    more: further (kind, day) pairs, checked with the same single query, in the order given.
    """
    purged: dict[str, date] = {k: through for k, through in session.execute(_PURGED).all()}
    for wanted, since in [(kind, day), *more]:
        through = purged.get(wanted)
        if through is not None and since < through:
            raise InputError(
                "The records ({kind}) dated before {through} were removed at the end of their "
                "retention period, so figures from that time cannot be computed.",
                kind=wanted,
                through=through.isoformat(),
            )
