"""The production set-up of docs/deploy.md, tested: Debian's nginx with TLS (self-signed) and
HTTP/2 in front of `gep serve --workers 2` on PostgreSQL, started from the shipped files in
deploy/. A browser logs in through it, and a short load test (20 clients) runs through it.

Needs nginx, openssl, PostgreSQL and chromium: skips without them, fails in CI
(GEP_REQUIRE_NGINX=1, GEP_REQUIRE_POSTGRES=1, GEP_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from tests.conftest import unavailable
from tests.deployutil import NGINX, deployed_stack, load
from tests.webutil import CHROMIUM_ARGS

from gepmonitor.core.audit import AuditEntry
from gepmonitor.core.db import make_engine, make_session_factory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("deploy")]
PASSWORD = "deploy-test-password-1"


@pytest.fixture(scope="module")
def stack(tmp_path_factory, postgres_admin):
    if not Path(NGINX).exists() or shutil.which("openssl") is None:
        unavailable("GEP_REQUIRE_NGINX", "nginx or openssl is not installed")
    if postgres_admin is None:
        unavailable("GEP_REQUIRE_POSTGRES", "no PostgreSQL server (set GEP_TEST_POSTGRES_URL)")
    name = f"gep_deploy_{os.getpid()}"
    with postgres_admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(os.environ["GEP_TEST_POSTGRES_URL"]).set(database=name)
    try:
        with deployed_stack(url.render_as_string(hide_password=False),
                            tmp_path_factory.mktemp("deploy")) as running:  # fmt: skip
            added = running.gep("user", "add", "--role", "hr", "--username", "hanneke",
                                "--password", PASSWORD)  # fmt: skip
            assert added.returncode == 0, added.stderr
            yield running
    finally:
        with postgres_admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def audit(stack) -> list[AuditEntry]:
    engine = make_engine(stack.env["GEP_DATABASE_URL"], 1, 0)
    try:
        with make_session_factory(engine)() as session:
            return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    finally:
        engine.dispose()


def wait_for_log_line(log: Path, text: str, seconds: float = 15.0) -> bool:
    """Return whether `text` appears in the log file within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in log.read_text():
            return True
        time.sleep(0.2)
    return text in log.read_text()


def declared_too_big(base: str) -> int:
    """Announce a body one byte over 50 MB over TLS; return the status nginx answers at once."""
    import socket
    import ssl

    host, port = base.removeprefix("https://").split(":")
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection((host, int(port)), timeout=30) as raw, \
            context.wrap_socket(raw, server_hostname=host) as tls:  # fmt: skip
        tls.sendall(
            b"POST /imports HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\n"
            + f"Content-Length: {50 * 1024 * 1024 + 1}\r\n\r\n".encode()
            + b"x" * 1024
        )
        status_line = tls.recv(4096).split(b"\r\n", 1)[0]
    return int(status_line.split()[1])


def test_tls_hsts_redirect_body_limit_and_static_caching(stack):
    with httpx.Client(verify=False) as client:
        ready = client.get(f"{stack.base}/readyz")
        assert ready.status_code == 200 and ready.json()["status"] == "ready"
        assert ready.headers["strict-transport-security"].startswith("max-age=31536000")
        assert re.fullmatch(r"[0-9a-f]{32}", ready.headers["x-request-id"])  # nginx's $request_id
        plain = client.get(f"{stack.http}/login", follow_redirects=False)
        assert plain.status_code == 301 and plain.headers["location"].startswith("https://")
        css = client.get(f"{stack.base}/static/web.css")
        assert css.status_code == 200 and "max-age=3600" in css.headers["cache-control"]
        assert (
            "public" in css.headers["cache-control"] and "strict-transport-security" in css.headers
        )
    assert declared_too_big(stack.base) == 413
    # The application never saw the oversized request; the proxy's own log did.
    # nginx writes the line when it closes the connection (after its lingering close), so the
    # test waits for it rather than reading the log at once.
    assert wait_for_log_line(stack.folder / "access.log", " 413 ")


def test_forwarded_headers_are_nginx_s_not_the_client_s(stack):
    with httpx.Client(verify=False) as client:
        page = client.get(f"{stack.base}/login")
        # The session cookie has the Secure flag: GEP_HTTPS=true behind the https proxy.
        assert "secure" in page.headers["set-cookie"].lower()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        answer = client.post(
            f"{stack.base}/login",
            data={"username": "nobody", "password": "wrong-password", "csrf_token": token},
            headers={"X-Forwarded-For": "203.0.113.66", "X-Request-ID": "forged-request-id"},
        )
    assert answer.status_code == 401
    entry = [e for e in audit(stack) if e.action == "login_failed"][-1]
    assert entry.ip == "127.0.0.1"  # what nginx saw, not what the client wrote
    assert entry.request_id == answer.headers["x-request-id"] != "forged-request-id"
    assert wait_for_log_line(stack.folder / "access.log", entry.request_id)  # nginx logged it too


def test_a_browser_logs_in_over_http2(stack, chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path),
                                             args=CHROMIUM_ARGS)  # fmt: skip
        try:
            page = browser.new_page(ignore_https_errors=True)
            page.goto(f"{stack.base}/login")
            page.get_by_label("Gebruikersnaam").fill("hanneke")
            page.get_by_label("Wachtwoord").fill(PASSWORD)
            page.get_by_role("button", name="Inloggen").click()
            page.wait_for_load_state()
            assert page.url == f"{stack.base}/dashboard"
            protocol = page.evaluate(
                "performance.getEntriesByType('navigation')[0].nextHopProtocol"
            )
            assert protocol == "h2"
            assert page.get_by_text("Er zijn nog geen personeelsgegevens").is_visible()
        finally:
            browser.close()
    logins = [e for e in audit(stack) if e.action == "login" and e.actor == "hanneke"]
    assert logins and logins[-1].ip == "127.0.0.1" and logins[-1].request_id


def test_twenty_clients_through_the_proxy_without_errors(stack):
    with httpx.Client(verify=False) as client:
        page = client.get(f"{stack.base}/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        client.post(f"{stack.base}/login",
                    data={"username": "hanneke", "password": PASSWORD, "csrf_token": token})  # fmt: skip
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    outcome = load(stack.base, "/dashboard", {"Cookie": cookie}, clients=20, requests_per_client=5)
    assert outcome["requests"] == 100 and outcome["errors"] == 0, outcome
    assert outcome["p95_ms"] > 0  # measured; the target lives in bench/bench_deploy.py


def test_the_pool_settings_reach_postgresql(stack):
    # Two workers with GEP_DB_POOL_SIZE=5 and GEP_DB_MAX_OVERFLOW=10 stay within 2 × 15.
    engine = create_engine(stack.env["GEP_DATABASE_URL"])
    try:
        with engine.connect() as connection:
            name = make_url(stack.env["GEP_DATABASE_URL"]).database
            count = connection.scalar(
                text("SELECT count(*) FROM pg_stat_activity WHERE datname = :name"), {"name": name}
            )
    finally:
        engine.dispose()
    assert 1 <= count <= 2 * (5 + 10) + 1
