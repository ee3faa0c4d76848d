"""Pages for logging in and out, changing the password, switching language, and the home page."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from gepmonitor.accounts.auth import LANG_COOKIE, client_ip, end_session, start_session
from gepmonitor.accounts.deps import CurrentUser, SessionDep, clock, no_token, render_page
from gepmonitor.accounts.models import User
from gepmonitor.accounts.pages import flash, request_lang, safe_next
from gepmonitor.accounts.roles import ROLE_LABELS
from gepmonitor.accounts.service import (
    authenticate,
    change_password,
    logout_session,
    password_usable,
)
from gepmonitor.accounts.sessions import open_session, session_id_token
from gepmonitor.accounts.shared import Blocks, page_blocks, send_page
from gepmonitor.accounts.web.sso import login_options, sso_logout_url
from gepmonitor.core.errors import InputError
from gepmonitor.core.i18n import N_

router = APIRouter()

FormText = Annotated[str, Form()]


@router.get("/login", include_in_schema=False)
async def login_page(request: Request, next: str = "/") -> Response:  # noqa: A002
    """Show the login form.

    Async: the form's blocks are kept per language, return address and what the form offers
    (_login_blocks), and the layout around them per address (accounts.shared.send_page).
    """
    options = login_options(request)
    blocks = _login_blocks(request_lang(request), safe_next(next), **options)
    return send_page(request, blocks)


@lru_cache(maxsize=128)  # the return address is the reader's own input: keep a few
def _login_blocks(
    lang: str, target: str, *, local_login: bool, sso_enabled: bool, local_asked: bool
) -> Blocks:
    return page_blocks(
        "accounts_login.html",
        lang,
        next=target,
        username="",
        local_login=local_login,
        sso_enabled=sso_enabled,
        local_asked=local_asked,
    )


@router.post("/login", include_in_schema=False)
def login_submit(
    request: Request,
    session: SessionDep,
    username: FormText = "",
    password: FormText = "",
    next: FormText = "/",  # noqa: A002
) -> Response:
    """Check the credentials; start a session or show why not."""
    target = safe_next(next)
    if not username.strip() or not password:
        return _login_error(request, target, username, N_("Enter your username and password."), 422)
    local = bool(request.app.state.settings.local_login)
    result = authenticate(session, username, password, client_ip(request), clock(request), local)
    if result.user is None:
        status = 429 if result.locked else 401
        return _login_error(request, target, username, result.error or "", status, result.params)
    secret = open_session(session, result.user.id, clock(request))
    start_session(request, result.user.id, result.user.password_hash, secret)
    if result.user.must_change_password:
        target = "/account/password"
    return RedirectResponse(target, status_code=303)


def _login_error(
    request: Request,
    target: str,
    username: str,
    key: str,
    status: int,
    params: dict[str, object] | None = None,
) -> Response:
    return render_page(
        request,
        "accounts_login.html",
        status_code=status,
        next=target,
        username=username[:80],
        error=key,
        error_params=params or {},
        **login_options(request),
    )


@router.post("/logout", include_in_schema=False)
def logout(request: Request, session: SessionDep) -> Response:
    """End the session, on the server too (a copied cookie stops working).

    After a single sign-on login the browser goes on to the provider's logout, which comes back
    to the login page.
    """
    sid, uid = request.session.get("sid"), request.session.get("uid")
    id_token = session_id_token(session, sid) if isinstance(sid, str) else None
    logout_session(
        session,
        sid if isinstance(sid, str) else None,
        uid if isinstance(uid, int) else None,
        client_ip(request),
    )
    end_session(request)
    return RedirectResponse(sso_logout_url(request, id_token) or "/login", status_code=303)


@router.get("/lang/{code}", include_in_schema=False)
async def switch_language(request: Request, code: Literal["nl", "en"], next: str = "/") -> Response:  # noqa: A002
    """Remember the chosen language in a cookie and go back (async: no thread hop)."""
    response = RedirectResponse(safe_next(next), status_code=303)
    settings = request.app.state.settings
    response.set_cookie(
        LANG_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=bool(settings.https),
    )
    return response


@router.get("/account/password", include_in_schema=False)
async def password_page(request: Request, user: CurrentUser) -> Response:
    """Show the password change form (not to accounts that log in only through single sign-on).

    Async: the form's blocks are kept per language and what they show of the account (whether
    the change is forced, when an administrator reset the password), the layout around them
    per reader (accounts.shared.send_page).
    """
    if not password_usable(user, bool(request.app.state.settings.local_login)):
        return _no_password_here(request, user)
    lang = request_lang(request)
    blocks = _password_blocks(lang, bool(user.must_change_password), user.password_reset_at)
    return send_page(request, blocks)


@lru_cache(maxsize=256)
def _password_blocks(lang: str, forced: bool, reset_at: datetime | None) -> Blocks:
    return page_blocks("accounts_password.html", lang, forced=forced, reset_at=reset_at)


@router.post("/account/password", include_in_schema=False, dependencies=[Depends(no_token)])
def password_submit(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    current: FormText = "",
    new: FormText = "",
    repeat: FormText = "",
) -> Response:
    """Change the user's own password."""
    if not password_usable(user, bool(request.app.state.settings.local_login)):
        return _no_password_here(request, user)
    try:
        change_password(session, user, current, new, repeat, client_ip(request))
    except InputError as error:
        return render_page(
            request,
            "accounts_password.html",
            status_code=422,
            forced=user.must_change_password,
            reset_at=user.password_reset_at,
            error=error.render(request_lang(request)),
        )
    start_session(request, user.id, user.password_hash, str(request.session.get("sid", "")))
    flash(request, "Your password has been changed.")
    return RedirectResponse("/", status_code=303)


@router.get("/account", include_in_schema=False)
async def account_page(request: Request, user: CurrentUser) -> Response:
    """Show the user's own account: name, role, links to password and API tokens.

    Async: the page's blocks are kept per language and what they show of the account (name,
    role, whether it has a password here, when an administrator reset it), all read with the
    user on this request, so a change shows at once; the layout per reader (send_page).
    """
    usable = password_usable(user, bool(request.app.state.settings.local_login))
    lang = request_lang(request)
    blocks = _account_blocks(lang, user.username, user.role, usable, user.password_reset_at)
    return send_page(request, blocks)


@lru_cache(maxsize=256)
def _account_blocks(
    lang: str, username: str, role: str, usable: bool, reset_at: datetime | None
) -> Blocks:
    return page_blocks(
        "accounts_account.html",
        lang,
        user={"username": username, "role": role},
        role_labels=ROLE_LABELS,
        password_usable=usable,
        reset_at=reset_at,
    )


def _no_password_here(request: Request, user: User) -> Response:
    """Answer 403 to a password page for an account that logs in through single sign-on."""
    blocks = _account_blocks(request_lang(request), user.username, user.role, False, None)
    return send_page(request, blocks, status_code=403)
