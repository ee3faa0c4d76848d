"""Web latency under load: every page and API route of every role, cold and warm.

A real server (`gep serve`, uvicorn with GEP_BENCH_WORKERS worker processes, default 2) runs on
loopback with the demo organisation on SQLite and, when a PostgreSQL server is given
(GEP_BENCH_POSTGRES_URL or GEP_TEST_POSTGRES_URL, an admin URL), on PostgreSQL too. The routes are
walked from the app per role (bench/web_routes.py). 20 concurrent clients, each a minimal HTTP/1.1
keep-alive connection written with asyncio streams (cheap, so the load generator leaves the CPU to
the server on the same machine), send:

- cold: right after a data change (a target's share saved through personnel.service, so every
  cache keyed by the data version misses), one request each, all at once; three changes per
  route, so 60 first requests;
- warm: after one request per client to every route (the cold phases changed the data since
  most routes were last asked for), three rounds taking the routes in turn, each client sending
  up to 5 requests (at most ROUND_SECONDS per round, at least one request each); the median
  round is reported with every round's p95.

Downloads (report PDFs and the audit log's CSV export) are measured for the first role that may
open them, after one data change and in one warm round (20 files at once take long enough).
Each warm round also reports the server's own CPU time per request (its processes' user + system
time over the round, from /proc): on a machine shared with other work the latency includes
waiting for a core, the CPU per request hardly does. With N workers, `gep serve` hands each
connection to the worker with the fewest open ones, so the 20 connections split evenly.
Target: p95 < 100 ms warm for every page and API route.

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

from bench.web_routes import PASSWORD, Target, prepare_accounts, settings_for, targets
from gepmonitor.core.db import make_engine, make_session_factory, upgrade_schema
from gepmonitor.core.demo import build_demo
from gepmonitor.core.orgs import ensure_org

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 20
# Fewer rounds or data changes for a short run on a busy machine (the results say which).
ROUNDS = int(os.environ.get("GEP_BENCH_WEB_ROUNDS", "3"))
PER_CLIENT = 5
COLD_CHANGES = int(os.environ.get("GEP_BENCH_WEB_COLD", "3"))
ROUND_SECONDS = 4.0
# GEP_BENCH_WEB_DOWNLOADS=0 leaves the downloads out (about 240 generated PDFs; the results say so).
DOWNLOADS = os.environ.get("GEP_BENCH_WEB_DOWNLOADS", "1") != "0"
WORKERS = int(os.environ.get("GEP_BENCH_WORKERS", "2"))
TARGET_P95_MS = 100.0
SECRET = "bench-secret-key-0123456789abcdef"
YEAR = 2025


class Bench:
    """The measured server's URL, the accounts' credentials and the data-change hook."""

    def __init__(self, url: str, base: str, tokens: dict[str, str]) -> None:
        self.url = url
        self.base = base
        self.tokens = tokens
        self.cookies: dict[str, str] = {}
        self.changes = 0

    def headers(self, target: Target) -> dict[str, str]:
        """Return the request headers that authenticate the target's role."""
        if target.auth == "bearer":
            return {"Authorization": f"Bearer {self.tokens[target.role]}"}
        if target.auth == "cookie":
            return {"Cookie": self.cookies[target.role]}
        return {}

    def change_data(self) -> None:
        """Save a target with a new share: the data version changes, as after an edit."""
        from gepmonitor.personnel import service

        self.changes += 1
        engine = make_engine(self.url)
        with make_session_factory(engine)() as session:
            org = ensure_org(session, "default", "Demo")
            share = round(0.40 + self.changes / 1000, 3)
            service.save_target(session, org, "13+", share, 2030, actor="bench")
            session.commit()
        engine.dispose()


