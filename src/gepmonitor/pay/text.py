"""The pay figures and the analysis in words and table rows, in Dutch or English."""

from __future__ import annotations

from gepmonitor.core.formatting import SUPPRESSED_MARK, format_number
from gepmonitor.core.i18n import N_
from gepmonitor.core.i18n import gettext as _t
from gepmonitor.pay.figures import GapFigure, PayGapFigures
from gepmonitor.pay.register import STATUS_TEXT

# Each figure's definition, printed beside it in the report and in docs/pay.md.
DEFINITIONS = {
    "a": N_(
        "Mean hourly pay of men minus that of women, as a percentage of men's; hourly pay is "
        "basic plus complementary pay divided by paid hours. Also on annual pay."
    ),
    "b": N_(
        "The same with the mean yearly complementary or variable pay of those who received any."
    ),
    "c": N_("As (a) with medians: the middle value, or the mean of the two middle values."),
    "d": N_("As (b) with medians."),
    "e": N_("Share of women and of men who received any complementary or variable pay."),
    "f": N_(
        "All workers sorted by hourly pay and cut into four equal bands (1 = lowest); workers "
        "with equal pay on a boundary are split over it in proportion to their gender."
    ),
    "g": N_(
        "Per category of workers: the gaps of basic hourly pay, of complementary pay and of "
        "hourly pay; a mean gap of hourly pay of 5% or more (either way) needs a justification "
        "or a remedy (art. 10)."
    ),
}


def pct(value: float | None, lang: str, *, suppressed: bool = False) -> str:
    """Format a percentage with one decimal; '*' when suppressed, '–' when there is none."""
    if value is None:
        return SUPPRESSED_MARK if suppressed else "–"
    text = format_number(value, lang, 1)
    return f"{text.removeprefix('-') if text in ('-0,0', '-0.0') else text}%"


def count(value: float | None, lang: str) -> str:
    """Format a (possibly tie-split, fractional) count; '*' when suppressed."""
    if value is None:
        return SUPPRESSED_MARK
    if float(value).is_integer():
        return str(int(value))
    return format_number(value, lang, 1)


def status_label(status: str, lang: str) -> str:
    """Return a register status in words."""
    return _t(STATUS_TEXT.get(status, status), lang)


def _gap_rows(code: str, label: str, gap: GapFigure, lang: str) -> list[list[str]]:
    return [
        [
            code,
            _t("Mean gap, {what}", lang, what=_t(label, lang)),
            pct(gap.mean_gap, lang, suppressed=gap.suppressed),
        ],
        [
            code,
            _t("Median gap, {what}", lang, what=_t(label, lang)),
            pct(gap.median_gap, lang, suppressed=gap.suppressed),
        ],
    ]


def figure_rows(
    figures: PayGapFigures, statuses: dict[str, str], lang: str
) -> tuple[list[str], list[list[str]]]:
    """Return the head and rows of the figures a-g (one row per figure, categories last)."""
    head = [_t("figure", lang), _t("what", lang), _t("value", lang)]
    rows = [
        [
            "",
            _t("Workers: women / men / other", lang),
            " / ".join(count(v, lang) for v in (figures.women, figures.men, figures.other)),
        ],
    ]
    rows += _gap_rows("a, c", N_("hourly pay"), figures.hourly, lang)
    rows += _gap_rows("a, c", N_("annual pay"), figures.annual, lang)
    rows += _gap_rows("b, d", N_("complementary pay"), figures.complementary, lang)
    receiving = figures.receiving
    rows.append(
        [
            "e",
            _t("Women receiving complementary pay", lang),
            pct(receiving.women_pct, lang, suppressed=True),
        ]
    )
    rows.append(
        [
            "e",
            _t("Men receiving complementary pay", lang),
            pct(receiving.men_pct, lang, suppressed=True),
        ]
    )
    for band in figures.quartiles:
        rows.append(
            [
                "f",
                _t("Quartile {q}: women / men", lang, q=band.quartile),
                f"{count(band.women, lang)} ({pct(band.women_pct, lang, suppressed=True)}) / "
                f"{count(band.men, lang)} ({pct(band.men_pct, lang, suppressed=True)})",
            ]
        )
    for c in figures.categories:
        flag = ""
        if c.flagged:
            flag = " ⚑ " + status_label(statuses.get(c.category, "remedy_due"), lang)
        rows.append(
            [
                "g",
                _t(
                    "Category {category}: women / men, mean gap basic hourly / complementary / "
                    "hourly",
                    lang,
                    category=c.category,
                ),
                f"{count(c.women, lang)} / {count(c.men, lang)}, "
                f"{pct(c.basic.mean_gap, lang, suppressed=c.basic.suppressed)} / "
                f"{pct(c.complementary.mean_gap, lang, suppressed=c.complementary.suppressed)} / "
                f"{pct(c.hourly.mean_gap, lang, suppressed=c.hourly.suppressed)}{flag}",
            ]
        )
    return head, rows


