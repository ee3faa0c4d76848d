"""Demo data of the recruitment module: four years of vacancies with appointments."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation
from gepmonitor.recruitment import demo_selection, selection, service
from gepmonitor.recruitment.rules import explanation_required

TITLES = (
    "Beleidsadviseur",
    "Projectleider",
    "Teamleider",
    "Jurist",
    "Data-analist",
    "Programmamanager",
    "Adviseur Subsidies",
    "Omgevingsmanager",
    "Controller",
    "Medewerker Toezicht",
    "Communicatieadviseur",
    "Informatiemanager",
)
UNITS = (
    "Mobiliteit",
    "Natuur",
    "Energietransitie",
    "Financiën",
    "Ruimte en Wonen",
    "Juridische Zaken",
    "Informatievoorziening",
    "Economie",
)
REASONS = (
    "De geschikte vrouwelijke kandidaat trok zich na het tweede gesprek terug.",
    "Hij had als enige de vereiste ervaring met aanbestedingen van deze omvang.",
    "De commissie vond hem na het assessment duidelijk beter geschikt; toegelicht aan de directie.",
)


def build(session: Session, org: Organisation, settings: Settings, seed: int) -> None:
    """Add about 35 vacancies a year for 2022-2025 and a few run through selection.

    Some appointments need comply-or-explain; demo_selection.py runs the selection register.
    """
    _register(session, org, settings, seed)
    demo_selection.build(session, org, settings, seed)


def _register(session: Session, org: Organisation, settings: Settings, seed: int) -> None:
    """Add the register's vacancies with counts and appointments."""
    rng = np.random.default_rng(seed + 5)
    threshold = settings.recruitment_threshold_scale
    for year in range(2022, 2026):
        women_bias = 0.40 + 0.05 * (year - 2022)
        for _ in range(35):
            scale = int(rng.integers(7, 16))
            applicants = (int(rng.integers(3, 20)), int(rng.integers(2, 18)), 0)
            shortlisted = (
                min(applicants[0], int(rng.integers(1, 4))),
                min(applicants[1], int(rng.integers(0, 4))),
                0,
            )
            suitable = (
                int(rng.integers(0, shortlisted[0] + 1)),
                int(rng.integers(0, shortlisted[1] + 1)),
                0,
            )
            opened = date(year, int(rng.integers(1, 11)), int(rng.integers(1, 28)))
            vacancy = service.add_vacancy(
                session,
                org,
                service.VacancyInput(
                    title=str(rng.choice(TITLES)),
                    scale=scale,
                    opened=opened,
                    unit=str(rng.choice(UNITS)),
                    channel="intern" if rng.random() < 0.3 else "extern",
                    applicants=applicants,
                    shortlisted=shortlisted,
                    suitable=suitable,
                    competences_hard=["beleidsontwikkeling"],
                    competences_soft=["samenwerken"],
                ),
                actor="demo",
            )
            recent = year == 2025 and opened.month > 9
            if rng.random() < 0.1 or recent:
                if not recent:  # withdrawn: the procedure ended without an appointment
                    selection.end_procedure(session, org, vacancy, opened + timedelta(days=120),
                                            actor="demo")  # fmt: skip
                continue  # still open
            chance = women_bias + 0.35 if suitable[1] else 0.2
            gender = "v" if rng.random() < chance else "m"
            explanation = approver = ""
            if explanation_required(scale, suitable[1], gender, threshold):
                explanation, approver = str(rng.choice(REASONS)), "Directeur Bedrijfsvoering"
            service.appoint(
                session,
                org,
                vacancy,
                gender,
                opened + timedelta(days=60),
                threshold=threshold,
                actor="demo",
                explanation=explanation,
                approver=approver,
            )
