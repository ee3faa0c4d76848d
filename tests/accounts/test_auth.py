"""Logging in and out, sessions, password changes, CSRF and the language switch."""

from __future__ import annotations

from sqlalchemy import select
from tests.webutil import (
    api_token,
    create_user,
    csrf_from,
    csrf_token,
    logged_in_client,
    login,
    make_client,
    post_form,
)

from gepmonitor.accounts.models import ApiToken, User


def test_login_logout_and_password_hash(settings, session_factory, org):
    username, password = create_user(session_factory, org, "hr", "anna")
    client = make_client(settings)
    assert client.get("/", follow_redirects=False).headers["location"] == "/login?next=/"
    response = login(client, username, password)
    assert response.status_code == 200 and "Ingelogd als anna" in response.text
    with session_factory() as session:
        stored = session.scalar(select(User).where(User.username == "anna"))
        assert stored.password_hash.startswith("$argon2id$")
        assert password not in stored.password_hash
        assert stored.last_login_at is not None
    response = post_form(client, "/logout")
    assert response.url.path == "/login"
    assert client.get("/", follow_redirects=False).status_code == 303


def test_wrong_password_gives_one_clear_message(settings, session_factory, org):
    create_user(session_factory, org, "viewer", "bert")
    client = make_client(settings)
    response = login(client, "bert", "not-his-password")
    assert response.status_code == 401
    assert "Gebruikersnaam of wachtwoord onjuist." in response.text
    assert login(client, "nobody", "whatever-123").status_code == 401
    page = client.get("/login")
    empty = client.post("/login", data={"csrf_token": csrf_from(page.text)})
    assert empty.status_code == 422 and "Vul uw gebruikersnaam" in empty.text


def test_session_cookie_flags(settings, session_factory, org):
    username, password = create_user(session_factory, org, "hr")
    client = make_client(settings)
    page = client.get("/login")
    login_response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    cookie = login_response.headers["set-cookie"].lower()
    assert "gep_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie
    secure = make_client(settings.model_copy(update={"https": True}))
    assert "secure" in secure.get("/login").headers["set-cookie"].lower()


def test_next_is_only_followed_to_local_paths(settings, session_factory, org):
    username, password = create_user(session_factory, org, "hr")
    client = make_client(settings)
    token = csrf_from(client.get("/login").text)
    data = {"username": username, "password": password, "csrf_token": token}
    evil = client.post("/login", data={**data, "next": "//evil.example/"}, follow_redirects=False)
    assert evil.headers["location"] == "/"


def test_csrf_is_required_for_cookie_posts(settings, session_factory, org):
    client = logged_in_client(settings, session_factory, org, "admin")
    missing = client.post("/admin/users", data={"role": "viewer"})
    assert missing.status_code == 403 and "formulier is verlopen" in missing.text
    wrong = client.post("/admin/users", data={"role": "viewer", "csrf_token": "forged"})
    assert wrong.status_code == 403
    api = client.post("/api/v1/tokens", json={"name": "x"})
    assert api.status_code == 403 and "detail" in api.json()
    with session_factory() as session:
        assert session.scalars(select(User)).all().__len__() == 1
    ok = post_form(client, "/admin/users", {"role": "viewer", "username": "vera"})
    assert ok.status_code == 200 and "vera" in ok.text
    header = client.post(
        "/api/v1/tokens", json={"name": "x"}, headers={"X-CSRF-Token": csrf_token(client)}
    )
    assert header.status_code == 201


def test_login_form_itself_needs_the_token(settings, session_factory, org):
    username, password = create_user(session_factory, org, "hr")
    client = make_client(settings)
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 303


def test_password_change_ends_other_sessions(settings, session_factory, org):
    username, password = create_user(session_factory, org, "hr")
    first, second = make_client(settings), make_client(settings)
    login(first, username, password)
    login(second, username, password)
    short = post_form(
        first, "/account/password", {"current": password, "new": "short", "repeat": "short"}
    )
    assert short.status_code == 422 and "te kort" in short.text
    wrong = post_form(
        first,
        "/account/password",
        {"current": "nope", "new": "a-new-password-1", "repeat": "a-new-password-1"},
    )
    assert wrong.status_code == 422 and "huidige wachtwoord klopt niet" in wrong.text
    done = post_form(
        first,
        "/account/password",
        {"current": password, "new": "a-new-password-1", "repeat": "a-new-password-1"},
    )
    assert done.status_code == 200 and "Uw wachtwoord is gewijzigd." in done.text
    assert first.get("/account", follow_redirects=False).status_code == 200
    assert second.get("/account", follow_redirects=False).status_code == 303
    assert login(make_client(settings), username, "a-new-password-1").status_code == 200


def test_temporary_password_must_be_changed(settings, session_factory, org):
    admin = logged_in_client(settings, session_factory, org, "admin")
    page = post_form(admin, "/admin/users", {"role": "board", "username": "bea"})
    temporary = page.text.split("Tijdelijk wachtwoord voor bea: ")[1].split(" ")[0]
    client = make_client(settings)
    response = login(client, "bea", temporary)
    assert response.url.path == "/account/password"
    assert "Kies eerst een eigen wachtwoord" in response.text
    assert client.get("/", follow_redirects=False).headers["location"] == "/account/password"
    post_form(
        client,
        "/account/password",
        {"current": temporary, "new": "beukenlaan-7-oost", "repeat": "beukenlaan-7-oost"},
    )
    assert client.get("/", follow_redirects=False).headers["location"] == "/dashboard"


