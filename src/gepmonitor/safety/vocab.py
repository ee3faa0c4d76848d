"""The safety module's fixed vocabulary: tracks, themes, sources, workflow, with labels."""

from __future__ import annotations

import re
from datetime import date

from gepmonitor.core.errors import InputError
from gepmonitor.core.i18n import N_, gettext

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
        raise InputError(
            "{field}: '{value}' is unknown; choose from {allowed}.",
            field=field,
            value=value,
            allowed=", ".join(allowed),
        )
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
        raise InputError(
            "Year {value} is outside {low}-{high}.", value=year, low=YEAR_MIN, high=YEAR_MAX
        )
    return year


def parse_day(text: str, field: str) -> date:
    """Return the ISO date (YYYY-MM-DD) in text, or raise an InputError naming the field."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise InputError(
            "{field}: '{value}' is not a date (YYYY-MM-DD).", field=field, value=text
        ) from error


def check_past_date(day: date) -> date:
    """Return the date when it is not in the future (records describe what happened)."""
    if day > date.today():
        raise InputError("The date is in the future.")
    return day


def check_person_code(value: str) -> str:
    """Return the person code when it is 1-20 letters, digits or dashes (no name)."""
    code = value.strip()
    if not PERSON_CODE.fullmatch(code):
        raise InputError(
            "Give a person code of 1 to 20 letters, digits or dashes, without spaces (not a "
            "name), to count people."
        )
    return code


def parse_yes_no(value: str, field: str) -> bool:
    """Return a yes/no cell as a bool (ja/nee, yes/no, true/false, 1/0, x/empty)."""
    cleaned = value.strip().lower()
    if cleaned in YES:
        return True
    if cleaned in NO:
        return False
    raise InputError(
        "{field}: '{value}' is not yes/no; use ja/nee, yes/no, true/false, 1/0 or x/empty.",
        field=field,
        value=value,
    )


def check_themes(values: list[str]) -> list[str]:
    """Return the validated, de-duplicated theme codes (at least one)."""
    themes = [check_choice(v, THEMES, "theme") for v in values if v.strip()]
    if not themes:
        raise InputError("Choose at least one theme.")
    return list(dict.fromkeys(themes))


# What each code is called on pages, in reports and in the CLI: English msgids, translated
# where shown (label()).
LABELS: dict[str, dict[str, str]] = {
    "track": {
        "integrity": N_("integrity"),
        "undesirable_behaviour": N_("undesirable behaviour"),
    },
    "theme": {
        "abuse_of_power": N_("abuse of power"),
        "aggression_violence": N_("aggression and violence"),
        "bullying": N_("bullying"),
        "conflict": N_("conflict"),
        "conflict_of_interest": N_("conflict of interest"),
        "discrimination": N_("discrimination"),
        "exclusion": N_("exclusion/ignoring"),
        "fraud": N_("fraud"),
        "leaking_information": N_("leaking information"),
        "misuse_of_position": N_("misuse of position"),
        "other": N_("other"),
        "sexual_harassment": N_("sexual harassment"),
        "work_pressure": N_("work pressure"),
    },
    "source": {
        "colleague": N_("colleague"),
        "external": N_("external"),
        "manager": N_("manager"),
    },
    "referral": {
        "none": N_("none"),
        "other_help": N_("to other help"),
        "other_track": N_("to the other track"),
    },
    "outcome": {
        "advice": N_("advice"),
        "closed": N_("completed"),
        "mediation": N_("mediation"),
        "ongoing": N_("ongoing"),
        "referred": N_("referred"),
    },
    "status": {
        "board_decision": N_("board decision"),
        "closed": N_("closed"),
        "committee_advice": N_("complaints committee advice"),
        "in_progress": N_("in progress"),
        "received": N_("received"),
    },
    "report_source": {
        "citizen": N_("citizen"),
        "internal": N_("internal"),
        "other": N_("other"),
        "supplier": N_("supplier"),
    },
    "counsellor_kind": {
        "external": N_("external"),
        "internal": N_("internal"),
    },
    "gender": {
        "m": N_("man"),
        "onbekend": N_("unknown"),
        "v": N_("woman"),
        "x": N_("x"),
    },
    "incident": {
        "online": N_("online"),
        "physical": N_("physical"),
        "threat": N_("threat"),
        "verbal": N_("verbal"),
    },
    "oath_source": {
        "entered": N_("entered"),
        "inflow": N_("inflow"),
        "none": N_("no data"),
    },
}


def label(kind: str, code: str, lang: str | None) -> str:
    """Return the label of a code of one vocabulary (LABELS[kind]) in lang; unknown: the code."""
    text = LABELS[kind].get(code)
    return gettext(text, lang) if text else code
