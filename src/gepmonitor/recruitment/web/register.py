"""Pages of the appointments register and the vacancy text checker.

The yearly register, a new vacancy, an appointment, the report download, the text checker.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from gepmonitor.accounts.deps import (
    OrgDep,
    RecordId,
    SessionDep,
    SettingsDep,
    YearQuery,
    render_page,
)
from gepmonitor.accounts.downloads import export_response
from gepmonitor.accounts.pages import flash, render_shared, request_lang
from gepmonitor.accounts.roles import has_permission
from gepmonitor.accounts.shared import (
    Blocks,
    cached_async,
    page_blocks,
    send_page,
    static_blocks,
)
from gepmonitor.core.errors import GepError, InputError
from gepmonitor.core.parsing import is_whole
from gepmonitor.core.rendering import REPORT_FORMATS, parse_format
from gepmonitor.core.templating import render
from gepmonitor.recruitment import service
from gepmonitor.recruitment.api import (
    Checker,
    Manager,
    Viewer,
    year_asked,
    year_or_latest,
)
from gepmonitor.recruitment.checklist import Retention
from gepmonitor.recruitment.report import build_recruitment_report, summary_rows
from gepmonitor.recruitment.summary import build_summary
from gepmonitor.recruitment.textcheck.check import check_text
from gepmonitor.recruitment.textcheck.output import highlight_html, result_to_dict, result_to_text
from gepmonitor.recruitment.textcheck.readers import read_document
from gepmonitor.recruitment.web.fragments import fresh_body

router = APIRouter()
MAX_UPLOAD = 10 * 1024 * 1024


@router.get("/recruitment", include_in_schema=False)
async def register_page(
    request: Request,
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    year: YearQuery = None,
) -> Response:
    """Show the year's summary; the register of single vacancies only to those who keep it.

    Laid out once per data version, year asked for, settings, what the role may see and
    language.
    """
    can_manage = has_permission(user.role, "manage_recruitment")
    threshold, min_cell = settings.recruitment_threshold_scale, settings.min_cell
    lang = request_lang(request)

    def page() -> Blocks:
        chosen = year_or_latest(session, org, year)
        summary = build_summary(session, org, chosen, threshold, min_cell)
        rows = service.list_vacancies(session, org, chosen) if can_manage else []
        register = (
            Markup(render("recruitment_register_table.html", lang, rows=rows, can_manage=True))
            if can_manage
            else ""
        )
        body = render_shared(
            "recruitment_register_body.html", lang,
            year=chosen,
            register=register,
            summary=summary_rows(summary, lang, min_cell),
            explained=summary.explained,
            can_manage=can_manage,
        )  # fmt: skip
        return page_blocks("recruitment_register.html", lang, year=chosen, body=body)

    key = ("page.recruitment.register", *year_asked(year), can_manage, threshold, min_cell, lang)
    return send_page(request, await cached_async(session, org, key, page))


def _counts(m: str, v: str, x: str, label: str) -> tuple[int, int, int]:
    values = []
    for value in (m, v, x):
        text = value.strip() or "0"
        if not is_whole(text, 6):  # no vacancy has a million candidates
            raise InputError("{field}: '{value}' is not a count.", field=label, value=value)
        values.append(int(text))
    return values[0], values[1], values[2]


def _parse_day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise InputError(
            "{option} '{value}' is not a date; use YYYY-MM-DD.", option=field, value=text
        ) from error


@router.get("/recruitment/new", include_in_schema=False)
async def new_vacancy_page(request: Request, user: Manager) -> Response:
    """Show the form for a new vacancy (it shows no data: laid out once per language)."""
    return send_page(request, _empty_form(request_lang(request)))


@lru_cache(maxsize=4)
def _empty_form(lang: str) -> Blocks:
    body = render_shared("recruitment_vacancy_form_body.html", lang, form={})
    return page_blocks("recruitment_vacancy_form.html", lang, body=body)


@router.post("/recruitment/new", include_in_schema=False)
def new_vacancy(
    request: Request,
    user: Manager,
    session: SessionDep,
    org: OrgDep,
    title: Annotated[str, Form()] = "",
    scale: Annotated[str, Form()] = "",
    opened: Annotated[str, Form()] = "",
    closed: Annotated[str, Form()] = "",
    reference: Annotated[str, Form()] = "",
    unit: Annotated[str, Form()] = "",
    channel: Annotated[str, Form()] = "extern",
    applicants_m: Annotated[str, Form()] = "",
    applicants_v: Annotated[str, Form()] = "",
    applicants_x: Annotated[str, Form()] = "",
    shortlisted_m: Annotated[str, Form()] = "",
    shortlisted_v: Annotated[str, Form()] = "",
    shortlisted_x: Annotated[str, Form()] = "",
    suitable_m: Annotated[str, Form()] = "",
    suitable_v: Annotated[str, Form()] = "",
    suitable_x: Annotated[str, Form()] = "",
    hard: Annotated[str, Form()] = "",
    soft: Annotated[str, Form()] = "",
) -> Response:
    """Register the vacancy, or show the form again with the problem."""
    values = {k: v for k, v in locals().items() if isinstance(v, str)}
    try:
        if not is_whole(scale.strip(), 2):
            raise InputError("Scale {value} does not exist; use 1 to 18.", value=scale)
        data = service.VacancyInput(
            title=title,
            scale=int(scale),
            opened=_parse_day(opened, "opened"),
            closed=_parse_day(closed, "closed") if closed.strip() else None,
            reference=reference,
            unit=unit,
            channel=channel,
            applicants=_counts(applicants_m, applicants_v, applicants_x, "applicants"),
            shortlisted=_counts(shortlisted_m, shortlisted_v, shortlisted_x, "shortlisted"),
            suitable=_counts(suitable_m, suitable_v, suitable_x, "suitable"),
            competences_hard=[c.strip() for c in hard.split(",") if c.strip()],
            competences_soft=[c.strip() for c in soft.split(",") if c.strip()],
        )
        vacancy = service.add_vacancy(session, org, data, actor=user.username)
    except GepError as error:
        session.rollback()
        body = fresh_body(
            request, "recruitment_vacancy_form_body.html", form=values,
            error=error.render(request_lang(request)),
        )  # fmt: skip
        return render_page(
            request, "recruitment_vacancy_form.html", status_code=error.http_status, body=body
        )
    flash(request, "Vacancy {reference} registered.", reference=vacancy.reference)
    return RedirectResponse(f"/recruitment?year={vacancy.opened.year}", status_code=303)


@router.get("/recruitment/{vacancy_id}/appoint", include_in_schema=False)
async def appoint_page(
    request: Request,
    vacancy_id: RecordId,
    user: Manager,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
) -> Response:
    """Show the appointment form, with the comply-or-explain fields when they apply.

    Laid out once per data version, threshold and language (it shows the vacancy alone).
    """
    lang = request_lang(request)
    threshold = settings.recruitment_threshold_scale

    def page() -> Blocks:
        vacancy = service.get_vacancy(session, org, vacancy_id)
        body = render_shared(
            "recruitment_appoint_body.html", lang, vacancy=vacancy, form={}, threshold=threshold
        )
        return page_blocks("recruitment_appoint.html", lang, vacancy=vacancy, body=body)

    key = ("page.recruitment.appoint", vacancy_id, threshold, lang)
    return send_page(request, await cached_async(session, org, key, page))


@router.post("/recruitment/{vacancy_id}/appoint", include_in_schema=False)
def appoint(
    request: Request,
    vacancy_id: RecordId,
    user: Manager,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    gender: Annotated[str, Form()] = "",
    appointed_on: Annotated[str, Form()] = "",
    explanation: Annotated[str, Form()] = "",
    approver: Annotated[str, Form()] = "",
) -> Response:
    """Record the appointment; refused without explanation where comply or explain applies."""
    vacancy = service.get_vacancy(session, org, vacancy_id)
    try:
        service.appoint(
            session,
            org,
            vacancy,
            gender,
            _parse_day(appointed_on, "appointed_on"),
            threshold=settings.recruitment_threshold_scale,
            actor=user.username,
            explanation=explanation,
            approver=approver,
        )
    except GepError as error:
        session.rollback()
        form = {
            "gender": gender,
            "appointed_on": appointed_on,
            "explanation": explanation,
            "approver": approver,
        }
        body = fresh_body(
            request, "recruitment_appoint_body.html", vacancy=vacancy, form=form,
            error=error.render(request_lang(request)),
            threshold=settings.recruitment_threshold_scale,
        )  # fmt: skip
        return render_page(
            request, "recruitment_appoint.html", status_code=error.http_status, vacancy=vacancy,
            body=body,
        )  # fmt: skip
    flash(request, "Appointment to {reference} recorded.", reference=vacancy.reference)
    return RedirectResponse(f"/recruitment?year={vacancy.opened.year}", status_code=303)


@router.get("/recruitment/report", include_in_schema=False)
def report_download(
    request: Request,
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    year: YearQuery = None,
    format: str = "pdf",
) -> Response:  # noqa: A002
    """Download the yearly recruitment report."""
    fmt = parse_format(format, REPORT_FORMATS)
    chosen = year_or_latest(session, org, year)
    data = build_recruitment_report(
        session,
        org,
        chosen,
        request_lang(request),
        fmt,
        threshold=settings.recruitment_threshold_scale,
        min_cell=settings.min_cell,
        retention=Retention.of(settings),
    )
    return export_response(session, user, org, data, f"werving-{org.slug}-{chosen}.{fmt.value}")


@router.get("/check-vacancy", include_in_schema=False)
async def check_page(request: Request, user: Checker) -> Response:
    """Show the vacancy text checker (an empty form: laid out once per language)."""
    return send_page(request, static_blocks("recruitment_check.html", request_lang(request)))


@router.post("/check-vacancy", include_in_schema=False)
async def check_submit(
    request: Request,
    user: Checker,
    text: Annotated[str, Form()] = "",
    lang: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Check a pasted text or an uploaded document and show the findings."""
    ui = request_lang(request)
    try:
        if file is not None and file.filename:
            data = await file.read(MAX_UPLOAD + 1)
            if len(data) > MAX_UPLOAD:
                raise InputError("The file is larger than 10 MB.")
            text = read_document(data, file.filename)
        if not text.strip():
            raise InputError("Paste a text or choose a file.")
        result = check_text(text, lang or None)
    except GepError as error:
        return render_page(
            request,
            "recruitment_check.html",
            status_code=error.http_status,
            text=text,
            error=error.render(ui),
        )
    return render_page(
        request,
        "recruitment_check.html",
        text=text,
        highlighted=highlight_html(result),
        summary=result_to_text(result, ui),
        result=result_to_dict(result),
    )
