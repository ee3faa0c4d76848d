"""The GEP plan register: goals, measures with KPIs, events with attendance, signal links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gepmonitor.core import audit
from gepmonitor.core.errors import InputError, NotFoundError
from gepmonitor.core.models import Organisation
from gepmonitor.core.privacy import pseudonymise
from gepmonitor.plan.models import PlanEvent, PlanEventAttendee, PlanGoal, PlanMeasure, SignalLink

STATUSES = ("planned", "running", "done", "stopped")
# Default goals: Overijssel's three goals (seed 002) and Groningen's three pillars (seed 001),
# in our own words.
DEFAULT_GOALS = (
    (
        "OV1",
        "Evenwichtige man/vrouwverdeling in schaal 13 en hoger",
        "Balanced gender split in scale 13 and higher",
        "GEP Overijssel 2025",
    ),
    (
        "OV2",
        "Een inclusieve cultuur waarin iedereen zich veilig voelt",
        "An inclusive culture in which everyone feels safe",
        "GEP Overijssel 2025",
    ),
    (
        "OV3",
        "Gelijke kansen in werving, doorstroom en ontwikkeling",
        "Equal opportunities in recruitment, progression and development",
        "GEP Overijssel 2025",
    ),
    (
        "GR1",
        "Diversiteit: organisatie en structuur",
        "Diversity: organisation and structure",
        "GEP Groningen",
    ),
    ("GR2", "Inclusie: cultuur en gedrag", "Inclusion: culture and behaviour", "GEP Groningen"),
    ("GR3", "Diverse personeelssamenstelling", "Diverse staff composition", "GEP Groningen"),
)


def ensure_default_goals(session: Session, org: Organisation) -> list[PlanGoal]:
    """Create the default goals when the organisation has none; return all goals."""
    goals = list_goals(session, org)
    if goals:
        return goals
    for code, nl, en, source in DEFAULT_GOALS:
        session.add(PlanGoal(org_id=org.id, code=code, title_nl=nl, title_en=en, source=source))
    session.flush()
    return list_goals(session, org)


def list_goals(session: Session, org: Organisation) -> list[PlanGoal]:
    """Return the plan's goals by code."""
    return list(
        session.scalars(select(PlanGoal).where(PlanGoal.org_id == org.id).order_by(PlanGoal.code))
    )


def get_goal(session: Session, org: Organisation, code: str) -> PlanGoal:
    """Return a goal by code."""
    goal = session.scalar(select(PlanGoal).where(PlanGoal.org_id == org.id, PlanGoal.code == code))
    if goal is None:
        raise NotFoundError("plan.no_goal", code=code)
    return goal


def save_goal(
    session: Session, org: Organisation, code: str, title_nl: str, title_en: str, actor: str
) -> PlanGoal:
    """Create or rename a goal."""
    if not code.strip() or not title_nl.strip():
        raise InputError("plan.goal_required")
    goal = session.scalar(select(PlanGoal).where(PlanGoal.org_id == org.id, PlanGoal.code == code))
    if goal is None:
        goal = PlanGoal(org_id=org.id, code=code.strip(), title_nl="", title_en="")
        session.add(goal)
    goal.title_nl, goal.title_en = title_nl.strip(), (title_en or title_nl).strip()
    session.flush()
    audit.record(session, action="save_goal", actor=actor, org_id=org.id, target=code)
    return goal


def add_measure(
    session: Session,
    org: Organisation,
    goal_code: str,
    title: str,
    *,
    start_year: int,
    end_year: int,
    actor: str,
    owner: str = "",
    status: str = "planned",
    kpi: str = "",
    kpi_kind: str = "manual",
    kpi_target: float | None = None,
    kpi_measured: float | None = None,
    evidence: str = "",
) -> PlanMeasure:
    """Add a measure under a goal."""
    goal = get_goal(session, org, goal_code)
    if not title.strip():
        raise InputError("plan.title_required")
    if end_year < start_year:
        raise InputError("plan.bad_period")
    if status not in STATUSES:
        raise InputError(
            "safety.bad_choice", field="status", value=status, allowed=", ".join(STATUSES)
        )
    if kpi_kind not in ("manual", "reach"):
        raise InputError(
            "safety.bad_choice", field="kpi_kind", value=kpi_kind, allowed="manual, reach"
        )
    measure = PlanMeasure(
        org_id=org.id,
        goal_id=goal.id,
        title=title.strip(),
        owner=owner,
        start_year=start_year,
        end_year=end_year,
        status=status,
        kpi=kpi,
        kpi_kind=kpi_kind,
        kpi_target=kpi_target,
        kpi_measured=kpi_measured,
        evidence=evidence,
    )
    session.add(measure)
    session.flush()
    audit.record(session, action="add_measure", actor=actor, org_id=org.id, target=title[:200])
    return measure


