"""The definitions the pay-gap report prints at its end (docs/pay.md says the same).

Beside the per-figure definitions (a-g, pay.text.DEFINITIONS), the report defines who is
counted, over which period, which pay, how a gap and the art. 10 flag are computed, and what is
hidden: the same list for the report (HTML, PDF, DOCX), its workbook and the web page.
"""

from __future__ import annotations

from gepmonitor.core.formatting import format_number
from gepmonitor.core.i18n import gettext
from gepmonitor.pay.figures import FLAG_THRESHOLD


def pay_definitions(
    lang: str, min_cell: int, year: int, category_kind: str = "scale"
) -> list[tuple[str, str]]:
    """Return (term, meaning) pairs of the pay-gap report, in the language."""
    categories = (
        gettext(
            "The function group of the pay file (it had a function-group column and no "
            "scale column).",
            lang,
        )
        if category_kind == "function"
        else gettext(
            "The salary scale, from the pay file or else from the personnel snapshot.", lang
        )
    )
    return [
        (
            gettext("Workers counted", lang),
            gettext(
                "Every worker with a pay record for the reference year, one row per worker, "
                "whether or not employed on a peildatum. Women and men form the gaps; workers "
                "registered as x or unknown are counted apart and left out of every gap.",
                lang,
            ),
        ),
        (
            gettext("Reference period", lang),
            gettext(
                "The calendar year {year}: pay and paid hours of 1 January to 31 December.",
                lang,
                year=year,
            ),
        ),
        (
            gettext("Headcount", lang),
            gettext(
                "Counts are people (headcount), not FTE: every worker counts once, whatever "
                "their hours. Part-time work enters the gaps through hourly pay.",
                lang,
            ),
        ),
        (
            gettext("Pay components", lang),
            gettext(
                "Basic pay: the basic annual gross wage. Complementary or variable pay: the "
                "sum of every other component in the pay file (allowances, end-of-year "
                "payment, holiday pay, IKB, bonuses, overtime; art. 3 of the directive). "
                "Hourly pay = (basic + complementary) / paid hours; basic hourly pay = basic / "
                "paid hours; annual pay = basic + complementary.",
                lang,
            ),
        ),
        (
            gettext("Gap (mean and median)", lang),
            gettext(
                "(men's figure − women's figure) / men's figure × 100, with the figure the "
                "mean or the median (the middle value; the mean of the two middle values for "
                "an even count): positive when women earn less. The headline gaps are of "
                "hourly pay; complementary gaps are over the workers who received any.",
                lang,
            ),
        ),
        (
            gettext("Categories of workers", lang),
            categories,
        ),
        (
            gettext("The 5% rule (art. 10)", lang),
            gettext(
                "A category whose mean gap of hourly pay is {pct}% or more, either way, is "
                "flagged: the employer justifies it with objective, gender-neutral criteria or "
                "remedies it within six months of the report, or else carries out a joint pay "
                "assessment with the workers' representatives. The flag rests on the exact "
                "gap; where the gap is hidden, so is the flag.",
                lang,
                pct=format_number(FLAG_THRESHOLD, lang, 0),
            ),
        ),
        (
            gettext("Suppression", lang),
            gettext(
                "A gap or share is shown only when women and men each number at least "
                "{min_cell}; counts from 1 to {below} are not shown (*), nor the counts they "
                "could be worked out from, given that the quartiles and the categories add up "
                "to the organisation's totals.",
                lang,
                min_cell=min_cell,
                below=min_cell - 1,
            ),
        ),
        (
            gettext("What explains the gap", lang),
            gettext(
                "Ordinary least squares of the log of basic hourly pay on gender, category, "
                "years of service, age and part-time work, the gender effect read with the "
                "Kennedy (1981) estimate; and an Oaxaca-Blinder decomposition of log hourly pay "
                "with pooled coefficients (docs/pay.md).",
                lang,
            ),
        ),
    ]
