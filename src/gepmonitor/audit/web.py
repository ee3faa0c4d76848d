"""Audit log pages: view and filter the log, export it as CSV (administrators)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from gepmonitor.accounts.auth import client_ip
from gepmonitor.accounts.deps import OrgDep, SessionDep, SettingsDep, render_page, require
from gepmonitor.accounts.models import User
from gepmonitor.accounts.roles import Permission
from gepmonitor.audit import service as audit_view
from gepmonitor.audit.labels import action_label, target_label
from gepmonitor.core.audit import record
from gepmonitor.core.i18n import N_

router = APIRouter()

NAV = [(Permission.VIEW_AUDIT, "/admin/audit", N_("Audit log"))]

Auditor = Annotated[User, Depends(require(Permission.VIEW_AUDIT))]


def _audit_filter(
    action: str, actor: str, since: str, until: str, limit: int
) -> audit_view.AuditFilter:
    return audit_view.AuditFilter(
        action=action.strip(),
        actor=actor.strip().lower(),
        since=audit_view.parse_day(since, N_("Invalid date '{value}' for 'From': use YYYY-MM-DD.")),
        until=audit_view.parse_day(
            until, N_("Invalid date '{value}' for 'Up to and including': use YYYY-MM-DD.")
        ),
        limit=limit,
    )


@router.get("/admin/audit", include_in_schema=False)
def audit_page(
    request: Request,
    user: Auditor,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
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
        "audit_log.html",
        rows=rows,
        wanted=wanted,
        since=since,
        until=until,
        actions=audit_view.actions(session, org.id),
        activity=audit_view.counsellor_activity(session, org.id, settings.min_cell),
        action_label=action_label,
        target_label=target_label,
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
