"""The web application factory: `create_app(settings)` builds a FastAPI app with every module."""

from __future__ import annotations

from importlib import import_module

from fastapi import FastAPI

from gepmonitor.core.config import Settings, get_settings

# Modules whose web.py exposes `router` (pages) and optionally `api_router` (under /api/v1).
WEB_MODULES = (
    "gepmonitor.personnel.web",
    "gepmonitor.safety.web",
    "gepmonitor.recruitment.web",
    "gepmonitor.survey.web",
    "gepmonitor.plan.web",
)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application for the given settings (default: from the environment)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="gepmonitor",
        version="0.1.0",
        docs_url="/api/docs",
        openapi_url="/api/v1/openapi.json",
    )
    app.state.settings = settings
    for name in WEB_MODULES:
        module = import_module(name)
        if getattr(module, "router", None) is not None:
            app.include_router(module.router)
        if getattr(module, "api_router", None) is not None:
            app.include_router(module.api_router, prefix="/api/v1")

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
