"""A user's API tokens as the API lists them: one lean read on every request, never kept.

A token's use is written at most once a minute in a transaction of its own and raises no data
version (core.versions.UNVERSIONED), so the list cannot be kept per data version; the read is
small and indexed, and run straight on the driver (core.driverread) it costs a fraction of an
ORM query. It reads the rows as stored, so a use written by this very request shows too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from gepmonitor.accounts.auth import as_utc
from gepmonitor.accounts.models import ApiToken
from gepmonitor.core.driverread import DriverRead

_TOKENS = DriverRead(
    select(
        ApiToken.id,
        ApiToken.name,
        ApiToken.scope,
        ApiToken.created_at,
        ApiToken.expires_at,
        ApiToken.last_used_at,
    )
    .where(ApiToken.user_id == bindparam("user_id"))
    .order_by(ApiToken.id.desc())
)


def utc_moment(value: datetime | None) -> datetime | None:
    """Return a stored moment in UTC, or None (SQLite hands back naive UTC times)."""
    return as_utc(value) if value is not None else None


def token_list(session: Session, user_id: int) -> list[dict[str, Any]]:
    """Return the user's API tokens, newest first, without their secrets (times in UTC)."""
    return [
        {
            "id": token_id,
            "name": name,
            "scope": scope,
            "created_at": as_utc(created),
            "expires_at": utc_moment(expires),
            "last_used_at": utc_moment(used),
        }
        for token_id, name, scope, created, expires, used in _TOKENS.rows(
            session, {"user_id": user_id}
        )
    ]
