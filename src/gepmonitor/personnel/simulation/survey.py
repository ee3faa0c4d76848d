"""The demo province's employee surveys (2019, 2022, 2025), answered by its own staff.

About six in ten people present in October answer. What they say follows from what happened to
them: someone who spoke to a counsellor about bullying in the past year reports bullying, people
in public-facing units meet more aggression from the public, and in 2025 women feel less safe
(the counsellors heard more about sexual harassment in 2024 and 2025) and inclusion fell.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from gepmonitor.personnel.simulation.safety import PUBLIC_UNITS, Conversation, present
from gepmonitor.personnel.simulation.staff import Staff

ROUNDS = (2019, 2022, 2025)
ITEMS = {
    "wp": ("wp1", "wp2", "wp3"),
    "sv": ("sv1", "sv2", "sv3"),
    "in": ("in1", "in2"),
    "ld": ("ld1", "ld2"),
}
REVERSED = {"wp3"}
AGE_BANDS = ((25, "<25"), (35, "25-34"), (45, "35-44"), (55, "45-54"), (200, "55+"))
# experience column: (conversation themes that make it happen, base chance)
EXPERIENCES = {
    "pesten_collega": (("bullying", "exclusion"), 0.04),
    "pesten_leidinggevende": (("abuse_of_power",), 0.025),
    "intimidatie_collega": (("sexual_harassment",), 0.015),
    "agressie_publiek": (("aggression_violence",), 0.05),
    "discriminatie_collega": (("discrimination",), 0.02),
}


@dataclass(frozen=True)
class Response:
    """One anonymous answer sheet: background, item scores (1-5) and experiences."""

    gender: str
    age_band: str
    unit: str
    is_manager: bool
    answers: dict[str, int]
    experiences: dict[str, bool]


def _age_band(age: int) -> str:
    return next(label for top, label in AGE_BANDS if age < top)


def _means(year: int, gender: str, troubled: bool) -> dict[str, float]:
    safety = 3.9 - (0.55 if gender == "v" and year == 2025 else 0.0) - (0.8 if troubled else 0.0)
    inclusion = {2019: 3.7, 2022: 3.8, 2025: 3.35}.get(year, 3.7)
    return {"wp": 3.8, "sv": safety, "in": inclusion, "ld": 3.5 + (0.15 if year == 2025 else 0)}


def simulate_round(
    rng: np.random.Generator, staff: Staff, conversations: list[Conversation], year: int
) -> list[Response]:
    """Return the answer sheets of the round held in October of the year."""
    day = date(year, 10, 1)
    themes: dict[str, set[str]] = {}
    for c in conversations:
        if day - timedelta(days=365) <= c.held_on <= day:
            themes.setdefault(c.person, set()).add(c.theme)
    responses = []
    for person in present(staff, day):
        if rng.random() > (0.63 if person.gender == "v" else 0.57):
            continue
        job = person.years[year]
        own = themes.get(person.number, set())
        means = _means(year, person.gender, bool(own - {"work_pressure"}))
        answers = {
            item: int(np.clip(round(rng.normal(means[construct], 0.9)), 1, 5))
            for construct, items in ITEMS.items()
            for item in items
        }
        for item in REVERSED:
            answers[item] = 6 - answers[item]
        experiences = {}
        for column, (causes, base) in EXPERIENCES.items():
            chance = base
            if column == "agressie_publiek" and job.unit in PUBLIC_UNITS:
                chance *= 4
            if column == "intimidatie_collega" and person.gender == "v":
                chance *= 3 if year == 2025 else 2
            experiences[column] = bool(own & set(causes)) or bool(rng.random() < chance)
        gender = person.gender if rng.random() > 0.04 else "onbekend"  # some leave it blank
        responses.append(
            Response(
                gender,
                _age_band(year - person.birth_year),
                job.unit,
                job.manager,
                answers,
                experiences,
            )
        )
    return responses
