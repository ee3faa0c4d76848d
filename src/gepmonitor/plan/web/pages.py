"""Web pages and API of the plan module: the register, signal links and the GEP self-check."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response

from gepmonitor.accounts.deps import (
    OrgDep,
    SessionDep,
    SettingsDep,
    YearQuery,
    render_page,
    require,
)
from gepmonitor.accounts.downloads import export_response, file_response
from gepmonitor.accounts.models import User
from gepmonitor.accounts.pages import request_lang
from gepmonitor.accounts.roles import has_permission
from gepmonitor.accounts.shared import Blocks, cached_async, page_blocks, send_page, static_blocks
from gepmonitor.core.errors import GepError, InputError
from gepmonitor.core.i18n import N_
from gepmonitor.core.rendering import REPORT_FORMATS, parse_format
from gepmonitor.plan import service
from gepmonitor.plan.kpis import measure_views
from gepmonitor.plan.report import (
    build_plan_report,
    event_head,
    event_rows,
    measure_head,
    measure_rows,
    reach_text,
    selfcheck_html,
)
from gepmonitor.plan.selfcheck.checker import check_document
from gepmonitor.plan.selfcheck.data import data_evidence
from gepmonitor.plan.web.forms import router as forms_router
from gepmonitor.recruitment.textcheck.readers import read_document

router = APIRouter()
router.include_router(forms_router)
NAV = [
    ("view_plan", "/plan", N_("Plan")),
    ("view_plan", "/plan/check", N_("GEP self-check")),
]
Viewer = Annotated[User, Depends(require("view_plan"))]
Reporter = Annotated[User, Depends(require("generate_reports"))]
MAX_UPLOAD = 20 * 1024 * 1024


@router.get("/plan", include_in_schema=False)
async def plan_page(
    request: Request,
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    year: YearQuery = None,
) -> Response:
    """Show goals, measures with KPIs and evidence, events and the reach of meetings."""
    lang = request_lang(request)
    can_manage = user.role == "hr"
    can_report = has_permission(user.role, "generate_reports")

    def page() -> Blocks:
        years, default = service.plan_years(session, org)
        chosen = year or default
        return page_blocks(
            "plan_page.html",
            lang,
            year=chosen,
            years=years if chosen in years else sorted([*years, chosen], reverse=True),
            goals=service.list_goals(session, org),
            head=measure_head(lang),
            rows=measure_rows(measure_views(session, org, chosen, settings.min_cell), lang),
            event_head=event_head(lang),
            events=event_rows(service.list_events(session, org, chosen), lang),
            all_events=service.list_events(session, org),
            reach_sentence=reach_text(service.reach(session, org, chosen), lang),
            can_report=can_report,
            measures=service.list_measures(session, org),
            statuses=service.STATUSES,
            status_labels=service.STATUS_LABELS,
            kinds=service.KPI_KINDS,
            kind_labels=service.KPI_KIND_LABELS,
            computed_kinds=service.COMPUTED_KPI_KINDS,
            unlinked=(
                service.unlinked_choices(session, org, settings.survey_min_group, lang)
                if can_manage
                else []
            ),
            can_manage=can_manage,
        )

    # Rendered once per data version, day (the year it opens on), language and role's rights.
    key = ("page.plan", year, lang, settings.min_cell, settings.survey_min_group, date.today())
    blocks = await cached_async(session, org, (*key, can_manage, can_report), page)
    return send_page(request, blocks)


@router.get("/plan/report", include_in_schema=False)
def plan_report(
    request: Request,
    user: Reporter,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    year: YearQuery = None,
    format: str = "pdf",
) -> Response:  # noqa: A002
    """Download the plan report."""
    fmt = parse_format(format, REPORT_FORMATS)
    chosen = year or service.plan_years(session, org)[1]
    data = build_plan_report(session, org, chosen, request_lang(request), fmt, settings.min_cell)
    return export_response(session, user, org, data, f"plan-{org.slug}.{fmt.value}")


@router.get("/plan/check", include_in_schema=False)
async def check_page(request: Request, user: Viewer) -> Response:
    """Show the self-check upload form."""
    return send_page(request, static_blocks("plan_check.html", request_lang(request)))


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
            raise InputError("Choose the GEP document (.pdf, .docx, .html or .txt).")
        data = await file.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise InputError("The file is larger than 10 MB.")
        text = read_document(data, file.filename)
        results = check_document(text, data_evidence(session, org, lang), file.filename)
    except GepError as error:
        return render_page(
            request, "plan_check.html", status_code=error.http_status, error=error.render(lang)
        )
    if output == "pdf":
        from gepmonitor.core.rendering import html_to_pdf

        pdf = html_to_pdf(selfcheck_html(results, file.filename, lang))
        return file_response(pdf, "gep-selfcheck.pdf")
    return render_page(request, "plan_check.html", results=results, document=file.filename)
