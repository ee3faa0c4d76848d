"""Single sign-on in a real browser: chromium, gepmonitor (uvicorn) and node-oidc-provider, all on
loopback. Logs in through the full redirect, lands with the mapped role, is refused with an
unmapped group, and logs out at the provider too."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from tests.oidcutil import skip_or_fail_without_provider, sso_settings, start_provider
from tests.webutil import CHROMIUM_ARGS, live_server

from gepmonitor.accounts.models import User
from gepmonitor.accounts.oidc import clear_cache

pytestmark = pytest.mark.browser


@pytest.fixture
def sqlite_only(db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("the browser drives one server; storage is tested on both backends")


def provider_sign_in(page, account: str) -> None:
    """Fill in the provider's login page and confirm its consent page, as a person would."""
    page.locator("input[name=login]").fill(account)
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def test_sso_in_the_browser(settings, session_factory, org, sqlite_only, chromium_path):
    skip_or_fail_without_provider()
    from playwright.sync_api import sync_playwright

    with start_provider() as issuer, live_server(sso_settings(settings, issuer)) as base, \
            sync_playwright() as playwright:  # fmt: skip
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{base}/login")
            page.get_by_role("link", name="Inloggen met het account van uw organisatie").or_(
                page.get_by_role("link", name="Log in with your organisation's account")
            ).click()
            assert page.url.startswith(f"{issuer}/interaction/")
            provider_sign_in(page, "anna")
            assert page.url == f"{base}/dashboard"
            assert page.locator(".account-link").inner_text().endswith("(HR)")

            page.get_by_role("button", name="Uitloggen").click()
            assert page.url.startswith(f"{issuer}/session/end")
            page.get_by_role("button", name="Yes, sign me out").click()
            page.wait_for_load_state()
            assert page.url.split("?")[0] == f"{base}/login"
            page.goto(f"{base}/account")
            assert page.url.startswith(f"{base}/login")  # logged out here

            # Logged out at the provider too: the next login asks for the account again, and
            # carla's group has no role in gepmonitor.
            page.goto(f"{base}/login/sso")
            provider_sign_in(page, "carla")
            assert page.url.startswith(f"{base}/login/sso/callback")
            alert = page.get_by_role("alert").inner_text()
            assert "Je account bij de organisatie heeft geen rol in gepmonitor." in alert
            page.goto(f"{base}/account")
            assert page.url.startswith(f"{base}/login")
        finally:
            browser.close()
    clear_cache()
    with session_factory() as session:
        roles = dict(session.execute(select(User.username, User.role)).all())
    assert roles == {"anna": "hr"}
