"""Several server processes behind one listening socket, each connection to the least busy one.

Neither of the kernel's ways to share a port spreads connections evenly over a few workers:
- uvicorn's own workers share one listening socket, and the first idle worker accepts every
  connection waiting at that moment, so a burst (twenty browsers opening a page at once) lands on
  one process while the other idles;
- one SO_REUSEPORT socket per worker hands each connection to a worker by a hash of the client's
  address and port, so twenty connections often split 14/6 or 16/4 over two workers, and the
  busier one's queue sets everyone's waiting time (measured: p95 twice that of an even split).

Here the parent process listens, accepts each connection and hands its file descriptor
(SCM_RIGHTS over a socket pair) to the worker with the fewest open connections, taking them in
turn on a tie, as nginx's ``least_conn`` does. Each worker tells the parent when a connection it
served has closed. A port in use is reported once, before any worker starts; the parent restarts a
worker that dies and stops them all on SIGINT or SIGTERM; a worker whose parent is gone stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import multiprocessing
import selectors
import signal
import socket
import threading
import time
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

import uvicorn

from gepmonitor.web.heap import settle_heap

log = logging.getLogger("gepmonitor.web")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
STOP_SECONDS = 30
BACKLOG = 2048  # uvicorn's default
# A worker's notices to the parent: it is ready to serve; one connection it served has closed.
READY = b"r"
CLOSED = b"c"
CHECK_SECONDS = 0.5  # how often the parent looks whether a worker stopped


def claim_port(host: str, port: int) -> socket.socket:
    """Return a socket listening on (host, port) for the workers' connections.

    Raises OSError when the address cannot be bound (in use, or not this machine's).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    return sock


def counted_protocol(protocol_class: type[asyncio.Protocol], channel: socket.socket) -> type:
    """Return `protocol_class` that also tells the parent, over `channel`, when it closes."""

    class Counted(protocol_class):  # type: ignore[valid-type,misc]
        def connection_lost(self, exc: Exception | None) -> None:
            super().connection_lost(exc)
            tell_closed(channel)

    return Counted


def tell_closed(channel: socket.socket) -> None:
    """Tell the parent one connection has closed (nothing when the parent is gone)."""
    with contextlib.suppress(OSError):
        channel.send(CLOSED)


class HandoffServer(uvicorn.Server):
    """A uvicorn server that serves the connections its parent hands it over `channel`."""

    def __init__(self, config: uvicorn.Config, channel: socket.socket) -> None:
        super().__init__(config)
        self.channel = channel
        self.factory: functools.partial[Any] | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        """Start the app (lifespan), then take connections from the channel."""
        await super().startup(sockets=[])
        protocol = counted_protocol(self.config.http_protocol_class, self.channel)
        self.factory = functools.partial(
            protocol,
            config=self.config,
            server_state=self.server_state,
            app_state=self.lifespan.state,
        )
        self.channel.setblocking(False)
        asyncio.get_running_loop().add_reader(self.channel.fileno(), self.take_connections)
        with contextlib.suppress(OSError):
            self.channel.send(READY)

    def take_connections(self) -> None:
        """Serve every connection waiting on the channel; stop when the parent is gone."""
        loop = asyncio.get_running_loop()
        while True:
            try:
                data, fds, _, _ = socket.recv_fds(self.channel, 1, 1)
            except BlockingIOError:
                return
            except OSError:
                data, fds = b"", []
            if not data and not fds:  # the parent closed its end: it has stopped
                loop.remove_reader(self.channel.fileno())
                self.should_exit = True
                return
            for fd in fds:
                loop.create_task(self.serve_connection(socket.socket(fileno=fd)))

    async def serve_connection(self, sock: socket.socket) -> None:
        """Serve one handed-over connection with uvicorn's HTTP protocol."""
        assert self.factory is not None
        try:
            await asyncio.get_running_loop().connect_accepted_socket(self.factory, sock)
        except OSError:  # the client left before the connection could be set up
            sock.close()
            tell_closed(self.channel)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """Stop taking connections, then let uvicorn finish the open ones."""
        with contextlib.suppress(ValueError):  # ValueError: the channel is already closed
            asyncio.get_running_loop().remove_reader(self.channel.fileno())
        await super().shutdown(sockets=None)


def run_worker(config: uvicorn.Config, channel: socket.socket) -> None:
    """Serve the app on the connections handed over `channel` (runs in the worker process)."""
    config.configure_logging()
    config.load()  # build the app here, so that settle_heap() exempts it
    settle_heap()
    HandoffServer(config, channel).run()


class Worker:
    """One worker process as the parent sees it: its channel and its open connections."""

    def __init__(self, context: Any, config: uvicorn.Config) -> None:
        self.channel, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.process: BaseProcess = context.Process(
            target=run_worker, args=(config, child_end), name="gep-worker"
        )
        self.process.start()
        child_end.close()
        self.channel.setblocking(False)
        self.ready = False  # until the worker says so, it gets no connection
        self.served = False  # whether it ever said it was ready
        self.open = 0

    def hand(self, connection: socket.socket) -> bool:
        """Hand `connection` to this worker; return False when it cannot take it now."""
        try:
            socket.send_fds(self.channel, [b"h"], [connection.fileno()])
        except OSError:  # full (a stuck worker) or closed (a stopped one)
            return False
        self.open += 1
        return True

    def read_notices(self) -> bool:
        """Read the worker's notices (ready, a connection closed); False once it has stopped."""
        while True:
            try:
                notice = self.channel.recv(16)
            except BlockingIOError:
                return True
            except OSError:
                notice = b""
            if not notice:  # the worker has stopped; the parent restarts it
                self.ready = False
                return False
            if notice == READY:
                self.ready = self.served = True
            else:
                self.open = max(0, self.open - 1)


class Dispatcher:
    """Accept connections on the listening socket and hand each to the least busy worker."""

    def __init__(self, listener: socket.socket, workers: list[Worker]) -> None:
        self.listener = listener
        self.workers = workers
        self.turn = 0
        self.selector = selectors.DefaultSelector()
        self.accepting = False  # connections wait in the kernel's queue until a worker is ready
        listener.setblocking(False)
        for worker in workers:
            self.watch(worker)

    def watch(self, worker: Worker) -> None:
        """Listen for this worker's notices of closed connections."""
        self.selector.register(worker.channel, selectors.EVENT_READ, worker)

    def replace(self, index: int, worker: Worker) -> None:
        """Put a new worker in the place of a stopped one."""
        old = self.workers[index]
        with contextlib.suppress(KeyError):  # KeyError: unwatched when its channel closed
            self.selector.unregister(old.channel)
        old.channel.close()
        self.workers[index] = worker
        self.watch(worker)

    def run_once(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for connections and notices, and handle them."""
        ready = any(worker.ready for worker in self.workers)
        if ready != self.accepting:
            if ready:
                self.selector.register(self.listener, selectors.EVENT_READ)
            else:
                self.selector.unregister(self.listener)
            self.accepting = ready
        for key, _ in self.selector.select(timeout):
            if key.data is None:
                self.accept_waiting()
            elif not key.data.read_notices():
                self.selector.unregister(key.fileobj)

    def accept_waiting(self) -> None:
        """Accept every waiting connection and hand each to the least busy worker."""
        while True:
            try:
                connection, _ = self.listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:  # out of file descriptors, a connection reset at once
                log.warning("could not accept a connection: %s", error)
                return
            with connection:
                self.hand(connection)

    def hand(self, connection: socket.socket) -> None:
        """Hand `connection` to the least busy ready worker; it is closed when none can take it."""
        count = len(self.workers)
        order = sorted(
            (index for index in range(count) if self.workers[index].ready),
            key=lambda index: (self.workers[index].open, (index - self.turn) % count),
        )
        self.turn = (self.turn + 1) % count
        for index in order:
            if self.workers[index].hand(connection):
                return
        log.warning("no worker could take a connection; it is closed")


def serve_workers(config: uvicorn.Config, workers: int, listener: socket.socket) -> int:
    """Run `workers` server processes behind the listening socket until a stop signal.

    Returns the exit code: 0 after a stop signal, 1 when a worker failed at start-up.
    """
    config.port = listener.getsockname()[1]
    context = multiprocessing.get_context("spawn")
    stop = threading.Event()

    def on_signal(number: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {number: signal.signal(number, on_signal) for number in STOP_SIGNALS}
    dispatcher = Dispatcher(listener, [Worker(context, config) for _ in range(workers)])
    code = 0
    checked = time.monotonic()
    try:
        while not stop.is_set():
            dispatcher.run_once(CHECK_SECONDS)
            if time.monotonic() - checked < CHECK_SECONDS:
                continue
            checked = time.monotonic()
            for index, worker in enumerate(dispatcher.workers):
                if worker.process.is_alive():
                    continue
                worker.read_notices()  # a ready notice it sent before it stopped
                # One that stopped before it was ready failed at start-up (a bad setting, a
                # database it cannot open): a new one would fail the same way, so all stop.
                if not worker.served:
                    log.error(
                        "worker %s stopped at start-up (exit code %s)",
                        worker.process.pid,
                        worker.process.exitcode,
                    )
                    stop.set()
                    code = 1
                    break
                log.warning(
                    "worker %s stopped (exit code %s); starting a new one",
                    worker.process.pid,
                    worker.process.exitcode,
                )
                dispatcher.replace(index, Worker(context, config))
    finally:
        listener.close()  # no new connections; the workers finish the open ones
        for worker in dispatcher.workers:
            if worker.process.is_alive():
                worker.process.terminate()
        for worker in dispatcher.workers:
            worker.process.join(STOP_SECONDS)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.channel.close()
        dispatcher.selector.close()
        for number, handler in previous.items():
            signal.signal(number, handler)
    return code
