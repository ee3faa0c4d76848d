"""The survey report: results per construct and group, experience rates, signals and actions."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from gepmonitor.core.formatting import format_date
from gepmonitor.core.i18n import gettext
from gepmonitor.core.models import Organisation
from gepmonitor.core.rendering import (
    ReportFormat,
    html_to_pdf,
    render_html,
    rows_to_xlsx,
)
from gepmonitor.plan.service import list_measures, signal_links
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
) -> bytes:
    """Return the round's report in the requested format."""
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
    if fmt == ReportFormat.XLSX:
        return rows_to_xlsx({s.sheet or s.title: (s.head, s.rows) for s in sections})
    html = render_html(
        "survey_report.html",
        lang,
        results=results,
        signals=sections[0],
        sections=sections[1:],
        unlinked=unlinked_text(unlinked, lang) if unlinked else "",
        population_note=population_note(results, lang),
        generated=format_date(date.today(), lang),
        title=gettext("Employee survey {name}", lang, name=results.round.name),
    )
    return html.encode("utf-8") if fmt == ReportFormat.HTML else html_to_pdf(html)
