"""The request gate: a few requests compute at a time per process; the others wait their turn.

Every request runs its database work and rendering in worker threads, one after another. When
twenty requests do that at once, their threads fight over Python's interpreter lock and each one
gets slower than if they had queued: under load, most of a request's time went to thread
switches. The gate lets a small number of GET and HEAD requests compute at once and queues the
rest (it never refuses one). A request leaves the gate when its answer starts, so a slow reader
downloading a large file does not hold a place. Requests with a body (uploads, forms) pass
straight through: their time goes to receiving the body, which needs no place.
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_LIMIT = 4
GATED_METHODS = frozenset({"GET", "HEAD"})


class RequestGate:
    """Let at most `limit` GET/HEAD requests compute at once; queue the others in order."""

    def __init__(self, app: ASGIApp, limit: int = DEFAULT_LIMIT) -> None:
        self.app = app
        self.limit = limit
        self._semaphores: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Wait for a place, run the request, and give the place back when the answer starts."""
        if scope["type"] != "http" or scope["method"] not in GATED_METHODS:
            await self.app(scope, receive, send)
            return
        semaphore = self._semaphore()
        await semaphore.acquire()
        holding = True

        async def send_and_leave(message: Message) -> None:
            nonlocal holding
            if holding and message["type"] == "http.response.start":
                holding = False
                semaphore.release()
            await send(message)

        try:
            await self.app(scope, receive, send_and_leave)
        finally:
            if holding:
                semaphore.release()

    def _semaphore(self) -> asyncio.Semaphore:
        """Return the running event loop's semaphore.

        A server has one loop; test clients may start a new loop for every request.
        """
        loop = asyncio.get_running_loop()
        semaphore = self._semaphores.get(loop)
        if semaphore is None:
            for old in [old for old in self._semaphores if old.is_closed()]:
                del self._semaphores[old]
            semaphore = self._semaphores[loop] = asyncio.Semaphore(self.limit)
        return semaphore
