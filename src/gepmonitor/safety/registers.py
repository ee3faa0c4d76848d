"""Registers of the safety module: reports and complaints, incidents, oaths, trainings.

Reports and complaints follow a workflow with deadlines; incidents record aggression by the
public; the annual report's editable texts live here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from gepmonitor.core import audit
from gepmonitor.core.cache import cached
from gepmonitor.core.errors import InputError, NotFoundError
from gepmonitor.core.models import Organisation
from gepmonitor.safety.models import Incident, OathYear, SafetyReport, SafetyText, Training
from gepmonitor.safety.vocab import (
    INCIDENT_KINDS,
    REPORT_SOURCES,
    STATUS_DAYS,
    TEXT_SECTIONS,
    THEMES,
    TRACKS,
    TRAINING_KINDS,
    check_choice,
    check_past_date,
    check_year,
)

NEXT_STATUSES = {
    "received": ("in_progress", "closed"),
    "in_progress": ("committee_advice", "closed"),
    "committee_advice": ("board_decision",),
    "board_decision": ("closed",),
    "closed": (),
}


def _deadline(status: str, since: date) -> date | None:
    days = STATUS_DAYS.get(status)
    return since + timedelta(days=days) if days else None


def add_report(
    session: Session,
    org: Organisation,
    *,
    track: str,
    theme: str,
    source: str,
    received_on: date,
    actor: str,
) -> SafetyReport:
    """Register a formal report or complaint; its first deadline follows from the workflow."""
    year = check_year(check_past_date(received_on).year)
    count = len(
        session.scalars(
            select(SafetyReport.id).where(
                SafetyReport.org_id == org.id, SafetyReport.reference.like(f"M{year}-%")
            )
        ).all()
    )
    report = SafetyReport(
        org_id=org.id,
        reference=f"M{year}-{count + 1:03d}",
        track=check_choice(track, TRACKS, "track"),
        theme=check_choice(theme, THEMES, "theme"),
        source=check_choice(source, REPORT_SOURCES, "source"),
        received_on=received_on,
        status="received",
        status_since=received_on,
        deadline=_deadline("received", received_on),
    )
    session.add(report)
    session.flush()
    # The audit log names the kind of record, not which one: admins read it (docs/safety.md).
    audit.record(session, action="add_report", actor=actor, org_id=org.id, target="report")
    return report


def get_report(session: Session, org: Organisation, reference: str) -> SafetyReport:
    """Return the organisation's report by reference."""
    report = session.scalar(
        select(SafetyReport).where(
            SafetyReport.org_id == org.id, SafetyReport.reference == reference
        )
    )
    if report is None:
        raise NotFoundError("Report {reference} does not exist.", reference=reference)
    return report


def advance_report(
    session: Session,
    org: Organisation,
    reference: str,
    status: str,
    on: date,
    *,
    actor: str,
    outcome: str = "",
    measures: str = "",
) -> SafetyReport:
    """Move a report to its next status; closing needs an outcome."""
    report = get_report(session, org, reference)
    status = check_choice(status, tuple(NEXT_STATUSES), "status")
    if status not in NEXT_STATUSES[report.status]:
        raise InputError(
            "A report with status '{current}' cannot move to '{wanted}'; it can move to: "
            "{allowed}.",
            current=report.status,
            wanted=status,
            allowed=", ".join(NEXT_STATUSES[report.status]) or "-",
        )
    if on < report.status_since:
        raise InputError("The date is before the previous status change.")
    if status == "closed" and not outcome.strip():
        raise InputError("Fill in the outcome when closing.")
    report.status, report.status_since, report.deadline = status, on, _deadline(status, on)
    if outcome.strip():
        report.outcome = outcome.strip()
    if measures.strip():
        report.measures = measures.strip()
    if status == "closed":
        report.closed_on = on
    audit.record(
        session,
        action="advance_report",
        actor=actor,
        org_id=org.id,
        target="report",
    )
    return report


def list_reports(
    session: Session,
    org: Organisation,
    year: int | None = None,
    *,
    status: str | None = None,
    track: str | None = None,
) -> list[SafetyReport]:
    """Return the organisation's reports (received in a year, in a status, of a track, if given)."""
    query = select(SafetyReport).where(SafetyReport.org_id == org.id)
    if year is not None:
        check_year(year)
        query = query.where(SafetyReport.received_on.between(date(year, 1, 1), date(year, 12, 31)))
    if status is not None:
        query = query.where(
            SafetyReport.status == check_choice(status, tuple(NEXT_STATUSES), "status")
        )
    if track is not None:
        query = query.where(SafetyReport.track == check_choice(track, TRACKS, "track"))
    return list(session.scalars(query.order_by(SafetyReport.received_on)))


