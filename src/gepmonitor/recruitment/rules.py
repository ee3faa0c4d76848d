"""The rules of the appointments register, as pure functions.

Comply or explain ("pas toe of leg uit", seed 001): for a vacancy at or above the threshold
scale, appointing a man while a suitable woman was on the shortlist needs a written explanation
and the name of whoever approved it.
"""

from __future__ import annotations

from collections.abc import Mapping

from gepmonitor.core.errors import InputError
from gepmonitor.core.i18n import N_

GENDERS = ("m", "v", "x")
MIN_EXPLANATION = 20  # characters: a reason, not a placeholder
STAGES = ("applicants", "shortlisted", "suitable")
COUNT_FIELDS = tuple(f"{stage}_{gender}" for stage in STAGES for gender in GENDERS)
# The stage after another cannot hold more candidates: key of the problem, by later stage.
STAGE_KEYS = {
    "shortlisted": N_("More candidates are shortlisted than applied."),
    "suitable": N_("More candidates are suitable than shortlisted."),
}


def count_problems(counts: Mapping[str, int]) -> list[tuple[str, str]]:
    """Return (field, message key) for every negative count and every count above its stage.

    Counts are keyed like ``shortlisted_v``; a field left out (unreadable) is not compared.
    """
    problems = [(name, N_("Counts cannot be negative.")) for name, n in counts.items() if n < 0]
    for gender in GENDERS:
        for earlier, later in zip(STAGES, STAGES[1:], strict=False):
            before, after = counts.get(f"{earlier}_{gender}"), counts.get(f"{later}_{gender}")
            if before is not None and after is not None and 0 <= before < after:
                problems.append((f"{later}_{gender}", STAGE_KEYS[later]))
    return problems


def explanation_required(
    scale: int, suitable_women: int, appointed_gender: str, threshold: int
) -> bool:
    """Return whether appointing this gender to this vacancy needs an explanation."""
    return scale >= threshold and appointed_gender == "m" and suitable_women > 0


def comply_or_explain_errors(
    scale: int,
    suitable_women: int,
    appointed_gender: str,
    threshold: int,
    explanation: str,
    approver: str,
) -> list[tuple[str, InputError]]:
    """Return (field, error) for a missing explanation and a missing approver, when required."""
    if not explanation_required(scale, suitable_women, appointed_gender, threshold):
        return []
    errors = []
    if len(explanation.strip()) < MIN_EXPLANATION:
        error = InputError.plural(
            "Comply or explain: this vacancy in scale {scale} (threshold {threshold}) had "
            "{women} suitable woman on the shortlist. Appointing a man needs a written "
            "explanation (at least {minimum} characters) and the name of who approved it.",
            "Comply or explain: this vacancy in scale {scale} (threshold {threshold}) had "
            "{women} suitable women on the shortlist. Appointing a man needs a written "
            "explanation (at least {minimum} characters) and the name of who approved it.",
            suitable_women,
            scale=scale,
            threshold=threshold,
            women=suitable_women,
            minimum=MIN_EXPLANATION,
        )
        errors.append(("explanation", error))
    if not approver.strip():
        errors.append(
            ("approver", InputError("Comply or explain: fill in who approved the explanation."))
        )
    return errors


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
        raise InputError("Unknown gender '{value}'; use m, v or x.", value=value)
    return code
