"""The web contract: FastAPI dependencies every module's routes use.

``SettingsDep``, ``SessionDep`` (commits when the handler returns, rolls back on error),
``CurrentUser`` (session cookie or ``Authorization: Bearer`` API token), ``require(permission)``,
``OrgDep``, ``LangDep``, ``render_page``, and the bounded parameter types ``RecordId`` (integer
path ids) and ``YearQuery`` / ``RequiredYear`` (years in the query string), so that no number a
user types can overflow a date or a database integer.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from gepmonitor.accounts.auth import client_ip, password_fingerprint
from gepmonitor.accounts.models import User
from gepmonitor.accounts.pages import render_page, request_lang
from gepmonitor.accounts.roles import check_permission, has_permission
from gepmonitor.accounts.service import Actor, note_token_use, token_use_due, user_for_token
from gepmonitor.accounts.sessions import session_user
from gepmonitor.core.audit import record
from gepmonitor.core.config import Settings
from gepmonitor.core.db import commit_may_wait, reads_on_their_own, transaction
from gepmonitor.core.errors import NotFoundError, PermissionDeniedError
from gepmonitor.core.models import Organisation

__all__ = [
    "CurrentUser",
    "LangDep",
    "OrgDep",
    "RecordId",
    "RequiredYear",
    "SessionDep",
    "SettingsDep",
    "YearQuery",
    "clock",
    "is_api",
    "render_page",
    "require",
]

# Ids are INTEGER columns (32 bits on PostgreSQL); years are those a plan or snapshot can have.
MAX_RECORD_ID = 2**31 - 1
MIN_YEAR = 1900
MAX_YEAR = 2100

RecordId = Annotated[int, PathParam(ge=1, le=MAX_RECORD_ID, description="Record id")]
YearQuery = Annotated[int | None, Query(ge=MIN_YEAR, le=MAX_YEAR, description="Year (YYYY)")]
RequiredYear = Annotated[int, Query(ge=MIN_YEAR, le=MAX_YEAR, description="Year (YYYY)")]

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
log = logging.getLogger("gepmonitor.web")

# Pages a user who must change the password may still open.
PASSWORD_CHANGE_PATHS = ("/account/password", "/logout", "/lang")


class LoginRequiredError(Exception):
    """No valid session or token: redirect to /login (pages) or answer 401 (API)."""


@dataclass(frozen=True)
class UserView:
    """What the page layout shows of the logged-in user."""

    id: int
    username: str
    role: str
    org_id: int


class PasswordChangeRequiredError(Exception):
    """The user must choose a new password before using the pages."""


def is_api(request: Request) -> bool:
    """Return whether the request is for the JSON API."""
    return request.url.path.startswith("/api/")


async def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def _finish(session: Session, ok: bool) -> None:
    """Commit (or roll back) and close the request's session, in one worker-thread hop."""
    try:
        if ok:
            session.commit()
        else:
            session.rollback()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


async def _session(request: Request) -> AsyncIterator[Session]:
    # Async so that opening costs no thread hop. A commit that writes runs in the threadpool;
    # ending a read-only transaction is quick, and a thread hop would cost more than it does.
    session = request.app.state.session_factory()
    session.info["audit_ip"] = client_ip(request)
    session.info["request_id"] = getattr(request.state, "request_id", "")
    try:
        yield session
    except BaseException:
        await _finish_session(session, False)
        raise
    await _finish_session(session, True)


async def _finish_session(session: Session, ok: bool) -> None:
    if commit_may_wait(session):
        await run_in_threadpool(_finish, session, ok)
    else:
        _finish(session, ok)


SettingsDep = Annotated[Settings, Depends(_settings)]
# Function scope: the commit happens before the response is sent, so a failure is reported.
SessionDep = Annotated[Session, Depends(_session, scope="function")]


def clock(request: Request) -> datetime:
    """Return the app's current time (tests replace app.state.clock to control it)."""
    return request.app.state.clock()  # type: ignore[no-any-return]


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


def _user_from_request(request: Request, session: Session) -> User | None:
    with reads_on_their_own(session):  # one round trip for a page kept in the cache
        return _lookup_user(request, session)


def _lookup_user(request: Request, session: Session) -> User | None:
    token = _bearer(request)
    if token is not None:  # a bearer token never falls back to the cookie
        found = user_for_token(session, token, clock(request))
        if found is None:
            return None
        user, api_token = found
        request.state.token = TokenUse(api_token.id, api_token.scope)
        if token_use_due(api_token, clock(request)):
            _note_use(request, api_token.id)
        return user
    uid, sid = request.session.get("uid"), request.session.get("sid")
    if not isinstance(uid, int) or not isinstance(sid, str):
        return None
    person = session_user(session, sid, uid, clock(request))
    if person is None or not person.active:
        return None
    if request.session.get("pwv") != password_fingerprint(person.password_hash):
        return None
    return person


