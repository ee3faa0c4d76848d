"""The account pages, the start page, `me`, the token list and the dashboard charts are async and
keep what they can (blocks per language and what they show, SVG per data version): every change
to what they show is there on the next request."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from sqlalchemy import select
from tests.accounts.test_hardening import _bearer
from tests.webutil import (
    api_token,
    create_user,
    csrf_token,
    logged_in_client,
    login,
    make_client,
    page_text,
)

from gepmonitor.accounts.models import ApiToken, User
from gepmonitor.accounts.service import Actor, note_token_use, reset_password, update_user
from gepmonitor.core.models import Organisation
from gepmonitor.personnel import service as personnel


def test_the_account_page_and_me_show_a_changed_role_at_once(settings, session_factory, org):
    username, password = create_user(session_factory, org, "viewer", "vera")
    client = make_client(settings)
    assert login(client, username, password).status_code == 200
    secret = api_token(session_factory, username)
    for lang in ("nl", "en"):  # both languages kept before the change
        client.get(f"/lang/{lang}")
        assert client.get("/account").status_code == 200
    assert client.get("/api/v1/me", headers=_bearer(secret)).json()["role"] == "viewer"
    with session_factory() as session:
        user = session.scalar(select(User).where(User.username == "vera"))
        update_user(session, user, "board", True, Actor("admin"))
        session.commit()
    english = page_text(client.get("/account").text)
    assert "Role board" in " ".join(english.split())
    client.get("/lang/nl")
    dutch = " ".join(page_text(client.get("/account").text).split())
    assert "Rol bestuur" in dutch and "Rol lezer" not in dutch
    me = client.get("/api/v1/me", headers=_bearer(secret)).json()
    assert me["role"] == "board" and "view_pay" in me["permissions"]
    assert me["username"] == "vera" and me["organisation"] == "default"


def test_a_password_reset_shows_on_the_account_and_password_pages(settings, session_factory, org):
    username, password = create_user(session_factory, org, "hr", "henk")
    client = make_client(settings)
    assert login(client, username, password).status_code == 200
    before = client.get("/account/password")
    assert before.status_code == 200 and 'id="reset-notice"' not in before.text
    assert 'id="reset-at"' not in client.get("/account").text
    with session_factory() as session:
        user = session.scalar(select(User).where(User.username == "henk"))
        new = reset_password(session, user, Actor("admin"))
        session.commit()
    # The reset ends the session (the password changed): log in with the new one.
    assert client.get("/account", follow_redirects=False).status_code == 303
    forced = login(client, username, new)
    assert forced.url.path == "/account/password"
    assert "Kies eerst een eigen wachtwoord" in forced.text and 'id="reset-notice"' in forced.text
    assert client.get("/", follow_redirects=False).headers["location"] == "/account/password"
    changed = client.post(
        "/account/password",
        data={
            "current": new,
            "new": "een-nieuw-wachtwoord-42",
            "repeat": "een-nieuw-wachtwoord-42",
            "csrf_token": csrf_token(client),
        },
    )
    assert "Uw wachtwoord is gewijzigd." in changed.text
    page = client.get("/account/password")
    assert "Kies eerst een eigen wachtwoord" not in page.text
    assert 'id="reset-notice"' in page.text  # the reset itself is still worth telling
    assert 'id="reset-at"' in client.get("/account").text


def test_the_start_page_names_the_reader_and_shows_a_changed_organisation_name(
    settings, session_factory, org
):
    client = logged_in_client(settings, session_factory, org, "counsellor")
    first = client.get("/")
    assert first.status_code == 200 and "Provincie Test" in first.text
    assert "Welkom, test-counsellor." in first.text
    assert 'href="/safety/log"' in first.text.split("<main")[1]  # its menu, as tiles
    with session_factory() as session:
        stored = session.get(Organisation, org.id)
        stored.name = "Provincie <Nieuw>"
        session.commit()
    again = client.get("/")
    assert "Provincie &lt;Nieuw&gt;" in again.text and "Provincie Test" not in again.text
    viewer = logged_in_client(settings, session_factory, org, "viewer")
    assert viewer.get("/", follow_redirects=False).headers["location"] == "/dashboard"


def test_the_token_list_shows_a_new_use_and_a_revoked_token_at_once(settings, session_factory, org):
    username, _password = create_user(session_factory, org, "board", "bea")
    secret = api_token(session_factory, username, "first")
    client = make_client(settings)
    headers = _bearer(secret)
    listed = client.get("/api/v1/tokens", headers=headers).json()
    assert [t["name"] for t in listed] == ["first"]
    with session_factory() as session:
        token = session.scalar(select(ApiToken).where(ApiToken.name == "first"))
        note_token_use(session, token.id, datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC))
        session.commit()
    moved = client.get("/api/v1/tokens", headers=headers).json()
    assert moved[0]["last_used_at"] == "2030-01-02T03:04:05Z"  # unversioned, seen at once
    second = api_token(session_factory, username, "second")
    both = client.get("/api/v1/tokens", headers=headers).json()
    assert [t["name"] for t in both] == ["second", "first"]
    gone = client.delete(f"/api/v1/tokens/{both[0]['id']}", headers=headers)
    assert gone.status_code == 204
    assert [t["name"] for t in client.get("/api/v1/tokens", headers=headers).json()] == ["first"]
    assert client.get("/api/v1/tokens", headers=_bearer(second)).status_code == 401


def test_the_login_form_keeps_its_return_address_and_offers_what_the_settings_allow(
    settings, session_factory, org
):
    client = make_client(settings)
    page = client.get("/login?next=/plan%3Fyear%3D2024")
    assert 'name="next" value="/plan?year=2024"' in page.text
    assert 'id="username"' in page.text and 'id="sso-login"' not in page.text
    assert 'name="next" value="/"' in client.get("/login?next=//elders.example").text
    english = client.get("/lang/en?next=/login", follow_redirects=True)
    assert "Log in" in english.text and '<html lang="en">' in english.text
    assert client.get("/lang/xx", follow_redirects=False).status_code == 422
    closed = make_client(settings.model_copy(update={"local_login": False}))
    shut = closed.get("/login")
    assert 'id="username"' not in shut.text and 'href="/login?local=1"' in shut.text
    emergency = closed.get("/login?local=1")
    assert 'id="username"' in emergency.text
    assert "Inloggen met een wachtwoord staat uit" in emergency.text
    assert "Inloggen met een wachtwoord staat uit" not in client.get("/login?local=1").text


def _chart_13(page: str) -> str:
    """Return the address of the dashboard's chart of band 13+."""
    return html.unescape(re.findall(r'<img src="(/dashboard/chart\.svg\?chart=13[^"]+)"', page)[0])


def test_a_chart_follows_a_data_change_at_once(settings, session_factory, demo):
    viewer = logged_in_client(settings, session_factory, demo, "viewer")
    page = viewer.get("/dashboard")
    url = _chart_13(page.text)
    first = viewer.get(url)
    assert first.status_code == 200 and "immutable" in first.headers["cache-control"]
    assert viewer.get(url).text == first.text  # kept
    with session_factory() as session:
        org = session.get(Organisation, demo.id)
        personnel.save_target(session, org, "13+", 0.77, 2031, actor="test")
        session.commit()
    after = viewer.get(url)  # the old address: drawn anew, and no longer kept by the browser
    assert after.status_code == 200 and after.text != first.text
    assert after.headers["cache-control"] == "private, no-cache"
    fresh = viewer.get("/dashboard")
    new_url = _chart_13(fresh.text)
    assert new_url != url and viewer.get(new_url).text == after.text
    assert "immutable" in viewer.get(new_url).headers["cache-control"]
