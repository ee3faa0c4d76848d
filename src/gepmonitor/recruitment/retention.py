"""Candidate data are kept for the NVP code's period, then deleted leaving only counts.

A candidate's data (code, gender, stage, scorecards, the decision's reasons) go once the
retention period after the end of the procedure has passed: 4 weeks by default
(GEP_RECRUITMENT_RETENTION_DAYS), a year when the candidate consented
(GEP_RECRUITMENT_RETENTION_CONSENT_DAYS). What stays is the number of candidates per gender
and stage reached (for the funnel), the register's counts, the committee, the checklist and the
decision's date.

`gep recruitment purge` runs this daily (deploy/gepmonitor-purge.timer); `gep purge` runs it as
its step "candidates" for every organisation (maintenance.retention), with --dry-run counting.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gepmonitor.core import audit
from gepmonitor.core.models import Organisation
from gepmonitor.recruitment.checklist import Retention, mark_step
from gepmonitor.recruitment.models import (
    Candidate,
    ChecklistStep,
    Decision,
    DecisionReason,
    PurgedCount,
    Score,
    Scorecard,
    Vacancy,
)

PURGE_ACTOR = "purge"


def _due(
    session: Session, org: Organisation, today: date, retention: Retention
) -> list[tuple[Vacancy, list[Candidate], list[Candidate]]]:
    """Return each ended vacancy with its candidates and those whose period has passed."""
    vacancies = session.scalars(
        select(Vacancy).where(Vacancy.org_id == org.id, Vacancy.procedure_ended.is_not(None))
    ).all()
    found = []
    for vacancy in vacancies:
        assert vacancy.procedure_ended is not None
        ended = vacancy.procedure_ended
        candidates = list(
            session.scalars(select(Candidate).where(Candidate.vacancy_id == vacancy.id))
        )
        due = [c for c in candidates if retention.purge_day(ended, c.consent) <= today]
        found.append((vacancy, candidates, due))
    return found


def count_due(
    session: Session, org: Organisation, today: date, *, retention: Retention | None = None
) -> int:
    """Return how many candidates purge_candidates would delete today (for a dry run)."""
    return sum(len(due) for _, _, due in _due(session, org, today, retention or Retention()))


def purge_candidates(
    session: Session,
    org: Organisation,
    now: datetime,
    *,
    retention: Retention | None = None,
    actor: str = PURGE_ACTOR,
) -> int:
    """Delete every candidate whose retention period has passed; return how many went."""
    today = now.date()
    removed = 0
    for vacancy, candidates, due in _due(session, org, today, retention or Retention()):
        if due:
            _remove(session, vacancy, due)
            removed += len(due)
            audit.record(
                session, action="purge_candidates", actor=actor, org_id=org.id,
                target=vacancy.reference, detail=str(len(due)),
            )  # fmt: skip
        if len(due) == len(candidates) and (due or _had_candidates(session, vacancy)):
            _mark_removed(session, org, vacancy, today, actor)
    return removed


def _remove(session: Session, vacancy: Vacancy, candidates: list[Candidate]) -> None:
    """Count the candidates by gender and stage into PurgedCount, then delete their data."""
    counts = Counter((c.gender, c.stage) for c in candidates)
    kept = {
        (row.gender, row.stage): row
        for row in session.scalars(select(PurgedCount).where(PurgedCount.vacancy_id == vacancy.id))
    }
    for (gender, stage), count in counts.items():
        row = kept.get((gender, stage))
        if row is None:
            session.add(PurgedCount(vacancy_id=vacancy.id, gender=gender, stage=stage, count=count))
        else:
            row.count += count
    ids = [c.id for c in candidates]
    cards = select(Scorecard.id).where(Scorecard.candidate_id.in_(ids))
    session.execute(delete(Score).where(Score.scorecard_id.in_(cards)))
    session.execute(delete(Scorecard).where(Scorecard.candidate_id.in_(ids)))
    decision = session.scalar(select(Decision).where(Decision.vacancy_id == vacancy.id))
    if decision is not None and decision.candidate_id in ids:
        session.execute(delete(DecisionReason).where(DecisionReason.decision_id == decision.id))
        decision.candidate_id = None
        decision.purged = True
    session.flush()
    session.execute(delete(Candidate).where(Candidate.id.in_(ids)))
    session.flush()


def _had_candidates(session: Session, vacancy: Vacancy) -> bool:
    found = session.scalar(select(PurgedCount.id).where(PurgedCount.vacancy_id == vacancy.id))
    return found is not None


def _mark_removed(
    session: Session, org: Organisation, vacancy: Vacancy, today: date, actor: str
) -> None:
    """Tick the checklist's last step the day the last candidate's data went."""
    done = session.scalar(
        select(ChecklistStep.id).where(
            ChecklistStep.vacancy_id == vacancy.id, ChecklistStep.step == "data_removed"
        )
    )
    if done is None:
        mark_step(session, org, vacancy, "data_removed", today, actor=actor)
