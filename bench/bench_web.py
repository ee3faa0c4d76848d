"""Web latency under load: the dashboard and the JSON API with the demo organisation.

A real server (`gep serve`, uvicorn with GEP_BENCH_WORKERS worker processes, default 2) runs on
loopback against SQLite and, when a PostgreSQL server is given (GEP_BENCH_POSTGRES_URL or
GEP_TEST_POSTGRES_URL, an admin URL), on PostgreSQL too. httpx logs in once and warms the caches;
then 20 concurrent clients, each a minimal HTTP/1.1 keep-alive connection written with asyncio
streams (cheap, so the load generator leaves the CPU to the server on the same machine), send a
bounded number of requests to each endpoint, in three rounds that take the endpoints in turn;
for each endpoint we report the median round's p50, p95 and requests per second, and every
round's p95.
Target: p95 < 100 ms.

Usage: python -m bench.bench_web [--quick]
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from gepmonitor.accounts.service import Actor, create_token, create_user
from gepmonitor.core.config import Settings
from gepmonitor.core.db import make_engine, make_session_factory, upgrade_schema
from gepmonitor.core.demo import build_demo
from gepmonitor.core.orgs import ensure_org

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 20
ROUNDS = 3
WORKERS = int(os.environ.get("GEP_BENCH_WORKERS", "2"))
TARGET_P95_MS = 100.0
SECRET = "bench-secret-key"
PASSWORD = "kastanje-laan-42"
ENDPOINTS = {
    "dashboard": ("/dashboard", "cookie"),
    "api_indicators": ("/api/v1/personnel/indicators", "bearer"),
    "api_trend": ("/api/v1/personnel/trend", "bearer"),
}


def _prepare(url: str) -> str:
    """Migrate, build the demo organisation and an HR account; return an API token."""
    engine = make_engine(url)
    upgrade_schema(engine)
    settings = Settings(database_url=url, secret_key=SECRET)
    factory = make_session_factory(engine)
    with factory() as session:
        org = ensure_org(session, "default", "Demo")
        build_demo(session, org, settings, 2025)
        user, _ = create_user(session, org, "hr", Actor("bench"), "bench", PASSWORD)
        _token, secret = create_token(session, user, "bench", Actor("bench"))
        session.commit()
    engine.dispose()
    return secret


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _server(url: str, data_dir: Path):  # type: ignore[no-untyped-def]
    port = _free_port()
    env = {
        **os.environ,
        "GEP_DATABASE_URL": url,
        "GEP_DATA_DIR": str(data_dir),
        "GEP_SECRET_KEY": SECRET,
        "GEP_PORT": str(port),
        "PYTHONPATH": str(ROOT / "src"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gepmonitor", "serve", "--workers", str(WORKERS)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def _login(client: httpx.Client) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, "no CSRF token on the login page"
    response = client.post(
        "/login",
        data={"username": "bench", "password": PASSWORD, "csrf_token": token.group(1)},
    )
    assert response.status_code == 200, response.status_code


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """Send one keep-alive GET and read the whole answer; return its status code."""
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    match = re.search(rb"(?i)content-length:\s*(\d+)", head)
    if match is None:
        raise RuntimeError("answer without Content-Length")
    await reader.readexactly(int(match.group(1)))
    return status


async def _load(base: str, path: str, headers: dict[str, str], total: int) -> dict[str, Any]:
    # A minimal HTTP/1.1 keep-alive client: far cheaper than a full client library, so the
    # load generator takes little of the CPU the server needs on the same machine.
    host, port = base.removeprefix("http://").split(":")
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    latencies: list[float] = []
    errors = 0
    per_client = max(1, total // CLIENTS)

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            for _ in range(per_client):
                started = time.perf_counter()
                status = await _get(reader, writer, request)
                latencies.append((time.perf_counter() - started) * 1000)
                errors += status != 200
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CLIENTS)))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return {
        "requests": len(latencies),
        "errors": errors,
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(p95, 1),
        "req_per_s": round(len(latencies) / elapsed, 1),
        "meets_target": p95 < TARGET_P95_MS and errors == 0,
    }


def _measure(url: str, total: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        token = _prepare(url)
        with _server(url, Path(folder)) as base:
            with httpx.Client(base_url=base, follow_redirects=True) as browser:
                _login(browser)
                cookies = browser.cookies
                for path, _kind in ENDPOINTS.values():  # warm the caches once
                    browser.get(path, headers={"Authorization": f"Bearer {token}"})
                    browser.get(path)
            cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
            rounds: dict[str, list[dict[str, Any]]] = {name: [] for name in ENDPOINTS}
            # Rounds interleave the endpoints, so a slow spell of a shared machine does not
            # fall on one endpoint alone; each endpoint reports its median round.
            for _round in range(ROUNDS):
                for name, (path, kind) in ENDPOINTS.items():
                    if kind == "bearer":
                        headers = {"Authorization": f"Bearer {token}"}
                    else:
                        headers = {"Cookie": cookie}
                    rounds[name].append(asyncio.run(_load(base, path, headers, total)))
    return {name: _median_round(measured) for name, measured in rounds.items()}


def _median_round(measured: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the round with the median p95, with every round's p95 beside it."""
    ordered = sorted(measured, key=lambda result: float(result["p95_ms"]))
    median = dict(ordered[len(ordered) // 2])
    median["rounds_p95_ms"] = [result["p95_ms"] for result in measured]
    median["errors"] = sum(int(result["errors"]) for result in measured)
    median["meets_target"] = median["p95_ms"] < TARGET_P95_MS and median["errors"] == 0
    return median


@contextmanager
def _postgres_database():  # type: ignore[no-untyped-def]
    admin_url = os.environ.get("GEP_BENCH_POSTGRES_URL") or os.environ.get("GEP_TEST_POSTGRES_URL")
    if not admin_url:
        yield None
        return
    name = f"gep_bench_web_{os.getpid()}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(quick: bool = False) -> dict[str, Any]:
    """Measure p50/p95/req/s of the dashboard and API under 20 clients on each backend."""
    total = 200 if quick else 2000
    outcome: dict[str, Any] = {
        "clients": CLIENTS,
        "server_workers": WORKERS,
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "requests_per_endpoint_round": total,
        "rounds": ROUNDS,
        "web_gate": Settings().web_gate,
        "target_p95_ms": TARGET_P95_MS,
    }
    with tempfile.TemporaryDirectory() as folder:
        outcome["sqlite"] = _measure(f"sqlite:///{Path(folder) / 'bench.db'}", total)
    with _postgres_database() as url:
        outcome["postgresql"] = _measure(url, total) if url else "skipped: no PostgreSQL URL"
    # The load generator shares the machine with the server; other work on it shows here.
    outcome["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return outcome


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
