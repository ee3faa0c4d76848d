"""What happens to the demo province's staff in social safety and integrity, 2019-2025.

People of the staff go to a confidential counsellor of the track their matter belongs to (themes
of undesirable behaviour with the two counsellors for undesirable behaviour, integrity questions
with the two for integrity), a few start a formal procedure that the register follows to its
outcome, the public's aggression against staff in public-facing units is logged, every new
employee takes the oath, and workshops are attended by people who were there that day.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from gepmonitor.personnel.simulation.staff import Person, Staff

SAFETY_FROM = 2019
# code, track, gender, internal/external: two counsellors per track (seed 004)
COUNSELLORS = (
    ("VP-OG-1", "undesirable_behaviour", "v", "internal"),
    ("VP-OG-2", "undesirable_behaviour", "m", "internal"),
    ("VP-INT-1", "integrity", "v", "internal"),
    ("VP-INT-2", "integrity", "m", "external"),
)
BEHAVIOUR = {
    "work_pressure": 0.2,
    "conflict": 0.2,
    "bullying": 0.15,
    "exclusion": 0.1,
    "abuse_of_power": 0.1,
    "discrimination": 0.08,
    "sexual_harassment": 0.07,
    "aggression_violence": 0.1,
}
INTEGRITY = {
    "conflict_of_interest": 0.3,
    "misuse_of_position": 0.15,
    "leaking_information": 0.2,
    "fraud": 0.1,
    "other": 0.25,
}
# A theme that comes up in a year comes up in at least this many conversations of its track:
# colleagues of the same team come too (see _colleagues_come_too); the default minimum cell.
CLUSTER = 5
TRACK_SEEDS = {"undesirable_behaviour": 1, "integrity": 2}
PUBLIC_UNITS = {"Toezicht en Handhaving", "Wegbeheer", "Vaarwegen", "Omgevingsdienst"}
OUTCOMES = {
    "undesirable_behaviour": (
        (
            "Gegrond verklaard; schriftelijke berisping voor de beklaagde.",
            "Verplicht coachingtraject; de leidinggevende volgt de werkrelatie maandelijks.",
        ),
        (
            "Ongegrond na hoor en wederhoor.",
            "Gesprek met beide medewerkers en hun leidinggevende over de samenwerking.",
        ),
        ("Deels gegrond.", "Mediation tussen melder en beklaagde, afgerond met afspraken."),
        ("Ingetrokken door de melder na een bemiddelend gesprek.", "Geen."),
        ("Gegrond verklaard.", "De beklaagde is overgeplaatst naar een andere afdeling."),
    ),
    "integrity": (
        (
            "Gegrond; de nevenfunctie botste met het werk.",
            "Nevenfunctie beëindigd; schriftelijke waarschuwing.",
        ),
        ("Ongegrond na onderzoek door een extern bureau.", "Geen."),
        ("Gegrond; aangifte gedaan.", "Dienstverband beëindigd; aangifte bij de politie."),
        (
            "Geen schending gevonden.",
            "Het inkoopproces is aangescherpt: vier-ogenprincipe bij gunningen.",
        ),
        (
            "Deels gegrond.",
            "Medewerker gewezen op de gedragscode; regeling geschenken verduidelijkt.",
        ),
    ),
}


@dataclass(frozen=True)
class Conversation:
    """One conversation with a counsellor; the person is written down as a code, never a name."""

    counsellor: str
    track: str
    held_on: date
    theme: str
    person: str  # personnel number, only to tie the simulation together; never stored
    person_code: str  # what the counsellor writes down: a code per counsellor and year
    hierarchical: bool
    source: str
    referral: str
    formal_procedure: bool
    outcome: str  # advice, mediation, referred; ongoing before the last conversation


@dataclass(frozen=True)
class FormalReport:
    """A formal report or complaint and the steps of its workflow (status, date)."""

    track: str
    theme: str
    source: str
    received_on: date
    steps: tuple[tuple[str, date], ...]
    outcome: str = ""
    measures: str = ""


@dataclass(frozen=True)
class Attendance:
    """A training or meeting and who attended (personnel numbers)."""

    title: str
    held_on: date
    kind: str
    attendees: tuple[str, ...]


@dataclass
class SafetyEvents:
    """Everything of the social-safety registers, by year."""

    conversations: list[Conversation]
    reports: list[FormalReport]
    incidents: list[tuple[date, str]]
    oaths: dict[int, int]
    trainings: list[Attendance]


def present(staff: Staff, day: date) -> list[Person]:
    """Return the people employed on the day."""
    return [
        p
        for p in staff.people
        if p.hired <= day and (p.exit_date is None or p.exit_date > day) and day.year in p.years
    ]


def _pick(rng: np.random.Generator, weights: dict[str, float]) -> str:
    values = np.array(list(weights.values()))
    return str(rng.choice(list(weights), p=values / values.sum()))


def _conversations(
    rng: np.random.Generator, staff: Staff, year: int, track: str, last_year: int
) -> tuple[list[Conversation], list[FormalReport]]:
    """Return the year's conversations of one track, and the formal reports they led to."""
    people = present(staff, date(year, 7, 1))
    counsellors = [c for c in COUNSELLORS if c[1] == track]
    wanted = (
        int(rng.poisson(0.014 * len(people))) if track != "integrity" else int(rng.integers(7, 13))
    )
    chosen = rng.choice(len(people), size=min(wanted, len(people)), replace=False)
    visits = _Visits(track, year, last_year, counsellors)
    for index in sorted(chosen):
        person = people[int(index)]
        visits.add(rng, person)
    _colleagues_come_too(visits, people)
    return visits.conversations, visits.reports


