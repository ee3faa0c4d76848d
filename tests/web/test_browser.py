"""Browser tests: Playwright drives Debian's chromium against a real uvicorn server.

The import flow is done as a user would: log in, upload a file with errors and read the
messages, upload the corrected file and import it, see the dashboard change, download the PDF.
Every page of the app is checked with axe-core (WCAG 2.1 A and AA) at 1280 and at 390 px:
no serious or critical violation, nothing sticking out sideways, every label beside or right
above its field. Set GEP_SCREENSHOTS=docs/screenshots to (re)write the README's screenshots.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.web.sample import good_rows, personnel_csv, rows_with_errors
from tests.webutil import CHROMIUM_ARGS, create_user, live_server, make_client

from gepmonitor.accounts.roles import Role, has_permission
from gepmonitor.web.routeinfo import route_infos

pytestmark = pytest.mark.browser
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BAD_IMPACT = ("serious", "critical")


@pytest.fixture(scope="module")
def axe_script(chromium_path) -> str:
    try:
        import axe_playwright_python
    except ImportError:
        from tests.conftest import unavailable

        unavailable("GEP_REQUIRE_BROWSER", "axe-playwright-python (axe-core) is not installed")
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def sqlite_only(db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("browser tests drive one server; storage is tested on both backends")


def serious_violations(page, axe_script: str) -> list[str]:
    """Run axe-core on the page; return its serious and critical WCAG 2.1 AA violations."""
    page.evaluate(axe_script)
    results = page.evaluate(
        "async (tags) => await axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG,
    )
    found = []
    for violation in results["violations"]:
        if violation["impact"] in BAD_IMPACT:
            targets = [str(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{page.url}: {violation['id']} ({violation['impact']}) {targets}")
    return found


OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width + 1) {
    found.push(`the page scrolls sideways (${document.documentElement.scrollWidth} > ${width} px)`);
  }
  const scrollsItself = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box).overflowX;
      if (style === "auto" || style === "scroll" || style === "hidden") return true;
    }
    return false;
  };
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1 && !scrollsItself(element)) {
      const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "");
      found.push(`${name} ends at ${Math.round(box.right)} px`);
      if (found.length > 3) break;
    }
  }
  return found;
}"""


LABEL_SCRIPT = """() => {
  const found = [];
  for (const label of document.querySelectorAll("label[for]")) {
    const field = document.getElementById(label.htmlFor);
    if (!field || field.type === "hidden" || label.classList.contains("visually-hidden")) continue;
    const a = label.getBoundingClientRect(), b = field.getBoundingClientRect();
    if (a.width < 2 || b.width < 2) continue;  // not shown
    const middle = (box) => (box.top + box.bottom) / 2;
    const sameLine = Math.abs(middle(a) - middle(b)) < Math.max(a.height, b.height) / 2 + 4;
    const beside = sameLine && (Math.abs(b.left - a.right) <= 24 || Math.abs(a.left - b.right) <= 24);
    const above = b.top - a.bottom >= -2 && b.top - a.bottom <= 16 && Math.abs(b.left - a.left) <= 24;
    if (!beside && !above) {
      found.push(`label '${label.textContent.trim().slice(0, 30)}' is apart from #${field.id}`);
    }
  }
  return found;
}"""


def labels_apart(page) -> list[str]:
    """Return the labels that are neither beside nor right above their field."""
    width = page.viewport_size["width"] if page.viewport_size else 0
    return [f"{page.url} at {width} px: {found}" for found in page.evaluate(LABEL_SCRIPT)]


TARGETS_SCRIPT = """() => {
  const heads = [...document.querySelectorAll("table.targets thead th")].map((th) => th.getBoundingClientRect());
  const found = [];
  for (const row of document.querySelectorAll("table.targets tbody tr")) {
    const fields = row.querySelectorAll("input[form], textarea[form]");
    fields.forEach((field, index) => {
      const box = field.getBoundingClientRect(), head = heads[index + 1];
      if (box.left < head.left - 1 || box.right > head.right + 1) {
        found.push(`${field.name} of ${row.querySelector("th").textContent} is not under its heading`);
      }
      if (field.scrollWidth > field.clientWidth + 1) found.push(`${field.name} is cut off`);
    });
    if (fields.length !== 4) found.push(`${fields.length} fields in a row, not 4`);
  }
  return found;
}"""


