"""Administration pages: user accounts (add, change role, block, reset password)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from gepmonitor.accounts.deps import OrgDep, RecordId, SessionDep, actor_of, render_page, require
from gepmonitor.accounts.models import User
from gepmonitor.accounts.pages import flash, render_shared, request_lang, with_csrf
from gepmonitor.accounts.roles import ROLE_LABELS, Role
from gepmonitor.accounts.service import (
    create_user,
    list_users,
    reset_password,
    update_user,
    user_in_org,
)
from gepmonitor.accounts.shared import Blocks, cached_async, page_blocks, send_page
from gepmonitor.core.cache import cached
from gepmonitor.core.errors import GepError
from gepmonitor.core.i18n import N_
from gepmonitor.core.models import Organisation

router = APIRouter()

NAV = [
    ("manage_users", "/admin/users", N_("Users")),
]

Admin = Annotated[User, Depends(require("manage_users"))]
FormText = Annotated[str, Form()]


def _users_body(session: Session, org: Organisation, lang: str) -> Markup:
    """Return the table of accounts and the form, the same for every administrator."""
    return render_shared(
        "accounts_users_body.html",
        lang,
        users=list_users(session, org),
        roles=[role.value for role in Role],
        role_labels=ROLE_LABELS,
    )


def _body_key(lang: str) -> tuple[str, str]:
    # The table of accounts and the form are the same for every administrator until an account
    # changes (a login writes its time, which changes the data version too): rendered once per
    # data version and language, with each reader's CSRF token put in when sent. A request
    # that has just written (a new account) reads around the cache (core.cache).
    return ("page.accounts.users", lang)


def _users_page(request: Request, session: SessionDep, org: OrgDep, **context: object) -> Response:
    status = int(str(context.pop("status_code", 200)))
    lang = request_lang(request)
    body = cached(session, org, _body_key(lang), lambda: _users_body(session, org, lang))
    return render_page(
        request,
        "accounts_users.html",
        status_code=status,
        body=with_csrf(request, body),
        **context,
    )


@router.get("/admin/users", include_in_schema=False)
async def users_page(request: Request, user: Admin, session: SessionDep, org: OrgDep) -> Response:
    """List the organisation's accounts with forms to add and change them.

    Async: the page's blocks kept for the data version are sent without a thread hop (missing
    ones are rendered in a worker thread), in the layout kept for the reader (send_page).
    """
    lang = request_lang(request)

    def blocks() -> Blocks:
        return page_blocks("accounts_users.html", lang, body=_users_body(session, org, lang))

    key = ("blocks", *_body_key(lang))
    return send_page(request, await cached_async(session, org, key, blocks))


@router.post("/admin/users", include_in_schema=False)
def add_user(
    request: Request,
    user: Admin,
    session: SessionDep,
    org: OrgDep,
    username: FormText = "",
    role: FormText = "",
) -> Response:
    """Create an account with a temporary password that is shown once."""
    try:
        created, password = create_user(
            session,
            org,
            role,
            actor_of(request, user),
            username=username or None,
            must_change_password=True,
        )
    except GepError as error:
        session.rollback()
        message = error.render(request_lang(request))
        return _users_page(request, session, org, error=message, status_code=error.http_status)
    return _users_page(request, session, org, new_login=(created.username, password))


@router.post("/admin/users/{user_id}", include_in_schema=False)
def change_user(
    request: Request,
    user_id: RecordId,
    user: Admin,
    session: SessionDep,
    org: OrgDep,
    role: FormText = "",
    active: FormText = "",
) -> Response:
    """Change an account's role or whether it may log in."""
    target = user_in_org(session, org, user_id)
    try:
        update_user(session, target, role, active == "1", actor_of(request, user))
    except GepError as error:
        session.rollback()
        message = error.render(request_lang(request))
        return _users_page(request, session, org, error=message, status_code=error.http_status)
    flash(request, "User {username} saved.", username=target.username)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/reset", include_in_schema=False)
def reset_user(
    request: Request, user_id: RecordId, user: Admin, session: SessionDep, org: OrgDep
) -> Response:
    """Give an account a new temporary password (and lift any lock)."""
    target = user_in_org(session, org, user_id)
    password = reset_password(session, target, actor_of(request, user))
    return _users_page(request, session, org, new_login=(target.username, password))
