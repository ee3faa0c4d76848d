"""CSRF protection: unsafe requests from cookie sessions must carry the session's token.

The token comes from the form field ``csrf_token`` or the ``X-CSRF-Token`` header. Requests that
authenticate with ``Authorization: Bearer <token>`` are exempt: browsers never add that header
on their own, and such requests ignore the session cookie.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gepmonitor.accounts.auth import csrf_token_is_valid
from gepmonitor.web.errors import error_response

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class CSRFMiddleware:
    """Reject unsafe cookie-authenticated requests whose CSRF token is missing or wrong."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the token of unsafe HTTP requests, then pass the request on unchanged."""
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if headers.get("authorization", "").lower().startswith("bearer "):
            await self.app(scope, receive, send)
            return
        session = scope.get("session", {})
        token = headers.get("x-csrf-token")
        if token is None and headers.get("content-type", "").startswith(FORM_TYPES):
            body = await _read_body(receive)  # BodyLimitMiddleware bounds its size
            token = await _form_token(scope, body)
            receive = _replay(body)
        if not csrf_token_is_valid(session, token):
            await error_response(
                Request(scope),
                403,
                "The form has expired or was not sent from this site. Reload the page and "
                "try again.",
            )(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _form_token(scope: Scope, body: bytes) -> str | None:
    request = Request(scope, _replay(body))
    try:
        form = await request.form()
    except Exception:  # noqa: BLE001 - a malformed form simply has no valid token
        return None
    try:
        value = form.get("csrf_token")
        return value if isinstance(value, str) else None
    finally:
        await form.close()


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive
