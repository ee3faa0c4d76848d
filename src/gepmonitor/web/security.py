"""Response headers that harden every answer, and forwarded headers trusted only from proxies.

Every response gets a Content-Security-Policy without inline script (the app has no script at
all), refuses to be framed, is not sniffed, sends no referrer, and is not stored by browsers or
proxies: pages and downloads hold personal data. Only the static files may be cached.

X-Forwarded-For and X-Forwarded-Proto say who the client is and how it connected, but anyone can
send them. They are read only when the connection comes from an address in GEP_TRUSTED_PROXIES
(default: none); otherwise the connection's own address counts, for the audit log and for the
lock on an address after failed logins. (`gep serve` turns uvicorn's own handling off.)
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; "
    # charts are inline SVG whose shapes carry style attributes (matplotlib)
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
STATIC_CACHE = "public, max-age=3600"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class SecurityHeadersMiddleware:
    """Add the hardening headers to every HTTP response."""

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers to its answer."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_hardened(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                headers["cache-control"] = STATIC_CACHE if static else "no-store"
                if not static:
                    headers["pragma"] = "no-cache"
                if self.https:
                    headers["strict-transport-security"] = "max-age=31536000"
            await send(message)

        await self.app(scope, receive, send_hardened)


def parse_proxies(text: str) -> list[Network]:
    """Return the networks of a comma-separated list of addresses and CIDR ranges."""
    return [
        ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip()
    ]


class TrustedProxyMiddleware:
    """Take the client address and scheme from forwarded headers, from trusted proxies only."""

    def __init__(self, app: ASGIApp, trusted: Iterable[Network] = ()) -> None:
        self.app = app
        self.trusted = list(trusted)

    def _is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Rewrite the scope's client and scheme when the peer is a trusted proxy."""
        client = scope.get("client")
        if scope["type"] in ("http", "websocket") and client and self._is_trusted(client[0]):
            headers = Headers(scope=scope)
            chain = [a.strip() for a in headers.get("x-forwarded-for", "").split(",") if a.strip()]
            # the nearest address that is not one of our proxies is the client
            while chain and self._is_trusted(chain[-1]):
                chain.pop()
            scope = dict(scope)
            if chain:
                scope["client"] = (chain[-1][:64], 0)
            proto = headers.get("x-forwarded-proto", "").split(",")[-1].strip().lower()
            if proto in ("http", "https"):
                scope["scheme"] = proto
        await self.app(scope, receive, send)
