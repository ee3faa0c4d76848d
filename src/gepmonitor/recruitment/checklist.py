"""The NVP sollicitatiecode as a checklist per vacancy, the weekly overview, text-check history.

The steps and when each is due (a step not done after its due day is overdue):

- text_published: the text with the procedure and timeline is published; due the day the
  vacancy opens.
- candidates_informed: applicants are told their application arrived and how the procedure
  runs; due a week after the closing date (no closing date: no due day).
- rejections_explained: every rejected candidate has been told, with the reasons; due the day
  the procedure ends.
- data_removed: candidate data removed after the retention period; due when the last
  candidate's period ends (4 weeks after the procedure, a year with consent). The purge marks it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from gepmonitor.core import audit
from gepmonitor.core.cache import cached
from gepmonitor.core.config import Settings
from gepmonitor.core.db import utcnow
from gepmonitor.core.errors import ConflictError, InputError
from gepmonitor.core.models import Organisation
from gepmonitor.recruitment.models import (
    Candidate,
    ChecklistStep,
    CommitteeMember,
    PurgedCount,
    Scorecard,
    TextCheck,
    Vacancy,
)
from gepmonitor.recruitment.selection import (
    STAGES,
    _own,
    committee_warning,
    stage_index,
)
from gepmonitor.recruitment.textcheck.check import CheckResult

STEPS = ("text_published", "candidates_informed", "rejections_explained", "data_removed")
INFORM_WITHIN = timedelta(days=7)
# A vacancy with a row in any of these is run through the selection register.
REGISTER_TABLES = (CommitteeMember, Candidate, ChecklistStep, PurgedCount)


@dataclass(frozen=True)
class Retention:
    """How long candidate data are kept after the procedure ends (settings)."""

    days: int = 28
    consent_days: int = 365

    @classmethod
    def of(cls, settings: Settings) -> Retention:
        """Return the periods the settings give."""
        return cls(settings.recruitment_retention_days, settings.recruitment_retention_consent_days)

    def purge_day(self, ended: date, consent: bool) -> date:
        """Return the first day a candidate's data are due for deletion."""
        return ended + timedelta(days=self.consent_days if consent else self.days)


@dataclass(frozen=True)
class StepStatus:
    """One step of the checklist: when it was done, when it is due, whether it is overdue."""

    step: str
    done_on: date | None
    done_by: str
    due: date | None
    overdue: bool


def due_day(step: str, vacancy: Vacancy, consents: list[bool], retention: Retention) -> date | None:
    """Return the day a step is due for a vacancy, or None while it cannot be due yet."""
    if step == "text_published":
        return vacancy.opened
    if step == "candidates_informed":
        return vacancy.closed + INFORM_WITHIN if vacancy.closed else None
    ended = vacancy.procedure_ended
    if ended is None:
        return None
    if step == "rejections_explained":
        return ended
    return max((retention.purge_day(ended, c) for c in consents), default=retention.purge_day(
        ended, False))  # fmt: skip


def uses_register(session: Session, vacancy: Vacancy) -> bool:
    """Return whether the vacancy is run through the selection register.

    Only such a vacancy has a checklist that can be overdue: one kept with counts alone (an
    import of past years, the appointments register) was never meant to tick its steps here.
    """
    found = or_(*(exists().where(model.vacancy_id == vacancy.id) for model in REGISTER_TABLES))
    return bool(session.scalar(select(found)))


def register_vacancy_ids(session: Session, org: Organisation) -> set[int]:
    """Return the ids of the organisation's vacancies run through the selection register."""
    ids: set[int] = set()
    for model in REGISTER_TABLES:
        ids.update(
            session.scalars(
                select(model.vacancy_id)
                .join(Vacancy, Vacancy.id == model.vacancy_id)
                .where(Vacancy.org_id == org.id)
                .distinct()
            )
        )
    return ids


def checklist(
    session: Session, org: Organisation, vacancy: Vacancy, today: date, retention: Retention
) -> list[StepStatus]:
    """Return every step of the vacancy's checklist with its date, due day and status."""
    _own(org, vacancy)
    done = {
        s.step: (s.done_on, s.done_by)
        for s in session.scalars(
            select(ChecklistStep).where(ChecklistStep.vacancy_id == vacancy.id)
        )
    }
    consents = list(
        session.scalars(select(Candidate.consent).where(Candidate.vacancy_id == vacancy.id))
    )
    return _steps(vacancy, done, consents, uses_register(session, vacancy), today, retention)


