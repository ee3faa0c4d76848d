"""The recruitment report's summary in words, its table by gender and its charts.

Every sentence comes from a figure of the year's (suppressed) summary; a hidden figure is left
out of the words rather than guessed.
"""

from __future__ import annotations

from gepmonitor.core.charts import Chart, bar_chart, lines_chart, make_chart
from gepmonitor.core.formatting import format_pct
from gepmonitor.core.i18n import N_, gettext, ngettext
from gepmonitor.recruitment.summary import RecruitmentSummary

GENDERS = ("m", "v", "x")


def _share(counts: dict[str, int | None] | None) -> float | None:
    """Return women's share of men and women, or None when a count is hidden or there are none."""
    if counts is None or counts.get("m") is None or counts.get("v") is None:
        return None
    men, women = counts["m"] or 0, counts["v"] or 0
    return women / (men + women) if men + women else None


def recruitment_summary(summary: RecruitmentSummary, lang: str) -> list[str]:
    """Return the opening sentences of the recruitment report."""
    sentences = [
        ngettext(
            "{vacancies} vacancy was opened in {year}; {above} of them in scale {threshold} "
            "and higher.",
            "{vacancies} vacancies were opened in {year}; {above} of them in scale "
            "{threshold} and higher.",
            summary.vacancies,
            lang,
            vacancies=summary.vacancies,
            year=summary.year,
            above=summary.vacancies_above,
            threshold=summary.threshold,
        )
    ]
    appointed = summary.share_women_above
    applicants, suitable = _share(summary.applicants_above), _share(summary.suitable_above)
    if appointed is not None and applicants is not None and suitable is not None:
        sentences.append(
            gettext(
                "Women received {appointed} of the appointments in scale {threshold} and higher; "
                "they were {applicants} of the applicants and {suitable} of the suitable "
                "candidates.",
                lang,
                appointed=format_pct(appointed, lang),
                threshold=summary.threshold,
                applicants=format_pct(applicants, lang),
                suitable=format_pct(suitable, lang),
            )
        )
    explained = len(summary.explained)
    if explained:
        sentences.append(
            ngettext(
                "{count} time a man was appointed while a suitable woman was on the shortlist; "
                "the reason was written down and approved (comply or explain).",
                "{count} times a man was appointed while a suitable woman was on the shortlist; "
                "each time the reason was written down and approved (comply or explain).",
                explained,
                lang,
                count=explained,
            )
        )
    else:
        sentences.append(
            gettext("No man was appointed while a suitable woman was on the shortlist.", lang)
        )
    return sentences


def gender_rows(
    summary: RecruitmentSummary,
) -> list[tuple[str, dict[str, int | None] | None]]:
    """Return (English label, counts by gender) for the table by gender (None: no data)."""
    return [
        (N_("Appointed, all scales"), summary.appointed),
        (N_("Appointed, scale {threshold} and higher"), summary.appointed_above),
        (N_("Applicants, scale {threshold} and higher"), summary.applicants_above),
        (N_("Suitable candidates, scale {threshold} and higher"), summary.suitable_above),
    ]


# The funnel and the trend stand side by side in the report (inches: half the page's width).
PAIR_WIDTH, PAIR_HEIGHT = 3.4, 1.7


def funnel_chart(summary: RecruitmentSummary, lang: str) -> Chart | None:
    """Return the share of women at each stage of selection above the threshold."""
    stages = (
        (N_("applicants"), summary.applicants_above),
        (N_("suitable"), summary.suitable_above),
        (N_("appointed"), summary.appointed_above),
    )
    shares = [_share(counts) for _, counts in stages]
    if all(share is None for share in shares):
        return None
    figure = bar_chart(
        [gettext(name, lang) for name, _ in stages],
        {gettext("share of women", lang): shares},
        percent=True,
        width=PAIR_WIDTH,
        height=PAIR_HEIGHT,
    )
    caption = gettext(
        "Share of women among applicants, suitable candidates and appointments in scale "
        "{threshold} and higher, {year} (a hidden count leaves its bar out).",
        lang,
        threshold=summary.threshold,
        year=summary.year,
    )
    return make_chart(figure, caption)


def trend_chart(
    years: list[int], shares: list[float | None], lang: str, threshold: int
) -> Chart | None:
    """Return the share of women among appointments above the threshold over the years."""
    if len([s for s in shares if s is not None]) < 2:
        return None
    figure = lines_chart(
        years,
        {gettext("share of women", lang): shares},
        percent=True,
        width=PAIR_WIDTH,
        height=PAIR_HEIGHT,
    )
    caption = gettext(
        "Share of women among appointments in scale {threshold} and higher, per year of the "
        "register.",
        lang,
        threshold=threshold,
    )
    return make_chart(figure, caption)
