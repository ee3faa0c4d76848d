"""What every recruitment route shares: the permission dependencies and the default year."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session

from gepmonitor.accounts.deps import require
from gepmonitor.accounts.models import User
from gepmonitor.accounts.roles import Permission
from gepmonitor.core.models import Organisation
from gepmonitor.recruitment import service

Viewer = Annotated[User, Depends(require(Permission.VIEW_RECRUITMENT))]
Manager = Annotated[User, Depends(require(Permission.MANAGE_RECRUITMENT))]
Checker = Annotated[User, Depends(require(Permission.CHECK_TEXTS))]
Scorer = Annotated[User, Depends(require(Permission.SCORE_CANDIDATES))]


def year_or_latest(session: Session, org: Organisation, year: int | None) -> int:
    """Return the year asked for, else the latest year with vacancies, else the current year."""
    return year or service.latest_year(session, org) or date.today().year
