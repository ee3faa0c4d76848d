"""Single sign-on through a real OpenID provider (node-oidc-provider on loopback).

A real gepmonitor server (uvicorn) and httpx as the browser: the full redirect flow, the role
mapping, a refused group, an administrator's link for a counsellor, RP-initiated logout, and a
forged callback.
"""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import select
from tests.oidcutil import (
    provider_login,
    skip_or_fail_without_provider,
    sso_settings,
    start_provider,
)
from tests.webutil import csrf_from, live_server

from gepmonitor.accounts.models import LoginSession, User
from gepmonitor.accounts.oidc import clear_cache
from gepmonitor.core.audit import AuditEntry


@pytest.fixture(scope="module")
def issuer():
    skip_or_fail_without_provider()
    with start_provider() as url:
        yield url
    clear_cache()


def sso_login(client: httpx.Client, base: str, account: str, next_path: str = "/account"):
    """Go through the whole login: our start page, the provider's form, back to our callback."""
    first = client.get(f"{base}/login/sso", params={"next": next_path})
    assert first.url.host == "127.0.0.1" and "/interaction/" in first.url.path, first.url
    return provider_login(client, first, account)


def users(session_factory) -> dict[str, User]:
    with session_factory() as session:
        return {u.username: u for u in session.scalars(select(User))}


def actions(session_factory) -> list[AuditEntry]:
    with session_factory() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_first_login_creates_the_account_with_the_mapped_role(
    settings, session_factory, org, issuer
):
    with (
        live_server(sso_settings(settings, issuer)) as base,
        httpx.Client(follow_redirects=True, timeout=60) as client,
    ):
        login_page = client.get(f"{base}/login")
        assert 'id="sso-login"' in login_page.text  # the button is on the login page
        page = sso_login(client, base, "anna")
        assert page.status_code == 200 and page.url == httpx.URL(f"{base}/account")
        assert "anna" in page.text
        # No password here: the account page offers none to change, and the form is refused.
        assert 'id="sso-only"' in page.text and 'href="/account/password"' not in page.text
        assert client.get(f"{base}/account/password").status_code == 403
    anna = users(session_factory)["anna"]
    assert anna.role == "hr" and anna.oidc_issuer == issuer and anna.oidc_subject == "anna"
    assert anna.password_hash == "" and anna.last_login_at is not None
    log = actions(session_factory)
    created = [e for e in log if e.action == "user_created"]
    assert created and created[0].target == "anna" and "role=hr (sso)" in created[0].detail
    login = [e for e in log if e.action == "login"][-1]
    assert login.actor == "anna" and login.detail == "sso"
    assert re.fullmatch(r"[0-9a-f]{32}", login.request_id)


def test_the_first_matching_pair_of_the_mapping_wins(settings, session_factory, org, issuer):
    # bert is in gep-board and gep-hr; the mapping names gep-hr first.
    with (
        live_server(sso_settings(settings, issuer)) as base,
        httpx.Client(follow_redirects=True, timeout=60) as client,
    ):
        assert sso_login(client, base, "bert").status_code == 200
    assert users(session_factory)["bert"].role == "hr"
    changed = sso_settings(settings, issuer, oidc_roles="gep-board=board,gep-hr=hr")
    with live_server(changed) as base, httpx.Client(follow_redirects=True, timeout=60) as client:
        assert sso_login(client, base, "bert").status_code == 200
    assert users(session_factory)["bert"].role == "board"  # the role follows the mapping
    detail = [e.detail for e in actions(session_factory) if e.action == "user_changed"]
    assert detail == ["role hr->board (sso)"]


def test_a_group_without_mapping_is_refused(settings, session_factory, org, issuer):
    with (
        live_server(sso_settings(settings, issuer)) as base,
        httpx.Client(follow_redirects=True, timeout=60) as client,
    ):
        page = sso_login(client, base, "carla")
        assert page.status_code == 403
        # In Dutch, the default language (the login service's errors are in the catalogue).
        assert "Je account bij de organisatie heeft geen rol in gepmonitor." in page.text
        assert client.get(f"{base}/account").url.path == "/login"  # not logged in
    assert "carla" not in users(session_factory)
    refused = [e for e in actions(session_factory) if e.action == "sso_refused"]
    assert refused and refused[0].detail == "groups: finance"


