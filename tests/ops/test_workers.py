"""`gep serve --workers N`: each worker listens on its own socket, connections reach every worker,
a stop signal ends them all, and a port in use is one clear message before any worker starts."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from tests.test_cli_main import gep

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc (Linux)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _socket_inodes(port: int) -> dict[str, list[int]]:
    """Return the inodes of loopback TCP sockets on `port`, by state (LISTEN, ESTABLISHED)."""
    found: dict[str, list[int]] = {"LISTEN": [], "ESTABLISHED": []}
    states = {"0A": "LISTEN", "01": "ESTABLISHED"}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].split(":")[1], 16)
        if local_port == port and fields[3] in states:
            found[states[fields[3]]].append(int(fields[9]))
    return found


def _owner_of_inodes(pids: list[int]) -> dict[int, set[int]]:
    """Return, per process, the socket inodes it holds open."""
    owned: dict[int, set[int]] = {}
    for pid in pids:
        inodes = set()
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(int(target[8:-1]))
        owned[pid] = inodes
    return owned


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _wait_listening(port: int, count: int) -> None:
    for _ in range(600):
        if len(_socket_inodes(port)["LISTEN"]) >= count:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=30).status_code == 200:
                    return
            except httpx.TransportError:
                pass
        time.sleep(0.1)
    raise AssertionError(f"no {count} workers listening on port {port}")


def test_two_workers_each_listen_and_share_new_connections(cli_env):
    assert gep(cli_env, "init").returncode == 0
    port = _free_port()
    env = {**os.environ, **cli_env, "GEP_PORT": str(port)}
    env.pop("GEP_DEBUG", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gepmonitor", "serve", "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    clients: list[socket.socket] = []
    try:
        _wait_listening(port, 2)
        listening = _socket_inodes(port)["LISTEN"]
        workers = [pid for pid in _children(process.pid) if _owner_of_inodes([pid])[pid]]
        owned = _owner_of_inodes(workers)
        # Two listening sockets, one in each worker; the parent holds the port but never listens.
        assert len(listening) == 2
        assert sorted(len(owned[pid] & set(listening)) for pid in workers) == [1, 1]
        assert not set(listening) & _owner_of_inodes([process.pid])[process.pid]
        # Forty connections opened at once: the kernel gives each worker some of them.
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(40)]
        time.sleep(1.0)
        accepted = set(_socket_inodes(port)["ESTABLISHED"])
        owned = _owner_of_inodes(workers)
        per_worker = sorted(len(owned[pid] & accepted) for pid in workers)
        assert sum(per_worker) == 40 and per_worker[0] >= 5, per_worker
    finally:
        for client in clients:
            client.close()
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
    assert code == 0
    assert _socket_inodes(port)["LISTEN"] == []
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


def test_a_port_in_use_is_one_message_and_no_worker_starts(cli_env):
    assert gep(cli_env, "init").returncode == 0
    with socket.socket() as occupant:
        occupant.bind(("127.0.0.1", 0))
        occupant.listen()
        port = occupant.getsockname()[1]
        result = gep({**cli_env, "GEP_LANG": "en"}, "serve", "--workers", "2", "--port", str(port))
    assert result.returncode == 2
    assert f"Port {port} on 127.0.0.1 is in use" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
