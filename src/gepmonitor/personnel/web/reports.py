"""Report pages: generate and download the yearly GEP monitor as PDF, HTML or XLSX."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from gepmonitor.accounts.deps import (
    LangDep,
    OrgDep,
    RequiredYear,
    SessionDep,
    SettingsDep,
    check_exact,
    render_page,
    require,
)
from gepmonitor.accounts.models import User
from gepmonitor.accounts.roles import Permission, has_permission
from gepmonitor.core.audit import record
from gepmonitor.core.errors import InputError
from gepmonitor.core.i18n import LANGUAGES, N_
from gepmonitor.core.rendering import ReportFormat, parse_format
from gepmonitor.personnel import service
from gepmonitor.personnel.report import build_monitor_report

router = APIRouter()

NAV = [(Permission.GENERATE_REPORTS, "/reports", N_("Reports"))]

Reporter = Annotated[User, Depends(require(Permission.GENERATE_REPORTS))]
FORMATS = (ReportFormat.PDF, ReportFormat.HTML, ReportFormat.XLSX)
MEDIA = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.get("/reports", include_in_schema=False)
def reports_page(request: Request, user: Reporter, session: SessionDep, org: OrgDep) -> Response:
    """Show the form that generates the yearly monitor."""
    years = sorted({s.peildatum.year for s in service.list_snapshots(session, org)}, reverse=True)
    return render_page(
        request,
        "personnel_reports.html",
        years=years,
        formats=[f.value for f in FORMATS],
        may_exact=has_permission(user.role, Permission.SEE_SMALL_CELLS),
    )


@router.get("/reports/monitor", include_in_schema=False)
def monitor_download(
    request: Request,
    user: Reporter,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    lang: LangDep,
    year: RequiredYear,
    format: str = "pdf",  # noqa: A002
    report_lang: str = "",
    exact: bool = False,
) -> Response:
    """Generate the yearly monitor and send it as a download (recorded in the audit log)."""
    fmt = parse_format(format, FORMATS)
    exact = check_exact(user, exact)
    chosen = report_lang or lang
    if chosen not in LANGUAGES:
        raise InputError("Unknown language '{value}': choose nl or en.", value=report_lang)
    content = build_monitor_report(
        session, org, year, chosen, fmt, min_cell=settings.min_cell, exact=exact
    )
    record(
        session,
        action="export",
        actor=user.username,
        org_id=org.id,
        target=f"monitor-{year}.{fmt.value}",
        detail=f"lang={chosen}" + ("; exact counts" if exact else ""),
    )
    name = f"gep-monitor-{org.slug}-{year}-{chosen}.{fmt.value}"
    disposition = "inline" if fmt == ReportFormat.HTML else "attachment"
    return Response(
        content,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'{disposition}; filename="{name}"'},
    )
