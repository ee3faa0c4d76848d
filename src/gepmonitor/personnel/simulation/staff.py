"""The staff of the demo province, 2016-2025: every hire, appointment, step and exit.

Each year people step up a salary step, some leave (retirement, another employer, end of a
temporary contract), and every post that falls vacant (plus the posts of a growing organisation)
is filled through a selection: applicants, a shortlist, suitable candidates and an appointee, who
is an internal candidate one or two scales lower or a new hire. Women start under-represented
from scale 11 up and gain because, from the register's first year (2021), selection committees
choose suitable women more often; in the higher scales a man is sometimes still chosen while a
suitable woman was on the shortlist, and then the committee writes why (comply or explain).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np

from gepmonitor.personnel.simulation.pay_table import monthly_salary, step_for

FIRST_YEAR, LAST_YEAR = 2016, 2025
START_STAFF = 1480
GROWTH = 0.012  # posts added per year, as a share of the first year's staff
REGISTER_FROM = 2021  # the vacancy register (comply or explain) starts with the GEP measures
REGISTER_MIN_SCALE = 8
UNITS = {
    "Bestuursondersteuning": 3,
    "Communicatie": 3,
    "Concernstaf": 3,
    "Cultuur en Erfgoed": 2,
    "Economie": 4,
    "Energietransitie": 4,
    "Financiën": 5,
    "Informatievoorziening": 6,
    "Inkoop": 2,
    "Juridische Zaken": 3,
    "Landelijk Gebied": 5,
    "Mobiliteit": 6,
    "Natuur": 4,
    "Omgevingsdienst": 7,
    "Personeel en Organisatie": 4,
    "Projecten Infrastructuur": 6,
    "Ruimte en Wonen": 4,
    "Sociaal Domein": 2,
    "Subsidies": 3,
    "Toezicht en Handhaving": 5,
    "Vaarwegen": 5,
    "Verkeer en Vervoer": 5,
    "Water en Bodem": 4,
    "Wegbeheer": 7,
    "Facilitair Bedrijf": 4,
}
SCALES = np.arange(4, 19)
SCALE_WEIGHTS = np.array([2, 3, 5, 7, 9, 11, 12, 13, 11, 8, 6, 4, 2.5, 1.2, 0.6])
QUIT_REASONS = ("andere werkgever", "persoonlijke redenen", "overig", "reorganisatie")
EXPLANATIONS = (
    "De geschikte vrouwelijke kandidaat trok zich na het tweede gesprek terug; de benoemde "
    "kandidaat was de enige andere geschikte.",
    "De benoemde kandidaat had als enige ervaring met aanbestedingen van deze omvang; de "
    "commissie had dit vooraf als zwaarwegende eis vastgelegd.",
    "Na het assessment scoorde de benoemde kandidaat op alle vier kerncompetenties hoger; de "
    "selectiecommissie (twee vrouwen, twee mannen) was unaniem.",
    "De vrouwelijke kandidaat nam een aanbod elders aan voordat de tweede ronde plaatsvond.",
    "De geschikte vrouwelijke kandidaat kon pas na negen maanden beginnen; het project vraagt "
    "een start binnen drie maanden.",
    "Interne kandidaat met een afgesproken ontwikkeltraject naar deze functie; de vrouwelijke "
    "kandidaat is uitgenodigd voor de talentpool.",
)
APPROVERS = (
    "Directeur Bedrijfsvoering",
    "Provinciesecretaris",
    "Directeur Fysiek Domein",
    "Directeur Economie en Samenleving",
)


@dataclass
class Job:
    """What a person does on a day: scale (None for trainees and interns), step, hours, unit."""

    scale: int | None
    label: str
    step: int
    fte: float
    unit: str
    manager: bool
    contract: str


@dataclass
class Person:
    """One member of staff with the job held on each year's peildatum (31 December)."""

    number: str  # personnel number; stored only as a pseudonym
    gender: str
    birth_year: int
    hired: date
    banenafspraak: bool
    job: Job
    exit_date: date | None = None
    exit_reason: str | None = None
    years: dict[int, Job] = field(default_factory=dict)


