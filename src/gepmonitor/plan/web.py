"""Web pages and API of the plan module: the register, signal links and the GEP self-check."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from gepmonitor.core.errors import GepError, InputError
from gepmonitor.core.roles import Permission
from gepmonitor.plan import service
from gepmonitor.plan.report import build_plan_report, measure_rows, selfcheck_html
from gepmonitor.plan.selfcheck.checker import check_document, results_to_dict
from gepmonitor.plan.selfcheck.data import data_evidence
from gepmonitor.recruitment.textcheck.readers import read_document
from gepmonitor.reports.render import ReportFormat, parse_format
from gepmonitor.web.deps import OrgDep, SessionDep, YearQuery, render_page, require
from gepmonitor.web.downloads import file_response
from gepmonitor.web.models import User
from gepmonitor.web.pages import flash, request_lang

router = APIRouter()
api_router = APIRouter(tags=["plan"])
NAV = [
    (Permission.VIEW_PLAN, "/plan", "nav.plan"),
    (Permission.VIEW_PLAN, "/plan/check", "nav.plan_check"),
]
Viewer = Annotated[User, Depends(require(Permission.VIEW_PLAN))]
Manager = Annotated[User, Depends(require(Permission.MANAGE_PLAN))]
MAX_UPLOAD = 20 * 1024 * 1024


@router.get("/plan", include_in_schema=False)
def plan_page(
    request: Request, user: Viewer, session: SessionDep, org: OrgDep, year: YearQuery = None
) -> Response:
    """Show goals, measures with KPIs and the reach of organisation-wide meetings."""
    chosen = year or date.today().year
    lang = request_lang(request)
    goals = service.list_goals(session, org)
    return render_page(
        request,
        "plan_page.html",
        year=chosen,
        goals=goals,
        rows=measure_rows(session, org, chosen, lang),
        reach=service.reach(session, org, chosen),
        measures=service.list_measures(session, org),
        can_manage=user.role == "hr",
    )


@router.post("/plan/measure", include_in_schema=False)
def plan_measure(
    request: Request,
    user: Manager,
    session: SessionDep,
    org: OrgDep,
    goal: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    owner: Annotated[str, Form()] = "",
    start: Annotated[str, Form()] = "",
    end: Annotated[str, Form()] = "",
    kpi: Annotated[str, Form()] = "",
    target: Annotated[str, Form()] = "",
) -> Response:
    """Add a measure."""
    try:
        if not (start.isdigit() and end.isdigit()):
            raise InputError("recruitment.bad_number")
        value = float(target.replace(",", ".")) if target.strip() else None
        service.ensure_default_goals(session, org)
        service.add_measure(
            session,
            org,
            goal,
            title,
            start_year=int(start),
            end_year=int(end),
            actor=user.username,
            owner=owner,
            kpi=kpi,
            kpi_target=value,
        )
    except (GepError, ValueError) as error:
        session.rollback()
        message = error.render(request_lang(request)) if isinstance(error, GepError) else str(error)
        flash(request, "safety.register_error", message=message)
        return RedirectResponse("/plan", status_code=303)
    flash(request, "safety.saved")
    return RedirectResponse("/plan", status_code=303)


@router.post("/plan/link", include_in_schema=False)
def plan_link(
    request: Request,
    user: Manager,
    session: SessionDep,
    org: OrgDep,
    signal: Annotated[str, Form()] = "",
    measure: Annotated[str, Form()] = "",
) -> Response:
    """Link a survey signal to a measure."""
    try:
        if not measure.isdigit() or not signal.strip():
            raise InputError("plan.link_required")
        service.link_signal(session, org, signal.strip(), int(measure), user.username)
    except GepError as error:
        session.rollback()
        flash(request, "safety.register_error", message=error.render(request_lang(request)))
        return RedirectResponse("/survey", status_code=303)
    flash(request, "safety.saved")
    return RedirectResponse("/survey", status_code=303)


@router.get("/plan/report", include_in_schema=False)
def plan_report(
    request: Request,
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    year: YearQuery = None,
    format: str = "pdf",
) -> Response:  # noqa: A002
    """Download the plan report."""
    fmt = parse_format(format, (ReportFormat.PDF, ReportFormat.HTML, ReportFormat.XLSX))
    data = build_plan_report(session, org, year or date.today().year, request_lang(request), fmt)
    return file_response(data, f"plan-{org.slug}.{fmt.value}")


@router.get("/plan/check", include_in_schema=False)
def check_page(request: Request, user: Viewer) -> Response:
    """Show the self-check upload form."""
    return render_page(request, "plan_check.html")


@router.post("/plan/check", include_in_schema=False)
async def check_submit(
    request: Request,
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    file: Annotated[UploadFile | None, File()] = None,
    output: Annotated[str, Form()] = "html",
) -> Response:
    """Check an uploaded GEP document and show (or download as PDF) the verdicts."""
    lang = request_lang(request)
    try:
        if file is None or not file.filename:
            raise InputError("plan.file_required")
        data = await file.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise InputError("recruitment.file_too_large")
        text = read_document(data, file.filename)
    except GepError as error:
        return render_page(
            request, "plan_check.html", status_code=error.http_status, error=error.render(lang)
        )
    results = check_document(text, data_evidence(session, org, lang))
    if output == "pdf":
        from gepmonitor.reports.render import html_to_pdf

        pdf = html_to_pdf(selfcheck_html(results, file.filename, lang))
        return file_response(pdf, "gep-selfcheck.pdf")
    return render_page(request, "plan_check.html", results=results, document=file.filename)


class CheckIn(BaseModel):
    """A GEP document's text to check."""

    text: str = Field(min_length=1, max_length=2_000_000)


@api_router.get("/plan/measures")
def api_measures(
    user: Viewer, session: SessionDep, org: OrgDep, year: YearQuery = None
) -> list[dict[str, Any]]:
    """List the measures with their KPI values."""
    keys = ("goal", "measure", "owner", "period", "status", "kpi", "target", "measured")
    rows = measure_rows(session, org, year or date.today().year, "en")
    return [dict(zip(keys, row, strict=True)) for row in rows]


@api_router.post("/plan/check")
def api_check(
    body: CheckIn, request: Request, user: Viewer, session: SessionDep, org: OrgDep
) -> list[dict[str, Any]]:
    """Check a GEP text against the Horizon Europe requirements."""
    lang = request_lang(request)
    return results_to_dict(check_document(body.text, data_evidence(session, org, lang)), lang)


from gepmonitor.core.i18n import register as _register  # noqa: E402

_register(
    {
        "nav.plan": ("Plan", "Plan"),
        "nav.plan_check": ("GEP-zelftoets", "GEP self-check"),
        "plan.link_required": (
            "Kies een signaal en een maatregel.",
            "Choose a signal and a measure.",
        ),
        "plan.file_required": (
            "Kies het GEP-document (.pdf, .docx, .html of .txt).",
            "Choose the GEP document (.pdf, .docx, .html or .txt).",
        ),
        "plan.add_measure": ("Maatregel toevoegen", "Add a measure"),
        "plan.check_button": ("Toets", "Check"),
        "plan.check_pdf": ("als PDF", "as PDF"),
        "plan.link_title": ("Signaal koppelen", "Link a signal"),
        "plan.signal_key": ("Signaal (sleutel)", "Signal (key)"),
    }
)