def _steps(
    vacancy: Vacancy,
    done: dict[str, tuple[date, str]],
    consents: list[bool],
    tracked: bool,
    today: date,
    retention: Retention,
) -> list[StepStatus]:
    """Return the checklist of a vacancy from its ticked steps and its candidates' consents."""
    rows = []
    for step in STEPS:
        mark = done.get(step)
        due = due_day(step, vacancy, consents, retention)
        rows.append(
            StepStatus(
                step,
                mark[0] if mark else None,
                mark[1] if mark else "",
                due,
                tracked and mark is None and due is not None and due < today,
            )
        )
    return rows


def checklists(
    session: Session,
    org: Organisation,
    vacancies: Sequence[Vacancy],
    today: date,
    retention: Retention,
) -> dict[int, list[StepStatus]]:
    """Return the checklist of each of the organisation's given vacancies, in three queries."""
    for vacancy in vacancies:
        _own(org, vacancy)
    tracked = register_vacancy_ids(session, org)
    done: dict[int, dict[str, tuple[date, str]]] = {}
    for vacancy_id, step, done_on, done_by in session.execute(
        select(
            ChecklistStep.vacancy_id, ChecklistStep.step, ChecklistStep.done_on,
            ChecklistStep.done_by,
        ).join(Vacancy, Vacancy.id == ChecklistStep.vacancy_id).where(Vacancy.org_id == org.id)
    ):  # fmt: skip
        done.setdefault(vacancy_id, {})[step] = (done_on, done_by)
    consents: dict[int, list[bool]] = {}
    for vacancy_id, consent in session.execute(
        select(Candidate.vacancy_id, Candidate.consent)
        .join(Vacancy, Vacancy.id == Candidate.vacancy_id)
        .where(Vacancy.org_id == org.id)
    ):
        consents.setdefault(vacancy_id, []).append(consent)
    return {
        v.id: _steps(v, done.get(v.id, {}), consents.get(v.id, []), v.id in tracked, today,
                     retention)
        for v in vacancies
    }  # fmt: skip


def mark_step(
    session: Session,
    org: Organisation,
    vacancy: Vacancy,
    step: str,
    done_on: date,
    *,
    actor: str,
) -> ChecklistStep:
    """Record the day a step was done (again: the date is corrected)."""
    _own(org, vacancy)
    if step not in STEPS:
        raise InputError(
            "Step '{value}' is unknown; use one of: {known}.", value=step, known=", ".join(STEPS)
        )
    if done_on < vacancy.opened - timedelta(days=90):
        raise InputError("The date is long before the vacancy opened.")
    if step == "data_removed" and session.scalar(
        select(Candidate.id).where(Candidate.vacancy_id == vacancy.id)
    ):
        raise ConflictError(
            "Candidate data of {reference} are still kept; `gep recruitment purge` removes them "
            "when their period ends.",
            reference=vacancy.reference,
        )
    row = session.scalar(
        select(ChecklistStep).where(
            ChecklistStep.vacancy_id == vacancy.id, ChecklistStep.step == step
        )
    )
    if row is None:
        row = ChecklistStep(vacancy_id=vacancy.id, step=step, done_on=done_on)
        session.add(row)
    row.done_on, row.done_by = done_on, actor
    session.flush()
    audit.record(
        session, action="checklist_step", actor=actor, org_id=org.id, target=vacancy.reference,
        detail=f"{step} {done_on.isoformat()}",
    )  # fmt: skip
    return row


def procedure_stage(vacancy: Vacancy, stages: list[str]) -> str:
    """Return where a procedure is: intake, the furthest stage of a candidate, or ended."""
    if vacancy.procedure_ended is not None:
        return "appointed" if "appointed" in stages else "ended"
    if not stages:
        return "intake"
    return max(stages, key=stage_index)


@dataclass
class WeekRow:
    """A vacancy as the weekly recruitment meeting sees it."""

    id: int
    reference: str
    title: str
    opened: date
    closed: date | None
    stage: str
    candidates: int
    by_stage: dict[str, int]
    committee: int
    committee_one_gender: str | None
    scorecards_missing: int
    overdue: list[StepStatus] = field(default_factory=list)


def weekly_overview(
    session: Session, org: Organisation, today: date, retention: Retention
) -> list[WeekRow]:
    """Return the open vacancies and any vacancy with an overdue step, oldest first.

    Computed once per data version and day (core.cache); the rows are shared: do not change them.
    """
    return cached(
        session, org, ("recruitment.week", today, retention),
        lambda: _weekly_overview(session, org, today, retention),
    )  # fmt: skip


