"""Response headers that harden every answer.

Every response gets a Content-Security-Policy without inline script (the app has no script at
all), refuses to be framed, is not sniffed, sends no referrer, and is not stored by browsers or
proxies: pages and downloads hold personal data. Only the static files may be cached. Forwarded
headers are believed only from GEP_TRUSTED_PROXIES (web.proxy). With single sign-on the
identity provider's origin may receive forms too: logging out posts to /logout, which redirects
to the provider's end-session endpoint, and a browser applies form-action to that redirect.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; "
    # charts are inline SVG whose shapes carry style attributes (matplotlib)
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'{extra}; frame-ancestors 'none'"
)
HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
STATIC_CACHE = "public, max-age=3600"


class SecurityHeadersMiddleware:
    """Add the hardening headers to every HTTP response."""

    def __init__(self, app: ASGIApp, https: bool = False, sso_issuer: str | None = None) -> None:
        self.app = app
        self.https = https
        self.csp = content_security_policy(sso_issuer)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers to its answer."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_hardened(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("content-security-policy", self.csp)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                own = headers.get("cache-control", "")
                if static:
                    headers["cache-control"] = STATIC_CACHE
                elif not own.startswith("private"):
                    # A route may let the user's own browser keep an answer ("private", e.g.
                    # the dashboard's charts of suppressed figures); shared caches never may.
                    headers["cache-control"] = "no-store"
                    headers["pragma"] = "no-cache"
                if self.https:
                    headers["strict-transport-security"] = "max-age=31536000"
            await send(message)

        await self.app(scope, receive, send_hardened)


def content_security_policy(sso_issuer: str | None = None) -> str:
    """Return the CSP header; forms may also go to the identity provider's origin, if any."""
    if not sso_issuer:
        return CSP.format(extra="")
    parts = urlsplit(sso_issuer)
    return CSP.format(extra=f" {parts.scheme}://{parts.netloc}")
