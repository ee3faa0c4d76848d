"""Pay pages: the art. 9 figures of a year, the analysis, the register forms and the report.

Thin: every route calls pay.service / pay.register / pay.report and renders the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from gepmonitor.accounts.deps import (
    OrgDep,
    RequiredYear,
    SessionDep,
    SettingsDep,
    YearQuery,
    check_exact,
    record_exact_view,
    require,
)
from gepmonitor.accounts.downloads import export_response
from gepmonitor.accounts.models import User
from gepmonitor.accounts.pages import flash, request_lang
from gepmonitor.accounts.roles import has_permission
from gepmonitor.accounts.shared import Blocks, cached_async, page_blocks, send_page
from gepmonitor.core.cache import cached
from gepmonitor.core.errors import GepError, InputError
from gepmonitor.core.models import Organisation
from gepmonitor.core.rendering import REPORT_FORMATS, parse_format
from gepmonitor.core.reporting import logo_data_uri
from gepmonitor.core.templating import render
from gepmonitor.pay import register as pay_register
from gepmonitor.pay import service
from gepmonitor.pay.report import build_paygap_report, page_parts
from gepmonitor.pay.text import status_label

router = APIRouter()
NAV = [("view_pay", "/pay", "Pay gap")]
Viewer = Annotated[User, Depends(require("view_pay"))]
Manager = Annotated[User, Depends(require("manage_pay"))]
PAGE_KEYS = {"year", "exact", "min_cell", "title"}  # the page sets these itself


# What the register's forms show of an entry (plain values: the page view is shared).
ENTRY_FIELDS = (
    "year", "category", "criterion", "explanation", "evidence", "justified_by", "justified_on",
    "measure", "owner", "due_date", "remedied_on", "plan_measure_id",
)  # fmt: skip


@dataclass(frozen=True)
class PayView:
    """What the pay page shows of the data: plain values, shared between requests."""

    years: tuple[int, ...]
    year: int | None  # the year shown: the asked one, else the latest
    sections: Markup | None  # the year's figures, analysis and charts (pay_sections.html)
    register: tuple[dict[str, Any], ...]  # the year's register entries with status and due date
    plan_measures: tuple[tuple[int, str], ...]


def _pay_view(
    session: Session, org: Organisation, year: int | None, lang: str, min_cell: int, exact: bool
) -> PayView:
    years = tuple(y.year for y in service.pay_years(session, org))
    chosen = year or (years[-1] if years else None)
    sections = None
    if chosen is not None and chosen in years:
        parts = page_parts(session, org, chosen, lang, min_cell=min_cell, exact=exact)
        shown = {k: v for k, v in parts.items() if k not in PAGE_KEYS}
        sections = Markup(render("pay_sections.html", lang, **shown, min_cell=min_cell))
    register = tuple(
        {
            "entry": {name: getattr(row.entry, name) for name in ENTRY_FIELDS},
            "due": row.due,
            "status_text": status_label(row.status, lang),
        }
        for row in pay_register.register_rows(session, org, chosen, date.today())
    ) if chosen else ()  # fmt: skip
    measures = tuple(pay_register.plan_measure_choices(session, org))
    return PayView(years, chosen, sections, register, measures)


@router.get("/pay", include_in_schema=False)
async def pay_page(
    request: Request,
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    year: YearQuery = None,
    exact: bool = False,
) -> Response:
    """Show a year's figures a-g, the register and the analysis."""
    lang = request_lang(request)
    check_exact(user, exact)
    may_exact = has_permission(user.role, "see_small_cells")
    can_manage = has_permission(user.role, "manage_pay")
    today = date.today()

    def page() -> tuple[PayView, Blocks]:
        # Laid out once per data version, day (the register's statuses), language and view;
        # the blocks once more per what the role may do.
        key = ("page.pay", year, lang, settings.min_cell, exact, today)
        view = cached(
            session, org, key, lambda: _pay_view(session, org, year, lang, settings.min_cell, exact)
        )
        blocks = page_blocks(
            "pay_page.html",
            lang,
            year=view.year,
            years=view.years,
            has_data=view.sections is not None,
            sections=view.sections,
            exact=exact,
            min_cell=settings.min_cell,
            may_exact=may_exact,
            can_manage=can_manage,
            register=view.register,
            today=today.isoformat(),
            plan_measures=view.plan_measures,
        )
        return view, blocks

    key = ("page.pay.blocks", year, lang, settings.min_cell, exact, today, may_exact, can_manage)
    view, blocks = await cached_async(session, org, key, page)
    if exact and view.sections is not None:
        record_exact_view(session, user, org, f"pay {view.year}", "page")
    return send_page(request, blocks)


