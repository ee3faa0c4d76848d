"""Demo data of the plan module: measures whose KPIs come from the simulated province's data.

Three KPIs are computed by gepmonitor itself (women among appointments in scale 13+, women in
scale 13+, reach of the organisation-wide days from their attendee lists of real staff); the one
entered by hand (team leaders trained) is the workshop's attendance over the managers on the
peildatum, as HR would count it. Measures without data yet carry no measured value.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation
from gepmonitor.personnel.simulation import World, simulate
from gepmonitor.plan import service

LEADERSHIP = "Workshop ethisch leiderschap voor teamleiders"
# survey signal -> index of the measure that answers it
# The safety signal has its measure; the inclusion decline is new and waits for one, as the
# survey report and the plan page show (a signal without a measure).
SIGNALS = {"WBO 2025:sociale_veiligheid:gender=v": 5}
# goal, title, owner, status, first and last year, KPI, kind, target
MEASURES = (
    ("OV1", "Pas toe of leg uit bij benoemingen in schaal 11 en hoger", "Directie", "running",
     2021, 2028, "aandeel vrouwen bij benoemingen in schaal 13+", "appointments_13", 0.5),
    ("OV1", "Streefcijfer: de helft van schaal 13 en hoger is vrouw in 2028", "HR", "running",
     2025, 2028, "aandeel vrouwen in schaal 13+", "women_13", 0.5),
    ("OV2", "Organisatiebrede bijeenkomsten over inclusie en veiligheid", "HR", "running",
     2023, 2028, "bereik organisatiebrede bijeenkomsten", "reach", 0.8),
    ("OV2", LEADERSHIP, "Academie", "done",
     2023, 2023, "aandeel teamleiders getraind", "manual", 0.9),
    ("OV3", "Genderneutrale vacatureteksten", "Recruitment", "running",
     2022, 2028, "vacatureteksten door de tekstcontrole", "manual", 1.0),
    ("GR2", "Aanpak sociale veiligheid voor vrouwen (signaal WBO 2025)", "HR", "planned",
     2026, 2027, "aandeel vrouwen dat zich veilig voelt (WBO)", "manual", 0.8),
)  # fmt: skip


def leaders_trained(world: World) -> float:
    """Return the share of managers on the 2023 peildatum who attended the leadership workshop."""
    workshop = next(t for t in world.safety.trainings if t.title == LEADERSHIP)
    managers = {
        p.number
        for p, job in world.jobs(2023)
        if job.manager and (p.exit_date is None or p.exit_date.year > 2023)  # on the peildatum
    }
    return round(len(managers & set(workshop.attendees)) / len(managers), 3)


def build(session: Session, org: Organisation, settings: Settings, seed: int) -> None:
    """Add the default goals, six measures, the meetings with attendee lists, signal links.

    The links need the survey demo's 2025 round; without it the plan has none.
    """
    world = simulate(seed)
    service.ensure_default_goals(session, org)
    measures = []
    for goal, title, owner, status, first, last, kpi, kind, target in MEASURES:
        measured = leaders_trained(world) if title == LEADERSHIP else None
        evidence = "presentielijst 14 maart 2023; teamleiders op de peildatum" if measured else ""
        measures.append(
            service.add_measure(
                session,
                org,
                goal,
                title,
                start_year=first,
                end_year=last,
                actor="demo",
                owner=owner,
                status=status,
                kpi=kpi,
                kpi_kind=kind,
                kpi_target=target,
                kpi_measured=measured,
                evidence=evidence,
            )
        )
    secret = settings.resolved_secret_key()
    for meeting in world.meetings:
        event = service.add_event(
            session,
            org,
            meeting.title,
            meeting.held_on,
            actor="demo",
            organisation_wide=True,
            measure_id=measures[2].id,
        )
        service.add_attendees(session, org, event.id, list(meeting.attendees), secret, "demo")
    minimum = settings.survey_min_group
    for signal, index in SIGNALS.items():
        if service.signal_exists(session, org, signal, minimum):
            service.link_signal(session, org, signal, measures[index].id, "demo", minimum)
