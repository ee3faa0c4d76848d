"""A province shaped like the demo of issue 11: the data its examples were measured on.

The demo organisation is now one simulation (personnel/simulation); this is the earlier
generator, kept as test data because the figures issue 11 quotes (40,6% women in scale 13+ in
2025, 82,1% of appointments required, 1,750 rows of which 1,635 staff) were measured on it and
checked by hand. Ten yearly snapshots with hires, promotions and exits, one seeded generator.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from gepmonitor.core.privacy import pseudonymise
from gepmonitor.personnel.schema import conform

UNITS = (
    "Bestuursondersteuning",
    "Communicatie",
    "Concernstaf",
    "Cultuur en Erfgoed",
    "Economie",
    "Energietransitie",
    "Financiën",
    "Informatievoorziening",
    "Inkoop",
    "Juridische Zaken",
    "Landelijk Gebied",
    "Mobiliteit",
    "Natuur",
    "Omgevingsdienst",
    "Personeel en Organisatie",
    "Projecten Infrastructuur",
    "Ruimte en Wonen",
    "Sociaal Domein",
    "Subsidies",
    "Toezicht en Handhaving",
    "Vaarwegen",
    "Verkeer en Vervoer",
    "Water en Bodem",
    "Wegbeheer",
    "Facilitair Bedrijf",
)
EXIT_REASONS = (
    "andere werkgever",
    "einde contract",
    "pensioen",
    "persoonlijke redenen",
    "reorganisatie",
    "overig",
)
SCALES = np.arange(4, 19)
SCALE_WEIGHTS = np.array([2, 3, 5, 7, 9, 11, 12, 13, 11, 8, 6, 4, 2.5, 1.2, 0.6])
BASE_PAY = {s: 2100 + (s - 4) ** 1.45 * 330 for s in range(4, 19)}


@dataclass
class _Person:
    number: int
    gender: str
    birth_year: int
    scale: int | None
    label: str
    unit: str
    manager: bool
    contract: str
    banenafspraak: bool
    hired: date


def _women_share(scale: int | None, year: int) -> float:
    """Chance that a hire is a woman: high in low scales, rising over time in high scales."""
    if scale is None:
        return 0.5
    if scale < 11:
        return 0.58
    progress = (year - 2016) / 9
    return (0.38 if scale < 13 else 0.33) + 0.2 * progress


def generate_demo_frame(
    seed: int = 2025, staff: int = 1500, years: Iterable[int] = range(2016, 2026)
) -> pl.DataFrame:
    """Return the demo province's snapshots (canonical frame), deterministic for a seed."""
    rng = np.random.default_rng(seed)
    years = list(years)
    counter = iter(range(1, 10_000_000))
    people = [
        _new_person(rng, next(counter), years[0] - int(rng.integers(0, 25)), years[0])
        for _ in range(staff)
    ]
    for person in people:  # the 2016 staff reflects the old imbalance
        if (
            person.scale is not None
            and person.scale >= 11
            and person.gender == "v"
            and rng.random() < 0.12
        ):
            person.gender = "m"
    records: list[dict[str, object]] = []
    for year in years:
        if year != years[0]:
            people = _advance_year(rng, people, year, staff, counter, records)
        records.extend(_row(p, year) for p in people)
    return conform(pl.DataFrame(records, infer_schema_length=None))


def _new_person(
    rng: np.random.Generator, number: int, hire_year: int, year: int, scale: int | None = None
) -> _Person:
    kind = rng.random()
    contract, label = "vast", ""
    if scale is None:
        if kind < 0.03:
            contract, label = "trainee", "trainee"
        elif kind < 0.045:
            contract, label = ("bbl" if rng.random() < 0.5 else "stage"), "geen"
        else:
            scale = int(rng.choice(SCALES, p=SCALE_WEIGHTS / SCALE_WEIGHTS.sum()))
    if scale is not None:
        label = str(scale)
        contract = "tijdelijk" if rng.random() < 0.12 else "vast"
    gender = "v" if rng.random() < _women_share(scale, year) else "m"
    if rng.random() < 0.012:
        gender = "x" if rng.random() < 0.5 else "onbekend"
    age = int(np.clip(rng.normal(30 if contract in ("trainee", "bbl", "stage") else 38, 9), 18, 62))
    manager = scale is not None and scale >= 11 and rng.random() < 0.06 + (scale - 11) * 0.05
    return _Person(
        number,
        gender,
        year - age,
        scale,
        label,
        str(rng.choice(UNITS)),
        manager,
        contract,
        rng.random() < 0.02,
        date(hire_year, int(rng.integers(1, 13)), 1),
    )


def _advance_year(
    rng: np.random.Generator,
    people: list[_Person],
    year: int,
    staff: int,
    counter: Iterable[int],
    records: list[dict[str, object]],
) -> list[_Person]:
    stay: list[_Person] = []
    for person in people:
        age = year - person.birth_year
        leave_chance = 0.9 if age >= 67 else (0.35 if person.contract != "vast" else 0.055)
        if rng.random() < leave_chance:
            reason = (
                "pensioen"
                if age >= 64
                else (
                    "einde contract"
                    if person.contract != "vast"
                    else str(rng.choice(EXIT_REASONS, p=[0.5, 0.05, 0.05, 0.2, 0.05, 0.15]))
                )
            )
            exit_day = date(year, int(rng.integers(1, 13)), 1)
            records.append({**_row(person, year), "exit_date": exit_day, "exit_reason": reason})
            continue
        _maybe_promote(rng, person, year)
        stay.append(person)
    growth = int(staff * (1 + 0.01 * (year - 2016))) - len(stay)
    for _ in range(max(0, growth)):
        stay.append(_new_person(rng, next(iter(counter)), year, year))
    return stay


def _maybe_promote(rng: np.random.Generator, person: _Person, year: int) -> None:
    if person.contract == "trainee" and rng.random() < 0.5:
        person.contract, person.scale, person.label = "vast", 10, "10"
        return
    if person.scale is None or person.scale >= 18:
        return
    chance = 0.07
    if person.scale >= 10 and person.gender == "v":
        chance += 0.035 * (year - 2016) / 9  # the plans' measures start to work
    if rng.random() < chance:
        person.scale += 1
        person.label = str(person.scale)
        if person.scale >= 11 and rng.random() < 0.08:
            person.manager = True


def _row(person: _Person, year: int) -> dict[str, object]:
    pay = None
    if person.scale is not None:
        pay = round(BASE_PAY[person.scale] * (1 + 0.02 * min(10, year - person.hired.year)), 2)
    return {
        "peildatum": date(year, 12, 31),
        "year": year,
        "employee_key": pseudonymise(f"{person.number:06d}", "gepmonitor-demo"),
        "gender": person.gender,
        "birth_year": person.birth_year,
        "scale": person.scale,
        "scale_label": person.label,
        "step": min(10, max(0, year - person.hired.year)),
        "fte": 1.0 if person.number % 3 else 0.8 if person.number % 2 else 0.9,
        "unit": person.unit,
        "is_manager": person.manager,
        "contract_type": person.contract,
        "banenafspraak": person.banenafspraak,
        "hire_date": person.hired,
        "exit_date": None,
        "exit_reason": None,
        "pay": pay,
    }
