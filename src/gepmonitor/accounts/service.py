"""User service: accounts, logins with throttling, password changes and personal API tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from gepmonitor.accounts import throttle
from gepmonitor.accounts.auth import (
    as_utc,
    hash_api_token,
    hash_password,
    new_api_token,
    new_password,
    verify_password,
)
from gepmonitor.accounts.lookup import columns_of, lookup, user_of_row
from gepmonitor.accounts.models import ApiToken, User
from gepmonitor.accounts.passwords import check_new_password
from gepmonitor.accounts.roles import Role
from gepmonitor.accounts.sessions import close_session
from gepmonitor.core.audit import record
from gepmonitor.core.db import utcnow
from gepmonitor.core.driverread import DriverRead, as_loaded
from gepmonitor.core.errors import ConflictError, InputError, NotFoundError
from gepmonitor.core.i18n import N_
from gepmonitor.core.models import Organisation

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
TOKEN_SCOPES = ("read", "write")


@dataclass
class Actor:
    """Who performs an action, for the audit log."""

    name: str
    role: str = ""
    ip: str = ""
    org_id: int | None = None


@dataclass
class LoginResult:
    """The outcome of a login attempt: a user, or a msgid with parameters (and if locked)."""

    user: User | None
    error: str | None = None
    params: dict[str, object] = field(default_factory=dict)
    locked: bool = False


LOCKED = N_(
    "Too many failed attempts: logging in is locked. Try again in {minutes} minutes or ask "
    "the administrator for a new password."
)


def parse_role(text: str) -> Role:
    """Return the role named by text, or raise an InputError listing the roles."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise InputError(
            "Unknown role '{role}'. Choose from: {roles}.",
            role=text,
            roles=", ".join(r.value for r in Role),
        ) from None


def check_password(password: str, username: str) -> None:
    """Raise an InputError when a new password is too weak (accounts.passwords says when)."""
    check_new_password(password, username)


def get_user(session: Session, username: str) -> User | None:
    """Return the user with this username, or None."""
    return session.scalar(select(User).where(User.username == username.strip().lower()))


def user_in_org(session: Session, org: Organisation, user_id: int) -> User:
    """Return a user of the organisation, or raise NotFoundError."""
    user = session.get(User, user_id)
    if user is None or user.org_id != org.id:
        raise NotFoundError("User {user} does not exist.", user=user_id)
    return user


def _free_username(session: Session, role: Role) -> str:
    taken = set(session.scalars(select(User.username).where(User.username.like(f"{role}%"))))
    if role.value not in taken:
        return role.value
    number = 2
    while f"{role.value}{number}" in taken:
        number += 1
    return f"{role.value}{number}"


def create_user(
    session: Session,
    org: Organisation,
    role: str,
    actor: Actor,
    username: str | None = None,
    password: str | None = None,
    must_change_password: bool = False,
) -> tuple[User, str]:
    """Create an account; return it with its password (a random one when none is given)."""
    parsed = parse_role(role)
    name = (username or _free_username(session, parsed)).strip().lower()
    if not USERNAME_PATTERN.match(name):
        raise InputError(
            "Invalid username '{username}': use 2 to 80 lower-case letters, digits, '.', '_' "
            "or '-', starting with a letter or digit.",
            username=username or "",
        )
    if get_user(session, name) is not None:
        raise ConflictError("Username '{username}' already exists.", username=name)
    if password is not None:  # a random one is strong, even if it happens to hold the name
        check_password(password, name)
    secret = password if password is not None else new_password()
    user = User(
        org_id=org.id,
        username=name,
        role=parsed.value,
        password_hash=hash_password(secret),
        active=True,
        must_change_password=must_change_password,
    )
    session.add(user)
    session.flush()
    _audit(session, actor, "user_created", name, f"role={parsed.value}", org.id)
    return user, secret


def list_users(session: Session, org: Organisation) -> list[User]:
    """Return the organisation's accounts by username."""
    query = select(User).where(User.org_id == org.id).order_by(User.username)
    return list(session.scalars(query))


def count_users(session: Session) -> int:
    """Return how many accounts the instance has."""
    return session.scalar(select(func.count()).select_from(User)) or 0


