"""The funnel's signals as the plan sees them (registry part 'signals').

A signal is a step of a year's funnel, in one band, where one gender's selection rate is below
four-fifths of the other's and Fisher's exact test finds the difference significant at 5%
(recruitment/funnel.py). Its key is ``recruitment:<year>:<band>:<stage>``. The plan links it to
a measure and leaves out the signals it has linked already. ``min_group`` is the plan's
minimum group for survey signals; the funnel does not use it, since the exact test already
accounts for small numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from gepmonitor.core.models import Organisation
from gepmonitor.recruitment.funnel import reached_counts, transitions
from gepmonitor.recruitment.outcomes import (
    describe_step,
    funnel_years,
    furthest_counts,
    signal_key,
)


@dataclass(frozen=True)
class SignalChoice:
    """A signal as the plan's form offers it (the same fields as plan.service.SignalChoice)."""

    key: str
    label: str


def _signals(session: Session, org: Organisation, year: int, lang: str) -> list[tuple[str, str]]:
    counts, vacancies = furthest_counts(session, org, year)
    if not vacancies:
        return []
    return [
        (signal_key(year, step), describe_step(step, year, lang))
        for step in transitions(reached_counts(counts))
        if step.signal
    ]


def signal_exists(session: Session, org: Organisation, key: str, min_group: int) -> bool:
    """Return whether the funnel currently raises a signal with this key."""
    parts = key.split(":")
    if len(parts) != 4 or parts[0] != "recruitment" or not parts[1].isdigit():
        return False
    return any(found == key for found, _ in _signals(session, org, int(parts[1]), "en"))


def unlinked_choices(
    session: Session, org: Organisation, min_group: int, lang: str
) -> list[SignalChoice]:
    """Return every year's funnel signals, newest year first (the plan drops linked ones)."""
    return [
        SignalChoice(key, text)
        for year in funnel_years(session, org)
        for key, text in _signals(session, org, year, lang)
    ]