@dataclass(frozen=True)
class Pool:
    """Candidates of a vacancy by gender (men, women, x) at each stage."""

    applicants: tuple[int, int, int]
    shortlisted: tuple[int, int, int]
    suitable: tuple[int, int, int]


@dataclass
class Selection:
    """A vacancy and how it was filled (appointed is None while it is open)."""

    opened: date
    scale: int
    unit: str
    manager: bool
    title: str
    channel: str
    pool: Pool
    appointed: str | None = None
    appointed_on: date | None = None
    person: str | None = None
    internal: bool = False
    explanation: str = ""
    approver: str = ""

    @property
    def registered(self) -> bool:
        """Whether the vacancy is in the register (from 2021, scale 8 and higher)."""
        return self.opened.year >= REGISTER_FROM and self.scale >= REGISTER_MIN_SCALE


@dataclass
class Staff:
    """Everyone who worked at the province, and every selection that was made."""

    people: list[Person]
    selections: list[Selection]


def _title(scale: int, manager: bool, unit: str) -> str:
    if manager:
        base = "Teamleider" if scale <= 13 else "Afdelingsmanager" if scale <= 15 else "Directeur"
    else:
        names = {6: "Medewerker", 8: "Adviseur", 10: "Beleidsmedewerker", 11: "Beleidsadviseur"}
        names |= {12: "Senior beleidsadviseur", 13: "Strategisch adviseur", 19: "Concernadviseur"}
        base = next(name for top, name in sorted(names.items()) if scale <= top)
    return f"{base} {unit}"


