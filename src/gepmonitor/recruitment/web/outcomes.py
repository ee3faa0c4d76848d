"""The funnel by gender with the year's selection outcomes; the weekly recruitment overview."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gepmonitor.accounts.deps import (
    OrgDep,
    SessionDep,
    SettingsDep,
    YearQuery,
    clock,
    render_page,
)
from gepmonitor.accounts.pages import request_lang
from gepmonitor.recruitment import outcomes
from gepmonitor.recruitment.api import Manager, Viewer
from gepmonitor.recruitment.checklist import Retention, weekly_overview
from gepmonitor.recruitment.outcomes import describe_step, signal_key
from gepmonitor.recruitment.tables import (
    completion_table,
    composition_table,
    funnel_table,
    history_table,
    steps_table,
    week_table,
)

router = APIRouter()


@router.get("/recruitment/funnel", include_in_schema=False)
def funnel_page(
    request: Request,
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    year: YearQuery = None,
) -> Response:
    """Show the year's funnel by gender and band, signals, committees, checklist and texts."""
    lang = request_lang(request)
    years = outcomes.funnel_years(session, org)
    chosen = year or (years[0] if years else clock(request).year)
    funnel = outcomes.build_funnel(session, org, chosen, settings.min_cell)
    today = clock(request).date()
    return render_page(
        request,
        "recruitment_funnel.html",
        year=chosen,
        years=years,
        vacancies=funnel.vacancies,
        counts=funnel_table(funnel, lang, settings.min_cell),
        steps=steps_table(funnel, lang),
        signals=[(signal_key(chosen, s), describe_step(s, chosen, lang)) for s in funnel.signals],
        composition=composition_table(
            outcomes.committee_composition(session, org, chosen, settings.min_cell), lang,
            settings.min_cell,
        ),
        completion=completion_table(
            outcomes.checklist_completion(session, org, chosen, today, Retention.of(settings)),
            lang,
        ),
        history=history_table(outcomes.text_history(session, org, chosen), lang),
    )  # fmt: skip


@router.get("/recruitment/week", include_in_schema=False)
def week_page(
    request: Request, user: Manager, session: SessionDep, org: OrgDep, settings: SettingsDep
) -> Response:
    """Show the weekly overview: open vacancies, their stage and overdue checklist steps."""
    today = clock(request).date()
    rows = weekly_overview(session, org, today, Retention.of(settings))
    head, table = week_table(rows, request_lang(request))
    return render_page(
        request, "recruitment_week.html", today=today, head=head,
        rows=list(zip(rows, table, strict=True)),
    )  # fmt: skip
