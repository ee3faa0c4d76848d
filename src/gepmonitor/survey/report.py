"""The survey report: results per construct and group, experience rates, signals and actions."""

from __future__ import annotations

from datetime import date

import polars as pl
from sqlalchemy.orm import Session

from gepmonitor.core.formatting import format_number, format_pct
from gepmonitor.core.i18n import gettext, register
from gepmonitor.core.models import Organisation
from gepmonitor.plan.service import signal_links
from gepmonitor.reports.render import ReportFormat, frames_to_xlsx, html_to_pdf, render_html
from gepmonitor.survey.service import RoundResults, round_results


def _rows(table: pl.DataFrame, lang: str) -> list[list[str]]:
    return [
        [
            r["construct"],
            str(r["group"]),
            "–" if r["n"] is None else str(r["n"]),
            format_number(r["mean"], lang, 2),
            format_pct(r["share_favourable"], lang),
        ]
        for r in table.iter_rows(named=True)
    ]


def _experience_rows(table: pl.DataFrame, lang: str) -> list[list[str]]:
    return [
        [
            gettext(f"survey.exp.{r['type']}", lang),
            gettext(f"survey.src.{r['source']}", lang),
            str(r["group"]),
            "–" if r["n"] is None else str(r["n"]),
            format_pct(r["rate"], lang),
        ]
        for r in table.iter_rows(named=True)
    ]


def signal_rows(results: RoundResults, links: dict[str, int], lang: str) -> list[list[str]]:
    """Return one row per signal with the linked measure (or that it has none)."""
    rows = []
    for s in results.signals:
        where = (
            gettext("survey.decline", lang) if s.kind == "decline" else f"{s.group_by} = {s.group}"
        )
        measure = links.get(s.key)
        rows.append(
            [
                s.construct,
                where,
                format_number(s.difference, lang, 2),
                f"{s.p_value:.3f}",
                str(measure) if measure else gettext("survey.no_action", lang),
            ]
        )
    return rows


def build_survey_report(
    session: Session,
    org: Organisation,
    round_name: str,
    lang: str,
    fmt: ReportFormat,
    min_group: int,
) -> bytes:
    """Return the round's report in the requested format."""
    results = round_results(session, org, round_name, min_group)
    links = signal_links(session, org)
    head = [
        gettext(k, lang)
        for k in (
            "survey.construct",
            "survey.group",
            "survey.n",
            "survey.mean",
            "survey.favourable",
        )
    ]
    overall = _rows(results.overall, lang)
    groups = {g: _rows(t, lang) for g, t in results.by_group.items()}
    experiences = _experience_rows(results.experiences["gender"], lang)
    signals = signal_rows(results, links, lang)
    if fmt == ReportFormat.XLSX:
        sheets = {gettext("survey.overall", lang): pl.DataFrame(overall, schema=head, orient="row")}
        for group, rows in groups.items():
            sheets[group] = pl.DataFrame(rows, schema=head, orient="row")
        sheets[gettext("survey.signals", lang)] = pl.DataFrame(
            signals,
            schema=[
                gettext(k, lang)
                for k in (
                    "survey.construct",
                    "survey.group",
                    "survey.difference",
                    "survey.p",
                    "survey.measure",
                )
            ],
            orient="row",
        )
        return frames_to_xlsx(sheets)
    html = render_html(
        "survey_report.html",
        lang,
        results=results,
        overall=overall,
        groups=groups,
        experiences=experiences,
        signals=signals,
        head=head,
        unlinked=sum(1 for s in results.signals if s.key not in links),
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
        "survey.type": ("soort", "type"),
        "survey.source": ("van", "from"),
        "survey.rate": ("aandeel", "share"),
        "survey.signals": ("Signalen", "Signals"),
        "survey.signals_intro": (
            "Een signaal: een groep wijkt minstens 0,3 punt af van de rest én de toets van Welch "
            "geeft p < 0,05; of een onderwerp daalde zo ten opzichte van de vorige ronde. Elk "
            "signaal krijgt een maatregel in het plan.",
            "A signal: a group differs from the rest by at least 0.3 points and Welch's test gives "
            "p < 0.05; or a construct fell that much since the previous round. Every signal "
            "needs a plan measure.",
        ),
        "survey.unlinked": (
            "{count} signaal/signalen zonder maatregel.",
            "{count} signal(s) without a measure.",
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