def _prepare(url: str) -> tuple[dict[str, str], list[Target]]:
    """Migrate, build the demo organisation and the accounts; return tokens and targets."""
    from gepmonitor.web.app import create_app

    engine = make_engine(url)
    upgrade_schema(engine)
    settings = settings_for(url, SECRET)
    factory = make_session_factory(engine)
    with factory() as session:
        org = ensure_org(session, "default", "Demo")
        build_demo(session, org, settings, 2025)
        tokens = prepare_accounts(session, org)
        session.commit()
        walk = targets(create_app(settings), session, org, YEAR)
        session.commit()  # the walk puts the scoring accounts on a committee
    if engine.dialect.name == "postgresql":
        # The planner's statistics, as autovacuum gathers them on a running server within a
        # minute of the demo's bulk load: without them a query plan can read a whole table.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))
    engine.dispose()
    return tokens, walk


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
    log = (data_dir / "server.log").open("wb")  # read it when a route reports errors
    process = subprocess.Popen(
        [sys.executable, "-m", "gepmonitor", "serve", "--workers", str(WORKERS)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a worker still busy with a long request
            process.kill()
            process.wait(timeout=30)
        log.close()
        errors = [
            line
            for line in (data_dir / "server.log").read_text(errors="replace").splitlines()
            if "Error" in line or "Traceback" in line
        ]
        if errors:
            print("server errors:", *errors[-20:], sep="\n", flush=True)


def server_cpu_seconds(pid: int) -> float:
    """Return the CPU seconds (user + system) used so far by the server and its workers."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):  # a worker that just ended
            continue
    return total


def _login(base: str, role: str) -> str:
    """Log the role's account in through the login form; return its Cookie header."""
    with httpx.Client(base_url=base, timeout=120) as client:
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token, "no CSRF token on the login page"
        response = client.post(
            "/login",
            data={"username": f"bench-{role}", "password": PASSWORD, "csrf_token": token.group(1)},
        )
        assert response.status_code in (200, 303), (role, response.status_code)
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


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


async def _load(base: str, path: str, headers: dict[str, str], per_client: int) -> dict[str, Any]:
    """Send per_client requests from each of 20 clients (within ROUND_SECONDS); time each."""
    host, port = base.removeprefix("http://").split(":")
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + ROUND_SECONDS

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, int(port), limit=2**24)
        try:
            for sent in range(per_client):
                if sent and time.perf_counter() > deadline:
                    break
                started = time.perf_counter()
                try:
                    status = await _get(reader, writer, request)
                except (asyncio.IncompleteReadError, ConnectionError):
                    # The server dropped the connection: an error, and a new connection.
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, int(port), limit=2**24)
                    continue
                latencies.append((time.perf_counter() - started) * 1000)
                errors += status >= 400
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    elapsed = time.perf_counter() - started
    return {"latencies": latencies, "errors": errors, "seconds": elapsed}


def _summary(
    latencies: list[float], errors: int, seconds: float, cpu_seconds: float | None = None
) -> dict[str, Any]:
    ordered = sorted(latencies) or [float("nan")]
    p95 = ordered[max(0, int(len(ordered) * 0.95 + 0.5) - 1)]
    summary = {
        "requests": len(ordered),
        "errors": errors,
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(p95, 1),
        "req_per_s": round(len(ordered) / seconds, 1),
    }
    if cpu_seconds is not None:  # the server's own CPU: what a busy machine changes least
        summary["server_cpu_ms_per_request"] = round(cpu_seconds * 1000 / len(ordered), 2)
    return summary


def _cold(bench: Bench, target: Target) -> dict[str, Any]:
    latencies: list[float] = []
    errors, seconds = 0, 0.0
    for _ in range(1 if target.download else COLD_CHANGES):
        bench.change_data()
        result = asyncio.run(_load(bench.base, target.url, bench.headers(target), 1))
        latencies += result["latencies"]
        errors += result["errors"]
        seconds += result["seconds"]
    return _summary(latencies, errors, seconds)


