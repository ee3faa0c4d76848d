"""The counsellor's conversation form on a phone, in Debian's chromium (Playwright)."""

from __future__ import annotations

import pytest
from tests.web import test_browser as shared
from tests.web.test_browser import log_in, screenshot, serious_violations
from tests.webutil import create_user, live_server

from gepmonitor.core.orgs import get_org
from gepmonitor.safety import service

pytestmark = pytest.mark.browser
# The browser, axe-core and SQLite-only fixtures of the web's browser tests.
browser, axe_script, sqlite_only = shared.browser, shared.axe_script, shared.sqlite_only
PHONE = {"width": 390, "height": 844}


def test_phone_form_few_taps_no_sideways_scroll(
    settings, session_factory, org, sqlite_only, browser, axe_script, tmp_path
):
    username, password = create_user(session_factory, org, "counsellor", "vp-anna")
    with session_factory() as session:
        from gepmonitor.accounts.service import get_user

        service.add_counsellor(
            session,
            get_org(session, org.slug),
            "VP-1",
            "undesirable_behaviour",
            actor="t",
            user_id=get_user(session, username).id,
        )
        session.commit()
    with live_server(settings) as base:
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        page = context.new_page()
        log_in(page, base, username, password)
        page.goto(f"{base}/safety/log")
        assert serious_violations(page, axe_script) == []
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]  # nothing scrolls sideways on a phone
        screenshot(page, "safety-phone-form", tmp_path)
        # Five taps and one code: date and track are filled in, the rest has defaults.
        page.get_by_label("pesten").check()
        page.get_by_label("werkdruk").check()
        page.get_by_label("Persoonscode").fill("K7")
        page.get_by_label("Er speelde een hiërarchische verhouding").check()
        page.get_by_role("button", name="Gesprek opslaan").click()
        assert page.url.endswith("/safety/mine")
        assert "K7" in page.locator("table").inner_text()
        page.goto(f"{base}/safety/log")
        box = page.get_by_label("pesten").locator("xpath=..").bounding_box()
        assert box is not None and box["height"] >= 44  # a target a thumb can hit
        context.close()
