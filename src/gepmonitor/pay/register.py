"""The art. 10 joint pay assessment register: flagged categories, justified or remedied.

A category of workers whose mean gap of hourly pay is 5% or more (either way) gets an entry when
its year's pay is imported. The employer then either justifies the gap with objective,
gender-neutral criteria, or remedies it with a measure due at most six months after the report.
Status, in this order:

- ``justified``: a criterion and an explanation are recorded;
- ``remedied``: the remedy's measure is recorded as carried out;
- ``remedy_due``: neither yet, and the due date (the remedy's, else six months after the
  report) has not passed;
- ``joint_assessment_required``: neither, and the due date has passed: art. 10 asks for a joint
  pay assessment with the workers' representatives.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from gepmonitor.core import audit
from gepmonitor.core.db import utcnow
from gepmonitor.core.errors import InputError, NotFoundError
from gepmonitor.core.i18n import N_
from gepmonitor.core.models import Organisation
from gepmonitor.pay.figures import CategoryFigures, category_order
from gepmonitor.pay.models import PayAssessment

STATUSES = ("justified", "remedied", "remedy_due", "joint_assessment_required")
STATUS_TEXT = {
    "justified": N_("justified"),
    "remedied": N_("remedied"),
    "remedy_due": N_("remedy due"),
    "joint_assessment_required": N_("joint assessment required"),
}
REMEDY_MONTHS = 6


def add_months(day: date, months: int) -> date:
    """Return the same day some months later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_limit(entry: PayAssessment) -> date:
    """Return the latest date a remedy may be due: six months after the report."""
    return add_months(entry.reported_on, REMEDY_MONTHS)


def status_of(entry: PayAssessment, today: date) -> str:
    """Return the entry's status on a day (see the module docstring)."""
    if entry.criterion.strip() and entry.explanation.strip():
        return "justified"
    if entry.remedied_on is not None:
        return "remedied"
    due = entry.due_date or due_limit(entry)
    return "remedy_due" if today <= due else "joint_assessment_required"


@dataclass(frozen=True)
class RegisterRow:
    """An entry with its status on the day asked."""

    entry: PayAssessment
    status: str
    due: date


def open_assessments(
    session: Session,
    org: Organisation,
    year: int,
    categories: list[CategoryFigures],
    *,
    reported_on: date,
    actor: str,
) -> list[PayAssessment]:
    """Create an entry for each flagged category that has none; update the gap of the others."""
    existing = {e.category: e for e in entries(session, org, year)}
    created = []
    for category in categories:
        gap = category.mean_gap_hourly_exact
        if gap is None or abs(gap) < 5.0:
            continue
        entry = existing.get(category.category)
        if entry is not None:
            entry.gap_pct = gap
            continue
        entry = PayAssessment(
            org_id=org.id,
            year=year,
            category=category.category,
            gap_pct=gap,
            reported_on=reported_on,
            updated_by=actor,
        )
        session.add(entry)
        created.append(entry)
    session.flush()
    for entry in created:
        audit.record(
            session,
            action="open_pay_assessment",
            actor=actor,
            org_id=org.id,
            target=f"pay {year} {entry.category}",
            detail=f"gap {entry.gap_pct:.2f}%",
        )
    return created


def entries(session: Session, org: Organisation, year: int | None = None) -> list[PayAssessment]:
    """Return the register's entries, by year and category."""
    query = select(PayAssessment).where(PayAssessment.org_id == org.id)
    if year is not None:
        query = query.where(PayAssessment.year == year)
    found = list(session.scalars(query.order_by(PayAssessment.year, PayAssessment.category)))
    return sorted(found, key=lambda e: (e.year, category_order(e.category)))


def register_rows(
    session: Session, org: Organisation, year: int | None, today: date
) -> list[RegisterRow]:
    """Return the entries with their status on the day."""
    return [
        RegisterRow(e, status_of(e, today), e.due_date or due_limit(e))
        for e in entries(session, org, year)
    ]


def get_entry(session: Session, org: Organisation, year: int, category: str) -> PayAssessment:
    """Return the entry of a category in a year, or NotFoundError."""
    entry = session.scalar(
        select(PayAssessment).where(
            PayAssessment.org_id == org.id,
            PayAssessment.year == year,
            PayAssessment.category == category,
        )
    )
    if entry is None:
        raise NotFoundError(
            "Category {category} of {year} is not in the joint pay assessment register.",
            category=category,
            year=year,
        )
    return entry


def justify(
    session: Session,
    org: Organisation,
    year: int,
    category: str,
    *,
    criterion: str,
    explanation: str,
    evidence: str,
    justified_by: str,
    justified_on: date,
    actor: str,
) -> PayAssessment:
    """Record the objective, gender-neutral justification of a category's gap."""
    if not criterion.strip() or not explanation.strip():
        raise InputError("A justification needs a criterion and an explanation.")
    if not justified_by.strip():
        raise InputError("Say who gave the justification.")
    entry = get_entry(session, org, year, category)
    entry.criterion, entry.explanation = criterion.strip()[:300], explanation.strip()
    entry.evidence, entry.justified_by = evidence.strip(), justified_by.strip()[:120]
    entry.justified_on = justified_on
    _touch(session, org, entry, actor, "justify_pay_gap", criterion)
    return entry


def plan_remedy(
    session: Session,
    org: Organisation,
    year: int,
    category: str,
    *,
    measure: str,
    owner: str,
    due_date: date,
    actor: str,
    plan_measure_id: int | None = None,
) -> PayAssessment:
    """Record the measure that remedies a category's gap, due within six months of the report."""
    if not measure.strip() or not owner.strip():
        raise InputError("A remedy needs a measure and an owner.")
    entry = get_entry(session, org, year, category)
    if due_date > due_limit(entry):
        raise InputError(
            "The remedy must be due by {limit}, six months after the report.",
            limit=due_limit(entry).isoformat(),
        )
    if plan_measure_id is not None:
        from gepmonitor.plan.service import get_measure

        get_measure(session, org, plan_measure_id)  # NotFoundError for another org's measure
    entry.measure, entry.owner = measure.strip(), owner.strip()[:120]
    entry.due_date, entry.plan_measure_id = due_date, plan_measure_id
    _touch(session, org, entry, actor, "plan_pay_remedy", f"due {due_date.isoformat()}")
    return entry


def plan_measure_choices(session: Session, org: Organisation) -> list[tuple[int, str]]:
    """Return the GEP plan's measures (id, title) a remedy may link to."""
    from gepmonitor.plan.service import list_measures

    return [(measure.id, measure.title) for measure in list_measures(session, org)]


def mark_remedied(
    session: Session, org: Organisation, year: int, category: str, *, on: date, actor: str
) -> PayAssessment:
    """Record that the remedy was carried out on a day."""
    entry = get_entry(session, org, year, category)
    if not entry.measure:
        raise InputError("Record the remedy's measure before marking it carried out.")
    entry.remedied_on = on
    _touch(session, org, entry, actor, "remedy_pay_gap", on.isoformat())
    return entry


def _touch(
    session: Session, org: Organisation, entry: PayAssessment, actor: str, action: str, detail: str
) -> None:
    entry.updated_at, entry.updated_by = utcnow(), actor
    session.flush()
    audit.record(
        session,
        action=action,
        actor=actor,
        org_id=org.id,
        target=f"pay {entry.year} {entry.category}",
        detail=detail[:200],
    )
