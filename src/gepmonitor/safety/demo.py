"""Demo data of the safety module, from 2021 up to today.

Counsellors with web accounts serve a partner body too; conversations and registers every
year; the report's texts in Dutch and English.

Counsellor accounts get a random password that is not printed (the demo prints no logins);
an admin sets one with `gep user reset-password <name>` to try the phone form.
"""

from __future__ import annotations

from datetime import date

import numpy as np
from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation
from gepmonitor.core.orgs import ensure_org
from gepmonitor.safety import registers, service
from gepmonitor.safety.models import Counsellor
from gepmonitor.safety.service import OPERATOR, ConversationInput, SafetyActor
from gepmonitor.safety.vocab import BEHAVIOUR_THEMES, INCIDENT_KINDS, INTEGRITY_THEMES

FIRST_YEAR = 2021
COUNSELLORS = (
    ("VP-OG-1", "undesirable_behaviour", "v", "internal"),
    ("VP-OG-2", "undesirable_behaviour", "m", "internal"),
    ("VP-INT-1", "integrity", "v", "internal"),
    ("VP-INT-2", "integrity", "m", "external"),
)
PARTNER = ("snn", "Samenwerkingsverband Noord-Nederland")
TEXTS = {
    "works_council": (
        "De ondernemingsraad is geïnformeerd over het jaarplan en vraagt aandacht voor agressie "
        "vanuit de samenleving naar ambtenaren.",
        "The works council was informed of the annual plan and asks for attention to "
        "aggression from the public towards civil servants.",
    ),
    "policy": (
        "Het integriteitsbeleid is dit jaar geëvalueerd; de gedragscode en de regeling melden "
        "vermoeden van misstanden zijn geactualiseerd.",
        "The integrity policy was evaluated this year; the code of conduct and the "
        "whistle-blowing procedure were updated.",
    ),
}


def _account(session: Session, org: Organisation, code: str) -> int | None:
    """Return the id of a new counsellor web account (random password, not shown)."""
    from gepmonitor.accounts.service import Actor, create_user, get_user

    name = f"{org.slug}-{code}".lower()
    if get_user(session, name) is not None:
        return None
    user, _secret = create_user(
        session, org, "counsellor", Actor("demo"), name, must_change_password=True
    )
    return user.id


def _counsellors(session: Session, org: Organisation) -> list[Counsellor]:
    partner = ensure_org(session, *PARTNER)
    return [
        service.add_counsellor(
            session,
            org,
            code,
            track,
            actor="demo",
            kind=kind,
            gender=gender,
            serves=[partner],
            user_id=_account(session, org, code),
            active_from=date(FIRST_YEAR, 1, 1),
        )
        for code, track, gender, kind in COUNSELLORS
    ]


def _conversation(
    rng: np.random.Generator, counsellor: Counsellor, held: date
) -> ConversationInput:
    integrity = counsellor.track == "integrity"
    pool = INTEGRITY_THEMES if integrity and rng.random() < 0.55 else BEHAVIOUR_THEMES
    return ConversationInput(
        held_on=held,
        track=counsellor.track,
        themes=[str(rng.choice(pool))],
        person_code=f"D{int(rng.integers(0, 30))}",
        hierarchical=bool(rng.random() < 0.18),
        source=str(rng.choice(("colleague", "manager", "external"), p=(0.6, 0.3, 0.1))),
        referral=str(rng.choice(("none", "other_track", "other_help"), p=(0.8, 0.1, 0.1))),
        formal_procedure=bool(rng.random() < 0.03),
    )


def _log_year(
    session: Session,
    settings: Settings,
    counsellors: list[Counsellor],
    year: int,
    rng: np.random.Generator,
) -> None:
    actor = SafetyActor("demo", OPERATOR)
    for index in range(int(rng.integers(45, 58))):
        counsellor = counsellors[0 if index % 3 else 1] if index % 4 else counsellors[2 + index % 2]
        held = date(year, int(rng.integers(1, 13)), int(rng.integers(1, 28)))
        if held <= date.today():
            service.log_conversation(
                session, settings, actor, counsellor, _conversation(rng, counsellor, held)
            )


def _reports_year(session: Session, org: Organisation, year: int, rng: np.random.Generator) -> None:
    for number in range(int(rng.integers(3, 9))):
        received = date(year, int(rng.integers(1, 12)), int(rng.integers(1, 28)))
        if received > date.today():
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
        if year < date.today().year:
            ref = report.reference
            registers.advance_report(session, org, ref, "in_progress", received, actor="demo")
            registers.advance_report(
                session,
                org,
                ref,
                "closed",
                received,
                actor="demo",
                outcome="Afgehandeld na gesprek",
                measures="Gesprek met betrokkenen en leidinggevende",
            )


def _registers_year(
    session: Session, org: Organisation, year: int, rng: np.random.Generator
) -> None:
    registers.set_oaths(session, org, year, int(rng.integers(90, 130)), "demo")
    _reports_year(session, org, year, rng)
    for _ in range(int(rng.integers(4, 12))):
        day = date(year, int(rng.integers(1, 13)), int(rng.integers(1, 28)))
        if day <= date.today():
            kind = str(rng.choice(INCIDENT_KINDS))
            registers.add_incident(session, org, occurred_on=day, kind=kind, actor="demo")
    attendees = (int(rng.integers(60, 140)), int(rng.integers(60, 160)), int(rng.integers(0, 4)))
    if date(year, 10, 8) <= date.today():
        registers.add_training(
            session,
            org,
            title="Workshop grensoverschrijdend gedrag",
            held_on=date(year, 10, 8),
            kind="workshop",
            attendees=attendees,
            actor="demo",
        )
    for section, (dutch, english) in TEXTS.items():
        registers.set_text(session, org, year, section, "nl", dutch, "demo")
        registers.set_text(session, org, year, section, "en", english, "demo")


def build(session: Session, org: Organisation, settings: Settings, seed: int) -> None:
    """Add 2 + 2 counsellors (with accounts), about 50 conversations a year and the registers."""
    rng = np.random.default_rng(seed + 4)
    counsellors = _counsellors(session, org)
    for year in range(FIRST_YEAR, date.today().year + 1):
        _log_year(session, settings, counsellors, year, rng)
        _registers_year(session, org, year, rng)
