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
from gepmonitor.accounts.roles import Permission
from gepmonitor.core.cache import cached
from gepmonitor.core.models import Organisation
from gepmonitor.recruitment import service

Viewer = Annotated[User, Depends(require(Permission.VIEW_RECRUITMENT))]
Manager = Annotated[User, Depends(require(Permission.MANAGE_RECRUITMENT))]
Checker = Annotated[User, Depends(require(Permission.CHECK_TEXTS))]
Scorer = Annotated[User, Depends(require(Permission.SCORE_CANDIDATES))]


def year_or_latest(session: Session, org: Organisation, year: int | None) -> int:
    """Return the year asked for, else the latest year with vacancies, else the current year."""
    return year or service.latest_year(session, org) or date.today().year


def cached_json(
    session: Session, org: Organisation, key: tuple[Hashable, ...], build: Callable[[], object]
) -> Response:
    """Return build()'s answer as JSON, encoded once per data version and key (core.cache).

    Encoded by pydantic's serialiser, as FastAPI encodes a route's answer: the same bytes. The
    key names everything the answer depends on besides the organisation's data.
    """
    body = cached(session, org, key, lambda: to_json(build()))
    return Response(body, media_type="application/json")
