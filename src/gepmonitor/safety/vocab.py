"""The safety module's fixed vocabulary: tracks, themes, sources, workflow, with labels."""

from __future__ import annotations

import re
from datetime import date

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
KINDS = ("internal", "external")
GENDERS = ("v", "m", "x", "onbekend")
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


YEAR_MIN, YEAR_MAX = 2000, 2100
# A person code is a pseudonym the counsellor chooses: letters, digits and dashes, no spaces,
# so that a name ("Jan de Vries") cannot be typed in by habit.
PERSON_CODE = re.compile(r"[A-Za-z0-9-]{1,20}")
YES = ("ja", "j", "yes", "y", "true", "waar", "1", "x")
NO = ("nee", "n", "no", "false", "onwaar", "0", "")


def check_year(year: int) -> int:
    """Return the year when it lies in the range the system handles, else raise InputError."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise InputError("safety.bad_year", value=year, low=YEAR_MIN, high=YEAR_MAX)
    return year


def parse_day(text: str, field: str) -> date:
    """Return the ISO date (YYYY-MM-DD) in text, or raise an InputError naming the field."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise InputError("safety.bad_date", field=field, value=text) from error


def check_past_date(day: date) -> date:
    """Return the date when it is not in the future (records describe what happened)."""
    if day > date.today():
        raise InputError("safety.future_date")
    return day


def check_person_code(value: str) -> str:
    """Return the person code when it is 1-20 letters, digits or dashes (no name)."""
    code = value.strip()
    if not PERSON_CODE.fullmatch(code):
        raise InputError("safety.bad_person")
    return code


def parse_yes_no(value: str, field: str) -> bool:
    """Return a yes/no cell as a bool (ja/nee, yes/no, true/false, 1/0, x/empty)."""
    cleaned = value.strip().lower()
    if cleaned in YES:
        return True
    if cleaned in NO:
        return False
    raise InputError("safety.bad_yes_no", field=field, value=value)


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
        "safety.bad_year": (
            "Jaar {value} valt buiten {low}-{high}.",
            "Year {value} is outside {low}-{high}.",
        ),
        "safety.future_date": ("De datum ligt in de toekomst.", "The date is in the future."),
        "safety.bad_date": (
            "{field}: '{value}' is geen datum (JJJJ-MM-DD).",
            "{field}: '{value}' is not a date (YYYY-MM-DD).",
        ),
        "safety.bad_person": (
            "Geef een persoonscode van 1 tot 20 letters, cijfers of streepjes, zonder spaties "
            "(geen naam), zodat u personen telt.",
            "Give a person code of 1 to 20 letters, digits or dashes, without spaces (not a "
            "name), to count people.",
        ),
        "safety.bad_yes_no": (
            "{field}: '{value}' is geen ja/nee; gebruik ja/nee, yes/no, true/false, 1/0 of x/leeg.",
            "{field}: '{value}' is not yes/no; use ja/nee, yes/no, true/false, 1/0 or x/empty.",
        ),
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
        "safety.kind.internal": ("intern", "internal"),
        "safety.kind.external": ("extern", "external"),
        "safety.gender.v": ("vrouw", "woman"),
        "safety.gender.m": ("man", "man"),
        "safety.gender.x": ("x", "x"),
        "safety.gender.onbekend": ("onbekend", "unknown"),
    }
)
