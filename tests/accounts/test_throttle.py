"""Login throttling: 5 failures per account or per address lock it for 15 minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.webutil import create_user, csrf_from, make_client

from gepmonitor.core.audit import entries


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def _client(settings, clock, ip="10.0.0.1"):
    client = make_client(settings)
    client.app.state.clock = clock
    # TestClient reports a fixed address; a header-free way to vary it is a new transport.
    client._transport.client = (ip, 50000)  # type: ignore[attr-defined]
    return client


def _attempt(client, username, password):
    token = csrf_from(client.get("/login").text)
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )


def test_account_locks_after_five_failures_for_fifteen_minutes(settings, session_factory, org):
    username, password = create_user(session_factory, org, "hr", "henk")
    clock = Clock()
    client = _client(settings, clock)
    for _ in range(4):
        assert _attempt(client, username, "wrong-password").status_code == 401
        clock.advance(minutes=1)
    fifth = _attempt(client, username, "wrong-password")
    assert fifth.status_code == 429 and "15 minuten" in fifth.text
    # Even the right password is refused while locked, from another address too.
    other = _client(settings, clock, ip="10.0.0.2")
    clock.advance(minutes=10)
    locked = _attempt(other, username, password)
    assert locked.status_code == 429 and "over 5 minuten" in locked.text
    clock.advance(minutes=5, seconds=1)
    assert _attempt(other, username, password).status_code == 200
    with session_factory() as session:
        log = entries(session)
    actions = [e.action for e in log]
    assert actions.count("login_failed") == 5 and actions.count("login_locked") == 1
    assert sorted(e.target for e in log if e.action == "lockout") == ["ip", "user"]
    assert actions[0] == "login" and log[0].ip == "10.0.0.2"


def test_failures_spread_over_more_than_the_window_do_not_lock(settings, session_factory, org):
    username, password = create_user(session_factory, org, "hr", "hanna")
    clock = Clock()
    client = _client(settings, clock)
    for _ in range(8):
        assert _attempt(client, username, "wrong-password").status_code == 401
        clock.advance(minutes=4)
    assert _attempt(client, username, password).status_code == 200


def test_success_resets_the_account_count(settings, session_factory, org):
    username, password = create_user(session_factory, org, "hr", "hugo")
    clock = Clock()
    client = _client(settings, clock)
    for _ in range(4):
        _attempt(client, username, "wrong-password")
    assert _attempt(client, username, password).status_code == 200
    fresh = _client(settings, clock, ip="10.0.0.9")
    for _ in range(4):
        assert _attempt(fresh, username, "wrong-password").status_code == 401
    assert _attempt(fresh, username, password).status_code == 200


def test_address_locks_after_five_failures_on_any_accounts(settings, session_factory, org):
    username, password = create_user(session_factory, org, "viewer", "vince")
    clock = Clock()
    attacker = _client(settings, clock, ip="192.0.2.7")
    for name in ("a1", "a2", "a3", "a4"):
        assert _attempt(attacker, name, "guess-guess").status_code == 401
    assert _attempt(attacker, "a5", "guess-guess").status_code == 429
    assert _attempt(attacker, username, password).status_code == 429
    elsewhere = _client(settings, clock, ip="198.51.100.1")
    assert _attempt(elsewhere, username, password).status_code == 200
    clock.advance(minutes=15, seconds=1)
    assert _attempt(attacker, username, password).status_code == 200
    with session_factory() as session:
        lockouts = [e for e in entries(session) if e.action == "lockout"]
    assert [(e.target, e.ip) for e in lockouts] == [("ip", "192.0.2.7")]


def test_admin_reset_lifts_the_lock(settings, session_factory, org):
    from tests.webutil import login, post_form

    username, _ = create_user(session_factory, org, "hr", "hilde")
    clock = Clock()
    client = _client(settings, clock, ip="10.1.1.1")
    for _ in range(5):
        _attempt(client, username, "wrong-password")
    admin_name, admin_password = create_user(session_factory, org, "admin", "root")
    admin = _client(settings, clock, ip="10.9.9.9")
    login(admin, admin_name, admin_password)
    with session_factory() as session:
        from gepmonitor.accounts.service import get_user

        user_id = get_user(session, username).id
    page = post_form(admin, f"/admin/users/{user_id}/reset")
    temporary = page.text.split("Tijdelijk wachtwoord voor hilde: ")[1].split(" ")[0]
    assert _attempt(_client(settings, clock, ip="10.2.2.2"), username, temporary).status_code == 200
