"""Health checks for the proxy and the service manager: /healthz (alive) and /readyz (ready).

/readyz answers 200 only when the database answers and its schema is at the newest migration,
so a load balancer sends no traffic to a process that would fail every page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.engine import Engine

from gepmonitor import __version__
from gepmonitor.core.db import schema_state

router = APIRouter()


@router.get("/healthz", include_in_schema=False)
async def healthz() -> dict[str, str]:
    """Answer that the process is alive (no database access)."""
    return {"status": "ok", "version": __version__}


def readiness(engine: Engine) -> tuple[bool, dict[str, object]]:
    """Return whether the database is reachable and at the newest migration, with details."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        state = schema_state(engine)
    except Exception as error:  # noqa: BLE001 - any failure means: not ready, say why
        return False, {"database": f"unreachable: {type(error).__name__}"}
    body: dict[str, object] = {
        "database": "ok",
        "migration": state.current,
        "head": state.head,
    }
    if not state.at_head:
        body["problem"] = (
            "the database is newer than this version"
            if not state.known
            else "migrations pending: run `gep init`"
        )
    return state.at_head, body


@router.get("/readyz", include_in_schema=False)
async def readyz(request: Request) -> JSONResponse:
    """Answer 200 when the database answers and is at the newest migration, else 503."""
    ready, body = await run_in_threadpool(readiness, request.app.state.engine)
    body = {"status": "ready" if ready else "not ready", "version": __version__, **body}
    return JSONResponse(body, status_code=200 if ready else 503)