def test_language_switch_is_remembered(settings, session_factory, org):
    client = logged_in_client(settings, session_factory, org, "viewer")
    assert '<html lang="nl">' in client.get("/").text
    response = client.get("/lang/en?next=/account")
    assert response.url.path == "/account" and '<html lang="en">' in response.text
    assert "My account" in client.get("/account").text
    assert client.get("/lang/de").status_code == 422
    assert (
        client.get("/lang/en?next=https://evil.example", follow_redirects=False).headers["location"]
        == "/"
    )


def test_api_tokens_are_hashed_and_work_without_cookies(settings, session_factory, org):
    username, _ = create_user(session_factory, org, "hr")
    secret = api_token(session_factory, username, "hr-system")
    with session_factory() as session:
        stored = session.scalar(select(ApiToken))
        assert stored.token_hash != secret and secret not in stored.token_hash
    client = make_client(settings)
    assert client.get("/api/v1/me").status_code == 401
    bad = client.get("/api/v1/me", headers={"Authorization": "Bearer gep_wrong"})
    assert bad.status_code == 401 and bad.headers["www-authenticate"] == "Bearer"
    headers = {"Authorization": f"Bearer {secret}"}
    me = client.get("/api/v1/me", headers=headers).json()
    assert me["username"] == username and "import_personnel" in me["permissions"]
    created = client.post("/api/v1/tokens", json={"name": "second"}, headers=headers)
    assert created.status_code == 403  # bearer requests need no CSRF token, but make no tokens
    listed = client.get("/api/v1/tokens", headers=headers).json()
    assert [t["name"] for t in listed] == ["hr-system"]
    assert all("token" not in t for t in listed)
    token_id = listed[0]["id"]
    assert client.delete(f"/api/v1/tokens/{token_id}", headers=headers).status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_token_page_shows_secret_once(settings, session_factory, org):
    client = logged_in_client(settings, session_factory, org, "board")
    created = post_form(client, "/account/tokens", {"name": "laptop"})
    secret = created.text.split('id="new-token">')[1].split("<")[0]
    assert secret.startswith("gep_")
    again = client.get("/account/tokens")
    assert "laptop" in again.text and secret not in again.text
    empty = post_form(client, "/account/tokens", {"name": "  "})
    assert empty.status_code == 422 and "naam van 1 tot 80" in empty.text
    # Each form carries the reader's own token; the page says how long a token works.
    days = f"Een token werkt {settings.api_token_days} dagen."
    for page in (created.text, again.text, empty.text):
        assert days in page and f'value="{csrf_token(client)}"' in page
        assert "csrf-token-slot" not in page


def test_blocked_user_cannot_log_in_or_use_tokens(settings, session_factory, org):
    username, password = create_user(session_factory, org, "hr")
    secret = api_token(session_factory, username)
    client = make_client(settings)
    login(client, username, password)
    with session_factory() as session:
        session.scalar(select(User).where(User.username == username)).active = False
        session.commit()
    assert client.get("/", follow_redirects=False).status_code == 303
    headers = {"Authorization": f"Bearer {secret}"}
    assert make_client(settings).get("/api/v1/me", headers=headers).status_code == 401
    assert login(make_client(settings), username, password).status_code == 401


def test_logout_ends_the_session_on_the_server(settings, session_factory, org):
    from gepmonitor.accounts.auth import SESSION_COOKIE
    from gepmonitor.accounts.models import LoginSession

    username, password = create_user(session_factory, org, "hr")
    client, other_device = make_client(settings), make_client(settings)
    login(client, username, password)
    login(other_device, username, password)
    saved = client.cookies[SESSION_COOKIE]
    with session_factory() as session:
        assert len(session.scalars(select(LoginSession)).all()) == 2
        # Only a hash of the session's secret is stored.
        assert all(saved not in row.id for row in session.scalars(select(LoginSession)))
    assert post_form(client, "/logout").url.path == "/login"
    with session_factory() as session:
        assert len(session.scalars(select(LoginSession)).all()) == 1
    # A copy of the cookie taken before logging out no longer opens anything.
    thief = make_client(settings)
    thief.cookies.set(SESSION_COOKIE, saved)
    assert thief.get("/dashboard", follow_redirects=False).status_code == 303
    assert thief.get("/account", follow_redirects=False).status_code == 303
    # Logging out on one device leaves the other one logged in.
    assert other_device.get("/account", follow_redirects=False).status_code == 200


def test_head_works_like_get(settings, session_factory, org):
    client = logged_in_client(settings, session_factory, org, "hr")
    for path in ("/dashboard", "/account", "/login"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]
    bearer = {"Authorization": f"Bearer {api_token(session_factory, 'test-hr')}"}
    me = client.head("/api/v1/me", headers=bearer)
    assert me.status_code == 200 and me.content == b""
    assert make_client(settings).head("/dashboard", follow_redirects=False).status_code == 303


