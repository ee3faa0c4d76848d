"""Retention: each kind of personal data is kept for a set period, then `gep purge` removes it.

A period is counted in whole calendar years after the year the record belongs to (the year of
a conversation, of a peildatum, of a survey round, of closing a report, of an audit entry): with
5 years, a 2020 conversation goes from 1 January 2026; candidates of the selection register go
days after their procedure ended (recruitment.retention). Each kind is one purge step, a
function in PURGE_STEPS; a module adds its own with `add_step`.

What the reports need is kept: a snapshot keeps its peildatum, source and headcount when its
person rows go, a survey round keeps its name, year and mapping when its answers go, counsellors
and the registers of yearly figures (oaths, trainings) stay. Every purge is recorded in
`retention_purge` (so a report can say a period was removed rather than show zeros) and in the
audit log.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from gepmonitor.core import audit
from gepmonitor.core.config import Settings
from gepmonitor.core.retention import RetentionPurge
from gepmonitor.maintenance.models import AuditPurgePermit


@dataclass(frozen=True)
class PurgeContext:
    """What a purge step needs: session, settings, today, whether to only count, and who purges."""

    session: Session
    settings: Settings
    today: date
    dry_run: bool
    actor: str = "purge"

    def cutoff(self, years: int) -> date:
        """Return the first day still kept when records are kept `years` full years."""
        return date(self.today.year - years, 1, 1)


@dataclass(frozen=True)
class PurgeResult:
    """What one step removed (or would remove): its kind, the first day kept and the count."""

    kind: str
    through: date | None  # records dated before this day go; None: not a dated kind
    rows: int


PurgeStep = Callable[[PurgeContext], PurgeResult]


def _purge_counsellor_log(context: PurgeContext) -> PurgeResult:
    from gepmonitor.safety.models import Conversation

    cutoff = context.cutoff(context.settings.retention_counsellor_log_years)
    where = Conversation.held_on < cutoff
    return _delete(context, "counsellor_log", cutoff, Conversation, where)


def _purge_reports(context: PurgeContext) -> PurgeResult:
    from gepmonitor.safety.models import SafetyReport

    cutoff = context.cutoff(context.settings.retention_reports_years)
    where = SafetyReport.closed_on.is_not(None) & (SafetyReport.closed_on < cutoff)
    return _delete(context, "reports", cutoff, SafetyReport, where)


def _purge_survey_answers(context: PurgeContext) -> PurgeResult:
    from gepmonitor.survey.models import SurveyResponse, SurveyRound

    cutoff = context.cutoff(context.settings.retention_survey_years)
    old_rounds = select(SurveyRound.id).where(SurveyRound.year < cutoff.year)
    where = SurveyResponse.round_id.in_(old_rounds)
    return _delete(context, "survey_answers", cutoff, SurveyResponse, where)


def _purge_personnel_rows(context: PurgeContext) -> PurgeResult:
    from gepmonitor.personnel.models import EmployeeRecord, Snapshot

    cutoff = context.cutoff(context.settings.retention_personnel_years)
    old = select(Snapshot.id).where(Snapshot.peildatum < cutoff)
    where = EmployeeRecord.snapshot_id.in_(old)
    return _delete(context, "personnel_rows", cutoff, EmployeeRecord, where)


def _purge_audit_log(context: PurgeContext) -> PurgeResult:
    from gepmonitor.core.audit import AuditEntry

    cutoff = context.cutoff(context.settings.retention_audit_years)
    moment = datetime(cutoff.year, 1, 1, tzinfo=UTC)
    where = AuditEntry.at < moment
    if context.dry_run:
        return _delete(context, "audit_log", cutoff, AuditEntry, where)
    # The triggers that keep the log append-only let rows older than a permit go, and only
    # while the permit exists: inside this transaction.
    permit = AuditPurgePermit(before=moment)
    context.session.add(permit)
    context.session.flush()
    result = _delete(context, "audit_log", cutoff, AuditEntry, where)
    context.session.delete(permit)
    context.session.flush()
    return result


def _purge_upload_previews(context: PurgeContext) -> PurgeResult:
    folder = context.settings.data_dir / "uploads"
    limit = time.time() - 60 * context.settings.upload_preview_minutes
    old = [p for p in folder.glob("*") if p.is_file() and p.stat().st_mtime < limit]
    if not context.dry_run:
        for path in old:
            path.unlink(missing_ok=True)
    return PurgeResult("upload_previews", None, len(old))


def _purge_candidates(context: PurgeContext) -> PurgeResult:
    """Purge candidates of the selection register past their period, in every organisation.

    Their period counts days after the procedure ended (recruitment.retention); only their
    counts per gender and stage stay.
    """
    from gepmonitor.core.models import Organisation
    from gepmonitor.recruitment import retention as candidates
    from gepmonitor.recruitment.checklist import Retention

    session, today = context.session, context.today
    periods = Retention.of(context.settings)
    rows = 0
    for org in session.scalars(select(Organisation).order_by(Organisation.id)).all():
        if context.dry_run:
            rows += candidates.count_due(session, org, today, retention=periods)
        else:
            noon = datetime(today.year, today.month, today.day, 12, tzinfo=UTC)
            rows += candidates.purge_candidates(
                session, org, noon, retention=periods, actor=context.actor
            )
    return PurgeResult("candidates", None, rows)


def _delete(context: PurgeContext, kind: str, cutoff: date, model, where) -> PurgeResult:  # type: ignore[no-untyped-def]
    """Count (and unless a dry run, delete) the model's rows matching where."""
    session = context.session
    count = session.scalar(select(func.count()).select_from(model).where(where)) or 0
    if count and not context.dry_run:
        session.execute(delete(model).where(where).execution_options(synchronize_session=False))
    return PurgeResult(kind, cutoff, count)


PURGE_STEPS: list[PurgeStep] = [
    _purge_counsellor_log,
    _purge_reports,
    _purge_survey_answers,
    _purge_personnel_rows,
    _purge_candidates,
    _purge_upload_previews,
    _purge_audit_log,  # last: the entries of this purge are written after it
]


def add_step(step: PurgeStep) -> None:
    """Add a module's purge step (run before the audit log's)."""
    if step not in PURGE_STEPS:
        PURGE_STEPS.insert(len(PURGE_STEPS) - 1, step)


def purge(
    session: Session, settings: Settings, actor: str, *, dry_run: bool, today: date | None = None
) -> list[PurgeResult]:
    """Remove (or with dry_run only count) what is past its retention period; audit it."""
    context = PurgeContext(session, settings, today or date.today(), dry_run, actor)
    results = [step(context) for step in PURGE_STEPS]
    if dry_run:
        return results
    for result in results:
        if not result.rows:
            continue
        if result.through is not None:
            session.add(
                RetentionPurge(
                    kind=result.kind, through=result.through, rows=result.rows, actor=actor
                )
            )
        audit.record(
            session,
            action="purge",
            actor=actor,
            target=result.kind,
            detail=f"{result.rows} rows"
            + (f" dated before {result.through.isoformat()}" if result.through else ""),
        )
    session.flush()
    return results
