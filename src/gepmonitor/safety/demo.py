"""Demo data of the safety module: counsellors, five years of conversations and registers."""

from __future__ import annotations

from datetime import date

import numpy as np
from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation
from gepmonitor.safety import registers, service
from gepmonitor.safety.service import OPERATOR, ConversationInput, SafetyActor
from gepmonitor.safety.vocab import BEHAVIOUR_THEMES, INCIDENT_KINDS, INTEGRITY_THEMES

COUNSELLORS = (
    ("VP-OG-1", "undesirable_behaviour", "v"),
    ("VP-OG-2", "undesirable_behaviour", "m"),
    ("VP-INT-1", "integrity", "v"),
    ("VP-INT-2", "integrity", "m"),
)


def build(session: Session, org: Organisation, settings: Settings, seed: int) -> None:
    """Add 2 + 2 counsellors, about 50 conversations a year for 2021-2025 and the registers."""
    rng = np.random.default_rng(seed + 4)
    actor = SafetyActor("demo", OPERATOR)
    counsellors = [
        service.add_counsellor(session, org, code, track, actor="demo", gender=gender)
        for code, track, gender in COUNSELLORS
    ]
    last_day = date.today()
    for year in range(2021, 2026):
        for index in range(int(rng.integers(45, 58))):
            counsellor = (
                counsellors[0 if index % 3 else 1] if index % 4 else counsellors[2 + index % 2]
            )
            held = date(year, int(rng.integers(1, 13)), int(rng.integers(1, 28)))
            if held > last_day:
                continue
            integrity = counsellor.track == "integrity"
            themes = [
                str(
                    rng.choice(
                        INTEGRITY_THEMES if integrity and rng.random() < 0.55 else BEHAVIOUR_THEMES
                    )
                )
            ]
            service.log_conversation(
                session,
                settings,
                actor,
                counsellor,
                ConversationInput(
                    held_on=held,
                    track=counsellor.track,
                    themes=themes,
                    person_code=f"D{int(rng.integers(0, 30))}",
                    hierarchical=bool(rng.random() < 0.18),
                    source=str(rng.choice(("colleague", "manager", "external"), p=(0.6, 0.3, 0.1))),
                    referral=str(
                        rng.choice(("none", "other_track", "other_help"), p=(0.8, 0.1, 0.1))
                    ),
                    formal_procedure=bool(rng.random() < 0.03),
                ),
            )
        registers.set_oaths(session, org, year, int(rng.integers(90, 130)), "demo")
        for number in range(int(rng.integers(3, 9))):
            received = date(year, int(rng.integers(1, 12)), int(rng.integers(1, 28)))
            if received > last_day:
                continue
            report = registers.add_report(
                session,
                org,
                track="undesirable_behaviour" if number % 3 else "integrity",
                theme="aggression_violence" if number % 2 else "bullying",
                source="citizen" if number % 2 else "internal",
                received_on=received,
                actor="demo",
            )
            if year < 2025:
                registers.advance_report(
                    session, org, report.reference, "in_progress", received, actor="demo"
                )
                registers.advance_report(
                    session,
                    org,
                    report.reference,
                    "closed",
                    received,
                    actor="demo",
                    outcome="Afgehandeld na gesprek",
                )
        for _ in range(int(rng.integers(4, 12))):
            registers.add_incident(
                session,
                org,
                occurred_on=date(year, int(rng.integers(1, 13)), int(rng.integers(1, 28))),
                kind=str(rng.choice(INCIDENT_KINDS)),
                actor="demo",
            )
        registers.add_training(
            session,
            org,
            title="Workshop grensoverschrijdend gedrag",
            held_on=date(year, 10, 8),
            kind="workshop",
            attendees=(int(rng.integers(60, 140)), int(rng.integers(60, 160)), 0),
            actor="demo",
        )
        registers.set_text(
            session,
            org,
            year,
            "works_council",
            "nl",
            "De ondernemingsraad is geïnformeerd over het jaarplan en vraagt "
            "aandacht voor agressie vanuit de samenleving naar ambtenaren.",
            "demo",
        )
