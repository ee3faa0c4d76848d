"""Forwarded headers, believed only from the reverse proxies named in GEP_TRUSTED_PROXIES.

Behind nginx every request comes from the proxy's address; the client's own address and whether
it used https arrive in ``X-Forwarded-For`` and ``X-Forwarded-Proto``. Anyone can send those
headers, so they are used only when the connection comes from a trusted proxy; the default is
to trust none. The middleware rewrites the request's client address and scheme, so the audit
log, the login throttle, secure cookies and redirect URLs see what the proxy saw.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from gepmonitor.core.proxies import Network, forwarded_client, is_trusted, parse_networks

__all__ = ["TRUSTED_FLAG", "Network", "TrustedProxyMiddleware", "parse_networks"]

TRUSTED_FLAG = "gep.from_trusted_proxy"


class TrustedProxyMiddleware:
    """Take the client address and scheme from forwarded headers sent by a trusted proxy."""

    def __init__(self, app: ASGIApp, networks: Sequence[Network]) -> None:
        self.app = app
        self.networks = list(networks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Rewrite client and scheme of a request from a trusted proxy; leave others alone."""
        if scope["type"] not in ("http", "websocket") or not self.networks:
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        if not client or not is_trusted(client[0], self.networks):
            await self.app(scope, receive, send)
            return
        scope = dict(scope)
        scope[TRUSTED_FLAG] = True
        headers = Headers(scope=scope)
        forwarded_for = headers.get("x-forwarded-for")
        if forwarded_for:
            host = forwarded_client(forwarded_for, self.networks)
            if host is not None:
                scope["client"] = (host, 0)
        proto = headers.get("x-forwarded-proto", "").strip().lower()
        if proto in ("http", "https"):
            scope["scheme"] = proto if scope["type"] == "http" else proto.replace("http", "ws")
        await self.app(scope, receive, send)