def register_years(session: Session, org: Organisation) -> list[int]:
    """Return the years in which reports were received or incidents happened, newest first."""
    received = extract("year", SafetyReport.received_on)
    occurred = extract("year", Incident.occurred_on)
    years = set(session.scalars(select(received).where(SafetyReport.org_id == org.id).distinct()))
    years |= set(session.scalars(select(occurred).where(Incident.org_id == org.id).distinct()))
    return sorted({int(year) for year in years}, reverse=True)


def record_register_read(
    session: Session, org: Organisation, actor: str, register: str, year: int | None = None
) -> None:
    """Write to the audit log that someone read a register's records (one row per read).

    The registers hold reports and complaints about named situations: who read them, and when,
    must be traceable like any read of sensitive records. Written at once with one INSERT
    (core.audit.append): an async endpoint calls it after its last await, since on SQLite the
    write holds the database's write lock until the commit.
    """
    detail = f"year {year}" if year is not None else "all years"
    session.flush()  # entries the session still holds first: the log keeps the order of events
    audit.append(
        session, action="view_register", actor=actor, org_id=org.id, target=register, detail=detail
    )


def overdue_reports(session: Session, org: Organisation, today: date) -> list[SafetyReport]:
    """Return the open reports whose deadline has passed."""
    query = select(SafetyReport).where(
        SafetyReport.org_id == org.id,
        SafetyReport.status != "closed",
        SafetyReport.deadline.is_not(None),
        SafetyReport.deadline < today,
    )
    return list(session.scalars(query.order_by(SafetyReport.received_on)))


def overdue_count(session: Session, org: Organisation, today: date) -> int:
    """Return how many open reports are past their deadline (kept per data version and day)."""
    key = ("safety.overdue", today)
    return cached(session, org, key, lambda: len(overdue_reports(session, org, today)))


def reports_by_year(
    session: Session, org: Organisation, years: list[int]
) -> list[list[int | None]]:
    """Return per year [year, undesirable behaviour, integrity, total] of reports received."""
    rows: list[list[int | None]] = []
    for year in years:
        reports = list_reports(session, org, year)
        behaviour = sum(r.track == "undesirable_behaviour" for r in reports)
        rows.append([year, behaviour, len(reports) - behaviour, len(reports)])
    return rows


def add_incident(
    session: Session,
    org: Organisation,
    *,
    occurred_on: date,
    kind: str,
    actor: str,
    unit: str = "",
    police_report: bool = False,
    follow_up: str = "",
) -> Incident:
    """Register an incident of aggression or violence by the public against staff."""
    incident = Incident(
        org_id=org.id,
        occurred_on=check_past_date(occurred_on),
        kind=check_choice(kind, INCIDENT_KINDS, "kind"),
        unit=unit.strip(),
        police_report=police_report,
        follow_up=follow_up.strip(),
    )
    session.add(incident)
    session.flush()
    audit.record(session, action="add_incident", actor=actor, org_id=org.id, target="incident")
    return incident


def list_incidents(session: Session, org: Organisation, year: int | None = None) -> list[Incident]:
    """Return the organisation's incidents (of a year, if given), newest first."""
    query = select(Incident).where(Incident.org_id == org.id)
    if year is not None:
        check_year(year)
        query = query.where(Incident.occurred_on.between(date(year, 1, 1), date(year, 12, 31)))
    return list(session.scalars(query.order_by(Incident.occurred_on.desc(), Incident.id.desc())))


def incidents_by_kind(session: Session, org: Organisation, year: int) -> dict[str, int]:
    """Return the year's incidents counted by kind."""
    rows = list_incidents(session, org, year)
    return {kind: sum(r.kind == kind for r in rows) for kind in INCIDENT_KINDS}


def set_oaths(session: Session, org: Organisation, year: int, count: int, actor: str) -> None:
    """Enter the number of oaths and affirmations taken in a year."""
    check_year(year)
    if count < 0:
        raise InputError("Counts cannot be negative.")
    row = session.scalar(select(OathYear).where(OathYear.org_id == org.id, OathYear.year == year))
    if row is None:
        row = OathYear(org_id=org.id, year=year, count=count)
        session.add(row)
    row.count = count
    audit.record(session, action="set_oaths", actor=actor, org_id=org.id, target=str(year))


