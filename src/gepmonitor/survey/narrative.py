"""The survey report's summary in words and its charts, from the round's (protected) results."""

from __future__ import annotations

import polars as pl

from gepmonitor.core.charts import Chart, bar_chart, make_chart
from gepmonitor.core.formatting import format_pct
from gepmonitor.core.i18n import gettext, ngettext
from gepmonitor.survey.service import RoundResults
from gepmonitor.survey.tables import (
    EXPERIENCE_SOURCES,
    EXPERIENCE_TYPES,
    _label,
    describe_signal,
    group_value,
)

GENDERS = ("m", "v")


def survey_summary(results: RoundResults, links: dict[str, int], lang: str) -> list[str]:
    """Return the opening sentences: respondents, favourable shares, signals, experiences."""
    labels = {c.name: c.label(lang) for c in results.mapping.constructs}
    sentences = [
        ngettext(
            "{n} staff member answered the survey {name}; groups smaller than {min} are not shown.",
            "{n} staff answered the survey {name}; groups smaller than {min} are not shown.",
            results.respondents,
            lang,
            n=results.respondents,
            name=results.round.name,
            min=results.min_group,
        )
        if not results.left_out
        # a group too small to show is in no figure: the count is of men and women only
        else gettext(
            "{n} men and women answered the survey {name}; smaller groups are left out of "
            "every figure.",
            lang,
            n=results.respondents,
            name=results.round.name,
        )
        if not results.other_genders
        # ... or of the groups shown, unknown included
        else gettext(
            "{n} respondents in the groups shown answered the survey {name}; smaller groups "
            "are left out of every figure.",
            lang,
            n=results.respondents,
            name=results.round.name,
        )
    ]
    shares = [
        f"{labels.get(r['construct'], r['construct'])} {format_pct(r['share_favourable'], lang)}"
        for r in results.overall.iter_rows(named=True)
        if r["share_favourable"] is not None
    ]
    if shares:
        sentences.append(gettext("Favourable answers: {shares}.", lang, shares=", ".join(shares)))
    if results.signals:
        described = [describe_signal(s, labels, lang) for s in results.signals]
        unlinked = sum(1 for s in results.signals if s.key not in links)
        text = ngettext(
            "The survey gives {count} signal: {signals}.",
            "The survey gives {count} signals: {signals}.",
            len(results.signals),
            lang,
            count=len(results.signals),
            signals="; ".join(described),
        )
        if unlinked:
            text += " " + ngettext(
                "{count} of them has no measure in the plan yet.",
                "{count} of them have no measure in the plan yet.",
                unlinked,
                lang,
                count=unlinked,
            )
        else:
            text += " " + gettext("Each has a measure in the plan.", lang)
        sentences.append(text)
    else:
        sentences.append(gettext("The survey gives no signals.", lang))
    top = _top_experiences(results, lang)
    if top:
        sentences.append(
            gettext(
                "Experienced most often in the last twelve months: {items}.",
                lang,
                items=", ".join(top),
            )
        )
    return sentences


def _top_experiences(results: RoundResults, lang: str, count: int = 2) -> list[str]:
    table = results.experiences.get("all")
    if table is None or table.is_empty():
        return []
    rows = table.filter(pl.col("rate").is_not_null()).sort("rate", descending=True).head(count)
    return [
        gettext(
            "{type} by {source} ({rate})",
            lang,
            type=_label(EXPERIENCE_TYPES, r["type"], lang),
            source=_label(EXPERIENCE_SOURCES, r["source"], lang),
            rate=format_pct(r["rate"], lang),
        )
        for r in rows.iter_rows(named=True)
    ]


def constructs_chart(results: RoundResults, lang: str) -> Chart | None:
    """Return the share of favourable answers per construct for men and women."""
    table = results.by_group.get("gender")
    if table is None or table.is_empty():
        return None
    labels = {c.name: c.label(lang) for c in results.mapping.constructs}
    constructs = [c.name for c in results.mapping.constructs]
    series = {}
    for gender in GENDERS:
        part = table.filter(pl.col("group") == gender)
        values = {r["construct"]: r["share_favourable"] for r in part.iter_rows(named=True)}
        series[group_value("gender", gender, lang)] = [values.get(c) for c in constructs]
    if all(v is None for values in series.values() for v in values):
        return None
    figure = bar_chart([labels[c] for c in constructs], series, percent=True)
    caption = gettext(
        "Share of favourable answers per subject, men and women (a hidden group has no bar).",
        lang,
    )
    return make_chart(figure, caption)


def experiences_chart(results: RoundResults, lang: str) -> Chart | None:
    """Return the share of men and women who experienced each kind of undesirable behaviour."""
    table = results.experiences.get("gender")
    if table is None or table.is_empty():
        return None
    kinds = table.select("type", "source").unique(maintain_order=True).rows()
    series = {}
    for gender in GENDERS:
        part = table.filter(pl.col("group") == gender)
        rates = {(r["type"], r["source"]): r["rate"] for r in part.iter_rows(named=True)}
        series[group_value("gender", gender, lang)] = [rates.get(kind) for kind in kinds]
    if all(v is None for values in series.values() for v in values):
        return None
    names = [
        f"{_label(EXPERIENCE_TYPES, t, lang)} ({_label(EXPERIENCE_SOURCES, s, lang)})"
        for t, s in kinds
    ]
    figure = bar_chart(names, series, percent=True, horizontal=True)
    caption = gettext(
        "Share of men and women who experienced undesirable behaviour in the last twelve "
        "months, by kind and source (a hidden group has no bar).",
        lang,
    )
    return make_chart(figure, caption)
