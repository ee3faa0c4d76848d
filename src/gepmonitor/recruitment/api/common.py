"""What every recruitment route shares: the permission dependencies and the default year."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date
from typing import Annotated

from fastapi import Depends
from fastapi.responses import Response
from pydantic_core import to_json
from sqlalchemy.orm import Session

from gepmonitor.accounts.deps import require
from gepmonitor.accounts.models import User
from gepmonitor.accounts.shared import cached_async, json_response
from gepmonitor.core.models import Organisation
from gepmonitor.recruitment import service

Viewer = Annotated[User, Depends(require("view_recruitment"))]
Manager = Annotated[User, Depends(require("manage_recruitment"))]
Checker = Annotated[User, Depends(require("check_texts"))]
Scorer = Annotated[User, Depends(require("score_candidates"))]


def year_or_latest(session: Session, org: Organisation, year: int | None) -> int:
    """Return the year asked for, else the latest year with vacancies, else the current year."""
    return year or service.latest_year(session, org) or date.today().year


def year_asked(year: int | None) -> tuple[int | None, int | None]:
    """Return what year_or_latest's answer depends on besides the data (for a cache key).

    The year asked for; without one, this year too (the answer when there are no vacancies).
    """
    return (year, None) if year else (None, date.today().year)


async def cached_json(
    session: Session, org: Organisation, key: tuple[Hashable, ...], build: Callable[[], object]
) -> Response:
    """Return build()'s answer as JSON, encoded once per data version and key (core.cache).

    Encoded by pydantic's serialiser, as FastAPI encodes a route's answer: the same bytes. The
    key names everything the answer depends on besides the organisation's data. A kept answer
    is sent in place; a missing one is built in a worker thread (accounts.shared.cached_async).
    """
    return json_response(await cached_async(session, org, key, lambda: to_json(build())))
