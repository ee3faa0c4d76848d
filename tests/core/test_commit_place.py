"""Where a request's commit runs: off the event loop whenever it may wait on the disk."""

from __future__ import annotations

from sqlalchemy import func, select

from gepmonitor.core.audit import AuditEntry, append, record
from gepmonitor.core.db import commit_may_wait, has_writes


def test_a_read_commits_in_place(session_factory, org):
    with session_factory() as session:
        session.scalar(select(func.count()).select_from(AuditEntry))
        assert not has_writes(session) and not commit_may_wait(session)


def test_an_orm_write_always_commits_off_the_loop(session_factory, org):
    with session_factory() as session:
        record(session, action="view", actor="someone", org_id=org.id)
        assert commit_may_wait(session)
        session.commit()


def test_a_plain_insert_waits_only_where_commits_sync(session_factory, org, db_url):
    with session_factory() as session:
        append(session, action="view", actor="someone", org_id=org.id, target="page")
        assert not has_writes(session)  # the ORM does not see it
        assert commit_may_wait(session) is (not db_url.startswith("sqlite"))
        session.commit()
    with session_factory() as session:  # committed either way
        query = select(func.count()).select_from(AuditEntry).where(AuditEntry.target == "page")
        assert session.scalar(query) == 1
