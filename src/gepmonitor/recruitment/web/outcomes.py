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
from gepmonitor.recruitment.web.fragments import cached_body

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
    today = clock(request).date()
    retention = Retention.of(settings)
    min_cell = settings.min_cell

    def context() -> dict[str, object]:
        funnel = outcomes.build_funnel(session, org, chosen, min_cell)
        composition = outcomes.committee_composition(session, org, chosen, min_cell)
        completion = outcomes.checklist_completion(session, org, chosen, today, retention)
        return {
            "year": chosen,
            "min_cell": min_cell,
            "vacancies": funnel.vacancies,
            "counts": funnel_table(funnel, lang, min_cell),
            "steps": steps_table(funnel, lang),
            "signals": [(signal_key(chosen, s), describe_step(s, chosen, lang))
                        for s in funnel.signals],
            "composition": composition_table(composition, lang, min_cell),
            "completion": completion_table(completion, lang),
            "history": history_table(outcomes.text_history(session, org, chosen), lang),
        }  # fmt: skip

    body = cached_body(
        request, session, org, "recruitment_funnel_body.html",
        (chosen, min_cell, today, retention), context,
    )  # fmt: skip
    return render_page(request, "recruitment_funnel.html", year=chosen, body=body)


@router.get("/recruitment/week", include_in_schema=False)
def week_page(
    request: Request, user: Manager, session: SessionDep, org: OrgDep, settings: SettingsDep
) -> Response:
    """Show the weekly overview: open vacancies, their stage and overdue checklist steps."""
    today = clock(request).date()
    retention = Retention.of(settings)
    lang = request_lang(request)

    def context() -> dict[str, object]:
        rows = weekly_overview(session, org, today, retention)
        head, table = week_table(rows, lang)
        return {"today": today, "head": head, "rows": list(zip(rows, table, strict=True))}

    body = cached_body(
        request, session, org, "recruitment_week_body.html", (today, retention), context
    )
    return render_page(request, "recruitment_week.html", body=body)