def test_token_times_look_the_same_when_created_and_listed(settings, session_factory, org):
    client = logged_in_client(settings, session_factory, org, "viewer")
    headers = {"X-CSRF-Token": csrf_token(client)}
    created = client.post("/api/v1/tokens", json={"name": "laptop"}, headers=headers).json()
    listed = client.get("/api/v1/tokens").json()
    assert [t["created_at"] for t in listed] == [created["created_at"]]
    assert created["created_at"].endswith("Z")


def test_passwords_have_a_maximum_length(settings, session_factory, org):
    username, password = create_user(session_factory, org, "hr")
    client = make_client(settings)
    login(client, username, password)
    too_long = "a-long-password" * 69  # 1035 characters
    refused = post_form(
        client, "/account/password", {"current": password, "new": too_long, "repeat": too_long}
    )
    assert refused.status_code == 422
    assert "Het wachtwoord is te lang: gebruik hoogstens 1024 tekens." in refused.text
    # A huge password at login is refused like a wrong one, without hashing it.
    stranger = make_client(settings)
    page = stranger.get("/login")
    huge = stranger.post(
        "/login",
        data={"username": username, "password": "x" * 900_000, "csrf_token": csrf_from(page.text)},
    )
    assert huge.status_code == 401 and "Gebruikersnaam of wachtwoord onjuist." in huge.text


def test_the_users_page_shows_each_account_change_at_once(settings, session_factory, org):
    """The table is rendered once per data version: a change made anywhere shows on the next
    request, and each administrator's forms carry their own CSRF token."""
    from gepmonitor.accounts.service import Actor, get_user, update_user

    admin = logged_in_client(settings, session_factory, org, "admin")

    def row(page: str, username: str) -> str:
        return page.split(f'<th scope="row">{username}</th>')[1].split("</tr>")[0]

    assert admin.get("/admin/users").status_code == 200
    assert '<th scope="row">bert</th>' not in admin.get("/admin/users").text
    username, password = create_user(session_factory, org, "board", "bert")  # another session
    page = admin.get("/admin/users").text
    assert '<option value="board" selected>' in row(page, "bert")
    assert ">nooit</td>" in row(page, "bert")
    with session_factory() as session:
        update_user(session, get_user(session, "bert"), "viewer", False, Actor("cli:root"))
        session.commit()
    page = admin.get("/admin/users").text
    assert '<option value="viewer" selected>' in row(page, "bert")
    assert 'name="active" value="1">' in row(page, "bert")  # no longer checked
    with session_factory() as session:
        update_user(session, get_user(session, "bert"), "viewer", True, Actor("cli:root"))
        session.commit()
    assert login(make_client(settings), username, password).status_code == 200
    page = admin.get("/admin/users").text
    assert ">nooit</td>" not in row(page, "bert") and "checked>" in row(page, "bert")
    # Served from the cache to a second administrator: with that reader's own token.
    other = make_client(settings)
    create_user(session_factory, org, "admin", "test-admin-2", "admin-kastanje-laan-456")
    login(other, "test-admin-2", "admin-kastanje-laan-456")
    mine, theirs = csrf_token(admin), csrf_token(other)
    assert mine != theirs
    theirs_page = other.get("/admin/users").text
    assert f'value="{theirs}"' in theirs_page and f'value="{mine}"' not in theirs_page
    assert f'value="{mine}"' in admin.get("/admin/users").text
    assert "csrf-token-slot" not in theirs_page
    # English on request, Dutch still for the other reader: the language is part of the key.
    english = other.get("/lang/en?next=/admin/users").text
    assert '<th scope="col">Last login</th>' in english and "Laatst ingelogd" not in english
    assert '<th scope="col">Laatst ingelogd</th>' in admin.get("/admin/users").text
    assert (
        logged_in_client(settings, session_factory, org, "hr").get("/admin/users").status_code
        == 403
    )


def test_the_users_page_shows_a_saved_change_once_in_its_own_layout(settings, session_factory, org):
    """After a change the users page shows its message once (the whole page rendered), then
    the page kept for the data version again, each time with the reader's own token."""
    from gepmonitor.accounts.service import get_user

    admin = logged_in_client(settings, session_factory, org, "admin")
    create_user(session_factory, org, "board", "bert")
    assert '<th scope="row">bert</th>' in admin.get("/admin/users").text
    with session_factory() as session:
        bert = get_user(session, "bert").id
    changed = post_form(admin, f"/admin/users/{bert}", {"role": "viewer", "active": "1"})
    assert changed.status_code == 200 and "Gebruiker bert opgeslagen." in changed.text
    again = admin.get("/admin/users").text
    assert "Gebruiker bert opgeslagen." not in again
    token = csrf_token(admin)
    assert f'value="{token}"' in changed.text and f'value="{token}"' in again
    assert "csrf-token-slot" not in changed.text + again
    row = again.split('<th scope="row">bert</th>')[1].split("</tr>")[0]
    assert '<option value="viewer" selected>' in row
