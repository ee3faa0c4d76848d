"""A request id for every request, sent back in X-Request-ID, and one log line per request.

The id comes from the trusted proxy (nginx's ``$request_id`` in X-Request-ID) or is made here.
It lands in the log lines and, through the database session, in the audit entries the request
writes.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gepmonitor.core.logs import REQUEST_ID
from gepmonitor.web.proxy import TRUSTED_FLAG

access_log = logging.getLogger("gepmonitor.access")
VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id_for(scope: Scope) -> str:
    """Return the id of a request: a trusted proxy's X-Request-ID, else a new random one."""
    if scope.get(TRUSTED_FLAG):
        given = Headers(scope=scope).get("x-request-id", "")
        if VALID_ID.match(given):
            return given
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Set the request id, return it in X-Request-ID and log the request when it is answered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request with its id set; log method, path, status and duration."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_for(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        token = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["x-request-id"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            client = scope.get("client")
            access_log.info(
                '%s "%s %s" %s',
                client[0] if client else "-",
                scope["method"],
                scope["path"],
                status,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "client": client[0] if client else "",
                    "request_id": request_id,
                },
            )
            REQUEST_ID.reset(token)
