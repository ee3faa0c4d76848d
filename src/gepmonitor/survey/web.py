"""Web pages and API of the survey module: rounds, results with suppression, signals."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from gepmonitor.accounts.deps import OrgDep, SessionDep, SettingsDep, require
from gepmonitor.accounts.downloads import export_response
from gepmonitor.accounts.models import User
from gepmonitor.accounts.pages import flash, flash_plural, request_lang
from gepmonitor.accounts.shared import Blocks, cached_async, page_blocks, send_page
from gepmonitor.core.cache import cached
from gepmonitor.core.config import Settings
from gepmonitor.core.errors import GepError, InputError
from gepmonitor.core.i18n import N_
from gepmonitor.core.models import Organisation
from gepmonitor.core.parsing import is_whole
from gepmonitor.core.reader import UploadedFile
from gepmonitor.core.rendering import REPORT_FORMATS, parse_format
from gepmonitor.core.templating import render_blocks
from gepmonitor.plan.service import SignalChoice, list_measures, signal_links
from gepmonitor.survey import service
from gepmonitor.survey.report import build_survey_report
from gepmonitor.survey.tables import (
    construct_sections,
    experience_sections,
    population_note,
    signal_choices,
    signal_section,
)

router = APIRouter()
NAV = [("view_surveys", "/survey", N_("Employee survey"))]
Viewer = Annotated[User, Depends(require("view_surveys"))]
Manager = Annotated[User, Depends(require("manage_surveys"))]


@dataclass(frozen=True)
class SurveyView:
    """What the survey page shows of the data: plain values, shared between requests."""

    rounds: tuple[str, ...]
    chosen: str | None
    parts: dict[str, Markup]  # the results' HTML (survey_results.html's blocks); {} if none
    unlinked: tuple[SignalChoice, ...]  # signals without a measure, for the link form
    measures: tuple[tuple[int, str], ...]  # every plan measure: id, title


def _survey_view(
    session: Session, org: Organisation, round_name: str | None, lang: str, settings: Settings
) -> SurveyView:
    rounds = [r.name for r in service.list_rounds(session, org)]
    chosen = round_name or (rounds[-1] if rounds else None)
    measures = tuple((m.id, m.title) for m in list_measures(session, org))
    if not chosen:
        return SurveyView(tuple(rounds), None, {}, (), measures)
    results = service.round_results(
        session, org, chosen, settings.survey_min_group, settings.min_cell
    )
    links = signal_links(session, org)
    labels = {c.name: c.label(lang) for c in results.mapping.constructs}
    unlinked = signal_choices(
        [s for s in results.signals if s.key not in links], labels, lang, results.mapping
    )
    parts = render_blocks(
        "survey_results.html",
        lang,
        chosen=chosen,
        results=results,
        min_group=settings.survey_min_group,
        signals=signal_section(results, links, lang, measures=dict(measures)),
        sections=[*construct_sections(results, lang), *experience_sections(results, lang)],
        population_note=population_note(results, lang),
    )
    return SurveyView(tuple(rounds), chosen, parts, tuple(unlinked), measures)


@router.get("/survey", include_in_schema=False)
async def survey_page(
    request: Request,
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    round: str | None = None,
) -> Response:  # noqa: A002
    """Show the rounds and the chosen round's results and signals."""
    lang = request_lang(request)
    can_manage = user.role == "hr"

    def page() -> Blocks:
        # The results laid out in words and tables once per data version, round and language:
        # an unknown or purged round raises here each time (errors are not cached).
        key = ("page.survey", round, lang, settings.survey_min_group, settings.min_cell)
        view = cached(session, org, key, lambda: _survey_view(session, org, round, lang, settings))
        return page_blocks(
            "survey_page.html",
            lang,
            rounds=view.rounds,
            chosen=view.chosen,
            parts=view.parts,
            measures=[{"id": id_, "title": title} for id_, title in view.measures],
            unlinked=view.unlinked,
            can_manage=can_manage,
        )

    key = ("page.survey.blocks", round, lang, settings.survey_min_group, settings.min_cell)
    blocks = await cached_async(session, org, (*key, can_manage), page)
    return send_page(request, blocks)


@router.post("/survey/import", include_in_schema=False)
async def survey_import(
    request: Request,
    user: Manager,
    session: SessionDep,
    org: OrgDep,
    name: Annotated[str, Form()] = "",
    year: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
    mapping: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Import a round from an uploaded CSV and mapping file."""
    try:
        if file is None or mapping is None or not file.filename or not mapping.filename:
            raise InputError("Choose the CSV file and the mapping file.")
        if not is_whole(year, 4):
            raise InputError("expected a whole number of 0 or more")
        limit = request.app.state.settings.import_max_bytes + 1
        data = UploadedFile(Path(file.filename).name, await file.read(limit))
        map_data = UploadedFile(Path(mapping.filename).name, await mapping.read(limit))
        count = service.import_round(
            session, org, data, map_data, name=name, year=int(year), actor=user.username
        )
    except GepError as error:
        session.rollback()
        flash(request, "Not imported: {message}", message=error.render(request_lang(request)))
        return RedirectResponse("/survey", status_code=303)
    flash_plural(
        request,
        "{count} respondent imported into round '{name}'.",
        "{count} respondents imported into round '{name}'.",
        count,
        count=count,
        name=name,
    )
    return RedirectResponse(f"/survey?round={name}", status_code=303)


@router.get("/survey/report", include_in_schema=False)
def survey_report(
    request: Request,
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    round: str = "",  # noqa: A002
    format: str = "pdf",
) -> Response:  # noqa: A002
    """Download a round's report."""
    fmt = parse_format(format, REPORT_FORMATS)
    data = build_survey_report(
        session,
        org,
        round,
        request_lang(request),
        fmt,
        settings.survey_min_group,
        settings.min_cell,
    )
    return export_response(session, user, org, data, f"survey-{org.slug}.{fmt.value}")
