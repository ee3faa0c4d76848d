"""Demo data of the safety module: what the one simulation says happened, 2019-2025.

Four counsellors (two per track, one external) serve the province and the partner body SNN;
two log in with the demo accounts (accounts.demo). Their conversations, the formal reports with
their workflow and outcome, the public's aggression, the oaths of the year's newcomers and the
workshops' attendance all come from the simulated staff (personnel/simulation/safety.py).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation
from gepmonitor.core.orgs import ensure_org
from gepmonitor.personnel.simulation import World, simulate
from gepmonitor.personnel.simulation.safety import COUNSELLORS, SAFETY_FROM
from gepmonitor.safety import registers, service
from gepmonitor.safety.models import Counsellor
from gepmonitor.safety.service import OPERATOR, ConversationInput, SafetyActor

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


def _account(session: Session, code: str) -> int | None:
    """Return the id of the demo web account that logs for this counsellor, if it has one."""
    from gepmonitor.accounts.demo import COUNSELLOR_ACCOUNTS
    from gepmonitor.accounts.service import get_user

    user = get_user(session, COUNSELLOR_ACCOUNTS.get(code, ""))
    return user.id if user is not None else None


def _counsellors(session: Session, org: Organisation) -> dict[str, Counsellor]:
    partner = ensure_org(session, *PARTNER)
    return {
        code: service.add_counsellor(
            session,
            org,
            code,
            track,
            actor="demo",
            kind=kind,
            gender=gender,
            serves=[partner],
            user_id=_account(session, code),
            active_from=date(SAFETY_FROM, 1, 1),
        )
        for code, track, gender, kind in COUNSELLORS
    }


def _conversations(
    session: Session, settings: Settings, world: World, counsellors: dict[str, Counsellor]
) -> None:
    actor = SafetyActor("demo", OPERATOR)
    for c in world.safety.conversations:
        data = ConversationInput(
            held_on=c.held_on,
            track=c.track,
            themes=[c.theme],
            person_code=c.person_code,
            hierarchical=c.hierarchical,
            source=c.source,
            referral=c.referral,
            formal_procedure=c.formal_procedure,
            outcome=c.outcome,
        )
        service.log_conversation(session, settings, actor, counsellors[c.counsellor], data)


def _reports(session: Session, org: Organisation, world: World) -> None:
    for r in world.safety.reports:
        report = registers.add_report(
            session,
            org,
            track=r.track,
            theme=r.theme,
            source=r.source,
            received_on=r.received_on,
            actor="demo",
        )
        for status, day in r.steps:
            closing = status == "closed"
            registers.advance_report(
                session,
                org,
                report.reference,
                status,
                day,
                actor="demo",
                outcome=r.outcome if closing else "",
                measures=r.measures if closing else "",
            )


def _registers(session: Session, org: Organisation, world: World) -> None:
    genders = {p.number: p.gender for p in world.people}
    for year, count in world.safety.oaths.items():
        registers.set_oaths(session, org, year, count, "demo")
    for day, kind in world.safety.incidents:
        registers.add_incident(session, org, occurred_on=day, kind=kind, actor="demo")
    for training in world.safety.trainings:
        counted = Counter(genders[n] for n in training.attendees)
        other = len(training.attendees) - counted["m"] - counted["v"]
        registers.add_training(
            session,
            org,
            title=training.title,
            held_on=training.held_on,
            kind=training.kind,
            attendees=(counted["m"], counted["v"], other),
            actor="demo",
        )
    for year in sorted(world.safety.oaths):
        for section, (dutch, english) in TEXTS.items():
            registers.set_text(session, org, year, section, "nl", dutch, "demo")
            registers.set_text(session, org, year, section, "en", english, "demo")


def build(session: Session, org: Organisation, settings: Settings, seed: int) -> None:
    """Add the counsellors, their conversations and the registers of 2019-2025."""
    world = simulate(seed)
    counsellors = _counsellors(session, org)
    _conversations(session, settings, world, counsellors)
    _reports(session, org, world)
    _registers(session, org, world)
