"""Yearly outcomes of the selection register (service: queries here).

The funnel by gender with its signals, committee composition, checklist completion and the
text-check history.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from gepmonitor.core.cache import cached
from gepmonitor.core.i18n import N_, gettext
from gepmonitor.core.models import Organisation
from gepmonitor.core.privacy import protect_cells
from gepmonitor.recruitment.checklist import (
    STEPS,
    Retention,
    checklists,
    register_vacancy_ids,
)
from gepmonitor.recruitment.funnel import (
    Cell,
    Transition,
    band_of,
    reached_counts,
    shown,
    suppress,
    transitions,
)
from gepmonitor.recruitment.models import (
    Candidate,
    CommitteeMember,
    PurgedCount,
    TextCheck,
    Vacancy,
)
from gepmonitor.recruitment.selection import committee_warning


def _year_vacancies(session: Session, org: Organisation, year: int) -> list[Vacancy]:
    return list(
        session.scalars(
            select(Vacancy)
            .where(
                Vacancy.org_id == org.id,
                Vacancy.opened >= date(year, 1, 1),
                Vacancy.opened <= date(year, 12, 31),
            )
            .order_by(Vacancy.opened, Vacancy.reference)
        )
    )


def furthest_counts(
    session: Session, org: Organisation, year: int
) -> tuple[Counter[tuple[str, str, str]], int]:
    """Return (band, gender, furthest stage) -> candidates of the year's vacancies.

    Live and purged candidates count; the second value is the number of vacancies with data.
    """
    counts: Counter[tuple[str, str, str]] = Counter()
    with_data: set[int] = set()
    by_id = {v.id: v for v in _year_vacancies(session, org, year)}
    if not by_id:
        return counts, 0
    live = session.execute(
        select(Candidate.vacancy_id, Candidate.gender, Candidate.stage).where(
            Candidate.vacancy_id.in_(by_id)
        )
    ).all()
    for vacancy_id, gender, stage in live:
        counts[(band_of(by_id[vacancy_id].scale), gender, stage)] += 1
        with_data.add(vacancy_id)
    for row in session.scalars(select(PurgedCount).where(PurgedCount.vacancy_id.in_(by_id))):
        counts[(band_of(by_id[row.vacancy_id].scale), row.gender, row.stage)] += row.count
        with_data.add(row.vacancy_id)
    return counts, len(with_data)


@dataclass
class Funnel:
    """A year's funnel: counts (None: suppressed), steps with the figures that may be shown."""

    year: int
    vacancies: int
    cells: dict[Cell, int | None]
    steps: list[Transition]
    hidden_steps: set[int] = field(default_factory=set)  # indexes whose figures are withheld

    def visible(self, index: int) -> bool:
        """Return whether a step's rates, ratio and p-value may be shown."""
        return index not in self.hidden_steps

    @property
    def signals(self) -> list[Transition]:
        """Return the steps that raise a signal (computed on the true counts)."""
        return [step for step in self.steps if step.signal]


def build_funnel(
    session: Session, org: Organisation, year: int, min_cell: int, *, exact: bool = False
) -> Funnel:
    """Return the year's funnel by gender and band with suppression applied.

    Computed once per data version (core.cache); the funnel is shared: do not change it.
    """
    return cached(
        session, org, ("recruitment.funnel", year, min_cell, exact),
        lambda: _build_funnel(session, org, year, min_cell, exact),
    )  # fmt: skip


def _build_funnel(
    session: Session, org: Organisation, year: int, min_cell: int, exact: bool
) -> Funnel:
    counts, vacancies = furthest_counts(session, org, year)
    cells = reached_counts(counts)
    hidden = set() if exact or not vacancies else suppress(cells, min_cell)
    steps = transitions(cells)
    return Funnel(
        year,
        vacancies,
        {cell: None if cell in hidden else value for cell, value in cells.items()},
        steps,
        {i for i, step in enumerate(steps) if not shown(step, hidden)},
    )


def funnel_years(session: Session, org: Organisation) -> list[int]:
    """Return the years whose vacancies have selection data, newest first."""
    return cached(session, org, ("recruitment.funnel_years",), lambda: _funnel_years(session, org))


def funnel_year(session: Session, org: Organisation, this_year: int) -> int:
    """Return the year the funnel shows by default: the latest with selection data, else this."""
    years = funnel_years(session, org)
    return years[0] if years else this_year


def _funnel_years(session: Session, org: Organisation) -> list[int]:
    opened = session.scalars(
        select(Vacancy.opened).where(
            Vacancy.org_id == org.id,
            Vacancy.id.in_(select(Candidate.vacancy_id)) | Vacancy.id.in_(
                select(PurgedCount.vacancy_id)),
        )
    ).all()  # fmt: skip
    return sorted({d.year for d in opened}, reverse=True)


def signal_key(year: int, step: Transition) -> str:
    """Return the key under which the plan links a funnel signal to a measure."""
    return f"recruitment:{year}:{step.key}"


def describe_step(step: Transition, year: int, lang: str) -> str:
    """Return a signal in words, without counts (they may be suppressed)."""
    group = gettext("women", lang) if step.disadvantaged == "v" else gettext("men", lang)
    other = gettext("men's", lang) if step.disadvantaged == "v" else gettext("women's", lang)
    return gettext(
        "Recruitment {year}, scales {band}: {group} went from {previous} to {stage} at under "
        "four-fifths of {other} rate (significant, Fisher's exact test p < 0.05).",
        lang,
        year=year,
        band=step.band,
        group=group,
        other=other,
        previous=stage_label(step.previous, lang),
        stage=stage_label(step.stage, lang),
    )


