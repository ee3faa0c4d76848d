"""The survey report: results per construct and group, experience rates, signals and actions."""

from __future__ import annotations

from sqlalchemy.orm import Session

from gepmonitor.core.i18n import N_, gettext
from gepmonitor.core.models import Organisation
from gepmonitor.core.rendering import (
    P_VALUE,
    ReportFormat,
    charts_for,
    finish,
    render_html,
    rows_to_xlsx,
)
from gepmonitor.core.reporting import ReportKind, ReportRequest, front_matter, logo_data_uri
from gepmonitor.plan.service import list_measures, signal_links
from gepmonitor.survey.definitions import survey_definitions
from gepmonitor.survey.service import round_results
from gepmonitor.survey.tables import (
    construct_sections,
    experience_sections,
    population_note,
    signal_section,
    unlinked_text,
)


def build_survey_report(
    session: Session,
    org: Organisation,
    round_name: str,
    lang: str,
    fmt: ReportFormat,
    min_group: int,
    min_cell: int = 5,
    logo: str = "",
) -> bytes:
    """Return the round's report in the requested format."""
    from gepmonitor.survey import narrative

    results = round_results(session, org, round_name, min_group, min_cell)
    links = signal_links(session, org)
    titles = {m.id: m.title for m in list_measures(session, org)}
    text = fmt != ReportFormat.XLSX
    unlinked = sum(1 for s in results.signals if s.key not in links)
    sections = [
        signal_section(results, links, lang, text, titles),
        *construct_sections(results, lang, text),
        *experience_sections(results, lang, text),
    ]
    terms = survey_definitions(results, lang, min_cell)
    if fmt == ReportFormat.XLSX:
        signals = sections[0].sheet or sections[0].title
        sheets: dict[str, tuple[list[str], list[list[object]]]] = {
            s.sheet or s.title: (s.head, s.rows) for s in sections
        }
        sheets[gettext("Definitions", lang)] = (
            [gettext("term", lang), gettext("meaning", lang)],
            [list(pair) for pair in terms],
        )
        return rows_to_xlsx(sheets, {signals: {1: "0.00", 2: P_VALUE}})
    with charts_for(fmt):
        front = front_matter(
            org.name,
            lang,
            title=gettext("Employee survey {name}", lang, name=results.round.name),
            subtitle=gettext("Employee survey: results per group, experiences, signals", lang),
            summary=narrative.survey_summary(results, links, lang),
            sources=gettext(
                "the survey's answers ({source})", lang, source=results.round.source_name
            ),
            peildatum=str(results.round.year),
            min_cell=min_cell,
            logo=logo,
            suppression=gettext(
                "Groups smaller than {min} respondents are not shown; counts from 1 to {below} "
                "are not shown (*), nor the figures they could be worked out from.",
                lang,
                min=min_group,
                below=min_cell - 1,
            ),
        )
        html = render_html(
            "survey_report.html",
            lang,
            front=front,
            results=results,
            signals=sections[0],
            sections=sections[1:],
            unlinked=unlinked_text(unlinked, lang) if unlinked else "",
            population_note=population_note(results, lang),
            constructs_chart=narrative.constructs_chart(results, lang),
            experiences_chart=narrative.experiences_chart(results, lang),
            title=front.title,
            terms=terms,
        )
    return finish(html, fmt, front.footer)


def _rounds(session: Session, org: Organisation) -> list[str]:
    from gepmonitor.survey.service import list_rounds

    return [round_.name for round_ in reversed(list_rounds(session, org))]


def _build_survey(request: ReportRequest) -> bytes:
    return build_survey_report(
        request.session,
        request.org,
        request.choice,
        request.lang,
        ReportFormat(request.fmt),
        request.settings.survey_min_group,
        request.settings.min_cell,
        logo=logo_data_uri(request.settings),
    )


REPORTS = [
    ReportKind(
        key="survey",
        title=N_("Employee survey"),
        description=N_(
            "A round's results per subject and group, experiences of undesirable "
            "behaviour, and the signals with the measures that answer them."
        ),
        permission="view_surveys",
        file_stem="survey",
        choice_label=N_("Round"),
        choices=_rounds,
        build=_build_survey,
    )
]
