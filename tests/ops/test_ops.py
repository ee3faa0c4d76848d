"""Operations: version, health and readiness, trusted proxies, request ids, JSON logs, and an
init that refuses a database newer than the code."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from tests.test_cli_main import gep
from tests.webutil import csrf_from

from gepmonitor import __version__
from gepmonitor.core.audit import AuditEntry
from gepmonitor.core.logs import JsonFormatter, RequestIdFilter
from gepmonitor.core.proxies import forwarded_client, parse_networks
from gepmonitor.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]


def client_for(settings, peer: str = "127.0.0.1", **changes) -> TestClient:
    app = create_app(settings.model_copy(update=changes))
    return TestClient(app, base_url="http://testserver", client=(peer, 40000))


def failed_login(client: TestClient, headers: dict[str, str] | None = None) -> httpx.Response:
    token = csrf_from(client.get("/login").text)
    return client.post(
        "/login",
        data={"username": "nobody", "password": "wrong-password", "csrf_token": token},
        headers=headers or {},
    )


def last_audit(session_factory) -> AuditEntry:
    with session_factory() as session:
        return session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def test_version_is_the_package_version_and_in_the_changelog(tmp_path):
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", declared) and __version__ == declared
    result = gep({"GEP_DATA_DIR": str(tmp_path)}, "--version")
    assert result.returncode == 0 and result.stdout.strip() == f"gepmonitor {declared}"
    assert f"## {declared}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_healthz_and_readyz(settings, org, engine):
    client = client_for(settings)
    alive = client.get("/healthz")
    assert alive.status_code == 200 and alive.json() == {"status": "ok", "version": __version__}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    assert ready.json()["migration"] == ready.json()["head"]
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    behind = client.get("/readyz")
    assert behind.status_code == 503
    assert behind.json()["problem"] == "the database is newer than this version"


def test_readyz_says_so_when_the_database_is_unreachable(settings, tmp_path, caplog):
    dead = settings.model_copy(
        update={"database_url": "postgresql+psycopg://nobody@127.0.0.1:9/none"}
    )
    with caplog.at_level("WARNING", logger="gepmonitor.health"):
        answer = TestClient(create_app(dead)).get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["status"] == "not ready"
    assert answer.json()["database"] == "unreachable: OperationalError"
    # The answer names only the kind of error; the log tells the operator what it was.
    (logged,) = [r for r in caplog.records if r.name == "gepmonitor.health"]
    assert logged.getMessage().startswith("not ready: OperationalError(")
    assert "127.0.0.1" in logged.getMessage() and "9" in logged.getMessage()


def test_forwarded_headers_count_only_from_trusted_proxies(settings, session_factory, org):
    forwarded = {"X-Forwarded-For": "198.51.100.1, 203.0.113.7", "X-Request-ID": "nginx-req-0001"}
    # Default: no proxy is trusted, the headers are ignored.
    response = failed_login(client_for(settings), forwarded)
    entry = last_audit(session_factory)
    assert entry.ip == "127.0.0.1"
    assert response.headers["x-request-id"] == entry.request_id != "nginx-req-0001"
    # From the configured proxy: the right-most address the proxy did not add itself.
    trusting = client_for(settings, trusted_proxies="127.0.0.1/32, ::1")
    response = failed_login(trusting, forwarded)
    entry = last_audit(session_factory)
    assert entry.ip == "203.0.113.7" and entry.request_id == "nginx-req-0001"
    assert response.headers["x-request-id"] == "nginx-req-0001"
    # A client that is not the proxy cannot pretend.
    failed_login(client_for(settings, peer="192.0.2.50", trusted_proxies="127.0.0.1"), forwarded)
    assert last_audit(session_factory).ip == "192.0.2.50"


def test_forwarded_proto_makes_cookies_and_urls_https(settings, org):
    client = client_for(settings, trusted_proxies="127.0.0.1", https=True)
    page = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert page.status_code == 200
    assert page.request.url.scheme == "http"  # the client spoke http to the proxy's place...
    redirect = client.get(
        "/account", headers={"X-Forwarded-Proto": "https"}, follow_redirects=False
    )
    assert redirect.status_code == 303


def test_forwarded_chain_rules():
    trusted = parse_networks("10.0.0.0/8,127.0.0.1")
    assert forwarded_client("203.0.113.7, 10.1.2.3", trusted) == "203.0.113.7"
    assert forwarded_client("10.9.9.9, 10.1.2.3", trusted) == "10.9.9.9"
    assert forwarded_client("not-an-ip, 10.1.2.3", trusted) is None
    with pytest.raises(ValueError, match="nonsense"):
        parse_networks("127.0.0.1, nonsense")


def test_a_bad_trusted_proxies_setting_is_one_clear_error(settings):
    from gepmonitor.core.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        create_app(settings.model_copy(update={"trusted_proxies": "10.0.0.0/33"}))
    assert "GEP_TRUSTED_PROXIES" in caught.value.render("en")


def test_json_log_lines_carry_the_request_id():
    import logging

    record = logging.LogRecord(
        "gepmonitor.access", logging.INFO, __file__, 1, "GET %s", ("/x",), None
    )
    record.status = 200
    record.request_id = "abc123"
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "GET /x" and line["request_id"] == "abc123" and line["status"] == 200


def test_gep_serve_writes_json_log_lines_with_the_request_id(cli_env, session, tmp_path):
    assert gep(cli_env, "init").returncode == 0
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    env = {**cli_env, "GEP_LOG_FORMAT": "json", "GEP_PORT": str(port)}
    import os

    process = subprocess.Popen(
        [sys.executable, "-m", "gepmonitor", "serve"],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        answer = None
        for _ in range(300):
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=30)
                break
            except httpx.TransportError:
                import time

                time.sleep(0.1)
        assert answer is not None and answer.status_code == 200
        request_id = answer.headers["x-request-id"]
    finally:
        process.terminate()
        _out, errors = process.communicate(timeout=30)
    lines = [json.loads(line) for line in errors.splitlines() if line.startswith("{")]
    access = [line for line in lines if line.get("path") == "/healthz"]
    mine = [line for line in access if line["request_id"] == request_id]
    assert len(mine) == 1 and mine[0]["status"] == 200 and mine[0]["method"] == "GET"
    assert all("time" in line and "level" in line for line in lines)


def test_init_refuses_a_database_newer_than_the_code(cli_env, engine, session):
    assert gep(cli_env, "init").returncode == 0
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    result = gep(cli_env, "init")
    assert result.returncode == 2
    assert "0099_future" in result.stderr and "0012_oidc" not in result.stderr.split("(")[0]
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == "0099_future"