@dataclass
class _Visits:
    """The conversations of one track and year as they are added, person by person."""

    track: str
    year: int
    last_year: int
    counsellors: list[tuple[str, str, str, str]]
    conversations: list[Conversation] = field(default_factory=list)
    reports: list[FormalReport] = field(default_factory=list)
    codes: dict[str, int] = field(default_factory=dict)  # people per counsellor so far
    people: dict[str, str] = field(default_factory=dict)  # person -> theme

    def add(self, rng: np.random.Generator, person: Person, theme: str = "") -> None:
        """Add one person's conversations (1 to 3) with a counsellor, about the theme if given."""
        women_first = 0.65 if person.gender == "v" else 0.4
        code = self.counsellors[0 if rng.random() < women_first else 1][0]
        self.codes[code] = self.codes.get(code, 0) + 1
        theme = theme or _theme(rng, self.track, person, self.year)
        self.people[person.number] = theme
        source = _source(rng, theme)
        hierarchical = theme == "abuse_of_power" or (source == "manager") or rng.random() < 0.08
        count = int(rng.choice((1, 2, 3), p=(0.55, 0.3, 0.15)))
        start, end = _employed(person, self.year)
        first = start + timedelta(days=int(rng.integers(0, (end - start).days + 1)))
        formal = rng.random() < (0.05 if theme != "work_pressure" else 0.0)
        for number in range(count):
            held = min(first + timedelta(days=21 * number), end)
            last = number == count - 1
            referral, outcome = "none", "ongoing"
            if last:
                referral = _pick(rng, {"none": 0.8, "other_help": 0.15, "other_track": 0.05})
                mediation = theme == "conflict" and rng.random() < 0.4
                outcome = (
                    "referred" if referral != "none" else "mediation" if mediation else "advice"
                )
            self.conversations.append(
                Conversation(
                    code,
                    self.track,
                    held,
                    theme,
                    person.number,
                    f"P{self.codes[code]:02d}",
                    hierarchical,
                    source,
                    referral,
                    formal and last,
                    outcome,
                )
            )
        if formal:
            self.reports.append(_report(rng, self.track, theme, "internal", held, self.last_year))


def _colleagues_come_too(visits: _Visits, people: list[Person]) -> None:
    """Bring every theme that came up to at least CLUSTER conversations, with colleagues.

    A matter rarely comes alone: when bullying or a conflict of interest plays in a team, more
    of the team go to the counsellor about it. So a theme that came up in fewer than CLUSTER
    conversations brings colleagues of the first person's unit (then of other units) until it
    reaches CLUSTER. The province's yearly figures per theme then reach the minimum cell, as in
    the provinces' own counsellor reports, and the report shows them; suppression is unchanged.
    Its own random stream keeps the rest of the demo as it was.
    """
    rng = np.random.default_rng([visits.year, TRACK_SEEDS[visits.track]])
    counts = Counter(c.theme for c in visits.conversations)
    for theme in sorted(counts):
        if counts[theme] >= CLUSTER:
            continue
        first = next(p for p in people if visits.people.get(p.number) == theme)
        unit = first.years[visits.year].unit
        free = [p for p in people if p.number not in visits.people]
        same_unit = [p for p in free if p.years[visits.year].unit == unit]
        others = [p for p in free if p.years[visits.year].unit != unit]
        order = [*rng.permutation(len(same_unit)).tolist()]
        candidates = [same_unit[i] for i in order] + [
            others[i] for i in rng.permutation(len(others)).tolist()
        ]
        for person in candidates:
            if counts[theme] >= CLUSTER:
                break
            before = len(visits.conversations)
            visits.add(rng, person, theme)
            counts[theme] += len(visits.conversations) - before


def _employed(person: Person, year: int) -> tuple[date, date]:
    """Return the first and last day of the year on which the person was employed."""
    start = max(date(year, 1, 1), person.hired)
    end = date(year, 12, 31)
    if person.exit_date is not None and person.exit_date.year == year:
        end = person.exit_date - timedelta(days=1)
    return start, max(start, end)