class _Simulation:
    """The yearly steps; one instance per run, all drawing from one seeded generator."""

    def __init__(self, rng: np.random.Generator, start_staff: int, first_year: int) -> None:
        self.rng = rng
        self.start_staff = start_staff
        self.first_year = first_year
        self.numbers = iter(range(100_001, 999_999))
        self.people: list[Person] = []
        self.selections: list[Selection] = []
        self.units = list(UNITS)
        self.unit_weights = np.array(list(UNITS.values()), dtype=float)
        self.unit_weights /= self.unit_weights.sum()

    # -- people -----------------------------------------------------------------------------
    def _fte(self, gender: str) -> float:
        options = (1.0, 0.9, 0.8, 0.7, 0.6)
        weights = (0.45, 0.2, 0.25, 0.06, 0.04) if gender == "v" else (0.8, 0.1, 0.08, 0.02, 0)
        return float(self.rng.choice(options, p=weights))

    def _age(self, scale: int | None) -> int:
        mean = 25 if scale is None else 27 + 1.3 * (scale - 6)
        return int(np.clip(self.rng.normal(mean, 7), 18, 62))

    def new_person(self, gender: str, job: Job, day: date) -> Person:
        """Hire a person into the job on the day."""
        person = Person(
            number=str(next(self.numbers)),
            gender=gender,
            birth_year=day.year - self._age(job.scale),
            hired=day,
            banenafspraak=job.scale is not None and job.scale <= 6 and self.rng.random() < 0.05,
            job=job,
        )
        self.people.append(person)
        return person

    def _unit(self) -> str:
        return str(self.rng.choice(self.units, p=self.unit_weights))

    def first_staff(self, year: int) -> None:
        """Create the staff on 1 January of the first year, with the old imbalance."""
        rng = self.rng
        for _ in range(self.start_staff):
            scale = int(rng.choice(SCALES, p=SCALE_WEIGHTS / SCALE_WEIGHTS.sum()))
            share = 0.58 if scale < 11 else 0.36 if scale < 13 else 0.26
            manager = scale >= 11 and rng.random() < 0.06 + (scale - 11) * 0.05
            gender = "v" if rng.random() < share * (0.8 if manager else 1) else "m"
            if rng.random() < 0.01:
                gender = "x" if rng.random() < 0.4 else "onbekend"
            contract = "tijdelijk" if rng.random() < 0.08 else "vast"
            fte = self._fte(gender)
            job = Job(
                scale, str(scale), int(rng.integers(0, 11)), fte, self._unit(), manager, contract
            )
            start = date(year - int(rng.integers(0, 25)), int(rng.integers(1, 13)), 1)
            person = self.new_person(gender, job, start)
            person.birth_year = min(person.birth_year, start.year - 19)

    # -- one year ---------------------------------------------------------------------------
    def run_year(self, year: int, last_year: int) -> None:
        """Step up, let people leave, fill every opening, take the peildatum picture."""
        rng = self.rng
        openings: list[tuple[int, int, date, str, bool]] = []  # (-scale, tiebreak, day, unit, lg)
        for person in self.active():
            job = person.job
            if job.scale is not None:
                job.step = min(10, job.step + 1)
            if job.contract == "tijdelijk" and person.hired.year < year and rng.random() < 0.6:
                job.contract = "vast"
            reason = self._leaves(person, year)
            if reason is None:
                continue
            day = date(year, int(rng.integers(1, 13)), int(rng.integers(1, 29)))
            person.exit_date, person.exit_reason = day, reason
            person.years[year] = replace(job)
            if job.scale is not None:
                heapq.heappush(openings, (-job.scale, len(openings), day, job.unit, job.manager))
        target = int(self.start_staff * (1 + GROWTH * (year - self.first_year)))
        grow = target - len(self.active()) - len(openings)
        for _ in range(max(0, grow)):
            scale = int(rng.choice(SCALES, p=SCALE_WEIGHTS / SCALE_WEIGHTS.sum()))
            day = date(year, int(rng.integers(1, 11)), int(rng.integers(1, 29)))
            heapq.heappush(openings, (-scale, len(openings) + 10_000, day, self._unit(), False))
        promoted: set[str] = set()
        while openings:
            negative, _, day, unit, manager = heapq.heappop(openings)
            moved = self._fill(-negative, day, unit, manager, year, last_year, promoted)
            if moved is not None:  # an internal candidate left a post one or two scales lower
                heapq.heappush(openings, (-moved.scale, len(openings) + 20_000, *moved.rest))
        self._trainees_and_interns(year)
        for person in self.active():
            person.years[year] = replace(person.job)

    def active(self) -> list[Person]:
        """Return the people currently employed."""
        return [p for p in self.people if p.exit_date is None]

    def _leaves(self, person: Person, year: int) -> str | None:
        rng, job = self.rng, person.job
        age = year - person.birth_year
        if job.contract in ("bbl", "stage") and person.hired.year < year:
            return "einde contract"
        if job.contract == "trainee" and year - person.hired.year >= 2:
            return "einde contract"
        if age >= 67 or (age >= 62 and rng.random() < 0.22):
            return "pensioen"
        if job.contract == "tijdelijk" and rng.random() < 0.3:
            return "einde contract"
        chance = 0.05 if age < 35 else 0.035
        if rng.random() < chance:
            return str(rng.choice(QUIT_REASONS, p=(0.6, 0.22, 0.12, 0.06)))
        return None

    def _trainees_and_interns(self, year: int) -> None:
        rng = self.rng
        for _ in range(int(rng.integers(4, 9))):
            job = Job(None, "trainee", 0, 1.0, self._unit(), False, "trainee")
            self.new_person("v" if rng.random() < 0.55 else "m", job, date(year, 9, 1))
        for _ in range(int(rng.integers(10, 18))):
            kind = "bbl" if rng.random() < 0.4 else "stage"
            job = Job(None, "geen", 0, 0.8, self._unit(), False, kind)
            self.new_person("v" if rng.random() < 0.5 else "m", job, date(year, 9, 1))

    # -- selection --------------------------------------------------------------------------
    def _pool(self, scale: int, year: int) -> Pool:
        rng = self.rng
        size = int(
            rng.integers(15, 41)
            if scale <= 7
            else rng.integers(8, 31)
            if scale <= 12
            else rng.integers(4, 16)
        )
        women = 0.55 if scale < 11 else (0.40 if scale < 13 else 0.31) + 0.012 * (year - FIRST_YEAR)
        x = int(rng.binomial(size, 0.01))
        v = int(rng.binomial(size - x, women))
        applicants = (size - x - v, v, x)
        listed = min(size, int(rng.integers(3, 7)))
        shortlisted = tuple(int(n) for n in rng.multivariate_hypergeometric(applicants, listed))
        suitable = [int(rng.binomial(n, 0.55)) for n in shortlisted]
        if sum(suitable) == 0:
            suitable[int(np.argmax(shortlisted))] = 1
        return Pool(applicants, shortlisted, tuple(suitable))  # type: ignore[arg-type]

    def _choose(self, pool: Pool, scale: int, year: int) -> str:
        """Return the appointee's gender among the suitable candidates."""
        weight_v = 1.0
        if scale >= 11:
            weight_v = 0.85 if year < REGISTER_FROM else 1.2 + 0.3 * (year - REGISTER_FROM)
        weights = np.array(pool.suitable, dtype=float) * (1.0, weight_v, 1.0)
        return str(self.rng.choice(("m", "v", "x"), p=weights / weights.sum()))

    def _fill(
        self,
        scale: int,
        day: date,
        unit: str,
        manager: bool,
        year: int,
        last_year: int,
        promoted: set[str],
    ) -> _Vacated | None:
        rng = self.rng
        channel = "intern" if scale >= 7 and rng.random() < 0.3 else "extern"
        pool = self._pool(scale, year)
        selection = Selection(
            day, scale, unit, manager, _title(scale, manager, unit), channel, pool
        )
        self.selections.append(selection)
        appointed_on = day + timedelta(days=int(rng.integers(40, 100)))
        if appointed_on.year > year:
            if year == last_year:
                return None  # still open on the last peildatum
            appointed_on = max(day, date(year, 12, int(rng.integers(1, 20))))
        gender = self._choose(pool, scale, year)
        selection.appointed, selection.appointed_on = gender, appointed_on
        if gender == "m" and pool.suitable[1] > 0:
            selection.explanation = str(rng.choice(EXPLANATIONS))
            selection.approver = str(rng.choice(APPROVERS))
        candidate = None
        if channel == "intern" or rng.random() < 0.35:
            candidate = self._internal(scale, gender, promoted)
        if candidate is None:
            selection.channel = "extern" if channel == "intern" else channel
            fte = self._fte(gender)
            job = Job(scale, str(scale), int(rng.integers(0, 4)), fte, unit, manager, "tijdelijk")
            if rng.random() < 0.6:
                job.contract = "vast"
            selection.person = self.new_person(gender, job, appointed_on).number
            return None
        selection.internal, selection.person = True, candidate.number
        promoted.add(candidate.number)
        old = candidate.job
        vacated = None
        if old.scale is not None:
            vacated = _Vacated(old.scale, (appointed_on, old.unit, old.manager))
        pay = monthly_salary(old.scale, old.step, year) if old.scale is not None else 0.0
        candidate.job = Job(
            scale, str(scale), step_for(scale, pay, year), old.fte, unit, manager, "vast"
        )
        return vacated

    def _internal(self, scale: int, gender: str, promoted: set[str]) -> Person | None:
        """Return an internal candidate of the gender one or two scales lower (or a trainee)."""
        pool = [
            p
            for p in self.active()
            if p.gender == gender
            and p.number not in promoted
            and (
                (p.job.scale is not None and scale - 2 <= p.job.scale < scale)
                or (p.job.contract == "trainee" and scale == 10)
            )
        ]
        if not pool:
            return None
        steps = np.array([p.job.step + 1 for p in pool], dtype=float)
        return pool[int(self.rng.choice(len(pool), p=steps / steps.sum()))]


@dataclass(frozen=True)
class _Vacated:
    scale: int
    rest: tuple[date, str, bool]


def simulate_staff(seed: int, start_staff: int = START_STAFF, years: range | None = None) -> Staff:
    """Return the staff and selections of the demo province, deterministic for a seed."""
    years = years or range(FIRST_YEAR, LAST_YEAR + 1)
    simulation = _Simulation(np.random.default_rng(seed), start_staff, years[0])
    simulation.first_staff(years[0])
    for year in years:
        simulation.run_year(year, years[-1])
    return Staff(simulation.people, simulation.selections)
