"""The definitions every report prints next to the personnel figures it uses (docs/monitor.md).

One list, so the monitor report, its workbook and the reports that borrow a personnel figure
(recruitment, plan, integrity) say the same thing in the same words.
"""

from __future__ import annotations

from gepmonitor.core.i18n import gettext
from gepmonitor.personnel.peildatum import DEFAULT_RULE, PeildatumRule

ALL = (
    "staff",
    "snapshot",
    "headcount",
    "bands",
    "shares",
    "missing",
    "flows",
    "projections",
    "required",
    "suppression",
)


def definitions(
    lang: str,
    min_cell: int,
    rule: PeildatumRule = DEFAULT_RULE,
    window: str = "",
    keys: tuple[str, ...] = ALL,
) -> list[tuple[str, str]]:
    """Return (term, meaning) pairs for the given definitions, in the language."""
    texts = {
        "staff": (
            gettext("Staff on the peildatum", lang),
            gettext(
                "A person counts as staff on a peildatum when hired on or before it and not "
                "left before it. {exit} Rows of people who left before the peildatum or start "
                "after it are kept for the flows but never counted as staff.",
                lang,
                exit=gettext(
                    "An exit dated on the peildatum itself still counts as staff (the exit "
                    "date is the last day of employment, as the Personeelsmonitor Provincies "
                    "counts the people employed on 31 December).",
                    lang,
                )
                if rule.exit_on_peildatum_is_staff
                else gettext(
                    "An exit dated on the peildatum itself does not count as staff (the "
                    "organisation's setting).",
                    lang,
                ),
            ),
        ),
        "snapshot": (
            gettext("Which snapshot counts for a year", lang),
            gettext(
                "One snapshot per year: the one on {day} of the year; a year without one has "
                "no yearly figures. Other snapshots stay stored for their own date.",
                lang,
                day=rule.reference_text(),
            )
            if rule.reference_day
            else gettext(
                "One snapshot per year: the last peildatum in the year. Other snapshots stay "
                "stored for their own date.",
                lang,
            ),
        ),
        "headcount": (
            gettext("Headcount and FTE", lang),
            gettext(
                "Counts are people (headcount) on the peildatum; FTE is the sum of their "
                "part-time factors. Shares are of headcount.",
                lang,
            ),
        ),
        "bands": (
            gettext("Bands", lang),
            gettext(
                "Scale 11 and higher and scale 13 and higher (CAO Provincies scales 1-18; "
                "trainees and people without a scale are in no scale band), and managers (the "
                "manager flag). 'N+' is scale N and higher.",
                lang,
            ),
        ),
        "shares": (
            gettext("Shares", lang),
            gettext(
                "Share of women = women / (men + women), one decimal. People registered as x "
                "or unknown are counted in their own column.",
                lang,
            ),
        ),
        "missing": (
            gettext("No data", lang),
            gettext(
                "A column an import did not have is unknown for every row: figures that need "
                'it say "no data", never 0.',
                lang,
            ),
        ),
        "flows": (
            gettext("Flows and their periods", lang),
            gettext(
                "Flows run from one year's snapshot to the next: '2025' is from the 2024 to the "
                "2025 peildatum; snapshots further apart give one flow for the whole period "
                "('2022–2025'). Appointments into a band are hires plus promotions into it; "
                "exits are people who left the organisation or the band.",
                lang,
            ),
        ),
        "projections": (
            gettext("Projections and their window", lang),
            gettext(
                "Both projections use every observed year up to the report year{window}. "
                "Linear: a least-squares line through the yearly shares. Flows: each year "
                "women × (1 − exit rate) + women's share of appointments × appointments per "
                "year, likewise for men, with exit rates pooled over the periods and "
                "annualised. With fewer than 3 observed years, or a suppressed base, there is "
                'no projection or verdict ("too little data").',
                lang,
                window=f" ({window})" if window else "",
            ),
        ),
        "required": (
            gettext("Required share of appointments", lang),
            gettext(
                "The share of women among appointments into the band (hires and promotions) "
                "that makes the flow projection reach the target in the target year; it is "
                "shown next to the women's share of the band's appointments in the same years.",
                lang,
            ),
        ),
        "suppression": (
            gettext("Suppression", lang),
            gettext(
                "Counts from 1 to below {min_cell} are not shown (*), with the cells they could "
                "be worked out from (also *). The women's and men's figures are never hidden to "
                "protect a small x or unknown group: that group is hidden and totals and rates "
                "are then of men and women, labelled so.",
                lang,
                min_cell=min_cell,
            ),
        ),
    }
    return [texts[key] for key in keys]
