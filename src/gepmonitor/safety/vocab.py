"""The safety module's fixed vocabulary: tracks, themes, sources, workflow, with labels."""

from __future__ import annotations

from gepmonitor.core.errors import InputError
from gepmonitor.core.i18n import register

TRACKS = ("undesirable_behaviour", "integrity")
BEHAVIOUR_THEMES = (
    "bullying",
    "discrimination",
    "sexual_harassment",
    "aggression_violence",
    "abuse_of_power",
    "exclusion",
    "work_pressure",
    "conflict",
)
INTEGRITY_THEMES = ("conflict_of_interest", "misuse_of_position", "leaking_information", "fraud")
THEMES = (*BEHAVIOUR_THEMES, *INTEGRITY_THEMES, "other")
SOURCES = ("colleague", "manager", "external")
REFERRALS = ("none", "other_track", "other_help")
OUTCOMES = ("advice", "mediation", "referred", "ongoing", "closed")
REPORT_SOURCES = ("internal", "citizen", "supplier", "other")
INCIDENT_KINDS = ("verbal", "physical", "threat", "online")
TRAINING_KINDS = ("workshop", "training", "meeting", "introduction")
TEXT_SECTIONS = ("works_council", "policy")
# Workflow of formal reports and complaints, with the days allowed in each status.
STATUSES = ("received", "in_progress", "committee_advice", "board_decision", "closed")
STATUS_DAYS = {"received": 14, "in_progress": 70, "committee_advice": 28, "board_decision": 28}


def check_choice(value: str, allowed: tuple[str, ...], field: str) -> str:
    """Return the value when allowed, else raise an InputError naming the choices."""
    cleaned = value.strip().lower()
    if cleaned not in allowed:
        raise InputError("safety.bad_choice", field=field, value=value, allowed=", ".join(allowed))
    return cleaned


def check_themes(values: list[str]) -> list[str]:
    """Return the validated, de-duplicated theme codes (at least one)."""
    themes = [check_choice(v, THEMES, "theme") for v in values if v.strip()]
    if not themes:
        raise InputError("safety.no_theme")
    return list(dict.fromkeys(themes))


register(
    {
        "safety.bad_choice": (
            "{field}: '{value}' is onbekend; kies uit {allowed}.",
            "{field}: '{value}' is unknown; choose from {allowed}.",
        ),
        "safety.no_theme": ("Kies minstens één thema.", "Choose at least one theme."),
        "safety.track.undesirable_behaviour": ("ongewenst gedrag", "undesirable behaviour"),
        "safety.track.integrity": ("integriteit", "integrity"),
        "safety.theme.bullying": ("pesten", "bullying"),
        "safety.theme.discrimination": ("discriminatie", "discrimination"),
        "safety.theme.sexual_harassment": ("seksuele intimidatie", "sexual harassment"),
        "safety.theme.aggression_violence": ("agressie en geweld", "aggression and violence"),
        "safety.theme.abuse_of_power": ("machtsmisbruik", "abuse of power"),
        "safety.theme.exclusion": ("uitsluiten/negeren", "exclusion/ignoring"),
        "safety.theme.work_pressure": ("werkdruk", "work pressure"),
        "safety.theme.conflict": ("conflict", "conflict"),
        "safety.theme.conflict_of_interest": ("belangenverstrengeling", "conflict of interest"),
        "safety.theme.misuse_of_position": ("misbruik van positie", "misuse of position"),
        "safety.theme.leaking_information": ("lekken van informatie", "leaking information"),
        "safety.theme.fraud": ("fraude", "fraud"),
        "safety.theme.other": ("overig", "other"),
        "safety.source.colleague": ("collega", "colleague"),
        "safety.source.manager": ("leidinggevende", "manager"),
        "safety.source.external": ("extern", "external"),
        "safety.referral.none": ("geen", "none"),
        "safety.referral.other_track": ("naar de andere vertrouwenspersoon", "to the other track"),
        "safety.referral.other_help": ("naar andere hulp", "to other help"),
        "safety.outcome.advice": ("advies", "advice"),
        "safety.outcome.mediation": ("bemiddeling", "mediation"),
        "safety.outcome.referred": ("doorverwezen", "referred"),
        "safety.outcome.ongoing": ("loopt nog", "ongoing"),
        "safety.outcome.closed": ("afgerond", "closed"),
        "safety.status.received": ("ontvangen", "received"),
        "safety.status.in_progress": ("in behandeling", "in progress"),
        "safety.status.committee_advice": (
            "advies klachtencommissie",
            "complaints committee advice",
        ),
        "safety.status.board_decision": ("besluit bestuur", "board decision"),
        "safety.status.closed": ("afgesloten", "closed"),
        "safety.rsource.internal": ("intern", "internal"),
        "safety.rsource.citizen": ("burger", "citizen"),
        "safety.rsource.supplier": ("leverancier", "supplier"),
        "safety.rsource.other": ("overig", "other"),
    }
)
