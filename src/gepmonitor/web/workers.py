"""Several server processes, each listening on its own socket, so connections spread evenly.

uvicorn's own workers share one listening socket, and the first idle worker accepts every
connection waiting at that moment: a burst of new connections (twenty browsers opening a page at
once) lands on one process while the other idles. Measured at 20 clients on two cores, one worker
ran at 82% of a core and the other at 30%, and the busy one's queue set everyone's waiting time.

Here every worker process binds a socket of its own to the same address with SO_REUSEPORT (as
nginx's ``reuseport`` does), and the kernel hands each new connection to one of the listening
sockets by a hash of the client's address and port. The parent process binds the address first,
without SO_REUSEPORT and then without listening, so a port in use (even by another gepmonitor) is
reported once before any worker starts; it then restarts a worker that dies, and stops them all
on SIGINT or SIGTERM.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import threading
import time
from multiprocessing.process import BaseProcess
from types import FrameType

import uvicorn

from gepmonitor.web.heap import settle_heap

log = logging.getLogger("gepmonitor.web")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
STOP_SECONDS = 30
# A worker that exits this soon after it started is failing at start-up (a bad setting, a
# database it cannot open): restarting it would fail the same way, so the server stops.
STARTUP_SECONDS = 10.0


def reuseport_socket(host: str, port: int, *, reuse_port: bool = True) -> socket.socket:
    """Return a TCP socket bound to (host, port), with SO_REUSEPORT unless told not to."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def run_worker(config: uvicorn.Config) -> None:
    """Serve the app on a listening socket of this process's own (runs in the worker process)."""
    config.configure_logging()
    sock = reuseport_socket(config.host, config.port)
    config.load()  # build the app here, so that settle_heap() exempts it
    settle_heap()
    uvicorn.Server(config).run(sockets=[sock])


def claim_port(host: str, port: int) -> socket.socket:
    """Return a socket that holds (host, port) for the workers without listening on it.

    Raises OSError when the address cannot be bound: a plain bind comes first, because
    SO_REUSEPORT alone would let a second server share a port already in use.
    """
    with reuseport_socket(host, port, reuse_port=False) as probe:
        port = probe.getsockname()[1]  # port 0: every worker takes the one chosen here
    return reuseport_socket(host, port)


def serve_workers(config: uvicorn.Config, workers: int, guard: socket.socket) -> int:
    """Run `workers` server processes on the guard's address until a stop signal.

    Returns the exit code: 0 after a stop signal, 1 when a worker failed at start-up.
    """
    config.port = guard.getsockname()[1]
    context = multiprocessing.get_context("spawn")
    stop = threading.Event()

    def on_signal(number: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {number: signal.signal(number, on_signal) for number in STOP_SIGNALS}

    def start() -> tuple[BaseProcess, float]:
        process = context.Process(target=run_worker, args=(config,), name="gep-worker")
        process.start()
        return process, time.monotonic()

    running = [start() for _ in range(workers)]
    code = 0
    try:
        while not stop.wait(0.5):
            for index, (process, started) in enumerate(running):
                if process.is_alive():
                    continue
                if time.monotonic() - started < STARTUP_SECONDS:
                    log.error(
                        "worker %s stopped at start-up (exit code %s)",
                        process.pid,
                        process.exitcode,
                    )
                    stop.set()
                    code = 1
                    break
                log.warning(
                    "worker %s stopped (exit code %s); starting a new one",
                    process.pid,
                    process.exitcode,
                )
                running[index] = start()
    finally:
        for process, _ in running:
            if process.is_alive():
                process.terminate()
        for process, _ in running:
            process.join(STOP_SECONDS)
            if process.is_alive():
                process.kill()
                process.join()
        for number, handler in previous.items():
            signal.signal(number, handler)
        guard.close()
    return code
