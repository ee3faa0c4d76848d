"""The yearly recruitment summary: appointments by gender against the required share."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from gepmonitor.core.cache import cached
from gepmonitor.core.models import Organisation
from gepmonitor.core.privacy import protect_cells, suppress_value
from gepmonitor.recruitment.models import Appointment, Vacancy
from gepmonitor.recruitment.service import list_vacancies


@dataclass
class Explained:
    """An appointment of a man with its comply-or-explain explanation."""

    reference: str
    title: str
    scale: int
    appointed_on: date
    explanation: str
    approver: str


@dataclass
class RecruitmentSummary:
    """Figures of one year's vacancies and appointments (counts may be suppressed: None)."""

    year: int
    threshold: int
    vacancies: int
    vacancies_above: int
    appointed: dict[str, int | None]
    appointed_above: dict[str, int | None]
    share_women_above: float | None
    applicants_above: dict[str, int | None]
    suitable_above: dict[str, int | None]
    explained: list[Explained] = field(default_factory=list)
    required: list[tuple[str, float | None, bool]] = field(default_factory=list)  # band, share


def summarise(
    rows: list[tuple[Vacancy, Appointment | None]],
    year: int,
    threshold: int,
    min_cell: int,
    exact: bool = False,
    required: list[tuple[str, float | None, bool]] | None = None,
) -> RecruitmentSummary:
    """Summarise one year's register (vacancies opened in that year)."""
    above = [(v, a) for v, a in rows if v.scale >= threshold]

    def by_gender(pairs: list[tuple[Vacancy, Appointment | None]]) -> dict[str, int | None]:
        counts = {g: sum(1 for _, a in pairs if a is not None and a.gender == g) for g in "mvx"}
        # Each comply-or-explain entry names one appointment of a man.
        named = sum(1 for _, a in pairs if a is not None and a.gender == "m" and a.explanation)
        return dict(counts.items()) if exact else _protect_appointments(counts, named, min_cell)

    raw_above = {g: sum(1 for _, a in above if a is not None and a.gender == g) for g in "mvx"}
    appointed_total = sum(raw_above.values())
    shown_above = by_gender(above)
    share = raw_above["v"] / appointed_total if appointed_total else None
    if shown_above["m"] is None or shown_above["v"] is None:
        share = None
    explained = [
        Explained(v.reference, v.title, v.scale, a.appointed_on, a.explanation, a.approver)
        for v, a in rows
        if a is not None and a.explanation  # every explanation recorded, whatever the threshold
    ]
    return RecruitmentSummary(
        year=year,
        threshold=threshold,
        vacancies=len(rows),
        vacancies_above=len(above),
        appointed=by_gender(rows),
        appointed_above=shown_above,
        share_women_above=share,
        applicants_above=_suppress(
            {g: sum(getattr(v, f"applicants_{g}") for v, _ in above) for g in "mvx"},
            min_cell,
            exact,
        ),
        suitable_above=_suppress(
            {g: sum(getattr(v, f"suitable_{g}") for v, _ in above) for g in "mvx"}, min_cell, exact
        ),
        explained=explained,
        required=required or [],
    )


def _protect_appointments(
    counts: dict[str, int], named: int, min_cell: int
) -> dict[str, int | None]:
    """Hide small appointment counts so that none follows from what else is known.

    A reader may know how many vacancies were filled (m + v + x), and the comply-or-explain
    list names every man appointed with an explanation: when it names them all, v + x is known
    too. Hiding only the small cell would then give it away (7 filled, 6 men, x 0: women 1), so
    a complement is hidden as well (core.privacy.protect_cells).
    """
    values: dict[Hashable, int] = dict(counts.items())
    relations: list[list[tuple[Hashable, int]]]
    if named and named == counts["m"]:  # the men are public through the list
        values["known"] = counts["v"] + counts["x"]
        relations = [[("v", 1), ("x", 1), ("known", -1)]]
    else:
        values["known"] = sum(counts.values())
        relations = [[("m", 1), ("v", 1), ("x", 1), ("known", -1)]]
    hidden = protect_cells(values, relations, min_cell, cost=lambda key: (key == "known",))
    if "known" in hidden:  # what a reader knows cannot be hidden: hide every gender instead
        hidden |= {"m", "v", "x"}
    return {g: None if g in hidden else n for g, n in counts.items()}


def _suppress(counts: dict[str, int], min_cell: int, exact: bool) -> dict[str, int | None]:
    if exact or not any(0 < n < min_cell for n in counts.values()):
        return dict(counts)
    return {g: suppress_value(n, min_cell) if n else n for g, n in counts.items()} | {
        g: None for g in ("m", "v") if 0 < counts["x"] < min_cell
    }


def required_shares(session: Session, org: Organisation) -> list[tuple[str, float | None, bool]]:
    """Return per personnel target the share of appointments that must go to women.

    Computed once per data version (core.cache): it builds the personnel monitor of every year.
    """
    return cached(session, org, ("recruitment.required_shares",), lambda: _required(session, org))


def _required(session: Session, org: Organisation) -> list[tuple[str, float | None, bool]]:
    from gepmonitor.personnel import service as personnel
    from gepmonitor.personnel.monitor import build_monitor

    targets = [t.spec() for t in personnel.list_targets(session, org)]
    frame = personnel.load_snapshots(session, org)
    if not targets or frame.is_empty():
        return []
    monitor = build_monitor(frame, targets, min_cell=1, bands=None)
    return [
        (b.band.code, b.status.required_entry_share, b.status.reachable)
        for b in monitor.bands
        if b.status is not None
    ]


def build_summary(
    session: Session,
    org: Organisation,
    year: int,
    threshold: int,
    min_cell: int,
    exact: bool = False,
) -> RecruitmentSummary:
    """Load the year's register and the personnel targets and summarise them.

    Once per data version (core.cache): callers must not change the summary.
    """

    def compute() -> RecruitmentSummary:
        rows = list_vacancies(session, org, year)
        return summarise(rows, year, threshold, min_cell, exact, required_shares(session, org))

    key = ("recruitment.summary", year, threshold, min_cell, exact)
    return cached(session, org, key, compute)
