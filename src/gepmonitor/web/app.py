"""The web application factory: `create_app(settings)` builds a FastAPI app with every module."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from gepmonitor.accounts.auth import SESSION_COOKIE, SESSION_MAX_AGE, session_secret
from gepmonitor.accounts.pages import collect_nav
from gepmonitor.core import registry
from gepmonitor.core.config import Settings, get_settings
from gepmonitor.core.db import make_engine, make_session_factory, utcnow
from gepmonitor.personnel.cache import Cache
from gepmonitor.web import messages, messages_pages  # noqa: F401 - registers the texts
from gepmonitor.web.bodylimit import BodyLimitMiddleware
from gepmonitor.web.csrf import CSRFMiddleware
from gepmonitor.web.errors import install_error_handlers
from gepmonitor.web.gate import RequestGate
from gepmonitor.web.head import HeadMiddleware
from gepmonitor.web.openapi import describe_errors
from gepmonitor.web.security import (
    SecurityHeadersMiddleware,
    TrustedProxyMiddleware,
    parse_proxies,
)

STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application for the given settings (default: from the environment)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="gepmonitor",
        version="0.1.0",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings.resolved_database_url())
    app.state.session_factory = make_session_factory(app.state.engine)
    app.state.clock = utcnow
    app.state.cache = Cache()
    app.state.nav = collect_nav(registry.modules("web"))
    # Added innermost first: the session middleware must run before the body limit (its 413
    # page needs the session) and the CSRF check (which reads the bounded body).
    app.add_middleware(CSRFMiddleware)
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=settings.https,
    )
    app.add_middleware(HeadMiddleware)  # HEAD is a GET for everything inside
    app.add_middleware(RequestGate, limit=settings.web_gate)  # queue before work
    app.add_middleware(SecurityHeadersMiddleware, https=settings.https)  # every answer
    # outermost: who the client is, before anything records or counts its address
    app.add_middleware(TrustedProxyMiddleware, trusted=parse_proxies(settings.trusted_proxies))
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for name in registry.modules("web"):
        app.include_router(import_module(name).router)
    for name in registry.modules("api"):
        app.include_router(import_module(name).api_router, prefix="/api/v1")
    describe_errors(app)

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