def overflow(page) -> list[str]:
    """Return what sticks out of the window sideways (a table may scroll within its own box)."""
    width = page.viewport_size["width"] if page.viewport_size else 0
    return [f"{page.url} at {width} px: {found}" for found in page.evaluate(OVERFLOW_SCRIPT)]


def screenshot(page, name: str, tmp_path: Path) -> None:
    """Save a screenshot of the window (into GEP_SCREENSHOTS when set)."""
    folder = Path(os.environ.get("GEP_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


def log_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def test_import_flow_in_the_browser(
    settings, session_factory, org, sqlite_only, browser, axe_script, tmp_path
):
    username, password = create_user(session_factory, org, "hr", "hanneke")
    problems: list[str] = []
    with live_server(settings) as base:
        page = browser.new_page()
        log_in(page, base, username, password)
        assert page.url.endswith("/dashboard")
        assert page.get_by_text("Er zijn nog geen personeelsgegevens").is_visible()
        page.get_by_role("link", name="Bestand importeren").click()
        problems += serious_violations(page, axe_script)

        page.get_by_label("Bestand (CSV of XLSX)").set_input_files(
            {
                "name": "hr-2024.csv",
                "mimeType": "text/csv",
                "buffer": personnel_csv(rows_with_errors()),
            }
        )
        page.get_by_label("Peildatum", exact=True).fill("2024-12-31")
        page.get_by_role("button", name="Controleren").click()
        messages = page.locator("#preview-problems li").all_inner_texts()
        assert len(messages) == 3
        assert messages[0].startswith("hr-2024.csv, rij 4, kolom 'Geslacht'")
        assert "rij 6, kolom 'Schaal'" in messages[1] and "rij 9, kolom 'FTE'" in messages[2]
        assert page.get_by_role("button", name="Importeren").count() == 0
        problems += serious_violations(page, axe_script)
        screenshot(page, "import-errors", tmp_path)

        page.get_by_label("Bestand (CSV of XLSX)").set_input_files(
            {"name": "hr-2024.csv", "mimeType": "text/csv", "buffer": personnel_csv(good_rows())}
        )
        page.get_by_label("Peildatum", exact=True).fill("2024-12-31")
        page.get_by_role("button", name="Controleren").click()
        assert "36 rijen kunnen worden geïmporteerd" in page.locator("#preview-ok").inner_text()
        page.get_by_role("button", name="Importeren (36 rijen)").click()
        assert (
            "36 rijen uit hr-2024.csv geïmporteerd"
            in page.locator("[role=status]").first.inner_text()
        )
        assert "31-12-2024" in page.locator("table").last.inner_text()

        page.get_by_role("link", name="Dashboard").click()
        assert page.get_by_role("heading", name="Aandeel vrouwen per band in 2024").is_visible()
        share = page.locator(".kpi-value").first.inner_text()
        assert share.endswith("%")
        problems += serious_violations(page, axe_script)

        page.get_by_role("link", name="Rapportages").click()
        with page.expect_download() as download_info:
            monitor = page.locator('form[action="/reports/monitor"]')
            monitor.get_by_role("button", name="Maak en download").click()
        download = download_info.value
        assert download.suggested_filename == "gep-monitor-default-2024-nl.pdf"
        assert Path(download.path()).read_bytes().startswith(b"%PDF")
        page.close()
    assert problems == []


@pytest.fixture
def demo(session_factory, org, settings, sqlite_only):
    from gepmonitor.core.audit import record
    from gepmonitor.core.demo import build_demo

    with session_factory() as session:
        build_demo(session, session.merge(org), settings, 2025)
        # A long unbroken value in the audit log once made its table scroll sideways.
        long_query = "/admin/audit?actor=" + "x" * 400
        record(session, action="view", actor="demo", org_id=org.id, detail=long_query)
        session.commit()
    return org


def _html_pages(settings) -> list[tuple[str, frozenset]]:
    pages = []
    for info in route_infos(make_client(settings).app):
        if "GET" not in info.methods or info.is_api or "{" in info.path:
            continue
        if not info.needs_login or info.path.endswith((".csv", "/monitor")):
            continue
        pages.append((info.path, info.permissions))
    return sorted(set(pages))


SCREENSHOTS = {
    ("hr", "/dashboard"): "dashboard",
    ("hr", "/personnel/targets"): "targets",
    ("hr", "/reports"): "reports",
    ("admin", "/admin/users"): "users",
    ("admin", "/admin/audit"): "audit",
}


PHONE_SCREENSHOTS = {
    ("hr", "/dashboard"): "dashboard-phone",
    ("hr", "/safety/registers"): "registers-phone",
}


def test_every_page_passes_axe_and_fits_phone_and_desktop(
    settings, session_factory, demo, browser, axe_script, tmp_path
):
    pages = _html_pages(settings)
    assert len(pages) >= 8
    problems: list[str] = []
    visited = 0
    with live_server(settings) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/login")
        problems += serious_violations(page, axe_script)
        screenshot(page, "login", tmp_path)
        page.goto(f"{base}/no-such-page")
        problems += serious_violations(page, axe_script)
        page.close()
        for role in Role:
            username, password = create_user(session_factory, demo, role.value)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            log_in(page, base, username, password)
            phone = context.new_page()
            phone.set_viewport_size({"width": 390, "height": 844})
            for path, permissions in pages:
                if not all(has_permission(role, p) for p in permissions):
                    continue
                probe = context.request.get(f"{base}{path}")
                assert probe.status < 500, (role, path, probe.status)
                if probe.status >= 400:
                    continue  # needs input first (e.g. a report of a round that is not there)
                if not probe.headers.get("content-type", "").startswith("text/html"):
                    continue  # a download (report, export), not a page
                response = page.goto(f"{base}{path}")
                assert response is not None and response.status < 400, (role, path)
                problems += serious_violations(page, axe_script) + overflow(page)
                problems += labels_apart(page)
                visited += 1
                name = SCREENSHOTS.get((role.value, path))
                if name:
                    screenshot(page, name, tmp_path)
                phone.goto(f"{base}{path}")
                problems += serious_violations(phone, axe_script) + overflow(phone)
                problems += labels_apart(phone)
                name = PHONE_SCREENSHOTS.get((role.value, path))
                if name:
                    screenshot(phone, name, tmp_path)
            if role == Role.HR:
                page.goto(f"{base}/personnel/targets")
                assert page.locator("table.targets tbody tr").count() >= 2  # the demo's targets
                problems += page.evaluate(TARGETS_SCRIPT)
                page.goto(f"{base}/lang/en?next=/dashboard")
                problems += serious_violations(page, axe_script)
                screenshot(page, "dashboard-en", tmp_path)
                page.goto(f"{base}/lang/nl?next=/dashboard")
            context.close()
    assert visited >= len(pages) // 2
    assert problems == [], "\n".join(problems)


def test_the_axe_check_finds_real_violations(browser, axe_script):
    page = browser.new_page()
    page.set_content(
        '<html><body><img src="chart.png"><input type="text" name="q">'
        '<p style="color:#bbb;background:#fff">grey on white</p></body></html>'
    )
    found = " ".join(serious_violations(page, axe_script))
    page.close()
    assert "image-alt" in found and "label" in found and "color-contrast" in found
    assert "html-has-lang" in found


def test_every_login_gep_demo_prints_works_in_the_browser(run_cli, settings, sqlite_only, browser):
    from tests.core.test_demo import printed_logins

    assert run_cli("init")[0] == 0
    code, out, err = run_cli("demo")
    assert code == 0, err
    logins = printed_logins(out)
    assert len(logins) == 6
    with live_server(settings) as base:
        for username, password in logins.items():
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            log_in(page, base, username, password)
            assert not page.url.endswith("/login"), username
            assert username in page.locator(".account-link").inner_text()
            context.close()