def _weekly_overview(
    session: Session, org: Organisation, today: date, retention: Retention
) -> list[WeekRow]:
    vacancies = session.scalars(
        select(Vacancy).where(Vacancy.org_id == org.id).order_by(Vacancy.opened, Vacancy.id)
    ).all()
    steps_of = checklists(session, org, vacancies, today, retention)
    in_org = (Vacancy.org_id == org.id,)
    candidates: dict[int, list[tuple[int, str]]] = {}
    for candidate_id, vacancy_id, stage in session.execute(
        select(Candidate.id, Candidate.vacancy_id, Candidate.stage)
        .join(Vacancy, Vacancy.id == Candidate.vacancy_id).where(*in_org)
    ):  # fmt: skip
        candidates.setdefault(vacancy_id, []).append((candidate_id, stage))
    members: dict[int, list[tuple[int, str, str]]] = {}
    for member_id, vacancy_id, username, gender in session.execute(
        select(CommitteeMember.id, CommitteeMember.vacancy_id, CommitteeMember.username,
               CommitteeMember.gender)
        .join(Vacancy, Vacancy.id == CommitteeMember.vacancy_id).where(*in_org)
        .order_by(CommitteeMember.id)
    ):  # fmt: skip
        members.setdefault(vacancy_id, []).append((member_id, username, gender))
    cards = Counter(
        (candidate_id, member_id)
        for candidate_id, member_id in session.execute(
            select(Scorecard.candidate_id, Scorecard.member_id)
            .join(Candidate, Candidate.id == Scorecard.candidate_id)
            .join(Vacancy, Vacancy.id == Candidate.vacancy_id).where(*in_org)
        )
    )  # fmt: skip
    rows = []
    for vacancy in vacancies:
        overdue = [s for s in steps_of[vacancy.id] if s.overdue]
        if vacancy.procedure_ended is not None and not overdue:
            continue  # ended with every due step done (or kept with counts alone)
        mine = candidates.get(vacancy.id, [])
        committee = members.get(vacancy.id, [])
        stages = [stage for _id, stage in mine]
        rows.append(
            WeekRow(
                vacancy.id, vacancy.reference, vacancy.title, vacancy.opened, vacancy.closed,
                procedure_stage(vacancy, stages), len(mine),
                {s: sum(stage_index(x) >= stage_index(s) for x in stages) for s in STAGES},
                len(committee), committee_warning([gender for *_, gender in committee]),
                _missing_cards(mine, committee, cards), overdue,
            )
        )  # fmt: skip
    return rows


def _missing_cards(
    candidates: list[tuple[int, str]],
    members: list[tuple[int, str, str]],
    cards: Counter[tuple[int, int]],
) -> int:
    """Return the scorecards still to come: interviewed candidates x scoring members."""
    interviewed = [i for i, stage in candidates if stage_index(stage) >= stage_index("interviewed")]
    scoring = [i for i, username, _gender in members if username]
    done = sum(cards[(c, m)] for c in interviewed for m in scoring)
    return len(interviewed) * len(scoring) - done


def record_text_check(
    session: Session,
    org: Organisation,
    vacancy: Vacancy,
    result: CheckResult,
    *,
    actor: str,
    at: datetime | None = None,
) -> TextCheck:
    """Keep the outcome of a check of the vacancy's text (figures only, not the text)."""
    _own(org, vacancy)
    row = TextCheck(
        vacancy_id=vacancy.id,
        checked_at=at or utcnow(),
        checked_by=actor,
        language=result.language,
        category=result.category,
        masculine=len(result.masculine),
        feminine=len(result.feminine),
        exclusions=len(result.phrases),
        reading_score=result.readability.score if result.readability.words else None,
        level=result.readability.level if result.readability.words else "",
    )
    session.add(row)
    session.flush()
    audit.record(
        session, action="text_check", actor=actor, org_id=org.id, target=vacancy.reference,
        detail=result.category,
    )  # fmt: skip
    return row


def text_checks(session: Session, org: Organisation, vacancy: Vacancy) -> list[TextCheck]:
    """Return the vacancy's text checks, oldest first."""
    _own(org, vacancy)
    return list(
        session.scalars(
            select(TextCheck)
            .where(TextCheck.vacancy_id == vacancy.id)
            .order_by(TextCheck.checked_at, TextCheck.id)
        )
    )
