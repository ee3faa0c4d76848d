"""Demo data of the selection register: a few vacancies run from intake to appointment.

Intake, committee, candidates, STARR scorecards, decision, appointment and the NVP checklist,
with text checks and a purge.

Deterministic for a seed. The vacancies are added to the demo register's own (demo.py), so the
register's counts come from the candidates as they would in use.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation
from gepmonitor.recruitment import checklist, scoring, selection, service
from gepmonitor.recruitment.checklist import Retention
from gepmonitor.recruitment.models import Vacancy
from gepmonitor.recruitment.retention import purge_candidates
from gepmonitor.recruitment.rules import explanation_required
from gepmonitor.recruitment.selection import STAGES, CompetenceInput
from gepmonitor.recruitment.textcheck.check import check_text

# (title, unit, scale, opened, how far the procedure got)
VACANCIES = (
    ("Adviseur Omgevingswet", "Ruimte en Wonen", 11, date(2024, 2, 5), "appointed"),
    ("Projectleider Vaarwegen", "Mobiliteit", 12, date(2024, 5, 13), "appointed"),
    ("Programmamanager Energie", "Energietransitie", 13, date(2025, 1, 13), "appointed"),
    ("Beleidsadviseur Natuur", "Natuur", 10, date(2025, 3, 3), "appointed"),
    ("Jurist Handhaving", "Juridische Zaken", 11, date(2025, 4, 7), "ended"),
    ("Teamleider Subsidies", "Economie", 12, date(2025, 10, 6), "interviewed"),
    ("Data-analist", "Informatievoorziening", 9, date(2025, 11, 3), "short_list"),
)
COMPETENCES = (
    CompetenceInput("Vakkennis", "hard", 3),
    CompetenceInput("Adviseren", "hard", 2),
    CompetenceInput("Samenwerken", "soft", 2),
    CompetenceInput("Omgevingsbewustzijn", "soft", 1),
)
COMMITTEE = (
    ("Marieke Dijkstra", "chair", "v"),
    ("Henk Bosman", "manager", "m"),
    ("Sanne de Groot", "hr", "v"),
    ("Peter Kramer", "colleague", "m"),
)
DRAFT = (
    "Wij zoeken een daadkrachtige en ambitieuze collega die stevig in zijn schoenen staat en "
    "resultaatgericht werkt in een jong, dynamisch team."
)
FINAL = (
    "Je werkt samen met gemeenten en waterschappen en je adviseert het bestuur helder. Je pakt "
    "zaken voortvarend aan en je houdt overzicht als het druk is. Wij bieden een goed salaris "
    "en een Individueel Keuzebudget."
)
REASON = "Beste STARR-voorbeelden op dit punt, door alle commissieleden bevestigd."
EXPLANATION = "De geschikte kandidate trok zich na het aanbod terug; hij was de tweede keus."


def build(session: Session, org: Organisation, settings: Settings, seed: int) -> None:
    """Add the selection-register vacancies of 2024 and 2025, then purge as of 1 March 2026."""
    rng = np.random.default_rng(seed + 15)
    retention = Retention.of(settings)
    ends = []
    for title, unit, scale, opened, reach in VACANCIES:
        ended = _vacancy(session, org, settings, rng, title, unit, scale, opened, reach)
        if ended is not None:
            ends.append(retention.purge_day(ended, consent=False))
    for day in [*sorted(set(ends)), date(2026, 3, 1)]:  # the purge as it would have run
        at = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
        purge_candidates(session, org, at, retention=retention, actor="demo")


def _vacancy(
    session: Session, org: Organisation, settings: Settings, rng: np.random.Generator,
    title: str, unit: str, scale: int, opened: date, reach: str,
) -> date | None:  # fmt: skip
    """Run one vacancy as far as `reach`; return the day its procedure ended, if it did."""
    closed = opened + timedelta(days=21)
    vacancy = service.add_vacancy(
        session, org,
        service.VacancyInput(title=title, scale=scale, opened=opened, closed=closed, unit=unit),
        actor="demo",
    )  # fmt: skip
    selection.set_competences(session, org, vacancy, COMPETENCES, actor="demo")
    # one committee of men only, so that the warning shows
    members = COMMITTEE[1::2] if title.startswith("Jurist") else COMMITTEE[:3]
    for name, role, gender in members:
        selection.add_member(session, org, vacancy, name=name, role=role, gender=gender,
                             actor="demo")  # fmt: skip
    checks = [DRAFT, FINAL] if rng.random() < 0.7 else [FINAL]
    for days, text in zip((10, 4)[-len(checks) :], checks, strict=True):
        at = datetime(opened.year, opened.month, opened.day, 10, tzinfo=UTC) - timedelta(days)
        checklist.record_text_check(session, org, vacancy, check_text(text, "nl"), actor="demo",
                                    at=at)  # fmt: skip
    checklist.mark_step(session, org, vacancy, "text_published", opened, actor="demo")
    codes = _candidates(session, org, vacancy, rng, reach)
    if reach not in ("appointed", "ended"):
        return None
    checklist.mark_step(session, org, vacancy, "candidates_informed",
                        closed + timedelta(days=5), actor="demo")  # fmt: skip
    decided = opened + timedelta(days=49)
    if reach == "ended":
        selection.end_procedure(session, org, vacancy, decided, actor="demo")
    else:
        _decide_and_appoint(session, org, settings, vacancy, codes, decided)
    ended = vacancy.procedure_ended or decided
    checklist.mark_step(session, org, vacancy, "rejections_explained", ended, actor="demo")
    return ended


def _candidates(
    session: Session, org: Organisation, vacancy: Vacancy, rng: np.random.Generator, reach: str
) -> dict[str, float]:
    """Add 14-22 candidates, move them through the stages, score the interviewed ones."""
    last = STAGES.index("interviewed") if reach in ("appointed", "ended") else STAGES.index(reach)
    members = selection.list_members(session, vacancy)
    means: dict[str, float] = {}
    for _ in range(int(rng.integers(14, 23))):
        gender = "v" if rng.random() < 0.48 else "m"
        code = selection.add_candidate(session, org, vacancy, gender=gender,
                                       consent=rng.random() < 0.15, actor="demo").code  # fmt: skip
        reached = 0
        # each step passes about half; women a little less often at the long list
        while reached < last and rng.random() < (0.5 if reached or gender == "m" else 0.42):
            reached += 1
        if reached:
            selection.set_stage(session, org, vacancy, code, STAGES[reached],
                                actor="demo")  # fmt: skip
        if reached >= STAGES.index("short_list") and rng.random() < 0.6:
            selection.set_suitable(session, org, vacancy, code, True, actor="demo")
        if reached >= STAGES.index("interviewed"):
            total = 0.0
            for member in members:
                scores = {c.name: (int(rng.integers(2, 6)), "S/T/A/R/R: voorbeeld uit het gesprek.")
                          for c in COMPETENCES}  # fmt: skip
                scoring.submit_scorecard(session, org, vacancy, code, member, scores,
                                         actor="demo")  # fmt: skip
                total += sum(s for s, _ in scores.values())
            means[code] = total
    return means


def _decide_and_appoint(
    session: Session, org: Organisation, settings: Settings, vacancy: Vacancy,
    means: dict[str, float], decided: date,
) -> None:  # fmt: skip
    if not means:
        selection.end_procedure(session, org, vacancy, decided, actor="demo")
        return
    chosen = max(sorted(means), key=lambda code: means[code])
    # the committee appoints someone it judged suitable (the register's counts then agree)
    selection.set_suitable(session, org, vacancy, chosen, True, actor="demo")
    reasons = {c.name: REASON for c in COMPETENCES}
    scoring.record_decision(session, org, vacancy, chosen, decided, reasons, actor="demo")
    candidate = selection.get_candidate(session, vacancy, chosen)
    threshold = settings.recruitment_threshold_scale
    suitable = vacancy.suitable_v or 0  # as recruitment.service.appoint reads it
    explain = explanation_required(vacancy.scale, suitable, candidate.gender, threshold)
    scoring.appoint_candidate(
        session, org, vacancy, chosen, decided + timedelta(days=14), threshold=threshold,
        actor="demo", explanation=EXPLANATION if explain else "",
        approver="Directeur Bedrijfsvoering" if explain else "",
    )  # fmt: skip
