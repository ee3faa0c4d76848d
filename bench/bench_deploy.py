"""The production set-up under load: 20 clients through nginx (TLS, HTTP/1.1 keep-alive) to
`gep serve --workers 2` on PostgreSQL, started from deploy/ exactly as tests/ops/test_deploy.py
does (tests/deployutil.py), with the demo organisation. For the dashboard page (session cookie)
and the indicators API (bearer token): p50, p95, requests per second and the error count.
Target: no errors, p95 < 300 ms on the 2-core machine.

Needs nginx, openssl and a PostgreSQL server (GEP_BENCH_POSTGRES_URL or GEP_TEST_POSTGRES_URL,
an admin URL). Usage: python -m bench.bench_deploy [--quick]
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from tests.deployutil import deployed_stack, load

CLIENTS = 20
TARGET_P95_MS = 300.0
PASSWORD = "bench-password-12"


def _login_cookie(base: str) -> str:
    with httpx.Client(verify=False) as client:
        page = client.get(f"{base}/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token
        client.post(
            f"{base}/login",
            data={"username": "bench-hr", "password": PASSWORD, "csrf_token": token.group(1)},
        )
        return "; ".join(f"{key}={value}" for key, value in client.cookies.items())


def run(quick: bool = False) -> dict[str, Any]:
    admin_url = os.environ.get("GEP_BENCH_POSTGRES_URL") or os.environ.get("GEP_TEST_POSTGRES_URL")
    if not admin_url:
        return {"skipped": "no PostgreSQL server (GEP_BENCH_POSTGRES_URL)"}
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = "gep_bench_deploy"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    per_client = 10 if quick else 50
    results: dict[str, Any] = {
        "clients": CLIENTS,
        "requests_per_client": per_client,
        "target_p95_ms": TARGET_P95_MS,
        "workers": 2,
        "load_average_1m_before": round(os.getloadavg()[0], 1),  # a shared machine
    }
    try:
        # The demo is built before the service's first start, as `make demo` does: that start
        # creates an administrator, and the demo refuses a database with real accounts.
        demo = [("demo",)]
        with (
            tempfile.TemporaryDirectory() as folder,
            deployed_stack(url, Path(folder), before_serving=demo) as stack,
        ):
            add = ("user", "add", "--role", "hr", "--username", "bench-hr", "--password", PASSWORD)
            done = stack.gep(*add)
            assert done.returncode == 0, done.stderr
            made = stack.gep("token", "create", "--username", "bench-hr", "--name", "bench")
            token = made.stdout.strip().splitlines()[-1]
            cookie = _login_cookie(stack.base)
            endpoints = {
                "dashboard": ("/dashboard", {"Cookie": cookie}),
                "api_indicators": (
                    "/api/v1/personnel/indicators",
                    {"Authorization": f"Bearer {token}"},
                ),
            }
            for label, (path, headers) in endpoints.items():
                load(stack.base, path, headers, clients=CLIENTS, requests_per_client=2)  # warm
                outcome = load(stack.base, path, headers, CLIENTS, per_client)
                outcome["meets_target"] = (
                    outcome["errors"] == 0 and outcome["p95_ms"] < TARGET_P95_MS
                )
                results[label] = outcome
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return results


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
