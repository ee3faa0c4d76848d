"""Reading the audit log for the administrator: filtered lists and CSV export."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Row, extract, func, or_, select
from sqlalchemy.orm import Session

from gepmonitor.core.audit import COUNSELLOR_ACTIONS, AuditEntry
from gepmonitor.core.db import utcnow
from gepmonitor.core.errors import InputError
from gepmonitor.core.privacy import suppress_value
from gepmonitor.core.spreadsheet import rows_to_csv

MAX_ROWS = 5000


@dataclass(frozen=True)
class AuditFilter:
    """What the administrator asked to see."""

    action: str = ""
    actor: str = ""
    since: date | None = None
    until: date | None = None
    limit: int = 200


def parse_day(text: str | None, error_key: str) -> date | None:
    """Return the date written as YYYY-MM-DD, None for empty, or raise the InputError named."""
    if not text or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(error_key, value=text) from None


# What the page and the export show of an entry: rows of these columns (attribute access, as an
# entry), not ORM objects, which take several times longer to load for thousands of entries.
SHOWN = (
    AuditEntry.at,
    AuditEntry.actor,
    AuditEntry.role,
    AuditEntry.action,
    AuditEntry.target,
    AuditEntry.detail,
    AuditEntry.ip,
)


def search(session: Session, org_id: int, wanted: AuditFilter) -> list[Row[Any]]:
    """Return the organisation's (and instance-wide) entries matching the filter, newest first.

    Each row has the entry's at, actor, role, action, target, detail and ip. Counsellors' work
    on their own log is left out: `counsellor_activity` gives its totals.
    """
    query = select(*SHOWN).where(
        or_(AuditEntry.org_id == org_id, AuditEntry.org_id.is_(None)),
        AuditEntry.action.not_in(COUNSELLOR_ACTIONS),
    )
    if wanted.action:
        query = query.where(AuditEntry.action == wanted.action)
    if wanted.actor:
        query = query.where(AuditEntry.actor == wanted.actor)
    if wanted.since:
        query = query.where(AuditEntry.at >= datetime.combine(wanted.since, time.min))
    if wanted.until and wanted.until < date.max:  # up to date.max means no upper bound
        end = datetime.combine(wanted.until + timedelta(days=1), time.min)
        query = query.where(AuditEntry.at < end)
    limit = max(1, min(wanted.limit, MAX_ROWS))
    query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    return list(session.execute(query))


@dataclass(frozen=True)
class Activity:
    """How often all counsellors together did one thing in a year (None: too few to show)."""

    year: int
    action: str
    count: int | None


def counsellor_activity(session: Session, org_id: int, min_cell: int) -> list[Activity]:
    """Return the counsellors' work on their logs per year and action, all counsellors together.

    No actor, no time: a count below the minimum cell size is not shown either, so the view
    gives away neither who nor when.
    """
    year = extract("year", AuditEntry.at)
    query = (
        select(year, AuditEntry.action, func.count())
        .where(AuditEntry.org_id == org_id, AuditEntry.action.in_(COUNSELLOR_ACTIONS))
        .group_by(year, AuditEntry.action)
        .order_by(year.desc(), AuditEntry.action)
    )
    return [
        Activity(int(at_year), action, suppress_value(count, min_cell))
        for at_year, action, count in session.execute(query)
    ]


def actions(session: Session, org_id: int) -> list[str]:
    """Return the distinct actions present, for the filter's choice list."""
    query = (
        select(AuditEntry.action)
        .where(
            or_(AuditEntry.org_id == org_id, AuditEntry.org_id.is_(None)),
            AuditEntry.action.not_in(COUNSELLOR_ACTIONS),
        )
        .distinct()
        .order_by(AuditEntry.action)
    )
    return list(session.scalars(query))


def to_csv(rows: Sequence[Sequence[Any]]) -> str:
    """Return the entries as CSV text (UTC times in ISO 8601), formulas escaped."""
    return rows_to_csv(
        ["at", "actor", "role", "action", "target", "detail", "ip"],
        (
            (at.isoformat() if at else "", actor, role, action, target, detail, ip)
            for at, actor, role, action, target, detail, ip in rows
        ),
    )


def export_name() -> str:
    """Return the download file name of an export made now."""
    return f"audit-{utcnow():%Y%m%d-%H%M%S}.csv"
