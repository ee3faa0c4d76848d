"""Demo data of the plan module: goals, measures with KPIs, events and a signal link."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation
from gepmonitor.plan import service

MEASURES = (
    (
        "OV1",
        "Pas toe of leg uit bij benoemingen in schaal 13+",
        "Directie",
        "running",
        "aandeel vrouwen bij benoemingen schaal 13+",
        "appointments_13",  # computed from the personnel flows, never typed in
        0.6,
        None,
    ),
    (
        "OV2",
        "Organisatiebrede bijeenkomsten over inclusie",
        "HR",
        "running",
        "bereik organisatiebrede bijeenkomsten",
        "reach",
        0.8,
        None,
    ),
    (
        "OV2",
        "Training inclusief leiderschap voor teamleiders",
        "Academie",
        "done",
        "teamleiders getraind",
        "manual",
        1.0,
        0.92,
    ),
    (
        "OV3",
        "Genderneutrale vacatureteksten",
        "Recruitment",
        "running",
        "vacatureteksten gecontroleerd",
        "manual",
        1.0,
        0.85,
    ),
    (
        "GR2",
        "Aanpak sociale veiligheid voor vrouwen (signaal WBO 2025)",
        "HR",
        "planned",
        "aandeel vrouwen dat zich veilig voelt",
        "manual",
        0.8,
        None,
    ),
)


def build(session: Session, org: Organisation, settings: Settings, seed: int) -> None:
    """Add the default goals, five measures, yearly organisation-wide meetings and a link.

    The link needs the survey demo's 2025 round; without it the plan has no link.
    """
    service.ensure_default_goals(session, org)
    measures = [
        service.add_measure(
            session,
            org,
            goal,
            title,
            start_year=2025,
            end_year=2028,
            actor="demo",
            owner=owner,
            status=status,
            kpi=kpi,
            kpi_kind=kind,
            kpi_target=target,
            kpi_measured=measured,
        )
        for goal, title, owner, status, kpi, kind, target, measured in MEASURES
    ]
    for year, attendees in ((2023, 1010), (2024, 1190), (2025, 1335)):
        service.add_event(
            session,
            org,
            f"Organisatiebrede dag {year}",
            date(year, 6, 12),
            actor="demo",
            organisation_wide=True,
            attendees=attendees,
            measure_id=measures[1].id,
        )
    signal = "WBO 2025:sociale_veiligheid:gender=v"
    if service.signal_exists(session, org, signal, settings.survey_min_group):
        service.link_signal(session, org, signal, measures[4].id, "demo", settings.survey_min_group)
