"""Server-side login sessions: opened at login, checked on every request, deleted at logout.

The signed cookie alone would stay valid until it expires; with a row per session, logging out
(or the session's age passing SESSION_MAX_AGE) ends it on the server too.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from gepmonitor.accounts.auth import SESSION_MAX_AGE
from gepmonitor.accounts.lookup import lookup, user_of_row
from gepmonitor.accounts.models import LoginSession, User
from gepmonitor.core.driverread import DriverRead
from gepmonitor.core.models import Organisation

MAX_AGE = timedelta(seconds=SESSION_MAX_AGE)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def open_session(session: Session, user_id: int, now: datetime, id_token: str | None = None) -> str:
    """Store a new login session of the user (dropping expired ones); return its secret.

    A single sign-on login keeps its ID token, which logging out sends back to the provider.
    """
    session.execute(delete(LoginSession).where(LoginSession.created_at < now - MAX_AGE))
    secret = secrets.token_urlsafe(32)
    session.add(
        LoginSession(id=_digest(secret), user_id=user_id, created_at=now, id_token=id_token)
    )
    return secret


def session_id_token(session: Session, secret: str) -> str | None:
    """Return the ID token kept with a single sign-on login session, else None."""
    query = select(LoginSession.id_token).where(LoginSession.id == _digest(secret))
    return session.scalar(query)


# Built once: constructing a statement costs more than running it, and this one runs on every
# page request, straight by the driver (accounts.lookup: with the organisation's data version).
SESSION_USER = DriverRead(
    lookup()
    .select_from(User)
    .join(Organisation, Organisation.id == User.org_id)
    .join(LoginSession, LoginSession.user_id == User.id)
    .where(
        User.id == bindparam("user_id"),
        LoginSession.id == bindparam("digest"),
        LoginSession.created_at >= bindparam("oldest"),
    )
)


def session_user(session: Session, secret: str, user_id: int, now: datetime) -> User | None:
    """Return the user of a live session, with the organisation, in one query; else None."""
    params = {"user_id": user_id, "digest": _digest(secret), "oldest": now - MAX_AGE}
    rows = SESSION_USER.rows(session, params)
    return user_of_row(session, rows[0]) if rows else None


def close_session(session: Session, secret: str) -> None:
    """End a login session: its cookie no longer works, wherever a copy of it is kept."""
    session.execute(delete(LoginSession).where(LoginSession.id == _digest(secret)))