RATING_TEXT = {
    1: N_("the difference is not statistically significant"),
    2: N_("significant, within Logib's tolerance of 2.5%"),
    3: N_("significant, above Logib's target value of 2.5%"),
    4: N_("significant, above Logib's limit of 5%"),
}
GROUP_TEXT = {
    "category": N_("category"),
    "service": N_("years of service"),
    "age": N_("age"),
    "part_time": N_("part-time work"),
}


def analysis_lines(analysis, lang: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Return the analysis in sentences: the unexplained gap, its test, and the decomposition."""
    if analysis.regression is None or analysis.decomposition is None:
        return [
            _t(
                "No analysis for {year}: {reason}.",
                lang,
                year=analysis.year,
                reason=_t(analysis.problem or "", lang),
            )
        ]
    r, d = analysis.regression, analysis.decomposition
    lines = [
        _t(
            "Regression of ln(basic hourly pay) on category, years of service, age, age squared "
            "and part-time work, {n} workers ({women} women, {men} men; {left} left out for "
            "missing birth year, hire date or FTE, or another gender).",
            lang,
            n=r.n,
            women=r.women,
            men=r.men,
            left=analysis.left_out,
        ),
        _t(
            "Under otherwise equal circumstances women earn {kennedy} {direction} than men "
            "(Kennedy estimate; coefficient {c}, standard error {se}, t {t}, p {p}, 95% interval "
            "{low} to {high}); Logib rating {rating}: {rating_text}.",
            lang,
            kennedy=pct(abs(r.kennedy) * 100, lang),
            direction=_t(N_("less") if r.kennedy < 0 else N_("more"), lang),
            c=format_number(r.coefficient, lang, 4),
            se=format_number(r.se, lang, 4),
            t=format_number(r.t, lang, 2),
            p=format_number(r.p, lang, 4)
            if r.p >= 0.0001
            else "< 0,0001"
            if lang == "nl"
            else "< 0.0001",
            low=format_number(r.ci_low, lang, 4),
            high=format_number(r.ci_high, lang, 4),
            rating=r.rating,
            rating_text=_t(RATING_TEXT[r.rating], lang),
        ),
        _t(
            "Men's mean ln hourly pay is {difference} log points above women's; differences in "
            "category, service, age and part-time work explain {explained} points.",
            lang,
            difference=format_number(d.difference * 100, lang, 1),
            explained=format_number(d.explained * 100, lang, 1),
        ),
    ]
    lines += [
        _t(
            "- {group}: {points} points.",
            lang,
            group=_t(GROUP_TEXT.get(g, g), lang),
            points=format_number(v * 100, lang, 1),
        )
        for g, v in d.contributions.items()
    ]
    lines.append(
        _t(
            "The other {unexplained} points are not explained by these variables.",
            lang,
            unexplained=format_number(d.unexplained * 100, lang, 1),
        )
    )
    return lines
