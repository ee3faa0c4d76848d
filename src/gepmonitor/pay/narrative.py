"""The pay-gap report's summary in words, generated from the (protected) figures.

Every sentence is built from a figure the report shows: a suppressed gap or share is never
mentioned, and a missing one is left out rather than guessed.
"""

from __future__ import annotations

from collections.abc import Sequence

from gepmonitor.core.i18n import N_, gettext, ngettext
from gepmonitor.pay.figures import PayGapFigures
from gepmonitor.pay.service import Analysis
from gepmonitor.pay.text import pct

STEADY_POINTS = 0.5  # a change of the gap smaller than half a point counts as "stayed"


def _gap_sentence(figures: PayGapFigures, lang: str) -> str:
    hourly = figures.hourly
    if hourly.mean_gap is None:
        return gettext(
            "In {year} the gap of hourly pay cannot be shown: fewer than {min} women or men "
            "were paid.",
            lang,
            year=figures.year,
            min=figures.min_cell,
        )
    params = {
        "year": figures.year,
        "mean": pct(abs(hourly.mean_gap), lang),
        "median": pct(abs(hourly.median_gap), lang) if hourly.median_gap is not None else "–",
    }
    if abs(hourly.mean_gap) < STEADY_POINTS:
        return gettext(
            "In {year} women and men earned about the same per hour on average (a mean gap of "
            "{mean}).",
            lang,
            **params,
        )
    if hourly.mean_gap > 0:
        text = N_(
            "In {year} women earned on average {mean} less per hour than men (mean gap of "
            "hourly pay); the median gap was {median}."
        )
    else:
        text = N_(
            "In {year} women earned on average {mean} more per hour than men (mean gap of "
            "hourly pay); the median gap was {median}."
        )
    return gettext(text, lang, **params)


def _trend_sentence(trend: Sequence[PayGapFigures], lang: str) -> str | None:
    shown = [f for f in trend if f.hourly.mean_gap is not None]
    if len(shown) < 2:
        return None
    first, last = shown[0], shown[-1]
    assert first.hourly.mean_gap is not None and last.hourly.mean_gap is not None
    params = {
        "first": pct(first.hourly.mean_gap, lang),
        "last": pct(last.hourly.mean_gap, lang),
        "first_year": first.year,
        "year": last.year,
    }
    change = last.hourly.mean_gap - first.hourly.mean_gap
    if abs(change) < STEADY_POINTS:
        text = N_("The mean gap of hourly pay stayed at about {last} from {first_year} to {year}.")
    elif abs(last.hourly.mean_gap) < abs(first.hourly.mean_gap):
        text = N_(
            "The mean gap of hourly pay narrowed from {first} in {first_year} to {last} in {year}."
        )
    else:
        text = N_(
            "The mean gap of hourly pay widened from {first} in {first_year} to {last} in {year}."
        )
    return gettext(text, lang, **params)


def _quartile_sentence(figures: PayGapFigures, lang: str) -> str | None:
    bands = figures.quartiles
    if len(bands) < 4 or bands[0].women_pct is None or bands[-1].women_pct is None:
        return None
    return gettext(
        "Women are {low} of the quarter of workers with the lowest hourly pay and {high} of "
        "the quarter with the highest.",
        lang,
        low=pct(bands[0].women_pct, lang),
        high=pct(bands[-1].women_pct, lang),
    )


def _category_sentences(figures: PayGapFigures, lang: str) -> list[str]:
    shown = [c for c in figures.categories if c.flagged is not None]
    hidden = len(figures.categories) - len(shown)
    flagged = [c.category for c in shown if c.flagged]
    sentences = []
    if flagged:
        sentences.append(
            ngettext(
                "{n} of {total} categories has a mean gap of hourly pay of 5% or more either "
                "way ({names}): it needs an objective justification or a remedy (art. 10).",
                "{n} of {total} categories have a mean gap of hourly pay of 5% or more either "
                "way ({names}): each needs an objective justification or a remedy (art. 10).",
                len(flagged),
                lang,
                n=len(flagged),
                total=len(shown),
                names=", ".join(flagged),
            )
        )
    elif shown:
        sentences.append(
            ngettext(
                "The {total} category shown has no mean gap of hourly pay of 5% or more.",
                "None of the {total} categories shown has a mean gap of hourly pay of 5% or more.",
                len(shown),
                lang,
                total=len(shown),
            )
        )
    if hidden:
        sentences.append(
            ngettext(
                "{n} category has too few women or men to show its gap.",
                "{n} categories have too few women or men to show their gaps.",
                hidden,
                lang,
                n=hidden,
            )
        )
    return sentences


def _analysis_sentence(analysis: Analysis, lang: str) -> str | None:
    regression = analysis.regression
    if regression is None:
        return None
    if regression.rating == 1:
        return gettext(
            "Workers of the same category, years of service, age and part-time factor show no "
            "statistically significant difference in pay between women and men.",
            lang,
        )
    text = (
        N_(
            "Under otherwise equal circumstances (category, years of service, age, part-time "
            "work) women earn {gap} less than men."
        )
        if regression.kennedy < 0
        else N_(
            "Under otherwise equal circumstances (category, years of service, age, part-time "
            "work) women earn {gap} more than men."
        )
    )
    return gettext(text, lang, gap=pct(abs(regression.kennedy) * 100, lang))


def paygap_summary(
    figures: PayGapFigures, trend: Sequence[PayGapFigures], analysis: Analysis, lang: str
) -> list[str]:
    """Return the summary in words: the gap, its trend, quartiles, categories and the analysis."""
    sentences: list[str | None] = [
        _gap_sentence(figures, lang),
        _trend_sentence(trend, lang),
        _quartile_sentence(figures, lang),
        *_category_sentences(figures, lang),
        _analysis_sentence(analysis, lang),
    ]
    return [s for s in sentences if s]
