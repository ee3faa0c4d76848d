"""Events of the plan (meetings, trainings) with attendance, and the reach KPI they give.

Reach of a year: how many different staff members the year's organisation-wide events reached,
as a share of the headcount on the year's peildatum. Events with an attendee list (pseudonyms of
personnel numbers) give distinct people; an event with only a headcount cannot say who came, so
it can neither be added to the lists nor to other events. Reach therefore takes the larger of the
distinct attendees over all lists and the largest headcount-only event: a lower bound that never
counts a person twice, and that one short list can no longer pull down.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gepmonitor.core import audit
from gepmonitor.core.cache import cached
from gepmonitor.core.errors import InputError, NotFoundError
from gepmonitor.core.models import Organisation
from gepmonitor.core.privacy import pseudonymise
from gepmonitor.plan.models import PlanEvent, PlanEventAttendee, PlanMeasure

MAX_ID = 2**31 - 1  # larger numbers are no record (and PostgreSQL's integer cannot hold them)
FIRST_YEAR, LAST_YEAR = 1900, 2200


def check_length(value: str | None, field: str, limit: int) -> str | None:
    """Return the text stripped, or raise a clear InputError when it is longer than the column."""
    if value is not None and len(value.strip()) > limit:
        raise InputError(
            "Field '{field}' may have at most {limit} characters.", field=field, limit=limit
        )
    return value.strip() if value is not None else None


def check_year(year: int) -> int:
    """Return the year, or raise a clear InputError when it is not a plausible plan year."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(
            "Year {year} is not between {first} and {last}.",
            year=year,
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    return year


def add_event(
    session: Session,
    org: Organisation,
    title: str,
    held_on: date,
    *,
    actor: str,
    organisation_wide: bool = False,
    attendees: int = 0,
    measure_id: int | None = None,
) -> PlanEvent:
    """Register an event with an attendance count (attendee lists can be added)."""
    if not title.strip():
        raise InputError("Give a title.")
    check_length(title, "title", 200)
    if attendees < 0:
        raise InputError("Counts cannot be negative.")
    if measure_id is not None:
        measure = session.get(PlanMeasure, measure_id) if 0 < measure_id <= MAX_ID else None
        if measure is None or measure.org_id != org.id:
            raise NotFoundError("Measure {id} does not exist.", id=measure_id)
    event = PlanEvent(
        org_id=org.id,
        title=title.strip(),
        held_on=held_on,
        organisation_wide=organisation_wide,
        attendees=attendees,
        measure_id=measure_id,
    )
    session.add(event)
    session.flush()
    audit.record(session, action="add_event", actor=actor, org_id=org.id, target=title[:200])
    return event


def add_attendees(
    session: Session,
    org: Organisation,
    event_id: int,
    numbers: list[str],
    secret: str,
    actor: str = "",
) -> int:
    """Store an event's attendees as HMAC pseudonyms of personnel numbers; return the count."""
    event = session.get(PlanEvent, event_id) if 0 < event_id <= MAX_ID else None
    if event is None or event.org_id != org.id:
        raise NotFoundError("Event {id} does not exist.", id=event_id)
    keys = {pseudonymise(n, secret) for n in numbers if n.strip()}
    if not keys:
        raise InputError("The attendee list holds no personnel numbers.")
    existing = set(
        session.scalars(
            select(PlanEventAttendee.attendee_key).where(PlanEventAttendee.event_id == event_id)
        )
    )
    for key in keys - existing:
        session.add(PlanEventAttendee(event_id=event_id, attendee_key=key))
    session.flush()
    event.attendees = len(keys | existing)
    audit.record(session, action="add_attendees", actor=actor, org_id=org.id, target=str(event_id))
    return event.attendees


def attendee_numbers(data: bytes, name: str = "") -> list[str]:
    """Return the personnel numbers in the first column of an attendee CSV (after its header)."""
    from gepmonitor.core.limits import ImportLimits
    from gepmonitor.core.reader import decode_text, text_lines

    limits = ImportLimits.current()
    limits.check_size(len(data), name or "?")
    text = decode_text(data, name)
    rows: list[list[str]] = []
    cells = 0
    try:
        for row in csv.reader(text_lines(text)):
            rows.append(row)
            cells += len(row)
            # The same limits as every other import (GEP_IMPORT_MAX_*), checked while reading.
            if len(rows) > limits.max_rows + 1 or len(row) > limits.max_columns:
                limits.check_grid(len(rows) - 1, len(row), cells, name or "?")
            if cells > limits.max_cells:
                limits.check_grid(0, 0, cells, name or "?")
    except csv.Error as error:  # a cell longer than the csv module allows, a NUL byte
        raise InputError(
            "{file}: not a readable CSV ({error}).", file=name or "?", error=str(error)
        ) from error
    return [row[0] for row in rows[1:] if row and row[0].strip()]