def test_a_counsellor_account_is_linked_by_an_administrator(
    settings, session_factory, org, issuer, run_cli
):
    code, out, err = run_cli(
        "user",
        "add",
        "--role",
        "counsellor",
        "--username",
        "vp-dirk",
        "--sso",
        "dirk@provincie.test",
    )
    assert code == 0, err
    with (
        live_server(sso_settings(settings, issuer)) as base,
        httpx.Client(follow_redirects=True, timeout=60) as client,
    ):
        page = sso_login(client, base, "dirk")  # dirk has no mapped group
        assert page.status_code == 200 and "vp-dirk" in page.text
    account = users(session_factory)["vp-dirk"]
    assert account.role == "counsellor" and account.oidc_subject == "dirk"
    assert "dirk" not in users(session_factory)  # no second account


def test_logout_ends_the_session_here_and_at_the_provider(settings, session_factory, org, issuer):
    with (
        live_server(sso_settings(settings, issuer)) as base,
        httpx.Client(follow_redirects=True, timeout=60) as client,
    ):
        account = sso_login(client, base, "anna")
        with session_factory() as session:
            kept = session.scalar(select(LoginSession.id_token))
        assert kept and kept.count(".") == 2  # the ID token, for the provider's logout
        out = client.post(
            f"{base}/logout", data={"csrf_token": csrf_from(account.text)}, follow_redirects=False
        )
        assert out.status_code == 303
        end_session = httpx.URL(out.headers["location"])
        assert str(end_session).startswith(f"{issuer}/session/end")
        assert end_session.params["id_token_hint"] == kept
        assert end_session.params["post_logout_redirect_uri"] == f"{base}/login"
        confirm = client.get(end_session)
        back = provider_login_confirm(client, confirm)
        assert back.status_code == 200 and str(back.url.copy_with(query=None)) == f"{base}/login"
        with session_factory() as session:
            assert session.scalar(select(LoginSession)) is None
        # The provider's session is gone too: logging in again asks for the account.
        again = client.get(f"{base}/login/sso")
        assert "/interaction/" in again.url.path and 'name="login"' in again.text
    assert [e.action for e in actions(session_factory)].count("logout") == 1


def provider_login_confirm(client: httpx.Client, page: httpx.Response) -> httpx.Response:
    """Press 'Yes, sign me out' on the provider's logout page."""
    form = re.search(r'<form[^>]*id="op.logoutForm"[^>]*>(.*?)</form>', page.text, re.S)
    assert form, page.text[:500]
    action = re.search(r'action="([^"]+)"', form.group(0)).group(1)
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(1)))
    fields["logout"] = "yes"
    return client.post(httpx.URL(str(page.url)).join(action), data=fields)


def test_a_forged_callback_is_refused(settings, session_factory, org, issuer):
    with (
        live_server(sso_settings(settings, issuer)) as base,
        httpx.Client(follow_redirects=False, timeout=60) as client,
    ):
        start = client.get(f"{base}/login/sso")
        assert start.status_code == 303
        state = httpx.URL(start.headers["location"]).params["state"]
        # A callback with another state (an attacker's code pushed into the victim's browser).
        forged = client.get(
            f"{base}/login/sso/callback", params={"state": state[:-2] + "xx", "code": "abc"}
        )
        assert forged.status_code == 400 and "state" in forged.text.lower()
        # The pending login is used up: the right state now is refused too.
        replay = client.get(f"{base}/login/sso/callback", params={"state": state, "code": "abc"})
        assert replay.status_code == 400
        assert client.get(f"{base}/account").status_code == 303  # not logged in
    assert users(session_factory) == {}
    failed = [e.detail for e in actions(session_factory) if e.action == "sso_failed"]
    assert len(failed) == 2 and "state does not match" in failed[0]
