"""Account hardening: a forced password change confines the account, tokens expire, have a scope,
are revoked by a password change or reset and cannot make tokens (issue 12, findings 1 and 3)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, select
from tests.safety.test_web import counsellor_client, log
from tests.webutil import (
    api_token,
    create_user,
    csrf_token,
    logged_in_client,
    login,
    make_client,
    post_form,
)

from gepmonitor.accounts.models import ApiToken
from gepmonitor.accounts.service import Actor, create_token, get_user
from gepmonitor.core.audit import AuditEntry
from gepmonitor.core.db import utcnow


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _tokens_of(session_factory, username: str) -> list[ApiToken]:
    with session_factory() as session:
        user = get_user(session, username)
        return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)))


def _actions(session_factory, action: str) -> list[AuditEntry]:
    with session_factory() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_admin_reset_confines_the_account_until_the_password_changes(
    settings, session_factory, org
):
    """The attack of finding 1: reset a counsellor's password, log in with the temporary one and
    read the confidential log through the API. The account can now only change its password."""
    anna, anna_name = counsellor_client(settings, session_factory, org, "anna", "VP-A")
    assert log(anna).status_code == 200
    old_token = api_token(session_factory, anna_name, "laptop")
    assert anna.get("/api/v1/safety/conversations", headers=_bearer(old_token)).status_code == 200

    admin = logged_in_client(settings, session_factory, org, "admin")
    with session_factory() as session:
        anna_id = get_user(session, anna_name).id
    reset = post_form(admin, f"/admin/users/{anna_id}/reset")
    temporary = reset.text.split(f"Tijdelijk wachtwoord voor {anna_name}: ")[1].split(" ")[0]

    # The reset revoked the token made before it, and says so in the audit log.
    assert _tokens_of(session_factory, anna_name) == []
    assert anna.get("/api/v1/safety/conversations", headers=_bearer(old_token)).status_code == 401
    revoked = _actions(session_factory, "tokens_revoked")
    assert [(e.actor, e.target, e.detail) for e in revoked] == [
        ("test-admin", anna_name, "1 tokens")
    ]

    intruder = make_client(settings)
    intruder.headers["Accept-Language"] = "en"
    assert login(intruder, anna_name, temporary).url.path == "/account/password"
    # The API answers 403 with the session cookie, for reads and writes alike.
    listed = intruder.get("/api/v1/safety/conversations")
    assert listed.status_code == 403 and "Change your password first" in listed.json()["detail"]
    assert intruder.get("/api/v1/safety/conversations/1").status_code == 403
    headers = {"X-CSRF-Token": csrf_token(intruder)}
    made = intruder.post("/api/v1/tokens", json={"name": "mine"}, headers=headers)
    assert made.status_code == 403
    assert _tokens_of(session_factory, anna_name) == []
    # Every page but the password form (and logging out, the language) leads to that form.
    for path in ("/safety/mine", "/safety/mine/1", "/account/tokens", "/dashboard", "/account"):
        response = intruder.get(path, follow_redirects=False)
        assert response.headers["location"] == "/account/password", path
    # The token page's form is refused too, and no token is made.
    refused = intruder.post(
        "/account/tokens",
        data={"name": "x", "csrf_token": headers["X-CSRF-Token"]},
        follow_redirects=False,
    )
    assert refused.headers["location"] == "/account/password"
    assert _tokens_of(session_factory, anna_name) == []

    # The counsellor sees that, and when, an administrator reset the password.
    page = intruder.get("/account/password")
    assert page.status_code == 200 and 'id="reset-notice"' in page.text
    with session_factory() as session:
        reset_at = get_user(session, anna_name).password_reset_at
    assert reset_at is not None
    assert f"{reset_at.day} " in page.text.split('id="reset-notice">')[1].split("</div>")[0]

    changed = post_form(
        intruder,
        "/account/password",
        {"current": temporary, "new": "beukenlaan-7-oost", "repeat": "beukenlaan-7-oost"},
    )
    assert changed.status_code == 200
    assert intruder.get("/api/v1/safety/conversations").status_code == 200
    account = intruder.get("/account")
    assert 'id="reset-at"' in account.text


def test_token_scope_expiry_and_no_tokens_from_tokens(settings, session_factory, org):
    username, password = create_user(session_factory, org, "hr")
    with session_factory() as session:
        user = get_user(session, username)
        read_token, read_secret = create_token(session, user, "reader", Actor("test"))
        _old, old_secret = create_token(
            session, user, "old", Actor("test"), days=90, now=utcnow() - timedelta(days=91)
        )
        _write, write_secret = create_token(session, user, "writer", Actor("test"), scope="write")
        session.commit()
        read_id, count = read_token.id, 3
    assert read_token.scope == "read"
    client = make_client(settings)
    client.headers["Accept-Language"] = "en"

    # A read-only token reads but cannot change anything, not even revoke itself.
    assert client.get("/api/v1/me", headers=_bearer(read_secret)).status_code == 200
    refused = client.delete(f"/api/v1/tokens/{read_id}", headers=_bearer(read_secret))
    assert refused.status_code == 403 and "may only read" in refused.json()["detail"]
    assert len(_tokens_of(session_factory, username)) == count

    # An expired token no longer works.
    assert client.get("/api/v1/me", headers=_bearer(old_secret)).status_code == 401

    # No token can make a token, not even a read-write one (API or token page).
    for secret in (read_secret, write_secret):
        made = client.post("/api/v1/tokens", json={"name": "more"}, headers=_bearer(secret))
        assert made.status_code == 403, made.text
        page = client.post("/account/tokens", data={"name": "more"}, headers=_bearer(secret))
        assert page.status_code == 403
    assert len(_tokens_of(session_factory, username)) == count

    # A person makes tokens with a scope and an expiry of GEP_API_TOKEN_DAYS days.
    person = make_client(settings.model_copy(update={"api_token_days": 7}))
    login(person, username, password)
    headers = {"X-CSRF-Token": csrf_token(person)}
    created = person.post(
        "/api/v1/tokens", json={"name": "etl", "scope": "write"}, headers=headers
    ).json()
    assert created["scope"] == "write"
    with session_factory() as session:
        stored = session.get(ApiToken, created["id"])
        assert stored.scope == "write"
        assert (
            timedelta(days=6, hours=23) < stored.expires_at - stored.created_at <= timedelta(days=7)
        )
    bad = person.post("/api/v1/tokens", json={"name": "x", "scope": "admin"}, headers=headers)
    assert bad.status_code == 422

    # The owner's password change revokes every token at once.
    post_form(
        person,
        "/account/password",
        {"current": password, "new": "hr-new-password-9", "repeat": "hr-new-password-9"},
    )
    assert _tokens_of(session_factory, username) == []
    assert client.get("/api/v1/me", headers=_bearer(write_secret)).status_code == 401


def test_token_use_is_noted_and_a_read_only_database_still_answers(
    settings, session_factory, org, db_url
):
    """Finding 11: noting a token's last use must not turn a read into a 500 when the database
    refuses writes; the read answers and the use is simply not noted."""
    username, _ = create_user(session_factory, org, "hr")
    secret = api_token(session_factory, username)
    client = make_client(settings)
    assert client.get("/api/v1/me", headers=_bearer(secret)).status_code == 200
    (noted,) = _tokens_of(session_factory, username)
    assert noted.last_used_at is not None

    with session_factory() as session:
        token = session.scalar(select(ApiToken))
        token.last_used_at = None
        session.commit()
    engine = client.app.state.engine
    engine.dispose()
    if db_url.startswith("sqlite"):
        read_only = "PRAGMA query_only = ON"
    else:
        read_only = "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"

    @event.listens_for(engine, "connect")
    def _refuse_writes(connection, _record):  # type: ignore[no-untyped-def]
        cursor = connection.cursor()
        cursor.execute(read_only)
        cursor.close()
        connection.commit()  # a SET in a rolled-back transaction would be undone

    me = client.get("/api/v1/me", headers=_bearer(secret))
    assert me.status_code == 200 and me.json()["username"] == username
    (unnoted,) = _tokens_of(session_factory, username)
    assert unnoted.last_used_at is None


def test_own_conversation_is_one_audit_row(settings, session_factory, org):
    anna, _name = counsellor_client(settings, session_factory, org, "anna", "VP-A")
    log(anna)
    before = len(_actions(session_factory, "read_note"))
    assert anna.get("/safety/mine/1").status_code == 200
    with session_factory() as session:
        reads = session.scalars(
            select(AuditEntry).where(AuditEntry.action.in_(("read_note", "view_conversation")))
        ).all()
    assert len([e for e in reads if e.action == "read_note"]) == before + 1
    assert [e.action for e in reads if e.action == "view_conversation"] == []
