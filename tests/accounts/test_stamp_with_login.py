"""The login lookup reads the organisation's data version too: a page needs no query of its own.

The session's user (cookie) and the API token's user (bearer) are read with the organisation's
data-version token in one statement (core.versions.token_of / note_stamp); data_stamp then gives
that token without reading it again, and nothing at all once the transaction has written.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.webutil import api_token, create_user

from gepmonitor.accounts.service import get_user, user_for_token
from gepmonitor.accounts.sessions import open_session, session_user
from gepmonitor.core import versions
from gepmonitor.core.cache import data_stamp
from gepmonitor.core.models import Organisation
from gepmonitor.personnel import service as personnel


@pytest.fixture
def token_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the data-version reads of their own (the real read still runs)."""
    seen: list[int] = []
    read = versions._read_token

    def counted(connection, org_id):  # type: ignore[no-untyped-def]
        seen.append(org_id)
        return read(connection, org_id)

    monkeypatch.setattr(versions, "_read_token", counted)
    return seen


def _fresh_stamp(session_factory, org: Organisation):  # type: ignore[no-untyped-def]
    with session_factory() as session:
        return data_stamp(session, org)


def _login(session_factory, org: Organisation, now: datetime) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    create_user(session_factory, org, "hr")
    with session_factory() as session:
        found = get_user(session, "test-hr")
        assert found is not None
        secret = open_session(session, found.id, now)
        session.commit()
        return found.id, secret


def test_the_session_lookup_brings_the_stamp(session_factory, org, token_reads) -> None:
    now = datetime.now(UTC)
    user_id, secret = _login(session_factory, org, now)
    expected = _fresh_stamp(session_factory, org)
    token_reads.clear()
    with session_factory() as session:
        user = session_user(session, secret, user_id, now)
        assert user is not None and user.username == "test-hr"
        assert data_stamp(session, user.org) == expected
    assert token_reads == []  # no read of its own


def test_the_token_lookup_brings_the_stamp(session_factory, org, token_reads) -> None:
    username, _password = create_user(session_factory, org, "hr")
    secret = api_token(session_factory, username)
    expected = _fresh_stamp(session_factory, org)
    token_reads.clear()
    with session_factory() as session:
        found = user_for_token(session, secret)
        assert found is not None and found[0].username == username
        assert data_stamp(session, found[0].org) == expected
    assert token_reads == []


def test_a_write_after_the_lookup_still_means_no_cache(session_factory, org) -> None:
    now = datetime.now(UTC)
    user_id, secret = _login(session_factory, org, now)
    with session_factory() as session:
        user = session_user(session, secret, user_id, now)
        assert user is not None
        assert data_stamp(session, user.org) is not None
        personnel.save_target(session, user.org, "13+", 0.5, 2030, actor="test")
        session.flush()
        assert data_stamp(session, user.org) is None
        session.commit()
    with session_factory() as session:
        user = session_user(session, secret, user_id, now)
        assert user is not None
        assert data_stamp(session, user.org) == _fresh_stamp(session_factory, org)


def test_a_session_that_wrote_keeps_no_token_read_later(session_factory, org) -> None:
    now = datetime.now(UTC)
    user_id, secret = _login(session_factory, org, now)
    with session_factory() as session:
        personnel.save_target(
            session, session.get(Organisation, org.id), "13+", 0.4, 2030, actor="t"
        )
        session.flush()
        user = session_user(session, secret, user_id, now)
        assert user is not None
        assert data_stamp(session, user.org) is None
