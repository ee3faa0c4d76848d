"""The funnel by gender with the year's selection outcomes; the weekly recruitment overview."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gepmonitor.accounts.deps import OrgDep, SessionDep, SettingsDep, YearQuery, clock
from gepmonitor.accounts.pages import render_shared, request_lang
from gepmonitor.accounts.shared import Blocks, cached_async, page_blocks, send_page
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
async def funnel_page(
    request: Request,
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    year: YearQuery = None,
) -> Response:
    """Show the year's funnel by gender and band, signals, committees, checklist and texts.

    Laid out once per data version, year asked for, day, settings and language.
    """
    lang = request_lang(request)
    today = clock(request).date()
    retention = Retention.of(settings)
    min_cell = settings.min_cell

    def page() -> Blocks:
        chosen = year or outcomes.funnel_year(session, org, today.year)
        funnel = outcomes.build_funnel(session, org, chosen, min_cell)
        composition = outcomes.committee_composition(session, org, chosen, min_cell)
        completion = outcomes.checklist_completion(session, org, chosen, today, retention)
        body = render_shared(
            "recruitment_funnel_body.html", lang,
            year=chosen,
            min_cell=min_cell,
            vacancies=funnel.vacancies,
            counts=funnel_table(funnel, lang, min_cell),
            steps=steps_table(funnel, lang),
            signals=[(signal_key(chosen, s), describe_step(s, chosen, lang))
                     for s in funnel.signals],
            composition=composition_table(composition, lang, min_cell),
            completion=completion_table(completion, lang),
            history=history_table(outcomes.text_history(session, org, chosen), lang),
        )  # fmt: skip
        return page_blocks("recruitment_funnel.html", lang, year=chosen, body=body)

    key = ("page.recruitment.funnel", year, min_cell, today, retention, lang)
    return send_page(request, await cached_async(session, org, key, page))


@router.get("/recruitment/week", include_in_schema=False)
async def week_page(
    request: Request, user: Manager, session: SessionDep, org: OrgDep, settings: SettingsDep
) -> Response:
    """Show the weekly overview: open vacancies, their stage and overdue checklist steps.

    Laid out once per data version, day, retention settings and language.
    """
    today = clock(request).date()
    retention = Retention.of(settings)
    lang = request_lang(request)

    def page() -> Blocks:
        rows = weekly_overview(session, org, today, retention)
        head, table = week_table(rows, lang)
        body = render_shared(
            "recruitment_week_body.html", lang,
            today=today, head=head, rows=list(zip(rows, table, strict=True)),
        )  # fmt: skip
        return page_blocks("recruitment_week.html", lang, body=body)

    key = ("page.recruitment.week", today, retention, lang)
    return send_page(request, await cached_async(session, org, key, page))