def _theme(rng: np.random.Generator, track: str, person: Person, year: int) -> str:
    if track == "integrity":
        return _pick(rng, INTEGRITY)
    weights = dict(BEHAVIOUR)
    if person.gender == "v":
        weights["sexual_harassment"] *= 2.0 * (1.8 if year >= 2024 else 1.0)
    if person.years[year].unit in PUBLIC_UNITS:
        weights["aggression_violence"] *= 2.5
    else:
        weights["aggression_violence"] *= 0.3
    return _pick(rng, weights)


def _source(rng: np.random.Generator, theme: str) -> str:
    if theme == "aggression_violence":
        return "external"
    if theme == "abuse_of_power":
        return "manager"
    return _pick(rng, {"colleague": 0.75, "manager": 0.25})


def _report(
    rng: np.random.Generator, track: str, theme: str, source: str, received: date, last_year: int
) -> FormalReport:
    """Return a formal report with its workflow to an outcome (open when it came in late)."""
    day = received + timedelta(days=int(rng.integers(3, 12)))
    steps: list[tuple[str, date]] = [("in_progress", day)]
    if day.year > last_year:
        return FormalReport(track, theme, source, received, ())
    if day.year == last_year and day.month >= 10:  # still being handled at the year's end
        return FormalReport(track, theme, source, received, tuple(steps))
    if rng.random() < 0.45:
        for status, days in (("committee_advice", 60), ("board_decision", 25), ("closed", 20)):
            day = day + timedelta(days=int(rng.integers(days // 2, days)))
            steps.append((status, day))
    else:
        day = day + timedelta(days=int(rng.integers(20, 65)))
        steps.append(("closed", day))
    if day.year > last_year:  # not finished by the end of the last year: stop before it
        steps = [s for s in steps if s[1].year <= last_year]
    outcome, measures = OUTCOMES[track][int(rng.integers(0, len(OUTCOMES[track])))]
    closed = steps[-1][0] == "closed"
    return FormalReport(
        track,
        theme,
        source,
        received,
        tuple(steps),
        outcome if closed else "",
        measures if closed else "",
    )


def _outside_reports(rng: np.random.Generator, year: int, last_year: int) -> list[FormalReport]:
    """Return the reports that came from outside: citizens and suppliers, about integrity."""
    reports = []
    for _ in range(int(rng.integers(1, 4))):
        received = date(year, int(rng.integers(1, 13)), int(rng.integers(1, 29)))
        source = "supplier" if rng.random() < 0.35 else "citizen"
        theme = (
            "fraud"
            if source == "supplier"
            else _pick(rng, {"conflict_of_interest": 0.6, "misuse_of_position": 0.4})
        )
        reports.append(_report(rng, "integrity", theme, source, received, last_year))
    return reports


def _hires(staff: Staff, year: int) -> list[Person]:
    return [
        p
        for p in staff.people
        if p.hired.year == year and p.years.get(year, p.job).contract not in ("bbl", "stage")
    ]


def _trainings(rng: np.random.Generator, staff: Staff, year: int) -> list[Attendance]:
    workshop_day = date(year, 10, 8)
    people = present(staff, workshop_day)
    came = [p.number for p in people if rng.random() < (0.1 if p.gender == "v" else 0.065)]
    result = [
        Attendance("Workshop grensoverschrijdend gedrag", workshop_day, "workshop", tuple(came))
    ]
    newcomers = tuple(p.number for p in _hires(staff, year) if p.hired < date(year, 11, 15))
    result.append(
        Attendance(
            "Introductieprogramma integriteit en ambtseed",
            date(year, 11, 20),
            "introduction",
            newcomers,
        )
    )
    if year == 2023:
        leaders = present(staff, date(year, 3, 14))
        trained = tuple(p.number for p in leaders if p.job.manager and rng.random() < 0.85)
        result.append(
            Attendance(
                "Workshop ethisch leiderschap voor teamleiders",
                date(year, 3, 14),
                "workshop",
                trained,
            )
        )
    return result


def simulate_safety(rng: np.random.Generator, staff: Staff, last_year: int) -> SafetyEvents:
    """Return the conversations, reports, incidents, oaths and trainings of 2019 to last_year."""
    events = SafetyEvents([], [], [], {}, [])
    for year in range(SAFETY_FROM, last_year + 1):
        for track in ("undesirable_behaviour", "integrity"):
            conversations, reports = _conversations(rng, staff, year, track, last_year)
            events.conversations += conversations
            events.reports += reports
        events.reports += _outside_reports(rng, year, last_year)
        for _ in range(int(rng.poisson(6 + 1.2 * (year - SAFETY_FROM)))):
            day = date(year, int(rng.integers(1, 13)), int(rng.integers(1, 29)))
            kind = _pick(rng, {"verbal": 0.5, "threat": 0.25, "online": 0.15, "physical": 0.1})
            events.incidents.append((day, kind))
        events.trainings += _trainings(rng, staff, year)
        introduction = events.trainings[-1 if year != 2023 else -2]
        events.oaths[year] = len(introduction.attendees)
    events.reports.sort(key=lambda r: r.received_on)
    return events