def list_measures(session: Session, org: Organisation) -> list[PlanMeasure]:
    """Return every measure of the plan."""
    return list(
        session.scalars(
            select(PlanMeasure)
            .where(PlanMeasure.org_id == org.id)
            .order_by(PlanMeasure.goal_id, PlanMeasure.id)
        )
    )


def get_measure(session: Session, org: Organisation, measure_id: int) -> PlanMeasure:
    """Return a measure of the organisation."""
    measure = session.get(PlanMeasure, measure_id)
    if measure is None or measure.org_id != org.id:
        raise NotFoundError("plan.no_measure", id=measure_id)
    return measure


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
        raise InputError("plan.title_required")
    if attendees < 0:
        raise InputError("recruitment.negative_count")
    if measure_id is not None:
        get_measure(session, org, measure_id)
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
    session: Session, org: Organisation, event_id: int, numbers: list[str], secret: str
) -> int:
    """Store an event's attendees as HMAC pseudonyms of personnel numbers; return the count."""
    event = session.get(PlanEvent, event_id)
    if event is None or event.org_id != org.id:
        raise NotFoundError("plan.no_event", id=event_id)
    keys = {pseudonymise(n, secret) for n in numbers if n.strip()}
    existing = set(
        session.scalars(
            select(PlanEventAttendee.attendee_key).where(PlanEventAttendee.event_id == event_id)
        )
    )
    for key in keys - existing:
        session.add(PlanEventAttendee(event_id=event_id, attendee_key=key))
    session.flush()
    event.attendees = len(keys | existing)
    return event.attendees


@dataclass(frozen=True)
class Reach:
    """Reach of organisation-wide events in a year."""

    year: int
    attendees: int
    headcount: int | None
    share: float | None
    distinct: bool  # True when counted from attendee keys, False when from event counts


def reach(session: Session, org: Organisation, year: int) -> Reach:
    """Return distinct attendees of the year's organisation-wide events / headcount."""
    from gepmonitor.personnel.schema import active_expr
    from gepmonitor.personnel.service import load_snapshots

    events = list(
        session.scalars(
            select(PlanEvent).where(
                PlanEvent.org_id == org.id,
                PlanEvent.organisation_wide,
                PlanEvent.held_on.between(date(year, 1, 1), date(year, 12, 31)),
            )
        )
    )
    ids = [e.id for e in events]
    distinct = (
        session.scalar(
            select(func.count(func.distinct(PlanEventAttendee.attendee_key))).where(
                PlanEventAttendee.event_id.in_(ids)
            )
        )
        if ids
        else 0
    )
    attendees = int(distinct or 0) or max((e.attendees for e in events), default=0)
    staff = load_snapshots(session, org, year, year)
    headcount = staff.filter(active_expr()).height if not staff.is_empty() else None
    share = attendees / headcount if headcount else None
    return Reach(year, attendees, headcount, share, bool(distinct))


def link_signal(
    session: Session, org: Organisation, signal_key: str, measure_id: int, actor: str
) -> SignalLink:
    """Link a survey signal to the measure that answers it."""
    get_measure(session, org, measure_id)
    link = session.scalar(
        select(SignalLink).where(SignalLink.org_id == org.id, SignalLink.signal_key == signal_key)
    )
    if link is None:
        link = SignalLink(org_id=org.id, signal_key=signal_key, measure_id=measure_id)
        session.add(link)
    link.measure_id = measure_id
    session.flush()
    audit.record(session, action="link_signal", actor=actor, org_id=org.id, target=signal_key)
    return link


def signal_links(session: Session, org: Organisation) -> dict[str, int]:
    """Return signal key -> measure id."""
    return {
        link.signal_key: link.measure_id
        for link in session.scalars(select(SignalLink).where(SignalLink.org_id == org.id))
    }


from gepmonitor.core.i18n import register as _register  # noqa: E402

_register(
    {
        "plan.no_goal": ("Doel {code} bestaat niet.", "Goal {code} does not exist."),
        "plan.goal_required": ("Geef een code en een titel.", "Give a code and a title."),
        "plan.title_required": ("Geef een titel.", "Give a title."),
        "plan.bad_period": (
            "Het eindjaar ligt voor het beginjaar.",
            "The end year is before the start year.",
        ),
        "plan.no_measure": ("Maatregel {id} bestaat niet.", "Measure {id} does not exist."),
        "plan.no_event": ("Bijeenkomst {id} bestaat niet.", "Event {id} does not exist."),
    }
)
