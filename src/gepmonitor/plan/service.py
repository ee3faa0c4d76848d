"""The GEP plan register: goals, measures with KPIs, events with attendance, signal links."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from types import ModuleType

from sqlalchemy import select
from sqlalchemy.orm import Session

from gepmonitor.core import audit, registry
from gepmonitor.core.cache import cached
from gepmonitor.core.errors import InputError, NotFoundError
from gepmonitor.core.i18n import N_
from gepmonitor.core.models import Organisation
from gepmonitor.plan.events import (  # noqa: F401 - the plan's use cases in one place
    MAX_ID,
    Reach,
    add_attendees,
    add_event,
    check_length,
    check_year,
    list_events,
    plan_years,
    reach,
)
from gepmonitor.plan.models import PlanGoal, PlanMeasure, SignalLink

STATUSES = ("planned", "running", "done", "stopped")
# manual: measured by hand; reach: organisation-wide events / headcount; appointments_13: share
# of women among appointments in scale 13 and higher (recruitment register); women_13: share of
# women among staff in scale 13 and higher (personnel snapshots). See plan/kpis.py.
KPI_KINDS = ("manual", "reach", "appointments_13", "women_13")
COMPUTED_KPI_KINDS = KPI_KINDS[1:]  # their measured value comes from the data, never by hand
STATUS_LABELS = {
    "planned": N_("planned"),
    "running": N_("running"),
    "done": N_("done"),
    "stopped": N_("stopped"),
}
KPI_KIND_LABELS = {
    "manual": N_("manual"),
    "reach": N_("reach of events (computed)"),
    "appointments_13": N_("share of women appointed in scale 13+ (computed)"),
    "women_13": N_("share of women in scale 13+ (computed)"),
}
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
        raise NotFoundError("Goal {code} does not exist.", code=code)
    return goal


def save_goal(
    session: Session, org: Organisation, code: str, title_nl: str, title_en: str, actor: str
) -> PlanGoal:
    """Create or rename a goal."""
    if not code.strip() or not title_nl.strip():
        raise InputError("Give a code and a title.")
    check_length(code, "code", 20)
    check_length(title_nl, "title", 300)
    check_length(title_en, "title_en", 300)
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
        raise InputError("Give a title.")
    _check_lengths(title, owner, kpi)
    if check_year(end_year) < check_year(start_year):
        raise InputError("The end year is before the start year.")
    _check_choices(status, kpi_kind)
    check_measured(f"'{title.strip()}'", kpi_kind, kpi_measured)
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


def _check_lengths(title: str | None, owner: str | None, kpi: str | None) -> None:
    check_length(title, "title", 300)
    check_length(owner, "owner", 120)
    check_length(kpi, "kpi", 200)


def _check_choices(status: str, kpi_kind: str) -> None:
    if status not in STATUSES:
        raise InputError(
            "{field}: '{value}' is unknown; choose from {allowed}.",
            field="status",
            value=status,
            allowed=", ".join(STATUSES),
        )
    if kpi_kind not in KPI_KINDS:
        raise InputError(
            "{field}: '{value}' is unknown; choose from {allowed}.",
            field="kpi_kind",
            value=kpi_kind,
            allowed=", ".join(KPI_KINDS),
        )


def check_measured(measure: str, kpi_kind: str, kpi_measured: float | None) -> None:
    """Refuse a measured value typed in for a KPI that is computed from the data."""
    # kpis.measure_views would show the computed value instead: accepting it would lose it silently
    if kpi_measured is not None and kpi_kind in COMPUTED_KPI_KINDS:
        raise InputError(
            "Measure {measure}: the measured value of this KPI ({kind}) is computed from the "
            "data and cannot be entered.",
            measure=measure,
            kind=kpi_kind,
        )


def update_measure(
    session: Session,
    org: Organisation,
    measure_id: int,
    actor: str,
    *,
    title: str | None = None,
    owner: str | None = None,
    status: str | None = None,
    end_year: int | None = None,
    kpi: str | None = None,
    kpi_kind: str | None = None,
    kpi_target: float | None = None,
    kpi_measured: float | None = None,
    evidence: str | None = None,
) -> PlanMeasure:
    """Change a measure's status, KPI values, evidence, ...; a field given as None stays."""
    measure = get_measure(session, org, measure_id)
    changes: dict[str, object] = {
        "title": title.strip() if title is not None else None,
        "owner": owner.strip() if owner is not None else None,
        "status": status,
        "end_year": end_year,
        "kpi": kpi.strip() if kpi is not None else None,
        "kpi_kind": kpi_kind,
        "kpi_target": kpi_target,
        "kpi_measured": kpi_measured,
        "evidence": evidence.strip() if evidence is not None else None,
    }
    _check_lengths(title, owner, kpi)
    given = {name: value for name, value in changes.items() if value is not None}
    if given.get("title") == "":
        raise InputError("Give a title.")
    if check_year(end_year or measure.end_year) < measure.start_year:
        raise InputError("The end year is before the start year.")
    _check_choices(status or measure.status, kpi_kind or measure.kpi_kind)
    check_measured(f"{measure.id} ('{measure.title}')", kpi_kind or measure.kpi_kind, kpi_measured)
    for name, value in given.items():
        setattr(measure, name, value)
    session.flush()
    audit.record(
        session,
        action="update_measure",
        actor=actor,
        org_id=org.id,
        target=str(measure_id),
        detail=", ".join(sorted(given)),
    )
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
    measure = session.get(PlanMeasure, measure_id) if 0 < measure_id <= MAX_ID else None
    if measure is None or measure.org_id != org.id:
        raise NotFoundError("Measure {id} does not exist.", id=measure_id)
    return measure