def _note_use(request: Request, token_id: int) -> None:
    """Write the token's last use in a transaction of its own; a read-only database skips it."""
    try:
        with transaction(request.app.state.session_factory) as own:
            note_token_use(own, token_id, clock(request))
    except SQLAlchemyError as error:  # a read-only or full database must not stop a read
        log.warning("token use not recorded: %s", type(error).__name__)


@dataclass(frozen=True)
class TokenUse:
    """The API token a request came with: its id and scope."""

    id: int
    scope: str


def via_token(request: Request) -> TokenUse | None:
    """Return the API token of the request, or None for a browser session."""
    return getattr(request.state, "token", None)


async def current_user(request: Request, session: SessionDep) -> User:
    """Return the logged-in user, or stop the request (redirect to /login, 401 or 403).

    Async, so the one indexed lookup of the session (or token) and its user runs in place: a
    thread hop for it cost more CPU than the query itself.

    A user who must change the password can do nothing else: pages other than the password
    form redirect to it, and the API (with a session cookie or a token) answers 403. A token
    with the 'read' scope may only read (GET and HEAD).
    """
    user = _user_from_request(request, session)
    if user is None:
        raise LoginRequiredError()
    session.info["audit_role"] = user.role
    request.state.org = user.org
    # The layout gets a plain copy: error pages render after the session has closed.
    request.state.user = UserView(user.id, user.username, user.role, user.org_id)
    token = via_token(request)
    if user.must_change_password:
        if token is not None or is_api(request):
            raise PermissionDeniedError(
                "Change your password first (on the account page); until then this account "
                "can do nothing else."
            )
        if not request.url.path.startswith(PASSWORD_CHANGE_PATHS):
            raise PasswordChangeRequiredError()
    if token is not None and token.scope != "write" and request.method not in SAFE_METHODS:
        raise PermissionDeniedError(
            "This API token may only read; create a token with the scope 'write' to make changes."
        )
    return user


CurrentUser = Annotated[User, Depends(current_user)]


async def no_token(request: Request, _user: CurrentUser) -> None:
    """Refuse (403) a request made with an API token: for what only a person may do."""
    # It depends on the user so that FastAPI runs it after current_user has read the token
    # (route dependencies run before the endpoint's own parameters).
    if via_token(request) is not None:
        raise PermissionDeniedError(
            "This cannot be done with an API token; log in with your password to do it."
        )


class PermissionCheck:
    """A dependency that lets the request through only when the role holds a permission."""

    def __init__(self, permission: str) -> None:
        self.permission = check_permission(permission)  # an unknown name raises here

    async def __call__(self, user: CurrentUser) -> User:
        """Return the user, or raise PermissionDeniedError (403)."""
        if not has_permission(user.role, self.permission):
            raise PermissionDeniedError("Your role has no access to this page or data.")
        return user

    def __repr__(self) -> str:
        return f"require({self.permission})"


def require(permission: str) -> Callable[..., Awaitable[User]]:
    """Return a dependency that answers 403 unless the user's role holds the permission.

    The name is one a capability declares (`<name>/permissions.py`); an unknown name raises
    UnknownPermissionError when the route module is imported.
    """
    return PermissionCheck(permission)


async def current_org(request: Request, user: CurrentUser) -> Organisation:
    """Return the organisation the user works in (loaded with the user)."""
    org = getattr(request.state, "org", None)
    if org is None:
        raise NotFoundError(
            "Unknown organisation '{slug}'. Known: {known}.", slug=str(user.org_id), known="-"
        )
    return org  # type: ignore[no-any-return]


async def current_lang(request: Request) -> str:
    """Return 'nl' or 'en': the remembered switch, else the instance default."""
    return request_lang(request)


OrgDep = Annotated[Organisation, Depends(current_org)]
LangDep = Annotated[str, Depends(current_lang)]


def actor_of(request: Request, user: User) -> Actor:
    """Return the audit actor of a logged-in user's request."""
    return Actor(user.username, user.role, client_ip(request), user.org_id)


def check_exact(user: User, exact: bool) -> bool:
    """Return exact, refusing it (403) for roles that may not see small numbers."""
    if exact and not has_permission(user.role, "see_small_cells"):
        raise PermissionDeniedError("Your role may not see exact small numbers.")
    return exact


def record_exact_view(
    session: Session, user: User, org: Organisation, target: str, what: str
) -> None:
    """Record in the audit log that the user saw exact small numbers (page, chart or API)."""
    record(
        session,
        action="view",
        actor=user.username,
        org_id=org.id,
        target=target,
        detail=f"exact counts, {what}",
    )
