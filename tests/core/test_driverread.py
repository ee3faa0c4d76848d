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


def test_an_append_is_written_in_the_callers_transaction(session, org):
    """The audit log's append (a DriverWrite) stores what record() stores, with the request's
    defaults; a rollback drops it, a commit keeps it."""
    from gepmonitor.core.audit import append, entries, record

    session.info.update(audit_role="admin", audit_ip="10.0.0.1", request_id="req-1")
    append(session, action="view", actor="anna", org_id=org.id, target="audit", detail="page=2")
    assert [(e.actor, e.target) for e in entries(session, org.id)] == [("anna", "audit")]
    session.rollback()
    assert entries(session, org.id) == []
    append(session, action="view", actor="anna", org_id=org.id, target="audit", detail="page=2")
    record(session, action="view", actor="bert", org_id=org.id, target="audit", detail="page=2")
    session.commit()
    stored = sorted(entries(session, org.id), key=lambda e: e.actor)
    shown = [(e.actor, e.role, e.action, e.target, e.detail, e.ip, e.request_id) for e in stored]
    assert shown == [
        ("anna", "admin", "view", "audit", "page=2", "10.0.0.1", "req-1"),
        ("bert", "admin", "view", "audit", "page=2", "10.0.0.1", "req-1"),
    ]
    assert abs((stored[0].at - stored[1].at).total_seconds()) < 60  # both dated now, alike


def test_only_the_audit_log_and_such_tables_may_be_written_by_the_driver():
    from gepmonitor.core.driverread import DriverWrite
    from gepmonitor.core.models import Organisation

    with pytest.raises(ValueError, match="outside the data version"):
        DriverWrite(Organisation.__table__.insert())


def test_a_row_read_by_the_driver_becomes_the_object_a_query_loads(session_factory, org):
    """as_loaded: the same values as the ORM's own load, in the session without changes; a
    change to it is written on commit, a relationship not given loads when used, and the
    session's own object comes back when it has one."""
    from tests.webutil import create_user

    from gepmonitor.accounts.lookup import USER_COLUMNS
    from gepmonitor.accounts.models import User
    from gepmonitor.core.driverread import as_loaded

    create_user(session_factory, org, "hr")
    read = DriverRead(select(*(c for _, c in USER_COLUMNS)).where(User.username == "test-hr"))
    with session_factory() as session:
        (row,) = read.rows(session, {})
        user = as_loaded(session, User, dict(zip((n for n, _ in USER_COLUMNS), row, strict=True)))
        assert user in session and not session.dirty and not session.new
        assert user.org.slug == org.slug  # not given: loaded on first use
        assert as_loaded(session, User, {"id": user.id}) is user
        with session_factory() as other:
            loaded = other.get(User, user.id)
            assert loaded is not None
            for name, _ in USER_COLUMNS:
                assert getattr(user, name) == getattr(loaded, name), name
        user.must_change_password = True
        session.commit()
    with session_factory() as session:
        stored = session.get(User, user.id)
        assert stored is not None and stored.must_change_password is True