@dataclass(frozen=True)
class EventView:
    """An event as listed: its attendance and whether that comes from an attendee list."""

    id: int
    title: str
    held_on: date
    organisation_wide: bool
    attendees: int
    listed: bool
    measure_id: int | None


def list_events(session: Session, org: Organisation, year: int | None = None) -> list[EventView]:
    """Return the organisation's events (of one year, when given), oldest first.

    Read once per data version (core.cache); the list is shared: do not change it.
    """
    if year is not None:
        check_year(year)
    key = ("plan.events", year)
    return cached(session, org, key, lambda: _list_events(session, org, year))


def _list_events(session: Session, org: Organisation, year: int | None) -> list[EventView]:
    listed = (
        select(PlanEventAttendee.event_id, func.count().label("n"))
        .group_by(PlanEventAttendee.event_id)
        .subquery()
    )
    query = (
        select(PlanEvent, listed.c.n)
        .outerjoin(listed, listed.c.event_id == PlanEvent.id)
        .where(PlanEvent.org_id == org.id)
        .order_by(PlanEvent.held_on, PlanEvent.id)
    )
    if year is not None:
        query = query.where(PlanEvent.held_on.between(date(year, 1, 1), date(year, 12, 31)))
    return [
        EventView(
            e.id, e.title, e.held_on, e.organisation_wide, n or e.attendees, bool(n), e.measure_id
        )
        for e, n in session.execute(query)
    ]


@dataclass(frozen=True)
class Reach:
    """Reach of organisation-wide events in a year, with how it was counted."""

    year: int
    attendees: int
    headcount: int | None
    share: float | None
    distinct: bool  # True when the figure comes from attendee lists
    listed_people: int = 0  # distinct attendees over every attendee list
    largest_unlisted: int = 0  # the largest event known only by its headcount
    target: float | None = None  # the reach measure's target, when there is one


def reach(session: Session, org: Organisation, year: int) -> Reach:
    """Return the year's reach: distinct listed attendees or the largest unlisted event.

    Computed once per data version (core.cache): the headcount loads the year's staff.
    """
    return cached(session, org, ("plan.reach", year), lambda: _reach(session, org, year))


def _reach(session: Session, org: Organisation, year: int) -> Reach:
    from gepmonitor.personnel.schema import active_expr
    from gepmonitor.personnel.service import load_year

    events = [e for e in list_events(session, org, year) if e.organisation_wide]
    listed_ids = [e.id for e in events if e.listed]
    listed_people = 0
    if listed_ids:
        listed_people = int(
            session.scalar(
                select(func.count(func.distinct(PlanEventAttendee.attendee_key))).where(
                    PlanEventAttendee.event_id.in_(listed_ids)
                )
            )
            or 0
        )
    largest_unlisted = max((e.attendees for e in events if not e.listed), default=0)
    attendees = max(listed_people, largest_unlisted)
    staff = load_year(session, org, year)
    headcount = staff.filter(active_expr()).height if not staff.is_empty() else None
    share = attendees / headcount if headcount else None
    target = session.scalar(
        select(PlanMeasure.kpi_target)
        .where(PlanMeasure.org_id == org.id, PlanMeasure.kpi_kind == "reach")
        .order_by(PlanMeasure.id)
        .limit(1)
    )
    return Reach(
        year,
        attendees,
        headcount,
        share,
        listed_people >= largest_unlisted and listed_people > 0,
        listed_people,
        largest_unlisted,
        target,
    )


def plan_years(session: Session, org: Organisation) -> tuple[list[int], int]:
    """Return the years the plan can show (newest first) and the one to open on.

    It opens on the latest year with events or a personnel snapshot (the data a year's reach
    needs), not on the calendar year, whose data usually does not exist yet; measures' periods
    only add years to choose from.
    """
    key = ("plan.years", date.today().year)  # with no data it opens on the calendar year
    return cached(session, org, key, lambda: _plan_years(session, org))


def _plan_years(session: Session, org: Organisation) -> tuple[list[int], int]:
    from gepmonitor.personnel.models import Snapshot

    held = session.scalars(select(PlanEvent.held_on).where(PlanEvent.org_id == org.id))
    peildata = session.scalars(select(Snapshot.peildatum).where(Snapshot.org_id == org.id))
    with_data = {d.year for d in held} | {d.year for d in peildata}
    periods = session.execute(
        select(PlanMeasure.start_year, PlanMeasure.end_year).where(PlanMeasure.org_id == org.id)
    ).all()
    planned = {y for start, end in periods for y in range(start, min(end, start + 50) + 1)}
    default = max(with_data) if with_data else max(planned, default=date.today().year)
    return sorted(with_data | planned | {default}, reverse=True), default
