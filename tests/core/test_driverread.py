"""Reads on the driver's cursor give what SQLAlchemy's own execution gives, on both databases."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import bindparam, cast, func, literal, select, text
from sqlalchemy.exc import DBAPIError

from gepmonitor.core.audit import AuditEntry
from gepmonitor.core.driverread import DriverRead

TABLE = AuditEntry.__table__


def _entries(session, org) -> None:  # type: ignore[no-untyped-def]
    for day, action in ((1, "login"), (2, "export"), (3, "login"), (4, "view")):
        at = datetime(2026, 3, day, 9, 30, 15, 200000 * day)
        session.add(AuditEntry(at=at, org_id=org.id, actor=f"user {day}", action=action))
    session.add(AuditEntry(at=datetime(2026, 3, 5), org_id=None, actor="cron", action="backup"))
    session.commit()


def test_a_read_gives_the_rows_and_types_sqlalchemy_gives(session, org):
    """Dates bound and read back (text on SQLite), a bound value used twice, literal values,
    a limit and an offset, a cast: the same rows as SQLAlchemy's execution, as tuples."""
    _entries(session, org)
    own = func.coalesce(TABLE.c.org_id, bindparam("org_id")) == bindparam("org_id")
    statement = (
        select(TABLE.c.at, TABLE.c.actor, TABLE.c.action, cast(bindparam("n"), TABLE.c.id.type))
        .where(own, TABLE.c.at >= bindparam("since"), TABLE.c.action != literal("view"))
        .order_by(TABLE.c.at.desc(), TABLE.c.id.desc())
        .limit(bindparam("limit"))
        .offset(bindparam("skip"))
    )
    params = {"org_id": org.id, "since": datetime(2026, 3, 2), "n": 7, "limit": 3, "skip": 1}
    expected = [tuple(row) for row in session.execute(statement, params)]
    read = DriverRead(statement)
    assert read.rows(session, params) == expected
    assert read.rows(session, params) == expected  # compiled once, run again
    assert [(at.replace(tzinfo=None), actor) for at, actor, *_ in expected] == [  # UTC
        (datetime(2026, 3, 3, 9, 30, 15, 600000), "user 3"),
        (datetime(2026, 3, 2, 9, 30, 15, 400000), "user 2"),
    ]
    assert all(isinstance(row[0], datetime) and row[3] == 7 for row in expected)
    others = read.rows(session, {**params, "org_id": org.id + 1, "skip": 0})
    assert [(actor, action) for _, actor, action, _ in others] == [("cron", "backup")]


def test_a_read_sees_the_sessions_pending_changes(session, org):
    """As the session's own reads: what it has added but not flushed is found."""
    read = DriverRead(select(func.count()).select_from(TABLE).where(TABLE.c.actor == "nina"))
    assert read.rows(session, {}) == [(0,)]
    session.add(AuditEntry(org_id=org.id, actor="nina", action="login"))
    assert read.rows(session, {}) == [(1,)]
    session.rollback()
    assert read.rows(session, {}) == [(0,)]


def test_a_database_error_is_raised_as_sqlalchemy_raises_it(session):
    read = DriverRead(select(text("x")).select_from(text("no_such_table")))
    with pytest.raises(DBAPIError):
        read.rows(session, {})
    session.rollback()
    assert DriverRead(select(literal(1))).rows(session, {}) == [(1,)]