@router.get("/pay/report", include_in_schema=False)
def pay_report(
    request: Request,
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    year: RequiredYear,
    format: str = "pdf",  # noqa: A002
) -> Response:
    """Download the art. 9 report of a year (PDF, HTML, DOCX or XLSX) for its year."""
    fmt = parse_format(format, REPORT_FORMATS)
    data = build_paygap_report(
        session,
        org,
        year,
        request_lang(request),
        fmt,
        min_cell=settings.min_cell,
        logo=logo_data_uri(settings),
    )
    return export_response(session, user, org, data, f"paygap-{org.slug}-{year}.{fmt.value}")


def _outcome(
    request: Request, session: Session, year: str, action: Callable[[], object]
) -> Response:
    """Run a register form's action; flash 'saved' or the problem and go back to the page."""
    back = f"/pay?year={int(year)}" if year.isdigit() else "/pay"
    try:
        action()
    except GepError as error:
        session.rollback()
        flash(
            request, "Not saved: {message}", error=True, message=error.render(request_lang(request))
        )
        return RedirectResponse(back, status_code=303)
    flash(request, "Saved.")
    return RedirectResponse(back, status_code=303)


def _form_year(text: str) -> int:
    if not text.strip().isdigit() or not 1900 <= int(text) <= 2100:
        raise InputError("'{value}' is not a year.", value=text)
    return int(text)


def _form_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise InputError("'{value}' is not a date; use YYYY-MM-DD.", value=text) from error


@router.post("/pay/register/justify", include_in_schema=False)
def justify_form(
    request: Request,
    user: Manager,
    session: SessionDep,
    org: OrgDep,
    year: Annotated[str, Form()] = "",
    category: Annotated[str, Form(max_length=120)] = "",
    criterion: Annotated[str, Form(max_length=300)] = "",
    explanation: Annotated[str, Form(max_length=20_000)] = "",
    evidence: Annotated[str, Form(max_length=20_000)] = "",
    justified_by: Annotated[str, Form(max_length=120)] = "",
    justified_on: Annotated[str, Form()] = "",
) -> Response:
    """Record the justification of a flagged category."""
    return _outcome(
        request,
        session,
        year,
        lambda: pay_register.justify(
            session,
            org,
            _form_year(year),
            category,
            criterion=criterion,
            explanation=explanation,
            evidence=evidence,
            justified_by=justified_by,
            justified_on=_form_day(justified_on or date.today().isoformat()),
            actor=user.username,
        ),
    )


@router.post("/pay/register/remedy", include_in_schema=False)
def remedy_form(
    request: Request,
    user: Manager,
    session: SessionDep,
    org: OrgDep,
    year: Annotated[str, Form()] = "",
    category: Annotated[str, Form(max_length=120)] = "",
    measure: Annotated[str, Form(max_length=20_000)] = "",
    owner: Annotated[str, Form(max_length=120)] = "",
    due_date: Annotated[str, Form()] = "",
    plan_measure: Annotated[str, Form()] = "",
) -> Response:
    """Record the remedy of a flagged category."""
    return _outcome(
        request,
        session,
        year,
        lambda: pay_register.plan_remedy(
            session,
            org,
            _form_year(year),
            category,
            measure=measure,
            owner=owner,
            due_date=_form_day(due_date),
            actor=user.username,
            plan_measure_id=int(plan_measure) if plan_measure.isdigit() else None,
        ),
    )


@router.post("/pay/register/remedied", include_in_schema=False)
def remedied_form(
    request: Request,
    user: Manager,
    session: SessionDep,
    org: OrgDep,
    year: Annotated[str, Form()] = "",
    category: Annotated[str, Form(max_length=120)] = "",
    remedied_on: Annotated[str, Form()] = "",
) -> Response:
    """Record that a category's remedy was carried out."""
    return _outcome(
        request,
        session,
        year,
        lambda: pay_register.mark_remedied(
            session,
            org,
            _form_year(year),
            category,
            on=_form_day(remedied_on or date.today().isoformat()),
            actor=user.username,
        ),
    )
