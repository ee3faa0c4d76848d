"""The web application factory: `create_app(settings)` builds a FastAPI app with every module."""

from __future__ import annotations

from collections import OrderedDict
from importlib import import_module
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from gepmonitor.accounts.auth import (
    SESSION_COOKIE,
    SESSION_MAX_AGE,
    prepare_login_timing,
    session_secret,
)
from gepmonitor.accounts.pages import collect_nav
from gepmonitor.core import registry
from gepmonitor.core.config import Settings, get_settings
from gepmonitor.core.db import make_engine, make_session_factory, utcnow
from gepmonitor.core.errors import ConfigError
from gepmonitor.core.version import __version__
from gepmonitor.web import health
from gepmonitor.web.bodylimit import BodyLimitMiddleware
from gepmonitor.web.csrf import CSRFMiddleware
from gepmonitor.web.errors import install_error_handlers
from gepmonitor.web.gate import RequestGate
from gepmonitor.web.head import HeadMiddleware
from gepmonitor.web.openapi import describe_errors
from gepmonitor.web.proxy import Network, TrustedProxyMiddleware, parse_networks
from gepmonitor.web.requestlog import RequestIdMiddleware
from gepmonitor.web.routeindex import install_route_index
from gepmonitor.web.security import SecurityHeadersMiddleware

STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application for the given settings (default: from the environment)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="gepmonitor",
        version=__version__,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    app.state.engine = make_engine(
        settings.resolved_database_url(), settings.db_pool_size, settings.db_max_overflow
    )
    app.state.session_factory = make_session_factory(app.state.engine)
    app.state.clock = utcnow
    app.state.nav = collect_nav(registry.modules("web"))
    app.state.layout_frames = OrderedDict()  # accounts.shared.layout_frame
    prepare_login_timing()
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
    app.add_middleware(  # every answer
        SecurityHeadersMiddleware,
        https=settings.https,
        sso_issuer=settings.oidc_issuer if settings.sso_enabled() else None,
    )
    app.add_middleware(RequestIdMiddleware)  # the id and the log line cover the queueing too
    app.add_middleware(TrustedProxyMiddleware, networks=trusted_networks(settings))  # outermost
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for name in registry.modules("web"):
        app.include_router(import_module(name).router)
    for name in registry.modules("api"):
        app.include_router(import_module(name).api_router, prefix="/api/v1")
    app.include_router(health.router)
    describe_errors(app)
    install_route_index(app.router)
    return app


def trusted_networks(settings: Settings) -> list[Network]:
    """Return the networks of GEP_TRUSTED_PROXIES, or raise a ConfigError naming a bad entry."""
    try:
        return parse_networks(settings.trusted_proxies)
    except ValueError as error:
        raise ConfigError(
            "GEP_TRUSTED_PROXIES: '{entry}' is not an address or network (such as 10.0.0.5 or "
            "10.0.0.0/24).",
            entry=str(error),
        ) from None
