"""Cross-checks of a built demo database: every module's records tell one story."""

from __future__ import annotations

from collections import Counter
from datetime import date

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation
from gepmonitor.personnel import service as personnel
from gepmonitor.personnel.schema import active_expr
from gepmonitor.personnel.simulation import simulate
from gepmonitor.plan import service as plan
from gepmonitor.plan.demo import LEADERSHIP, leaders_trained
from gepmonitor.plan.kpis import measure_views
from gepmonitor.plan.models import PlanEvent, PlanEventAttendee
from gepmonitor.recruitment.models import Appointment, Vacancy
from gepmonitor.safety import registers
from gepmonitor.safety.models import Conversation, SafetyReport
from gepmonitor.safety.vocab import BEHAVIOUR_THEMES, INTEGRITY_THEMES
from gepmonitor.survey.models import SurveyResponse, SurveyRound

TRACK_THEMES = {
    "undesirable_behaviour": set(BEHAVIOUR_THEMES),
    "integrity": {*INTEGRITY_THEMES, "other"},
}


def check_demo_agrees_with_itself(
    session: Session, org: Organisation, settings: Settings, seed: int
) -> None:
    """Assert the cross-checks of the demo organisation's records."""
    everyone = personnel.load_snapshots(session, org)  # leavers of each year included
    frame = everyone.filter(active_expr())
    _check_appointments(session, org, settings.recruitment_threshold_scale)
    _check_kpis(session, org, settings, frame, seed)
    assert _attendee_keys(session, org) <= set(
        everyone.filter(pl.col("year") == 2025)["employee_key"]
    )
    _check_safety(session, org)
    _check_surveys(session, org, frame)


def _check_appointments(session: Session, org: Organisation, threshold: int) -> None:
    pairs = session.execute(
        select(Vacancy, Appointment)
        .join(Appointment, Appointment.vacancy_id == Vacancy.id)
        .where(Vacancy.org_id == org.id)
    ).all()
    assert len(pairs) > 400
    explained = Counter()
    for vacancy, appointment in pairs:
        gender = appointment.gender
        # the shortlist allows the appointment: a suitable candidate of that gender
        assert getattr(vacancy, f"suitable_{gender}") >= 1, vacancy.reference
        for g in "mvx":
            applicants, listed = (
                getattr(vacancy, f"applicants_{g}"),
                getattr(vacancy, f"shortlisted_{g}"),
            )
            assert applicants >= listed >= getattr(vacancy, f"suitable_{g}")
        assert vacancy.opened <= appointment.appointed_on
        if vacancy.scale >= threshold and gender == "m" and vacancy.suitable_v:
            assert len(appointment.explanation) >= 20 and appointment.approver
            explained[vacancy.opened.year] += 1
    assert set(explained) == set(range(2021, 2026)) and min(explained.values()) >= 3


def _check_kpis(
    session: Session, org: Organisation, settings: Settings, frame: pl.DataFrame, seed: int
) -> None:
    views = {
        v.kpi_kind if v.kpi_kind != "manual" else v.title: v
        for v in measure_views(session, org, 2025, settings.min_cell)
    }
    appointed = session.scalars(
        select(Appointment.gender)
        .join(Vacancy, Appointment.vacancy_id == Vacancy.id)
        .where(Vacancy.org_id == org.id, Vacancy.scale >= 13, Vacancy.opened >= date(2025, 1, 1))
    ).all()
    counts = Counter(appointed)
    expected = counts["v"] / len(appointed)
    if any(0 < counts[g] < settings.min_cell for g in "mvx"):
        expected = None  # a small count hides the share, as in the recruitment summary
    assert views["appointments_13"].measured == expected
    top = frame.filter((pl.col("year") == 2025) & (pl.col("scale") >= 13))
    women = top.filter(pl.col("gender") == "v").height
    men = top.filter(pl.col("gender") == "m").height
    assert abs(views["women_13"].measured - women / (women + men)) < 1e-9  # of men + women
    keys = _attendee_keys(session, org)
    staff_2025 = frame.filter(pl.col("year") == 2025)
    assert abs(views["reach"].measured - len(keys) / staff_2025.height) < 1e-9
    managers = frame.filter((pl.col("year") == 2023) & pl.col("is_manager")).height
    world = simulate(seed)
    assert managers == sum(
        1
        for p, job in world.jobs(2023)
        if job.manager and (p.exit_date is None or p.exit_date.year > 2023)
    )
    assert views[LEADERSHIP].measured == leaders_trained(world)
    assert set(plan.signal_links(session, org)) == {"WBO 2025:sociale_veiligheid:gender=v"}


def _attendee_keys(session: Session, org: Organisation) -> set[str]:
    """Return the pseudonyms on the attendee lists of 2025's events."""
    return set(
        session.scalars(
            select(PlanEventAttendee.attendee_key)
            .join(PlanEvent, PlanEvent.id == PlanEventAttendee.event_id)
            .where(PlanEvent.org_id == org.id, PlanEvent.held_on >= date(2025, 1, 1))
        )
    )


def _check_safety(session: Session, org: Organisation) -> None:
    conversations = session.scalars(select(Conversation).where(Conversation.org_id == org.id)).all()
    reports = session.scalars(select(SafetyReport).where(SafetyReport.org_id == org.id)).all()
    assert len(conversations) > 200 and len(reports) > 10
    for c in conversations:
        assert set(c.themes.split(",")) <= TRACK_THEMES[c.track]
    for r in reports:
        assert r.theme in TRACK_THEMES[r.track]
    assert len({r.outcome for r in reports if r.status == "closed"}) >= 4
    for year in range(2019, 2026):
        oaths, source = registers.oaths_for(session, org, year)
        intro = [t for t in registers.trainings_for(session, org, year) if t.kind == "introduction"]
        assert source == "entered" and oaths == intro[0].attendees


def _check_surveys(session: Session, org: Organisation, frame: pl.DataFrame) -> None:
    for round_ in session.scalars(select(SurveyRound).where(SurveyRound.org_id == org.id)):
        answered = len(
            session.scalars(
                select(SurveyResponse.id).where(SurveyResponse.round_id == round_.id)
            ).all()
        )
        staff = frame.filter(pl.col("year") == round_.year).height
        assert 0.5 * staff < answered < 0.7 * staff, round_.name
