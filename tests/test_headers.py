"""Every answer is hardened; forwarded headers count only from configured proxies.

Issue 12, finding 10: no CSP, X-Frame-Options, X-Content-Type-Options, Referrer-Policy or
Cache-Control on any response; X-Forwarded-For from 127.0.0.1 was trusted, so a local client set
the audited address and dodged the lock on an address after failed logins.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.web.sample import good_rows, personnel_csv
from tests.webutil import create_user, csrf_from, csrf_token, login

from gepmonitor.accounts.models import LoginLock
from gepmonitor.core.audit import AuditEntry
from gepmonitor.web.app import create_app

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "gepmonitor"


def _check(response: httpx.Response, cacheable: bool = False) -> None:
    headers = response.headers
    where = f"{response.request.method} {response.request.url.path} -> {response.status_code}"
    csp = headers.get("content-security-policy", "")
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives.get("script-src") == "'self'", where
    assert (
        directives.get("frame-ancestors") == "'none'" and directives.get("object-src") == "'none'"
    )
    assert headers.get("x-frame-options") == "DENY", where
    assert headers.get("x-content-type-options") == "nosniff", where
    assert headers.get("referrer-policy") == "no-referrer", where
    expected = "public, max-age=3600" if cacheable else "no-store"
    assert headers.get("cache-control") == expected, where


def test_pages_api_downloads_and_errors_are_hardened(settings, session_factory, org):
    client = TestClient(create_app(settings))
    _check(client.get("/login"))
    _check(client.get("/static/web.css"), cacheable=True)
    _check(client.get("/no-such-page"))
    _check(client.get("/api/v1/me"))  # 401
    username, password = create_user(session_factory, org, "hr")
    login(client, username, password)
    upload = client.post(
        "/personnel/imports/preview",
        data={"csrf_token": csrf_token(client), "peildatum": "2024-12-31"},
        files={"file": ("hr.csv", personnel_csv(good_rows()), "text/csv")},
    )
    _check(upload)
    token = upload.text.split('name="token" value="')[1].split('"')[0]
    client.post(
        "/personnel/imports/commit",
        data={"csrf_token": csrf_token(client), "token": token, "peildatum": "2024-12-31"},
    )
    for path in ("/dashboard", "/account", "/api/v1/personnel/trend", "/personnel/imports"):
        _check(client.get(path))
    report = client.get("/reports/monitor?year=2024&format=xlsx")
    assert report.status_code == 200 and "attachment" in report.headers["content-disposition"]
    _check(report)
    _check(client.head("/dashboard"))


def test_no_template_has_inline_script():
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text("utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text, re.I), template
        assert not re.search(r"\son[a-z]+\s*=", text, re.I), template
        assert "javascript:" not in text.lower(), template


def _failed_login(client: TestClient, forwarded: str, username: str = "nobody") -> httpx.Response:
    page = client.get("/login")
    return client.post(
        "/login",
        data={"username": username, "password": "wrong", "csrf_token": csrf_from(page.text)},
        headers={"X-Forwarded-For": forwarded},
    )


def _ips(session_factory) -> list[str]:
    with session_factory() as session:
        query = select(AuditEntry.ip).where(AuditEntry.action == "login_failed")
        return list(session.scalars(query.order_by(AuditEntry.id)))


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(
    settings, session_factory, org
):
    local = TestClient(create_app(settings), client=("127.0.0.1", 40000))
    for number in range(5):  # a new forged address each time does not dodge the lock
        _failed_login(local, f"203.0.113.{number}")
    assert _ips(session_factory) == ["127.0.0.1"] * 5
    with session_factory() as session:
        locks = session.scalars(select(LoginLock.key).where(LoginLock.kind == "ip")).all()
    assert locks == ["127.0.0.1"]

    behind = settings.model_copy(update={"trusted_proxies": "10.0.0.0/24"})
    proxy = TestClient(create_app(behind), client=("10.0.0.5", 40000))
    _failed_login(proxy, "198.51.100.7, 10.0.0.9", "someone")
    stranger = TestClient(create_app(behind), client=("192.0.2.1", 40000))
    _failed_login(stranger, "198.51.100.8", "someone")
    assert _ips(session_factory)[-2:] == ["198.51.100.7", "192.0.2.1"]


def test_gep_serve_does_not_trust_forwarded_headers_from_loopback(
    cli_env, run_cli, session_factory
):
    assert run_cli("init")[0] == 0
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, **cli_env}
    env.pop("GEP_DEBUG", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gepmonitor", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 300
        while time.time() < deadline:
            if server.poll() is not None:
                raise AssertionError(server.stderr.read().decode() if server.stderr else "")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        with httpx.Client(base_url=base) as client:
            page = client.get("/login")
            client.post(
                "/login",
                data={"username": "x", "password": "y", "csrf_token": csrf_from(page.text)},
                headers={"X-Forwarded-For": "203.0.113.50"},
            )
            assert "content-security-policy" in client.get("/login").headers
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert _ips(session_factory) == ["127.0.0.1"]


def test_forms_may_go_to_the_identity_provider_only_with_single_sign_on(settings):
    # Logging out of an SSO session posts to /logout, which redirects to the provider's
    # end-session endpoint; the browser applies form-action to that redirect.
    def form_action(app_settings) -> str:
        csp = TestClient(create_app(app_settings)).get("/login").headers["content-security-policy"]
        directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
        return directives["form-action"]

    assert form_action(settings) == "'self'"
    sso = settings.model_copy(
        update={"oidc_issuer": "https://login.example.nl/realms/prov", "oidc_client_id": "gep"}
    )
    assert form_action(sso) == "'self' https://login.example.nl"
