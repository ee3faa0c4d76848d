"""The definitions the survey report prints at its end (docs/survey.md says the same).

Who is counted, which round, what a score, a favourable share and an experience rate are, how a
signal is tested and what is hidden: one list for the report (HTML, PDF, DOCX) and its workbook.
"""

from __future__ import annotations

from gepmonitor.core.formatting import format_number
from gepmonitor.core.i18n import gettext
from gepmonitor.survey.analytics import ALPHA, EXPERIENCE_THRESHOLD, SCALE_THRESHOLD
from gepmonitor.survey.service import RoundResults


def survey_definitions(results: RoundResults, lang: str, min_cell: int) -> list[tuple[str, str]]:
    """Return (term, meaning) pairs of the survey report, in the language."""
    mapping = results.mapping
    alpha = format_number(ALPHA, lang, 2)
    favourable = float(mapping.favourable_from)
    return [
        (
            gettext("Respondents", lang),
            gettext(
                "Everyone whose answers to round {name} ({year}) were imported. Respondents "
                "registered as x or unknown are shown as a group only when that group has at "
                "least {min} respondents in every figure of the round; otherwise they are left "
                "out of every figure, totals included, and the totals say of whom they are.",
                lang,
                name=results.round.name,
                year=results.round.year,
                min=results.min_group,
            ),
        ),
        (
            gettext("Scores", lang),
            gettext(
                "A respondent's score on a subject is the mean of the items they answered on "
                "the scale {low} to {high}, reversed items turned round; a group's score is "
                "the mean of its respondents' scores. Favourable: a score of {favourable} or "
                "higher.",
                lang,
                low=mapping.scale_min,
                high=mapping.scale_max,
                favourable=format_number(favourable, lang, 0 if favourable.is_integer() else 1),
            ),
        ),
        (
            gettext("Experience rates", lang),
            gettext(
                "The share of the respondents who answered the question that experienced the "
                "behaviour from that source, as the survey asked it.",
                lang,
            ),
        ),
        (
            gettext("Signals on scores", lang),
            gettext(
                "A group whose mean score is at least {points} points below that of the other "
                "respondents, with p < {alpha} in Welch's two-sided t-test; or a subject whose "
                "mean fell by at least {points} points since the previous round, tested the "
                "same way. Both groups have at least {min} respondents.",
                lang,
                points=format_number(SCALE_THRESHOLD, lang, 1),
                alpha=alpha,
                min=results.min_group,
            ),
        ),
        (
            gettext("Signals on experiences", lang),
            gettext(
                "A group that experienced something at least {points} percentage points more "
                "often than the other respondents, with p < {alpha} in a two-sided test for two "
                "proportions (the z-test with the pooled share; Fisher's exact test when an "
                "expected count is below 5). Both groups have at least {min} respondents. Only "
                "the group that fares worse is a signal.",
                lang,
                points=format_number(EXPERIENCE_THRESHOLD * 100, lang, 0),
                alpha=alpha,
                min=results.min_group,
            ),
        ),
        (
            gettext("Suppression", lang),
            gettext(
                "A group smaller than {min} respondents shows no n, score or share; further "
                "groups are hidden until the hidden groups together cannot be worked out from "
                "the totals (at least {min} respondents, and no count from 1 to {below} of "
                "favourable answers or experiences). The women's and men's figures are never "
                "hidden to protect a small x or unknown group.",
                lang,
                min=results.min_group,
                below=min_cell - 1,
            ),
        ),
    ]
