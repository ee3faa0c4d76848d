"""One simulation of the demo province "Provincie Voorbeeld", from which every demo step reads.

`simulate(seed)` runs it once per seed: the staff over 2016-2025 with every selection
(staff.py), what happened to them in social safety and integrity (safety.py), the surveys they
answered (survey.py) and the meetings they came to (below). Each capability's demo step turns
its part into records through its own services, so the figures of all modules agree: every
appointment in the register is a hire or promotion in the snapshots, the oaths are the year's
newcomers, the survey respondents are staff of that year, the plan's reach comes from attendee
lists of real staff, and pay follows each person's scale, step and hours (`pay_basis`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np
import polars as pl

from gepmonitor.core.privacy import pseudonymise
from gepmonitor.personnel.schema import conform
from gepmonitor.personnel.simulation.pay_table import HOURS_PER_YEAR, monthly_salary
from gepmonitor.personnel.simulation.safety import (
    Attendance,
    SafetyEvents,
    present,
    simulate_safety,
)
from gepmonitor.personnel.simulation.staff import (
    FIRST_YEAR,
    LAST_YEAR,
    START_STAFF,
    Job,
    Person,
    Staff,
    simulate_staff,
)
from gepmonitor.personnel.simulation.survey import ROUNDS, Response, simulate_round

DEMO_SECRET = "gepmonitor-demo"  # pseudonyms of frames made outside an instance (tests, bench)
# (title, day, share of staff attending); the first three are the GEP's organisation-wide days
MEETINGS = (
    ("Organisatiebrede dag 2023: iedereen telt mee", date(2023, 6, 12), 0.62),
    ("Organisatiebrede dag 2024: inclusief werken", date(2024, 6, 11), 0.70),
    ("Organisatiebrede dag 2025: veilig werken", date(2025, 6, 12), 0.78),
    ("Dialoogsessies sociale veiligheid 2025", date(2025, 11, 4), 0.12),
)


@dataclass(frozen=True)
class PayBasis:
    """What pay of a person in a year follows from: scale, step, hours and months worked."""

    number: str
    gender: str
    birth_year: int
    hired: date
    scale: int
    step: int
    fte: float
    manager: bool
    months: int  # months employed in the year
    paid_hours: float  # fte x full-time hours x months / 12
    monthly_salary: float  # full-time monthly salary of the scale and step that year


@dataclass
class World:
    """The whole demo province: staff, selections, safety events, surveys and meetings."""

    seed: int
    years: range
    staff: Staff
    safety: SafetyEvents
    surveys: dict[int, list[Response]]
    meetings: list[Attendance]

    @property
    def people(self) -> list[Person]:
        """Return everyone who worked at the province in any year."""
        return self.staff.people

    def jobs(self, year: int) -> list[tuple[Person, Job]]:
        """Return every person on the year's snapshot with the job held (leavers included)."""
        return [(p, p.years[year]) for p in self.staff.people if year in p.years]

    def frame(self, secret: str = DEMO_SECRET) -> pl.DataFrame:
        """Return the yearly snapshots as the canonical frame, keys pseudonymised with secret."""
        keys = {p.number: pseudonymise(p.number, secret) for p in self.staff.people}
        rows = [
            _row(person, job, year, keys[person.number])
            for year in self.years
            for person, job in self.jobs(year)
        ]
        return conform(pl.DataFrame(rows, infer_schema_length=None))

    def pay_basis(self, year: int) -> list[PayBasis]:
        """Return what each person with a scale was paid from in the year (for the pay demo)."""
        result = []
        for person, job in self.jobs(year):
            if job.scale is None:
                continue
            first = person.hired.month if person.hired.year == year else 1
            last = (
                person.exit_date.month if person.exit_date and person.exit_date.year == year else 12
            )
            months = max(1, last - first + 1)
            result.append(
                PayBasis(
                    person.number,
                    person.gender,
                    person.birth_year,
                    person.hired,
                    job.scale,
                    job.step,
                    job.fte,
                    job.manager,
                    months,
                    round(job.fte * HOURS_PER_YEAR * months / 12, 1),
                    monthly_salary(job.scale, job.step, year),
                )
            )
        return result


def _row(person: Person, job: Job, year: int, key: str) -> dict[str, object]:
    left = person.exit_date if person.exit_date and person.exit_date.year == year else None
    return {
        "peildatum": date(year, 12, 31),
        "year": year,
        "employee_key": key,
        "gender": person.gender,
        "birth_year": person.birth_year,
        "scale": job.scale,
        "scale_label": job.label,
        "step": job.step if job.scale is not None else None,
        "fte": job.fte,
        "unit": job.unit,
        "is_manager": job.manager,
        "contract_type": job.contract,
        "banenafspraak": person.banenafspraak,
        "hire_date": person.hired,
        "exit_date": left,
        "exit_reason": person.exit_reason if left else None,
        "pay": monthly_salary(job.scale, job.step, year) if job.scale is not None else None,
    }


def _meetings(rng: np.random.Generator, staff: Staff) -> list[Attendance]:
    result = []
    for title, day, share in MEETINGS:
        came = tuple(p.number for p in present(staff, day) if rng.random() < share)
        result.append(Attendance(title, day, "meeting", came))
    return result


@lru_cache(maxsize=2)
def simulate(seed: int = 2025) -> World:
    """Return the demo province for a seed (computed once; treat it as read-only)."""
    rng = np.random.default_rng(seed)
    staff = simulate_staff(int(rng.integers(0, 2**31)), START_STAFF)
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    events = simulate_safety(np.random.default_rng(int(rng.integers(0, 2**31))), staff, LAST_YEAR)
    survey_rng = np.random.default_rng(int(rng.integers(0, 2**31)))
    surveys = {
        year: simulate_round(survey_rng, staff, events.conversations, year) for year in ROUNDS
    }
    meetings = _meetings(np.random.default_rng(int(rng.integers(0, 2**31))), staff)
    return World(seed, years, staff, events, surveys, meetings)


def small_frame(seed: int, staff: int, years: range) -> pl.DataFrame:
    """Return snapshots of a smaller province (tests and benchmarks), deterministic for a seed."""
    simulated = simulate_staff(seed, staff, years)
    world = World(seed, years, simulated, SafetyEvents([], [], [], {}, []), {}, [])
    return world.frame()
