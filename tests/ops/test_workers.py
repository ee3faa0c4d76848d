"""`gep serve --workers N`: the parent listens and hands each connection to the worker with the
fewest open connections, a stopped worker is replaced, a stop signal ends them all, workers stop
without their parent, and a port in use is one clear message before any worker starts."""

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


def _serve_two_workers(cli_env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, **cli_env, "GEP_PORT": str(port)}
    env.pop("GEP_DEBUG", None)
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "gepmonitor", "serve", "--workers", "2"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def _wait_both_ready(log: Path) -> None:
    """Wait until both workers have started the app (each then tells the parent it is ready)."""
    _wait_for(
        lambda: log.read_text(errors="replace").count("Application startup complete") >= 2,
        "both workers to start",
        seconds=120,
    )
    time.sleep(0.5)


def _workers(parent: int) -> list[int]:
    """Return the worker processes: the children that hold sockets (not the resource tracker)."""
    return [pid for pid in _children(parent) if _owner_of_inodes([pid])[pid]]


def _connections_per_worker(port: int, workers: list[int]) -> dict[int, set[int]]:
    established = set(_socket_inodes(port)["ESTABLISHED"])
    return {pid: inodes & established for pid, inodes in _owner_of_inodes(workers).items()}


def _wait_for(check, what: str, seconds: float = 120.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"waited {seconds} s for {what}")


def _wait_for_connections(port: int, workers: list[int], count: int) -> dict[int, set[int]]:
    """Wait until the workers hold `count` connections; return each worker's."""
    return _wait_for(  # type: ignore[no-any-return]
        lambda: (
            (found := _connections_per_worker(port, workers))
            and sum(map(len, found.values())) == count
            and found
        ),
        f"{count} connections in the workers",
    )


def test_the_parent_hands_each_connection_to_the_worker_with_fewest(cli_env, tmp_path):
    assert gep(cli_env, "init").returncode == 0
    port = _free_port()
    process = _serve_two_workers(cli_env, port, tmp_path / "serve.log")
    clients: list[socket.socket] = []
    try:
        _wait_listening(port, 1)
        _wait_both_ready(tmp_path / "serve.log")
        workers = _workers(process.pid)
        assert len(workers) == 2
        # One listening socket, the parent's; the workers only serve what it hands them.
        listening = set(_socket_inodes(port)["LISTEN"])
        assert len(listening) == 1
        assert listening <= _owner_of_inodes([process.pid])[process.pid]
        assert not any(listening & owned for owned in _owner_of_inodes(workers).values())
        # Forty connections opened at once: twenty each, not a hash's uneven split.
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(40)]
        per_worker = _wait_for_connections(port, workers, 40)
        assert sorted(len(inodes) for inodes in per_worker.values()) == [20, 20]
        # The first worker's twenty close: the next twenty new connections all go to it.
        first, second = workers
        local_inode = {client.getsockname()[1]: client for client in clients}
        peer_of = _peer_ports(port)
        closing = [local_inode[peer_of[inode]] for inode in per_worker[first]]
        for client in closing:
            client.close()
            clients.remove(client)
        time.sleep(0.5)  # the worker tells the parent of each closed connection
        clients += [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]
        per_worker = _wait_for_connections(port, workers, 40)
        assert len(per_worker[first]) == 20 and len(per_worker[second]) == 20
        # Every handed connection is served.
        for client in clients[-4:]:
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            assert client.recv(4096).startswith(b"HTTP/1.1 200")
    finally:
        for client in clients:
            client.close()
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
    assert code == 0
    assert _socket_inodes(port)["LISTEN"] == []
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


def _peer_ports(port: int) -> dict[int, int]:
    """Return, per server-side socket inode on `port`, the client's port."""
    found = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].split(":")[1], 16)
        if local_port == port and fields[3] == "01":
            found[int(fields[9])] = int(fields[2].split(":")[1], 16)
    return found


def test_a_stopped_worker_is_replaced_and_workers_stop_without_their_parent(cli_env, tmp_path):
    assert gep(cli_env, "init").returncode == 0
    port = _free_port()
    process = _serve_two_workers(cli_env, port, tmp_path / "serve.log")
    try:
        _wait_listening(port, 1)
        _wait_both_ready(tmp_path / "serve.log")  # one that stops before it is ready stops all
        workers = _workers(process.pid)
        os.kill(workers[0], signal.SIGKILL)
        replaced = _wait_for(
            lambda: (
                (now := _workers(process.pid)) and len(now) == 2 and workers[0] not in now and now
            ),
            "a new worker",
        )
        # Requests keep being answered, by the new worker too once it is ready.
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for _ in range(10):
                assert client.get("/healthz", headers={"Connection": "close"}).status_code == 200
        # The parent dies without stopping them: the workers notice and stop.
        process.kill()
        process.wait(timeout=30)
        _wait_for(
            lambda: not [pid for pid in replaced if Path(f"/proc/{pid}").exists()],
            "the workers to stop",
        )
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


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
