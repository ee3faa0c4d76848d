"""The request body limit: no request, whatever its route or kind of login, may send more.

A declared Content-Length above the limit is refused before anything is read; a body without one
(chunked) is counted while the application reads it and cut off at the limit. Either way the
answer is 413 with a clear message, and since the application never gets the whole body, no
part of an oversized upload is stored.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gepmonitor.web.errors import error_response

MAX_BODY = 50 * 1024 * 1024


class BodyTooLargeError(Exception):
    """The request body went past the limit while it was being read."""


class BodyLimitMiddleware:
    """Answer 413 to every request whose body is larger than the limit."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on with its body counted; answer 413 once it is too large."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > self.max_body:
            await self._refuse(scope, receive, send)
            return
        meter = _Meter(receive, send, self.max_body)
        try:
            await self.app(scope, meter.receive, meter.send)
        except Exception:
            if not meter.over:
                raise
        if meter.over and not meter.started:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        megabytes = self.max_body // (1024 * 1024)
        response = error_response(
            Request(scope),
            413,
            "The file sent is too large: the limit is {mb} MB. Make it smaller or split it "
            "and try again.",
            params={"mb": megabytes},
        )
        await response(scope, receive, send)


class _Meter:
    """Counts the body the application reads and hides its answer to a body cut off."""

    def __init__(self, receive: Receive, send: Send, limit: int) -> None:
        self._receive = receive
        self._send = send
        self.limit = limit
        self.size = 0
        self.over = False
        self.started = False

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request":
            self.size += len(message.get("body", b""))
            if self.size > self.limit:
                self.over = True
                raise BodyTooLargeError()
        return message

    async def send(self, message: Message) -> None:
        if self.over and not self.started:
            return  # the application's answer to a truncated body is replaced by the 413
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)
