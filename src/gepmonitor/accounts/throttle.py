"""Login throttling: 5 failures per account or per address within 15 minutes lock it 15 minutes."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from gepmonitor.accounts.auth import as_utc
from gepmonitor.accounts.models import LoginFailure, LoginLock

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
LOCK_TIME = timedelta(minutes=15)


def locked_until(session: Session, username: str, ip: str, now: datetime) -> datetime | None:
    """Return when the lock on this account or address ends, or None when neither is locked."""
    until = session.scalar(
        select(func.max(LoginLock.until)).where(
            LoginLock.until > now,
            or_(
                (LoginLock.kind == "user") & (LoginLock.key == username),
                (LoginLock.kind == "ip") & (LoginLock.key == ip),
            ),
        )
    )
    return as_utc(until) if until is not None else None


def register_failure(session: Session, username: str, ip: str, now: datetime) -> list[str]:
    """Count a failed login; return which of 'user' and 'ip' became locked by it."""
    session.add(LoginFailure(at=now, username=username[:120], ip=ip[:64]))
    session.flush()
    locked = []
    for kind, column, key in (
        ("user", LoginFailure.username, username[:120]),
        ("ip", LoginFailure.ip, ip[:64]),
    ):
        recent = session.scalar(
            select(func.count()).where(column == key, LoginFailure.at > now - WINDOW)
        )
        if (recent or 0) >= MAX_FAILURES:
            session.add(LoginLock(kind=kind, key=key, until=now + LOCK_TIME))
            locked.append(kind)
    return locked


def clear_failures(session: Session, username: str) -> None:
    """Forget an account's failed attempts after a successful login."""
    session.execute(delete(LoginFailure).where(LoginFailure.username == username))


def unlock(session: Session, username: str) -> None:
    """Remove the locks and failures of an account (an administrator's action)."""
    session.execute(delete(LoginLock).where(LoginLock.kind == "user", LoginLock.key == username))
    clear_failures(session, username)
