"""Personal API tokens (page and API) and the API's `me` endpoint."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from gepmonitor.accounts.deps import (
    CurrentUser,
    RecordId,
    SessionDep,
    SettingsDep,
    actor_of,
    no_token,
    render_page,
)
from gepmonitor.accounts.pages import flash, request_lang
from gepmonitor.accounts.service import create_token, list_tokens, revoke_token
from gepmonitor.accounts.shared import page_blocks, send_page
from gepmonitor.core.errors import GepError

router = APIRouter()


@router.get("/account/tokens", include_in_schema=False)
async def tokens_page(
    request: Request, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Response:
    """List the user's API tokens with a form to create one.

    Async: one indexed read of a few rows and a short page cost less than a thread hop. The
    tokens are read on every view (their last use changes no data version); the layout around
    them is kept per reader (accounts.shared.send_page).
    """
    blocks = page_blocks(
        "accounts_tokens.html",
        request_lang(request),
        tokens=list_tokens(session, user),
        token_days=settings.api_token_days,
    )
    return send_page(request, blocks)


@router.post("/account/tokens", include_in_schema=False, dependencies=[Depends(no_token)])
def tokens_create(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    name: Annotated[str, Form()] = "",
    scope: Annotated[str, Form()] = "read",
) -> Response:
    """Create a token and show its secret once."""
    try:
        _token, secret = create_token(
            session,
            user,
            name,
            actor_of(request, user),
            scope=scope,
            days=settings.api_token_days,
        )
    except GepError as error:
        return render_page(
            request,
            "accounts_tokens.html",
            status_code=error.http_status,
            tokens=list_tokens(session, user),
            token_days=settings.api_token_days,
            error=error.render(request_lang(request)),
        )
    return render_page(
        request,
        "accounts_tokens.html",
        tokens=list_tokens(session, user),
        token_days=settings.api_token_days,
        new_token=secret,
    )


@router.post("/account/tokens/{token_id}/delete", include_in_schema=False)
def tokens_delete(
    request: Request, token_id: RecordId, user: CurrentUser, session: SessionDep
) -> Response:
    """Revoke one of the user's tokens."""
    revoke_token(session, user, token_id, actor_of(request, user))
    flash(request, "The token has been revoked.")
    return RedirectResponse("/account/tokens", status_code=303)