def oaths_for(session: Session, org: Organisation, year: int) -> tuple[int | None, str]:
    """Return the year's oaths from the oath register ("entered"), or (None, "none").

    Only the register counts: inflow is not a number of oaths (not every new employee takes the
    oath in the year they start, and some who do are not new), so no figure is derived from it.
    """
    row = session.scalar(select(OathYear).where(OathYear.org_id == org.id, OathYear.year == year))
    if row is not None:
        return row.count, "entered"
    return None, "none"


@dataclass(frozen=True)
class TrainingRow:
    """A training with its attendance and its reach among the year's staff.

    ``covers`` says of whom ``attendees`` and ``reach`` are: "all", or "men_women" when a small
    x/unknown attendance is hidden (core.privacy.split_by_gender); ``staff_men_women`` is the
    headcount of men and women the reach of men and women is taken of.
    """

    title: str
    held_on: date
    kind: str
    attendees: int | None  # None = suppressed in a report
    women: int | None
    men: int | None
    other: int | None
    reach: float | None
    covers: str | None = "all"
    staff: int = 0
    staff_men_women: int = 0


def add_training(
    session: Session,
    org: Organisation,
    *,
    title: str,
    held_on: date,
    kind: str,
    attendees: tuple[int, int, int],
    actor: str,
) -> Training:
    """Register a training or workshop with attendance (men, women, x)."""
    if not title.strip():
        raise InputError("Enter a title.")
    if any(n < 0 for n in attendees):
        raise InputError("Counts cannot be negative.")
    training = Training(
        org_id=org.id,
        title=title.strip(),
        held_on=held_on,
        kind=check_choice(kind, TRAINING_KINDS, "kind"),
        attendees_m=attendees[0],
        attendees_v=attendees[1],
        attendees_x=attendees[2],
    )
    session.add(training)
    session.flush()
    audit.record(session, action="add_training", actor=actor, org_id=org.id, target=title)
    return training


def trainings_for(session: Session, org: Organisation, year: int) -> list[TrainingRow]:
    """Return the year's trainings; reach = attendees / headcount on the year's peildatum."""
    from gepmonitor.personnel.schema import active_expr
    from gepmonitor.personnel.service import load_year

    staff = load_year(session, org, year)
    on_day = staff.filter(active_expr()) if not staff.is_empty() else staff
    headcount = on_day.height
    men_women = on_day.filter(on_day["gender"].is_in(["m", "v"])).height if headcount else 0
    rows = session.scalars(
        select(Training)
        .where(
            Training.org_id == org.id,
            Training.held_on.between(date(year, 1, 1), date(year, 12, 31)),
        )
        .order_by(Training.held_on)
    ).all()
    result = []
    for t in rows:
        total = t.attendees_m + t.attendees_v + t.attendees_x
        result.append(
            TrainingRow(
                t.title,
                t.held_on,
                t.kind,
                total,
                t.attendees_v,
                t.attendees_m,
                t.attendees_x,
                total / headcount if headcount else None,
                "all",
                headcount,
                men_women,
            )
        )
    return result


def set_text(
    session: Session, org: Organisation, year: int, section: str, lang: str, body: str, actor: str
) -> None:
    """Store an editable section of the year's report."""
    check_year(year)
    section = check_choice(section, TEXT_SECTIONS, "section")
    lang = check_choice(lang, ("nl", "en"), "lang")
    row = session.scalar(
        select(SafetyText).where(
            SafetyText.org_id == org.id,
            SafetyText.year == year,
            SafetyText.section == section,
            SafetyText.lang == lang,
        )
    )
    if row is None:
        row = SafetyText(org_id=org.id, year=year, section=section, lang=lang)
        session.add(row)
    row.body = body.strip()
    audit.record(session, action="set_text", actor=actor, org_id=org.id, target=section)


def texts_for(session: Session, org: Organisation, year: int, lang: str) -> dict[str, str]:
    """Return the year's editable sections in a language (falling back to Dutch)."""
    rows = session.scalars(
        select(SafetyText).where(SafetyText.org_id == org.id, SafetyText.year == year)
    ).all()
    found: dict[str, str] = {}
    for preferred in ("nl", lang):
        found.update({r.section: r.body for r in rows if r.lang == preferred and r.body})
    return found
