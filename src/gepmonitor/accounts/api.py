"""JSON API of the account: who am I, and the user's own API tokens."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from gepmonitor.accounts.auth import as_utc
from gepmonitor.accounts.deps import (
    CurrentUser,
    OrgDep,
    RecordId,
    SessionDep,
    SettingsDep,
    actor_of,
    no_token,
)
from gepmonitor.accounts.roles import ROLE_PERMISSIONS, Role
from gepmonitor.accounts.service import create_token, revoke_token
from gepmonitor.accounts.shared import json_bytes, json_response
from gepmonitor.accounts.tokenlist import token_list, utc_moment

api_router = APIRouter(tags=["account"])


class MeOut(BaseModel):
    """The logged-in user as the API sees it."""

    username: str
    role: str
    organisation: str
    permissions: list[str]


class TokenIn(BaseModel):
    """A request to create a personal API token."""

    name: str = Field(min_length=1, max_length=80, description="A label, e.g. 'HR system'.")
    scope: Literal["read", "write"] = Field(
        default="read", description="read: GET only; write: also changes."
    )


class TokenOut(BaseModel):
    """A personal API token (without its secret)."""

    id: int
    name: str
    scope: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None


class NewTokenOut(TokenOut):
    """A token just created: the secret is returned this once only."""

    token: str


@api_router.get("/me", response_model=MeOut)
async def api_me(user: CurrentUser, org: OrgDep) -> Response:
    """Return who you are, your organisation and what your role may do.

    Async, and the answer's JSON kept per name, role and organisation (all read with the user
    on this request, so a change shows at once).
    """
    return json_response(_me_json(user.username, user.role, org.slug))


@lru_cache(maxsize=256)
def _me_json(username: str, role: str, organisation: str) -> bytes:
    permissions = sorted(ROLE_PERMISSIONS[Role(role)])
    me = MeOut(username=username, role=role, organisation=organisation, permissions=permissions)
    return json_bytes(MeOut, me)


@api_router.get("/tokens", response_model=list[TokenOut])
async def api_tokens(user: CurrentUser, session: SessionDep) -> Response:
    """List your personal API tokens.

    Async: one indexed read of a few rows, run on the driver (accounts.tokenlist), costs less
    than a thread hop. Read on every request, never kept: a token's last use changes no data
    version (core.versions.UNVERSIONED).
    """
    return json_response(json_bytes(list[TokenOut], token_list(session, user.id)))


@api_router.post(
    "/tokens", response_model=NewTokenOut, status_code=201, dependencies=[Depends(no_token)]
)
def api_token_create(
    request: Request, body: TokenIn, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> NewTokenOut:
    """Create a personal API token; the secret is in the answer and never shown again.

    Only a logged-in person can: a request made with an API token is refused (403), so a
    stolen token cannot make more.
    """
    token, secret = create_token(
        session,
        user,
        body.name,
        actor_of(request, user),
        scope=body.scope,
        days=settings.api_token_days,
    )
    return NewTokenOut(
        id=token.id,
        name=token.name,
        scope=token.scope,
        created_at=as_utc(token.created_at),
        expires_at=utc_moment(token.expires_at),
        last_used_at=None,
        token=secret,
    )


@api_router.delete("/tokens/{token_id}", status_code=204)
def api_token_delete(
    request: Request, token_id: RecordId, user: CurrentUser, session: SessionDep
) -> Response:
    """Revoke one of your tokens."""
    revoke_token(session, user, token_id, actor_of(request, user))
    return Response(status_code=204)
