"""Health checks for the proxy and the service manager: /healthz (alive) and /readyz (ready).

/readyz answers 200 only when the database answers and its schema is at the newest migration,
so a load balancer sends no traffic to a process that would fail every page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from gepmonitor.core.db import readiness
from gepmonitor.core.version import __version__

router = APIRouter()


@router.get("/healthz", include_in_schema=False)
async def healthz() -> dict[str, str]:
    """Answer that the process is alive (no database access)."""
    return {"status": "ok", "version": __version__}


@router.get("/readyz", include_in_schema=False)
async def readyz(request: Request) -> JSONResponse:
    """Answer 200 when the database answers and is at the newest migration, else 503."""
    ready, body = await run_in_threadpool(readiness, request.app.state.engine)
    body = {"status": "ready" if ready else "not ready", "version": __version__, **body}
    return JSONResponse(body, status_code=200 if ready else 503)