def _measure(url: str, quick: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        tokens, walk = _prepare(url)
        if quick:  # one role per route
            seen: set[str] = set()
            walk = [t for t in walk if not (t.route in seen or seen.add(t.route))]  # type: ignore[func-returns-value]
        # Downloads: the first role that may open each (none when left out).
        if not DOWNLOADS:
            walk = [t for t in walk if not t.download]
        done: set[str] = set()
        walk = [t for t in walk if not t.download or not (t.route in done or done.add(t.route))]  # type: ignore[func-returns-value]
        with _server(url, Path(folder)) as (base, server_pid):
            bench = Bench(url, base, tokens)
            for role in {t.role for t in walk if t.auth == "cookie"}:
                bench.cookies[role] = _login(base, role)
            results: dict[str, dict[str, Any]] = {}
            for target in walk:
                results[target.name] = {"cold": _cold(bench, target), "warm_rounds": []}
            # The cold phases changed the data after most routes were last asked for: one
            # request per route (and per worker) first, so that every warm round is warm.
            for target in walk:
                if not target.download:
                    asyncio.run(_load(bench.base, target.url, bench.headers(target), 1))
            # Rounds interleave the routes, so a slow spell of a shared machine does not fall
            # on one route alone; each route reports its median round.
            for number in range(ROUNDS):
                for target in walk:
                    if target.download and number:  # a generated file: one round is enough
                        continue
                    cpu = server_cpu_seconds(server_pid)
                    measured = asyncio.run(
                        _load(base, target.url, bench.headers(target), PER_CLIENT)
                    )
                    cpu = server_cpu_seconds(server_pid) - cpu
                    results[target.name]["warm_rounds"].append(
                        _summary(
                            measured["latencies"], measured["errors"], measured["seconds"], cpu
                        )
                    )
    return {
        name: _route_result(result, target)
        for (name, result), target in zip(results.items(), walk, strict=True)
    }


def _route_result(result: dict[str, Any], target: Target) -> dict[str, Any]:
    """Return the cold figures and the warm round with the median p95 (every round's beside)."""
    rounds = result["warm_rounds"]
    warm = dict(sorted(rounds, key=lambda r: float(r["p95_ms"]))[len(rounds) // 2])
    warm["rounds_p95_ms"] = [r["p95_ms"] for r in rounds]
    warm["errors"] = sum(int(r["errors"]) for r in rounds)
    return {
        "kind": "download" if target.download else ("api" if target.auth == "bearer" else "page"),
        "cold": result["cold"],
        "warm": warm,
        "meets_target": warm["p95_ms"] < TARGET_P95_MS
        and warm["errors"] == 0
        and result["cold"]["errors"] == 0,
    }


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


def _verdict(routes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    pages = {n: r for n, r in routes.items() if r["kind"] != "download"}
    missing = sorted(n for n, r in pages.items() if not r["meets_target"])
    return {
        "pages_and_api_measured": len(pages),
        "pages_and_api_meeting_target": len(pages) - len(missing),
        "missing_target": {n: pages[n]["warm"]["p95_ms"] for n in missing},
        "downloads_measured": len(routes) - len(pages),
    }


def run(quick: bool = False) -> dict[str, Any]:
    """Measure cold and warm p50/p95 of every route per role under 20 clients on each backend."""
    outcome: dict[str, Any] = {
        "clients": CLIENTS,
        "server_workers": WORKERS,
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "warm": f"{ROUNDS} rounds, up to {PER_CLIENT} requests per client",
        "cold": f"{COLD_CHANGES} data changes, one request per client after each",
        "downloads": "measured" if DOWNLOADS else "left out (GEP_BENCH_WEB_DOWNLOADS=0)",
        "target_p95_ms": TARGET_P95_MS,
    }
    with tempfile.TemporaryDirectory() as folder:
        routes = _measure(f"sqlite:///{Path(folder) / 'bench.db'}", quick)
        outcome["sqlite"] = {"summary": _verdict(routes), "routes": routes}
    with _postgres_database() as url:
        if url:
            routes = _measure(url, quick)
            outcome["postgresql"] = {"summary": _verdict(routes), "routes": routes}
        else:
            outcome["postgresql"] = "skipped: no PostgreSQL URL"
    # The load generator shares the machine with the server; other work on it shows here.
    outcome["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return outcome


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