def stage_label(stage: str, lang: str) -> str:
    """Return a stage in words."""
    labels = {
        "applied": N_("applied"),
        "long_list": N_("long list"),
        "short_list": N_("short list"),
        "interviewed": N_("interviewed"),
        "offer": N_("offer"),
        "appointed": N_("appointed"),
        "intake": N_("intake"),
        "ended": N_("ended without appointment"),
    }
    return gettext(labels.get(stage, stage), lang)


@dataclass
class Composition:
    """Selection committees of a year's vacancies: by gender mix, and members by gender."""

    committees: int
    all_men: int
    all_women: int
    mixed: int
    members: dict[str, int | None]  # v, m, x, total (None: suppressed)
    roles: dict[str, dict[str, int | None]]  # role -> gender -> members (None: suppressed)


def committee_composition(
    session: Session, org: Organisation, year: int, min_cell: int, *, exact: bool = False
) -> Composition:
    """Return how the year's selection committees were composed (once per data version)."""
    return cached(
        session, org, ("recruitment.composition", year, min_cell, exact),
        lambda: _committee_composition(session, org, year, min_cell, exact),
    )  # fmt: skip


def _committee_composition(
    session: Session, org: Organisation, year: int, min_cell: int, exact: bool
) -> Composition:
    ids = [v.id for v in _year_vacancies(session, org, year)]
    members = (
        session.scalars(select(CommitteeMember).where(CommitteeMember.vacancy_id.in_(ids))).all()
        if ids
        else []
    )
    by_vacancy: dict[int, list[str]] = {}
    for m in members:
        by_vacancy.setdefault(m.vacancy_id, []).append(m.gender)
    one = Counter(committee_warning(g) for g in by_vacancy.values())
    counts = Counter(m.gender for m in members)
    cells: dict[tuple[str, str], int] = {("all", g): counts[g] for g in ("v", "m", "x")}
    cells[("all", "total")] = len(members)
    roles = sorted({m.role for m in members})
    for role in roles:
        mine = [m for m in members if m.role == role]
        for g in ("v", "m", "x"):
            cells[(role, g)] = sum(m.gender == g for m in mine)
        cells[(role, "total")] = len(mine)
    groups = ["all", *roles]
    sums = [[((r, "total"), 1), *(((r, g), -1) for g in ("v", "m", "x"))] for r in groups]
    sums += [[(("all", g), 1), *(((r, g), -1) for r in roles)] for g in ("v", "m", "x", "total")]
    hidden = set() if exact else protect_cells(cells, sums, min_cell)  # type: ignore[arg-type]
    shown_cells = {k: None if k in hidden else v for k, v in cells.items()}
    return Composition(
        len(by_vacancy), one["m"], one["v"], one[None],
        {g: shown_cells[("all", g)] for g in ("v", "m", "x", "total")},
        {r: {g: shown_cells[(r, g)] for g in ("v", "m", "x", "total")} for r in roles},
    )  # fmt: skip


@dataclass
class StepCompletion:
    """How one checklist step went for a year's vacancies."""

    step: str
    done: int
    on_time: int
    overdue: int
    not_due: int


def checklist_completion(
    session: Session, org: Organisation, year: int, today: date, retention: Retention
) -> list[StepCompletion]:
    """Return per step how many of the year's vacancies did it, on time, or are overdue.

    Only vacancies run through the selection register count (checklist.register_vacancy_ids).
    """
    return cached(
        session, org, ("recruitment.completion", year, today, retention),
        lambda: _checklist_completion(session, org, year, today, retention),
    )  # fmt: skip


def _checklist_completion(
    session: Session, org: Organisation, year: int, today: date, retention: Retention
) -> list[StepCompletion]:
    rows = {step: StepCompletion(step, 0, 0, 0, 0) for step in STEPS}
    tracked = register_vacancy_ids(session, org)
    vacancies = [v for v in _year_vacancies(session, org, year) if v.id in tracked]
    for steps in checklists(session, org, vacancies, today, retention).values():
        for status in steps:
            row = rows[status.step]
            if status.done_on is not None:
                row.done += 1
                row.on_time += status.due is None or status.done_on <= status.due
            elif status.overdue:
                row.overdue += 1
            else:
                row.not_due += 1
    return list(rows.values())


@dataclass(frozen=True)
class TextHistory:
    """A vacancy's text checks: how many, the first and the last outcome."""

    reference: str
    title: str
    checks: int
    first: str
    last: str
    last_on: date
    level: str


def text_history(session: Session, org: Organisation, year: int) -> list[TextHistory]:
    """Return the text-check history of the year's vacancies that were checked."""
    key = ("recruitment.texts", year)
    return cached(session, org, key, lambda: _text_history(session, org, year))


def _text_history(session: Session, org: Organisation, year: int) -> list[TextHistory]:
    found = []
    vacancies = _year_vacancies(session, org, year)
    by_vacancy: dict[int, list[TextCheck]] = {}
    for check in session.scalars(
        select(TextCheck)
        .where(TextCheck.vacancy_id.in_([v.id for v in vacancies]))
        .order_by(TextCheck.checked_at, TextCheck.id)
    ):
        by_vacancy.setdefault(check.vacancy_id, []).append(check)
    for vacancy in vacancies:
        checks = by_vacancy.get(vacancy.id, [])
        if checks:
            found.append(
                TextHistory(vacancy.reference, vacancy.title, len(checks), checks[0].category,
                            checks[-1].category, checks[-1].checked_at.date(), checks[-1].level)
            )  # fmt: skip
    return found
