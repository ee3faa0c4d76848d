"""Administration pages: user accounts and the audit log (view, filter, CSV export)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from gepmonitor.core.audit import record
from gepmonitor.core.errors import GepError
from gepmonitor.core.roles import Permission, Role
from gepmonitor.web import audit_view
from gepmonitor.web.auth import client_ip
from gepmonitor.web.deps import OrgDep, RecordId, SessionDep, render_page, require
from gepmonitor.web.models import User
from gepmonitor.web.pages import flash, request_lang
from gepmonitor.web.users import (
    Actor,
    create_user,
    list_users,
    reset_password,
    update_user,
    user_in_org,
)

router = APIRouter()

NAV = [
    (Permission.MANAGE_USERS, "/admin/users", "nav.users"),
    (Permission.VIEW_AUDIT, "/admin/audit", "nav.audit"),
]

Admin = Annotated[User, Depends(require(Permission.MANAGE_USERS))]
Auditor = Annotated[User, Depends(require(Permission.VIEW_AUDIT))]
FormText = Annotated[str, Form()]


def actor_of(request: Request, user: User) -> Actor:
    """Return the audit actor for a logged-in user's request."""
    return Actor(user.username, user.role, client_ip(request), user.org_id)


def _users_page(request: Request, session: SessionDep, org: OrgDep, **context: object) -> Response:
    status = int(str(context.pop("status_code", 200)))
    return render_page(
        request,
        "web_users.html",
        status_code=status,
        users=list_users(session, org),
        roles=[role.value for role in Role],
        **context,
    )


@router.get("/admin/users", include_in_schema=False)
def users_page(request: Request, user: Admin, session: SessionDep, org: OrgDep) -> Response:
    """List the organisation's accounts with forms to add and change them."""
    return _users_page(request, session, org)


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
    flash(request, "user.saved", username=target.username)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/reset", include_in_schema=False)
def reset_user(
    request: Request, user_id: RecordId, user: Admin, session: SessionDep, org: OrgDep
) -> Response:
    """Give an account a new temporary password (and lift any lock)."""
    target = user_in_org(session, org, user_id)
    password = reset_password(session, target, actor_of(request, user))
    return _users_page(request, session, org, new_login=(target.username, password))


def _audit_filter(
    action: str, actor: str, since: str, until: str, limit: int
) -> audit_view.AuditFilter:
    return audit_view.AuditFilter(
        action=action.strip(),
        actor=actor.strip().lower(),
        since=audit_view.parse_day(since, "audit.bad_since"),
        until=audit_view.parse_day(until, "audit.bad_until"),
        limit=limit,
    )


@router.get("/admin/audit", include_in_schema=False)
def audit_page(
    request: Request,
    user: Auditor,
    session: SessionDep,
    org: OrgDep,
    action: str = "",
    actor: str = "",
    since: str = "",
    until: str = "",
    limit: int = 200,
) -> Response:
    """Show the audit log, newest first, filtered by action, actor and dates."""
    wanted = _audit_filter(action, actor, since, until, limit)
    rows = audit_view.search(session, org.id, wanted)
    record(
        session,
        action="view",
        actor=user.username,
        org_id=org.id,
        target="audit",
        detail=request.url.query,
        ip=client_ip(request),
    )
    return render_page(
        request,
        "web_audit.html",
        rows=rows,
        wanted=wanted,
        since=since,
        until=until,
        actions=audit_view.actions(session, org.id),
        query=request.url.query,
    )


@router.get("/admin/audit.csv", include_in_schema=False)
def audit_export(
    request: Request,
    user: Auditor,
    session: SessionDep,
    org: OrgDep,
    action: str = "",
    actor: str = "",
    since: str = "",
    until: str = "",
    limit: int = audit_view.MAX_ROWS,
) -> Response:
    """Download the filtered audit log as CSV (the export itself is audited)."""
    wanted = _audit_filter(action, actor, since, until, limit)
    rows = audit_view.search(session, org.id, wanted)
    record(
        session,
        action="export",
        actor=user.username,
        org_id=org.id,
        role=user.role,
        target="audit.csv",
        detail=f"{len(rows)} rows; {request.url.query}",
        ip=client_ip(request),
    )
    return Response(
        audit_view.to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{audit_view.export_name()}"'},
    )
