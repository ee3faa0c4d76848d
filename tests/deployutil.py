"""The production set-up of docs/deploy.md, run on loopback: the files in deploy/ as shipped.

``deployed_stack`` reads deploy/gepmonitor.env.example (the settings), runs the ExecStart line
of deploy/gepmonitor.service (`gep serve --workers 2`) and Debian's nginx with
deploy/nginx-gepmonitor.conf, a self-signed certificate for 127.0.0.1 in place of the real one.
Only what cannot be the same on a test machine is replaced (ports, paths, the database URL),
each replacement checked to match the shipped file exactly once, so the test breaks when the
shipped files change without it. ``load`` runs the short load test (N clients at once).
"""

from __future__ import annotations

import asyncio
import os
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
STATIC_DIR = ROOT / "src" / "gepmonitor" / "web" / "static"


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def env_file_settings() -> dict[str, str]:
    """Return the settings of deploy/gepmonitor.env.example (the uncommented lines)."""
    values = {}
    for line in (DEPLOY / "gepmonitor.env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def exec_start() -> list[str]:
    """Return the unit's ExecStart command with `gep` as this Python's gepmonitor module."""
    for line in (DEPLOY / "gepmonitor.service").read_text().splitlines():
        if line.startswith("ExecStart="):
            command = shlex.split(line.removeprefix("ExecStart="))
            assert command[0].endswith("/bin/gep"), command
            return [sys.executable, "-m", "gepmonitor", *command[1:]]
    raise AssertionError("no ExecStart in deploy/gepmonitor.service")


def replace_once(text: str, old: str, new: str) -> str:
    """Replace a piece of a shipped file that must occur exactly once."""
    assert text.count(old) == 1, f"expected {old!r} once in the shipped file"
    return text.replace(old, new)


def nginx_site(app_port: int, https_port: int, http_port: int, cert: Path, key: Path) -> str:
    """Return deploy/nginx-gepmonitor.conf with the test's ports, certificate and paths."""
    site = (DEPLOY / "nginx-gepmonitor.conf").read_text()
    for old, new in (
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;\n", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;\n", ""),
        ("/etc/ssl/certs/gep.example.org.pem", str(cert)),
        ("/etc/ssl/private/gep.example.org.key", str(key)),
        ("alias /opt/gepmonitor/static/;", f"alias {STATIC_DIR}/;"),
    ):
        site = replace_once(site, old, new)
    return site


def nginx_main(folder: Path, site: Path) -> str:
    """Return a main nginx.conf like Debian's, with its files in the test's folder."""
    return f"""
user root;  # the test runs as root in CI; reading the static files needs no other user
worker_processes 2;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    log_format withid '$remote_addr "$request" $status $request_id';
    access_log {folder}/access.log withid;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {site};
}}
"""


def self_signed(folder: Path) -> tuple[Path, Path]:
    """Make a self-signed certificate for 127.0.0.1 with openssl; return (cert, key)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


@dataclass
class Stack:
    """A running set-up: nginx's https and http addresses, the app's own, and its settings."""

    base: str
    http: str
    app: str
    env: dict[str, str]
    folder: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def gep(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a `gep` command with the service's settings."""
        return subprocess.run(
            [sys.executable, "-m", "gepmonitor", *args],
            env={**os.environ, **self.env}, capture_output=True, text=True, timeout=300,
            check=False,
        )  # fmt: skip


def _wait(url: str, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, verify=False, timeout=5).status_code == 200:
                return
        except httpx.HTTPError as error:
            last = error
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s ({last})")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def deployed_stack(
    database_url: str,
    folder: Path,
    extra: dict[str, str] | None = None,
    before_serving: Sequence[Sequence[str]] = (),
) -> Iterator[Stack]:
    """Run gep serve (as the unit does) behind nginx (as the site file says) until the end.

    `before_serving`: gep commands run after `gep init` and before the service starts (its first
    start creates an administrator, after which `gep demo` refuses the database as real data).
    """
    folder.mkdir(parents=True, exist_ok=True)
    app_port, https_port, http_port = free_port(), free_port(), free_port()
    env = {**env_file_settings(), **(extra or {})}
    env.update(
        GEP_DATA_DIR=str(folder / "data"),
        GEP_DATABASE_URL=database_url,
        GEP_PORT=str(app_port),
    )
    stack = Stack(f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}",
                  f"http://127.0.0.1:{app_port}", env, folder)  # fmt: skip
    for command in (("init",), *before_serving):
        done = stack.gep(*command)
        assert done.returncode == 0, (command, done.stderr)
    cert, key = self_signed(folder)
    site = folder / "gepmonitor.conf"
    site.write_text(nginx_site(app_port, https_port, http_port, cert, key))
    main = folder / "nginx.conf"
    main.write_text(nginx_main(folder, site))
    log = (folder / "gep-serve.log").open("wb")
    try:
        app = subprocess.Popen(exec_start(), env={**os.environ, **env}, stdout=log, stderr=log)
        stack.processes.append(app)
        _wait(f"{stack.app}/readyz")
        nginx = subprocess.Popen(
            [NGINX, "-c", str(main), "-p", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        stack.processes.append(nginx)
        _wait(f"{stack.base}/healthz")
        yield stack
    finally:
        for process in reversed(stack.processes):
            _stop(process)
        log.close()


async def _client_run(base: str, path: str, headers: dict[str, str], count: int,
                      latencies: list[float], errors: list[str]) -> None:  # fmt: skip
    async with httpx.AsyncClient(
        base_url=base, verify=False, headers=headers, timeout=30
    ) as client:
        for _ in range(count):
            started = time.perf_counter()
            try:
                response = await client.get(path)
                if response.status_code != 200:
                    errors.append(str(response.status_code))
            except httpx.HTTPError as error:
                errors.append(type(error).__name__)
            latencies.append((time.perf_counter() - started) * 1000)


def load(base: str, path: str, headers: dict[str, str], clients: int = 20,
         requests_per_client: int = 10) -> dict[str, float | int]:  # fmt: skip
    """Send clients × requests GETs at once (each client one keep-alive connection).

    Return the count, error count, p50 and p95 in milliseconds and requests per second.
    """
    latencies: list[float] = []
    errors: list[str] = []

    async def run() -> None:
        await asyncio.gather(*(
            _client_run(base, path, headers, requests_per_client, latencies, errors)
            for _ in range(clients)
        ))  # fmt: skip

    started = time.perf_counter()
    asyncio.run(run())
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": len(errors),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
        "rps": round(len(latencies) / elapsed, 1),
    }
