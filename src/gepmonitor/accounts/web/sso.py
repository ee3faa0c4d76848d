"""Single sign-on pages: go to the organisation's login service, and come back from it."""

from __future__ import annotations

import time

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from gepmonitor.accounts.auth import client_ip, start_session
from gepmonitor.accounts.deps import SessionDep, clock, render_page
from gepmonitor.accounts.oidc import OidcClient, Pending, SsoError
from gepmonitor.accounts.pages import request_lang, safe_next
from gepmonitor.accounts.sessions import open_session
from gepmonitor.core.errors import NotFoundError
from gepmonitor.core.orgs import get_org

router = APIRouter()
PENDING_KEY = "oidc"


def _client(request: Request) -> OidcClient:
    settings = request.app.state.settings
    if not settings.sso_enabled():
        raise NotFoundError("Single sign-on is not configured.")
    return OidcClient(settings)


def _callback_url(request: Request) -> str:
    return str(request.url_for("sso_callback"))


@router.get("/login/sso", include_in_schema=False)
async def sso_start(request: Request, next: str = "/") -> Response:  # noqa: A002
    """Send the browser to the organisation's login service."""
    client = _client(request)
    try:
        url, pending = await run_in_threadpool(
            client.start, _callback_url(request), safe_next(next), time.time()
        )
    except SsoError as error:
        return _sso_error(request, error)
    request.session[PENDING_KEY] = pending.to_session()
    return RedirectResponse(url, status_code=303)


@router.get("/login/sso/callback", name="sso_callback", include_in_schema=False)
def sso_callback(request: Request, session: SessionDep) -> Response:
    """Check what the login service sent back; log the user in or say why not."""
    client = _client(request)
    pending = Pending.from_session(request.session.pop(PENDING_KEY, None))
    settings = request.app.state.settings
    try:
        identity = client.finish(
            dict(request.query_params), pending, _callback_url(request), time.time()
        )
        from gepmonitor.accounts.sso import sso_account

        org = get_org(session, settings.default_org)
        user = sso_account(session, org, identity, settings, clock(request))
    except SsoError as error:
        from gepmonitor.core.audit import record

        record(
            session,
            action="sso_failed",
            actor="-",
            ip=client_ip(request),
            detail=error.render("en")[:500],
        )
        return _sso_error(request, error)
    secret = open_session(session, user.id, clock(request), identity.id_token)
    start_session(request, user.id, user.password_hash, secret)
    return RedirectResponse(pending.next if pending else "/", status_code=303)


def login_options(request: Request) -> dict[str, bool]:
    """Return what the login form offers: password login, single sign-on, emergency access."""
    settings = request.app.state.settings
    return {
        "local_login": bool(settings.local_login),
        "sso_enabled": bool(settings.sso_enabled()),
        "local_asked": request.query_params.get("local") == "1",
    }


def _sso_error(request: Request, error: SsoError) -> Response:
    return render_page(
        request,
        "accounts_login.html",
        status_code=error.http_status,
        next="/",
        username="",
        error=error.render(request_lang(request)),
        error_params={},
        **login_options(request),
    )


def sso_logout_url(request: Request, id_token: str | None) -> str | None:
    """Return where logging out goes at the provider (RP-initiated logout), or None."""
    settings = request.app.state.settings
    if not settings.sso_enabled() or not id_token:
        return None
    try:
        return OidcClient(settings).logout_url(id_token, str(request.url_for("login_page")))
    except SsoError:
        return None
