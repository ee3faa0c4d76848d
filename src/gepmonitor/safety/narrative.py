"""The integrity annual report's summary in words and its charts, from its suppressed figures.

A hidden (suppressed) count is never put in a sentence: the sentence is left out, or says the
number is too small to publish.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gepmonitor.core.charts import Chart, bar_chart, make_chart
from gepmonitor.core.formatting import format_pct
from gepmonitor.core.i18n import gettext, ngettext
from gepmonitor.safety.vocab import THEMES, TRACKS, label

if TYPE_CHECKING:  # the report imports this module for its summary and charts
    from gepmonitor.safety.report import IntegrityReport


def _track(track: str, lang: str) -> str:
    return label("track", track, lang)


def integrity_summary(report: IntegrityReport, lang: str) -> list[str]:
    """Return the opening sentences: oaths, conversations per track, themes, reports, training."""
    sentences = []
    if report.oaths is not None:
        sentences.append(
            ngettext(
                "In {year} {count} employee took the oath or affirmation (oath register).",
                "In {year} {count} employees took the oath or affirmation (oath register).",
                report.oaths,
                lang,
                year=report.year,
                count=report.oaths,
            )
        )
    behaviour, integrity = report.totals["undesirable_behaviour"], report.totals["integrity"]
    if behaviour.people is not None and behaviour.conversations is not None:
        text = gettext(
            "The counsellors for undesirable behaviour spoke with {people} people in "
            "{conversations} conversations.",
            lang,
            people=behaviour.people,
            conversations=behaviour.conversations,
        )
        if behaviour.with_hierarchical_relation is not None:
            text += " " + ngettext(
                "{count} conversation was about a situation with a hierarchical relation.",
                "{count} conversations were about a situation with a hierarchical relation.",
                behaviour.with_hierarchical_relation,
                lang,
                count=behaviour.with_hierarchical_relation,
            )
        sentences.append(text)
    if integrity.people is not None and integrity.conversations is not None:
        text = gettext(
            "The counsellors for integrity spoke with {people} people in {conversations} "
            "conversations.",
            lang,
            people=integrity.people,
            conversations=integrity.conversations,
        )
        if integrity.about_integrity is not None:
            text += " " + ngettext(
                "{count} of them was about an integrity question.",
                "{count} of them were about an integrity question.",
                integrity.about_integrity,
                lang,
                count=integrity.about_integrity,
            )
        sentences.append(text)
    themes = _top_themes(report, lang)
    if themes:
        sentences.append(
            gettext("The themes heard most often: {themes}.", lang, themes=", ".join(themes))
        )
    sentences += _register_sentences(report, lang)
    return sentences


def _top_themes(report: IntegrityReport, lang: str, count: int = 3) -> list[str]:
    totals = []
    for theme in THEMES:
        values = [report.totals[t].themes.get(theme) for t in TRACKS]
        if any(v is None for v in values):
            continue  # a hidden count is not ranked
        total = sum(v or 0 for v in values)
        if total:
            totals.append((total, label("theme", theme, lang)))
    return [name for _, name in sorted(totals, key=lambda item: -item[0])[:count]]


def _register_sentences(report: IntegrityReport, lang: str) -> list[str]:
    sentences = []
    now = report.reports[-1] if report.reports else None
    if now is not None and now[3] is not None:
        before = report.reports[-2][3] if len(report.reports) > 1 else None
        if before is not None:
            text = ngettext(
                "{count} formal report or complaint was received ({before} the year before).",
                "{count} formal reports and complaints were received ({before} the year before).",
                now[3],
                lang,
                count=now[3],
                before=before,
            )
        else:
            text = ngettext(
                "{count} formal report or complaint was received.",
                "{count} formal reports and complaints were received.",
                now[3],
                lang,
                count=now[3],
            )
        sentences.append(text)
    incidents = list(report.incidents.values())
    if incidents and all(v is not None for v in incidents):
        sentences.append(
            ngettext(
                "{count} incident of aggression by the public against staff was logged.",
                "{count} incidents of aggression by the public against staff were logged.",
                sum(v or 0 for v in incidents),
                lang,
                count=sum(v or 0 for v in incidents),
            )
        )
    for training in report.trainings:
        if training.attendees is None or training.kind == "introduction":
            continue
        text = gettext(
            "{title}: {attendees} attendees",
            lang,
            title=training.title,
            attendees=training.attendees,
        )
        if training.reach is not None:
            text += " " + gettext(
                "({reach} of staff)", lang, reach=format_pct(training.reach, lang)
            )
        sentences.append(text + ".")
    return sentences


def themes_chart(report: IntegrityReport, lang: str) -> Chart | None:
    """Return the conversations per theme and track (a hidden count marked *, no bar)."""
    rows = [
        (theme, [report.totals[t].themes.get(theme) for t in TRACKS])
        for theme in THEMES
        if any(report.totals[t].themes.get(theme) != 0 for t in TRACKS)
    ]
    if not any(value for _, values in rows for value in values):
        return None  # nothing to draw: every count is zero or hidden
    series = {
        _track(track, lang): [values[index] for _, values in rows]
        for index, track in enumerate(TRACKS)
    }
    figure = bar_chart(
        [label("theme", theme, lang) for theme, _ in rows],
        series,
        horizontal=True,
        hidden="*",
    )
    caption = gettext(
        "Conversations per theme in {year}, by track; a hidden count is marked * and has no bar.",
        lang,
        year=report.year,
    )
    return make_chart(figure, caption)


def reports_chart(report: IntegrityReport, lang: str) -> Chart | None:
    """Return the formal reports and complaints per year, by track, stacked."""
    if not report.reports:
        return None
    years = [str(row[0]) for row in report.reports]
    if all(row[1] is not None and row[2] is not None for row in report.reports):
        series = {
            _track("undesirable_behaviour", lang): [row[1] for row in report.reports],
            _track("integrity", lang): [row[2] for row in report.reports],
        }
        caption = gettext("Formal reports and complaints received per year, by track.", lang)
        return make_chart(bar_chart(years, series, stacked=True), caption)
    totals = [row[3] for row in report.reports]
    if not any(totals):
        return None  # every year hidden: no chart rather than a row of zeros
    caption = gettext(
        "Formal reports and complaints received per year (the split by track is too small "
        "to publish; a hidden total is marked * and has no bar).",
        lang,
    )
    return make_chart(bar_chart(years, {gettext("total", lang): totals}, hidden="*"), caption)


def trend_chart(report: IntegrityReport, lang: str) -> Chart | None:
    """Return the conversations per year and track over the report's last four years."""
    if not report.trend:
        return None
    years = [str(year) for year, _, _ in report.trend]
    series = {
        _track("undesirable_behaviour", lang): [b for _, b, _ in report.trend],
        _track("integrity", lang): [i for _, _, i in report.trend],
    }
    caption = gettext(
        "Conversations with the counsellors per year, by track; a hidden count is marked * and "
        "has no bar.",
        lang,
    )
    return make_chart(bar_chart(years, series, hidden="*"), caption)


def incidents_chart(report: IntegrityReport, lang: str) -> Chart | None:
    """Return the incidents of aggression by the public in the year, by kind."""
    if not report.incidents:
        return None
    labels = [label("incident", k, lang) for k in report.incidents]
    figure = bar_chart(
        labels,
        {gettext("incidents", lang): list(report.incidents.values())},
        horizontal=True,
        hidden="*",
    )
    caption = gettext(
        "Incidents of aggression by the public in {year}, by kind; a hidden count is marked * "
        "and has no bar.",
        lang,
        year=report.year,
    )
    return make_chart(figure, caption)
