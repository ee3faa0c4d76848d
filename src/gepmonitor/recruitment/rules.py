"""The rules of the appointments register, as pure functions.

Comply or explain ("pas toe of leg uit", seed 001): for a vacancy at or above the threshold
scale, appointing a man while a suitable woman was on the shortlist needs a written explanation
and the name of whoever approved it.
"""

from __future__ import annotations

from dataclasses import dataclass

from gepmonitor.core.errors import InputError

GENDERS = ("m", "v", "x")
MIN_EXPLANATION = 20  # characters: a reason, not a placeholder


@dataclass(frozen=True)
class Counts:
    """Applicants, shortlisted and suitable candidates of a vacancy, by gender (m, v, x)."""

    applicants: tuple[int, int, int]
    shortlisted: tuple[int, int, int]
    suitable: tuple[int, int, int]


def check_counts(counts: Counts) -> str | None:
    """Return the message key of the first inconsistency, or None when the counts add up."""
    for group in (counts.applicants, counts.shortlisted, counts.suitable):
        if any(n < 0 for n in group):
            return "recruitment.negative_count"
    for index in range(3):
        if counts.shortlisted[index] > counts.applicants[index]:
            return "recruitment.shortlist_exceeds_applicants"
        if counts.suitable[index] > counts.shortlisted[index]:
            return "recruitment.suitable_exceeds_shortlist"
    return None


def explanation_required(
    scale: int, suitable_women: int, appointed_gender: str, threshold: int
) -> bool:
    """Return whether appointing this gender to this vacancy needs an explanation."""
    return scale >= threshold and appointed_gender == "m" and suitable_women > 0


def enforce_comply_or_explain(
    scale: int,
    suitable_women: int,
    appointed_gender: str,
    threshold: int,
    explanation: str,
    approver: str,
) -> None:
    """Raise an InputError when an explanation (and approver) is required and missing."""
    if not explanation_required(scale, suitable_women, appointed_gender, threshold):
        return
    if len(explanation.strip()) < MIN_EXPLANATION:
        raise InputError(
            "recruitment.explanation_required",
            scale=scale,
            threshold=threshold,
            women=suitable_women,
            minimum=MIN_EXPLANATION,
        )
    if not approver.strip():
        raise InputError("recruitment.approver_required")


def parse_gender(value: str) -> str:
    """Return m, v or x for an appointed person's gender code."""
    code = {
        "m": "m",
        "man": "m",
        "male": "m",
        "v": "v",
        "vrouw": "v",
        "f": "v",
        "female": "v",
        "x": "x",
        "anders": "x",
        "non-binary": "x",
    }.get(value.strip().lower())
    if code is None:
        raise InputError("recruitment.bad_gender", value=value)
    return code


from gepmonitor.core.i18n import register as _register  # noqa: E402

_register(
    {
        "recruitment.negative_count": (
            "Aantallen kunnen niet negatief zijn.",
            "Counts cannot be negative.",
        ),
        "recruitment.shortlist_exceeds_applicants": (
            "Er staan meer kandidaten op de shortlist dan er hebben gesolliciteerd.",
            "More candidates are shortlisted than applied.",
        ),
        "recruitment.suitable_exceeds_shortlist": (
            "Er zijn meer geschikte kandidaten dan er op de shortlist staan.",
            "More candidates are suitable than shortlisted.",
        ),
        "recruitment.explanation_required": (
            "Pas toe of leg uit: voor deze vacature in schaal {scale} (drempel {threshold}) stond "
            "{women} geschikte vrouw(en) op de shortlist. Een man benoemen kan alleen met een "
            "schriftelijke uitleg (minstens {minimum} tekens) en de naam van wie die goedkeurde.",
            "Comply or explain: this vacancy in scale {scale} (threshold {threshold}) had "
            "{women} suitable woman/women on the shortlist. Appointing a man needs a written "
            "explanation (at least {minimum} characters) and the name of who approved it.",
        ),
        "recruitment.approver_required": (
            "Pas toe of leg uit: vul in wie de uitleg heeft goedgekeurd.",
            "Comply or explain: fill in who approved the explanation.",
        ),
        "recruitment.bad_gender": (
            "Onbekend geslacht '{value}'; gebruik m, v of x.",
            "Unknown gender '{value}'; use m, v or x.",
        ),
    }
)
