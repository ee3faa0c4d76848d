"""The survey report: results per construct and group, experience rates, signals and actions."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from gepmonitor.core.i18n import gettext, register
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
        generated=date.today().isoformat(),
        title=gettext("survey.title", lang, name=results.round.name),
    )
    return html.encode("utf-8") if fmt == ReportFormat.HTML else html_to_pdf(html)


register(
    {
        "survey.title": ("Medewerkersonderzoek {name}", "Employee survey {name}"),
        "survey.respondents": (
            "{n} respondenten; groepen kleiner dan {min} worden niet getoond.",
            "{n} respondents; groups smaller than {min} are not shown.",
        ),
        "survey.construct": ("onderwerp", "construct"),
        "survey.key": ("sleutel", "key"),
        "survey.by.gender": ("geslacht", "gender"),
        "survey.by.age_band": ("leeftijd", "age band"),
        "survey.by.unit": ("afdeling", "unit"),
        "survey.by.is_manager": ("leidinggevende", "manager"),
        "survey.value.gender.m": ("man", "men"),
        "survey.value.gender.v": ("vrouw", "women"),
        "survey.value.gender.x": ("x (anders)", "x (other)"),
        "survey.value.onbekend": ("onbekend", "unknown"),
        "survey.value.true": ("ja", "yes"),
        "survey.value.false": ("nee", "no"),
        "survey.value.all": ("totaal", "all"),
        "survey.group": ("groep", "group"),
        "survey.n": ("n", "n"),
        "survey.mean": ("gemiddelde", "mean"),
        "survey.favourable": ("positief", "favourable"),
        "survey.overall": ("Totaal", "Overall"),
        "survey.by_group": ("Per groep: {group}", "By group: {group}"),
        "survey.experiences": (
            "Ervaringen met ongewenst gedrag (laatste 12 maanden)",
            "Experiences of undesirable behaviour (last 12 months)",
        ),
        "survey.experiences_short": ("Ervaringen", "Experiences"),
        "survey.type": ("soort", "type"),
        "survey.source": ("van", "from"),
        "survey.rate": ("aandeel", "share"),
        "survey.signals": ("Signalen", "Signals"),
        "survey.signals_intro": (
            "Een signaal: een groep scoort minstens 0,3 punt lager dan de rest én de toets van "
            "Welch geeft p\u00a0<\u00a00,05; of een onderwerp daalde zo ten opzichte van de "
            "vorige ronde. Elk signaal krijgt een maatregel in het plan.",
            "A signal: a group scores at least 0.3 points lower than the rest and Welch's test "
            "gives p\u00a0<\u00a00.05; or a construct fell that much since the previous round. "
            "Every signal needs a plan measure.",
        ),
        "survey.unlinked_one": (
            "{count} signaal zonder maatregel.",
            "{count} signal without a measure.",
        ),
        "survey.unlinked_many": (
            "{count} signalen zonder maatregel.",
            "{count} signals without a measure.",
        ),
        "survey.signal": ("signaal", "signal"),
        "survey.signal_text": (
            "{construct} – {where}, {gap} lager",
            "{construct} – {where}, {gap} lower",
        ),
        "survey.difference": ("verschil", "difference"),
        "survey.p": ("p", "p"),
        "survey.measure": ("maatregel", "measure"),
        "survey.no_action": ("GEEN MAATREGEL", "NO MEASURE"),
        "survey.decline": ("daling t.o.v. vorige ronde", "decline since previous round"),
        "survey.exp.bullying": ("pesten", "bullying"),
        "survey.exp.discrimination": ("discriminatie", "discrimination"),
        "survey.exp.sexual_harassment": ("seksuele intimidatie", "sexual harassment"),
        "survey.exp.aggression": ("agressie", "aggression"),
        "survey.src.colleagues": ("collega's", "colleagues"),
        "survey.src.managers": ("leidinggevenden", "managers"),
        "survey.src.public": ("publiek", "the public"),
    }
)
