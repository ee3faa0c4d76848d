"""Web pages and API of the survey module: rounds, results with suppression, signals."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from gepmonitor.accounts.deps import OrgDep, SessionDep, SettingsDep, render_page, require
from gepmonitor.accounts.downloads import export_response
from gepmonitor.accounts.models import User
from gepmonitor.accounts.pages import flash, flash_plural, request_lang
from gepmonitor.accounts.roles import Permission
from gepmonitor.core.cache import cached
from gepmonitor.core.errors import GepError, InputError
from gepmonitor.core.i18n import N_
from gepmonitor.core.parsing import is_whole
from gepmonitor.core.reader import UploadedFile
from gepmonitor.core.rendering import REPORT_FORMATS, parse_format
from gepmonitor.plan.service import SignalChoice, list_measures, signal_links
from gepmonitor.survey import service
from gepmonitor.survey.report import build_survey_report
from gepmonitor.survey.tables import (
    Section,
    construct_sections,
    experience_sections,
    population_note,
    signal_choices,
    signal_section,
)

router = APIRouter()
NAV = [(Permission.VIEW_SURVEYS, "/survey", N_("Employee survey"))]
Viewer = Annotated[User, Depends(require(Permission.VIEW_SURVEYS))]
Manager = Annotated[User, Depends(require(Permission.MANAGE_SURVEYS))]


@router.get("/survey", include_in_schema=False)
def survey_page(
    request: Request,
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    round: str | None = None,
) -> Response:  # noqa: A002
    """Show the rounds and the chosen round's results and signals."""
    rounds = service.list_rounds(session, org)
    chosen = round or (rounds[-1].name if rounds else None)
    lang = request_lang(request)
    results = signals = None
    sections: list[Section] = []
    unlinked: list[SignalChoice] = []
    measures = list_measures(session, org)
    if chosen:
        results = service.round_results(
            session, org, chosen, settings.survey_min_group, settings.min_cell
        )
        round_results = results

        def view() -> tuple[Section, list[SignalChoice], list[Section]]:
            links = signal_links(session, org)
            titles = {m.id: m.title for m in measures}
            labels = {c.name: c.label(lang) for c in round_results.mapping.constructs}
            return (
                signal_section(round_results, links, lang, measures=titles),
                signal_choices(
                    [s for s in round_results.signals if s.key not in links],
                    labels, lang, round_results.mapping,
                ),
                [*construct_sections(round_results, lang),
                 *experience_sections(round_results, lang)],
            )  # fmt: skip

        # The tables in words, laid out once per data version, round and language.
        key = ("page.survey", chosen, lang, settings.survey_min_group, settings.min_cell)
        signals, unlinked, sections = cached(session, org, key, view)
    return render_page(
        request,
        "survey_page.html",
        rounds=rounds,
        chosen=chosen,
        results=results,
        signals=signals,
        sections=sections,
        measures=measures,
        unlinked=unlinked,
        can_manage=user.role == "hr",
        min_group=settings.survey_min_group,
        population_note=population_note(results, lang) if results else "",
    )


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