def link_signal(
    session: Session,
    org: Organisation,
    signal_key: str,
    measure_id: int,
    actor: str,
    min_group: int,
) -> SignalLink:
    """Link a survey signal (one the survey found) to the measure that answers it."""
    get_measure(session, org, measure_id)
    if not signal_exists(session, org, signal_key, min_group):
        raise NotFoundError(
            "Signal '{signal}' does not exist (see gep survey signals and gep recruitment funnel).",
            signal=signal_key,
        )
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


@dataclass(frozen=True)
class SignalChoice:
    """A signal as a form offers it: its key as the value, its description as the text."""

    key: str
    label: str


def _signal_sources() -> list[ModuleType]:
    """Return the modules whose signals a plan measure can answer (registry part 'signals').

    Each has `signal_exists(session, org, key, min_group)` and
    `unlinked_choices(session, org, min_group, lang)`; they are found through the registry so
    the plan depends on no capability that depends on it.
    """
    return [import_module(name) for name in registry.modules("signals")]


def signal_exists(session: Session, org: Organisation, key: str, min_group: int) -> bool:
    """Return whether any capability currently raises a signal with this key."""
    return any(source.signal_exists(session, org, key, min_group) for source in _signal_sources())


def unlinked_choices(
    session: Session, org: Organisation, min_group: int, lang: str
) -> list[SignalChoice]:
    """Return every signal without a measure yet, described in words, from every source.

    Computed once per data version (core.cache): finding survey signals runs t-tests. A source
    may not see the links (it does not import plan), so the linked signals are left out here.
    """

    def compute() -> list[SignalChoice]:
        links = signal_links(session, org)
        return [
            choice
            for source in _signal_sources()
            for choice in source.unlinked_choices(session, org, min_group, lang)
            if choice.key not in links
        ]

    return cached(session, org, ("plan.unlinked_choices", min_group, lang), compute)


def signal_links(session: Session, org: Organisation) -> dict[str, int]:
    """Return signal key -> measure id."""
    return {
        link.signal_key: link.measure_id
        for link in session.scalars(select(SignalLink).where(SignalLink.org_id == org.id))
    }