def ensure_first_admin(session: Session, org: Organisation) -> tuple[str, str] | None:
    """Create an admin with a random password when the instance has no users yet."""
    if count_users(session) > 0:
        return None
    user, password = create_user(session, org, Role.ADMIN, Actor("system"), username="admin")
    return user.username, password


def authenticate(
    session: Session,
    username: str,
    password: str,
    ip: str,
    now: datetime,
    local_login: bool = True,
) -> LoginResult:
    """Check a login; count failures, lock after too many, and audit every attempt.

    With ``local_login`` False (GEP_LOCAL_LOGIN=false) only break-glass accounts may use a
    password; for any other account the attempt fails like a wrong password.
    """
    name = username.strip().lower()[:120]
    user = get_user(session, name) if name else None
    org_id = user.org_id if user else None
    until = throttle.locked_until(session, name, ip, now)
    if until is not None:
        minutes = max(1, int((until - now).total_seconds() + 59) // 60)
        record(session, action="login_locked", actor=name or "-", org_id=org_id, ip=ip)
        return LoginResult(None, LOCKED, {"minutes": minutes}, locked=True)
    valid = verify_password(user.password_hash if user else None, password)
    allowed = user is not None and (local_login or user.break_glass)
    if user is None or not valid or not user.active or not allowed:
        locks = throttle.register_failure(session, name, ip, now)
        record(session, action="login_failed", actor=name or "-", org_id=org_id, ip=ip)
        for kind in locks:
            record(session, action="lockout", actor=name or "-", org_id=org_id, target=kind, ip=ip)
        if locks:
            return LoginResult(None, LOCKED, {"minutes": 15}, locked=True)
        return LoginResult(None, N_("Wrong username or password."))
    throttle.clear_failures(session, name)
    user.last_login_at = now
    record(session, action="login", actor=user.username, org_id=org_id, role=user.role, ip=ip)
    return LoginResult(user)


def password_usable(user: User, local_login: bool) -> bool:
    """Return whether the user logs in with a password here (not only through single sign-on).

    An account made at its first single sign-on has no password; with GEP_LOCAL_LOGIN=false only
    break-glass accounts may use one.
    """
    return bool(user.password_hash) and (local_login or user.break_glass)


def change_password(
    session: Session, user: User, current: str, new: str, repeat: str, ip: str
) -> None:
    """Replace the user's own password after checking the current one."""
    if not verify_password(user.password_hash, current):
        raise InputError("The current password is wrong.")
    if new != repeat:
        raise InputError("The two new passwords differ.")
    check_password(new, user.username)
    if verify_password(user.password_hash, new):
        raise InputError("The new password is the same as the current one.")
    user.password_hash = hash_password(new)
    user.must_change_password = False
    record(
        session,
        action="password_changed",
        actor=user.username,
        org_id=user.org_id,
        role=user.role,
        target=user.username,
        ip=ip,
    )
    revoke_all_tokens(session, user, Actor(user.username, user.role, ip, user.org_id))


def reset_password(session: Session, user: User, actor: Actor) -> str:
    """Give an account a random password that must be changed at the next login."""
    password = new_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    user.password_reset_at = utcnow()
    throttle.unlock(session, user.username)
    _audit(session, actor, "password_reset", user.username, "", user.org_id)
    revoke_all_tokens(session, user, actor)
    return password


def update_user(session: Session, user: User, role: str, active: bool, actor: Actor) -> None:
    """Change an account's role and whether it may log in."""
    parsed = parse_role(role)
    if user.username == actor.name and (parsed != Role.ADMIN or not active):
        raise InputError("You cannot remove your own administrator role or block your own account.")
    changes = []
    if user.role != parsed.value:
        changes.append(f"role {user.role}->{parsed.value}")
        user.role = parsed.value
    if user.active != active:
        changes.append("activated" if active else "deactivated")
        user.active = active
    if changes:
        _audit(session, actor, "user_changed", user.username, "; ".join(changes), user.org_id)


def create_token(
    session: Session,
    user: User,
    name: str,
    actor: Actor,
    *,
    scope: str = "read",
    days: int = 90,
    now: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create a personal API token; return it with the secret, which is shown only once.

    A token may read (GET) or, with scope 'write', also change; it stops working after `days`.
    """
    label = name.strip()
    if not label or len(label) > 80:
        raise InputError("Give the token a name of 1 to 80 characters.")
    if scope not in TOKEN_SCOPES:
        raise InputError("Unknown token scope '{scope}'; choose read or write.", scope=scope)
    if not 1 <= days <= 366:
        raise InputError("A token lasts from 1 to 366 days.")
    created = now or utcnow()
    secret = new_api_token()
    token = ApiToken(
        user_id=user.id,
        name=label,
        token_hash=hash_api_token(secret),
        created_at=created,
        expires_at=created + timedelta(days=days),
        scope=scope,
    )
    session.add(token)
    session.flush()
    _audit(session, actor, "token_created", user.username, f"{label} ({scope})", user.org_id)
    return token, secret


def revoke_all_tokens(session: Session, user: User, actor: Actor) -> int:
    """Delete every API token of the user (after a password change or reset); return how many."""
    ids = list(session.scalars(select(ApiToken.id).where(ApiToken.user_id == user.id)))
    count = len(ids)
    if count:
        session.execute(delete(ApiToken).where(ApiToken.id.in_(ids)))
        _audit(session, actor, "tokens_revoked", user.username, f"{count} tokens", user.org_id)
    return count


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    """Return the user's API tokens, newest first."""
    query = select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    return list(session.scalars(query))


def revoke_token(session: Session, user: User, token_id: int, actor: Actor) -> None:
    """Delete one of the user's API tokens."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFoundError("Token {token} does not exist.", token=token_id)
    session.delete(token)
    _audit(session, actor, "token_revoked", user.username, token.name, user.org_id)


# Built once (it runs on every API request), run straight by the driver: the token, its user,
# the user's organisation and its data version (accounts.lookup).
TOKEN_COLUMNS = columns_of(ApiToken)
TOKEN_NAMES = tuple(name for name, _ in TOKEN_COLUMNS)
TOKEN_USER = DriverRead(
    lookup(*(c for _, c in TOKEN_COLUMNS))
    .select_from(ApiToken)
    .join(User, User.id == ApiToken.user_id)
    .join(Organisation, Organisation.id == User.org_id)
    .where(ApiToken.token_hash == bindparam("token_hash"))
)


def user_for_token(
    session: Session, secret: str, now: datetime | None = None
) -> tuple[User, ApiToken] | None:
    """Return the active user owning this unexpired API token secret, with the token."""
    rows = TOKEN_USER.rows(session, {"token_hash": hash_api_token(secret)})
    if not rows:
        return None
    row = rows[0]
    user = user_of_row(session, row, start=len(TOKEN_NAMES))
    values = dict(zip(TOKEN_NAMES, row[: len(TOKEN_NAMES)], strict=True))
    token = as_loaded(session, ApiToken, values)
    moment = now or utcnow()
    if not user.active or (token.expires_at is not None and as_utc(token.expires_at) <= moment):
        return None
    return user, token


def token_use_due(token: ApiToken, now: datetime) -> bool:
    """Return whether the token's last use is worth writing (at most once a minute)."""
    last = token.last_used_at
    return last is None or (now - as_utc(last)).total_seconds() > 60


def note_token_use(session: Session, token_id: int, now: datetime) -> None:
    """Write when a token was last used, in the caller's own short transaction."""
    session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))


def _audit(
    session: Session, actor: Actor, action: str, target: str, detail: str, org_id: int | None
) -> None:
    record(
        session,
        action=action,
        actor=actor.name,
        org_id=org_id if org_id is not None else actor.org_id,
        role=actor.role,
        target=target,
        detail=detail,
        ip=actor.ip,
    )


def logout_session(session: Session, sid: str | None, user_id: int | None, ip: str) -> None:
    """End a login session on the server and record the logout of its user."""
    if sid is not None:
        close_session(session, sid)
    user = session.get(User, user_id) if user_id is not None else None
    if user is not None:
        record(
            session,
            action="logout",
            actor=user.username,
            org_id=user.org_id,
            role=user.role,
            ip=ip,
        )
