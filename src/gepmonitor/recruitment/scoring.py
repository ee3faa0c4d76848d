"""STARR scorecards entered independently, the decision with reasons, and the appointment.

Independence is a rule of this service, so the web pages, the API and the command line all obey
it: a committee member sees no other member's scores of a candidate until they have submitted
their own scorecard of that candidate, and a submitted scorecard cannot be changed. Someone who
is not on the committee (the recruitment adviser who runs the procedure) sees the submitted
scorecards. Every read and write is audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gepmonitor.core import audit
from gepmonitor.core.cache import cached
from gepmonitor.core.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
)
from gepmonitor.core.models import Organisation
from gepmonitor.recruitment import service
from gepmonitor.recruitment.models import (
    Appointment,
    Candidate,
    CommitteeMember,
    Competence,
    Decision,
    DecisionReason,
    Score,
    Scorecard,
    Vacancy,
)
from gepmonitor.recruitment.selection import (
    Named,
    PlainRow,
    _open,
    _own,
    _sync_counts,
    audit_read,
    get_candidate,
    list_competences,
    list_members,
    stage_index,
)

SCORES = range(1, 6)  # 1 far below, 3 meets, 5 far above what the competence asks
MAX_EVIDENCE = 2000
MIN_REASON = 10  # characters: a reason, not a placeholder


@dataclass(frozen=True)
class CardView:
    """A submitted scorecard as a viewer may see it."""

    member: str
    role: str
    submitted_at: datetime
    scores: dict[str, tuple[int, str]]  # competence -> (score, STARR evidence)
    weighted: float


@dataclass(frozen=True)
class CompetenceRow(PlainRow):
    """A competence of the intake."""

    id: int
    name: str
    kind: str
    weight: int


@dataclass(frozen=True)
class ScoreSheet:
    """A candidate's scorecards as one viewer may see them."""

    code: str
    competences: list[CompetenceRow]
    cards: list[CardView]
    submitted: int  # scorecards submitted in all, visible or not
    members: int
    own_submitted: bool | None  # None: the viewer is not on the committee
    hidden: bool = False  # others' scores are withheld until the viewer submits
    mean: float | None = field(default=None)


def weighted_score(scores: Mapping[str, int], weights: Mapping[str, int]) -> float:
    """Return the weighted mean of the scores: sum(weight * score) / sum(weight)."""
    total = sum(weights[name] for name in scores)
    return round(sum(weights[name] * s for name, s in scores.items()) / total, 2)


def find_member(session: Session, vacancy: Vacancy, key: str) -> CommitteeMember:
    """Return the committee member with this username (or member number)."""
    for member in list_members(session, vacancy):
        if key and (member.username == key or str(member.id) == key):
            return member
    raise NotFoundError(
        "{who} is not on the selection committee of {reference}.",
        who=key or "-",
        reference=vacancy.reference,
    )


def submit_scorecard(
    session: Session,
    org: Organisation,
    vacancy: Vacancy,
    code: str,
    member: CommitteeMember,
    scores: Mapping[str, tuple[int, str]],
    *,
    actor: str,
) -> Scorecard:
    """Submit a member's STARR scorecard of a candidate: every competence scored 1-5, final."""
    _own(org, vacancy)
    _open(vacancy)
    if member.vacancy_id != vacancy.id:
        raise PermissionDeniedError(
            "{who} is not on the selection committee of {reference}.",
            who=member.name,
            reference=vacancy.reference,
        )
    candidate = get_candidate(session, vacancy, code)
    if stage_index(candidate.stage) < stage_index("interviewed"):
        raise InputError("Score candidate {code} after the interview.", code=candidate.code)
    competences = {c.name: c for c in list_competences(session, vacancy)}
    _check_scores(scores, competences)
    if _card(session, candidate, member) is not None:
        raise ConflictError(
            "{who} has already submitted a scorecard for {code}; it cannot be changed.",
            who=member.name,
            code=candidate.code,
        )
    card = Scorecard(candidate_id=candidate.id, member_id=member.id)
    session.add(card)
    session.flush()
    for name, (score, evidence) in scores.items():
        session.add(
            Score(
                scorecard_id=card.id,
                competence_id=competences[name].id,
                score=score,
                evidence=evidence.strip(),
            )
        )
    session.flush()
    audit.record(
        session, action="submit_scorecard", actor=actor, org_id=org.id,
        target=vacancy.reference, detail=f"{candidate.code} member {member.id}",
    )  # fmt: skip
    return card


def _check_scores(
    scores: Mapping[str, tuple[int, str]], competences: Mapping[str, Competence]
) -> None:
    if not competences:
        raise InputError("Fix the competences at the intake before scoring.")
    unknown = sorted(set(scores) - set(competences))
    if unknown:
        raise InputError("'{name}' is not a competence of this vacancy.", name=unknown[0])
    missing = [name for name in competences if name not in scores]
    if missing:
        raise InputError("Score every competence; '{name}' has no score.", name=missing[0])
    for name, (score, evidence) in scores.items():
        if score not in SCORES:
            raise InputError(
                "Score {value} for '{name}' is not between 1 and 5.", value=score, name=name
            )
        if len(evidence) > MAX_EVIDENCE:
            raise InputError(
                "The STARR notes for '{name}' are longer than {most} characters.",
                name=name,
                most=MAX_EVIDENCE,
            )


def _card(session: Session, candidate: Candidate, member: CommitteeMember) -> Scorecard | None:
    return session.scalar(
        select(Scorecard).where(
            Scorecard.candidate_id == candidate.id, Scorecard.member_id == member.id
        )
    )


def _viewer(
    vacancy: Vacancy, members: list[CommitteeMember], viewer: str, manager: bool
) -> CommitteeMember | None:
    """Return the viewer's committee membership, or None for whoever runs the procedure.

    Someone neither on the committee nor running the procedure (``manager``) sees nothing.
    """
    membership = next((m for m in members if viewer and m.username == viewer), None)
    if membership is None and not manager:
        raise NotFoundError(
            "{who} is not on the selection committee of {reference}.",
            who=viewer or "-",
            reference=vacancy.reference,
        )
    return membership


def score_sheet(
    session: Session,
    org: Organisation,
    vacancy: Vacancy,
    code: str,
    *,
    viewer: str,
    actor: str,
    manager: bool = False,
) -> ScoreSheet:
    """Return the scorecards of a candidate that the viewer may see (an audited read).

    A committee member sees the others' scorecards only after submitting their own; whoever
    runs the procedure (``manager``, not on the committee) sees the submitted ones.
    """
    sheet = sheet_view(session, org, vacancy, code, viewer=viewer, manager=manager)
    audit_sheet(session, org, vacancy, actor, sheet)
    return sheet


def sheet_view(
    session: Session,
    org: Organisation,
    vacancy: Vacancy,
    code: str,
    *,
    viewer: str,
    manager: bool = False,
) -> ScoreSheet:
    """Return score_sheet's answer without its audit entry (the caller audits every view).

    Computed once per data version for each viewer: what they may see depends on who they are
    (membership, their own scorecard) and on manager.
    """
    _own(org, vacancy)
    return cached(
        session, org, ("recruitment.score_sheet", vacancy.id, code, viewer, manager),
        lambda: _score_sheet(session, vacancy, code, viewer, manager),
    )  # fmt: skip


def _score_sheet(
    session: Session, vacancy: Vacancy, code: str, viewer: str, manager: bool
) -> ScoreSheet:
    members = list_members(session, vacancy)
    membership = _viewer(vacancy, members, viewer, manager)
    candidate = get_candidate(session, vacancy, code)
    [sheet] = sheets_of(session, vacancy, [candidate], members, membership).values()
    return sheet


def audit_sheet(
    session: Session, org: Organisation, vacancy: Named, actor: str, sheet: ScoreSheet
) -> None:
    """Audit a read of one candidate's score sheet (how many scorecards it showed)."""
    audit_read(
        session, org, vacancy, "view_scorecards", actor, f"{sheet.code} {len(sheet.cards)} shown"
    )


def sheets_of(
    session: Session,
    vacancy: Vacancy,
    candidates: list[Candidate],
    members: list[CommitteeMember],
    viewer: CommitteeMember | None,
) -> dict[str, ScoreSheet]:
    """Return the candidates' score sheets as the viewer may see them (not audited: the caller).

    Three queries whatever the number of candidates: competences, scorecards, scores.
    """
    competences = [CompetenceRow.of(c) for c in list_competences(session, vacancy)]
    names = {c.id: c.name for c in competences}
    weights = {c.name: c.weight for c in competences}
    by_id = {m.id: m for m in members}
    cards: dict[int, list[Scorecard]] = {c.id: [] for c in candidates}
    if cards:
        for card in session.scalars(
            select(Scorecard).where(Scorecard.candidate_id.in_(cards)).order_by(Scorecard.id)
        ):
            cards[card.candidate_id].append(card)
    scores: dict[int, list[Score]] = {card.id: [] for mine in cards.values() for card in mine}
    if scores:
        for row in session.scalars(
            select(Score).where(Score.scorecard_id.in_(scores)).order_by(Score.id)
        ):
            scores[row.scorecard_id].append(row)
    sheets = {}
    for candidate in candidates:
        mine = cards[candidate.id]
        own = None if viewer is None else any(card.member_id == viewer.id for card in mine)
        views = []
        for card in [] if own is False else mine:
            given = {names[r.competence_id]: (r.score, r.evidence) for r in scores[card.id]}
            member = by_id[card.member_id]
            plain = {name: value for name, (value, _) in given.items()}
            views.append(
                CardView(member.name, member.role, card.submitted_at, given,
                         weighted_score(plain, weights))
            )  # fmt: skip
        mean = round(sum(v.weighted for v in views) / len(views), 2) if views else None
        sheets[candidate.code] = ScoreSheet(
            candidate.code, competences, views, len(mine), len(by_id), own, own is False, mean
        )
    return sheets


def score_overview(
    session: Session,
    org: Organisation,
    vacancy: Vacancy,
    *,
    viewer: str,
    actor: str,
    manager: bool = False,
) -> dict[str, ScoreSheet]:
    """Return every candidate's score sheet as the viewer may see it (an audited read)."""
    _own(org, vacancy)
    members = list_members(session, vacancy)
    membership = _viewer(vacancy, members, viewer, manager)
    candidates = list(
        session.scalars(
            select(Candidate).where(Candidate.vacancy_id == vacancy.id).order_by(Candidate.code)
        )
    )
    sheets = sheets_of(session, vacancy, candidates, members, membership)
    audit_overview(session, org, vacancy, actor, len(sheets))
    return sheets


def audit_overview(
    session: Session, org: Organisation, vacancy: Named, actor: str, shown: int
) -> None:
    """Audit a read of every candidate's score sheet."""
    audit_read(session, org, vacancy, "view_scorecards", actor, f"overview {shown}")


@dataclass(frozen=True)
class DecisionView:
    """The decision as recorded: candidate (gone after the purge), date, reasons."""

    code: str | None
    decided_on: date
    decided_by: str
    reasons: dict[str, str]
    purged: bool


def record_decision(
    session: Session,
    org: Organisation,
    vacancy: Vacancy,
    code: str,
    decided_on: date,
    reasons: Mapping[str, str],
    *,
    actor: str,
) -> Decision:
    """Record whom the committee chose and why, competence by competence.

    The candidate gets an offer. A new decision replaces the earlier one until someone is
    appointed.
    """
    _own(org, vacancy)
    _open(vacancy)
    if _appointment(session, vacancy) is not None:
        raise ConflictError(
            "Vacancy {reference} already has an appointment.", reference=vacancy.reference
        )
    if decided_on < vacancy.opened:
        raise InputError("The decision cannot be dated before the vacancy opened.")
    candidate = get_candidate(session, vacancy, code)
    if not session.scalar(select(Scorecard.id).where(Scorecard.candidate_id == candidate.id)):
        raise InputError(
            "Candidate {code} has no scorecard yet; decide on the scored competences.",
            code=candidate.code,
        )
    competences = {c.name: c for c in list_competences(session, vacancy)}
    for name in competences:
        if len(reasons.get(name, "").strip()) < MIN_REASON:
            raise InputError(
                "Give the reason for the decision on '{name}' (at least {least} characters).",
                name=name,
                least=MIN_REASON,
            )
    unknown = sorted(set(reasons) - set(competences))
    if unknown:
        raise InputError("'{name}' is not a competence of this vacancy.", name=unknown[0])
    decision = session.scalar(select(Decision).where(Decision.vacancy_id == vacancy.id))
    if decision is None:
        decision = Decision(vacancy_id=vacancy.id, decided_on=decided_on)
        session.add(decision)
        session.flush()
    session.execute(delete(DecisionReason).where(DecisionReason.decision_id == decision.id))
    decision.candidate_id, decision.decided_on, decision.decided_by = (
        candidate.id, decided_on, actor,
    )  # fmt: skip
    session.add_all(
        DecisionReason(decision_id=decision.id, competence_id=c.id, reason=reasons[n].strip())
        for n, c in competences.items()
    )
    if stage_index(candidate.stage) < stage_index("offer"):
        candidate.stage = "offer"
    session.flush()
    _sync_counts(session, vacancy)
    audit.record(
        session, action="record_decision", actor=actor, org_id=org.id,
        target=vacancy.reference, detail=candidate.code,
    )  # fmt: skip
    return decision


def get_decision(
    session: Session, org: Organisation, vacancy: Vacancy, *, actor: str
) -> DecisionView | None:
    """Return the vacancy's decision with its reasons (an audited read), or None."""
    _own(org, vacancy)
    view = decision_of(session, vacancy)
    if view is not None:
        audit_decision(session, org, vacancy, actor)
    return view


def decision_of(session: Session, vacancy: Vacancy) -> DecisionView | None:
    """Return the vacancy's decision with its reasons, or None (not audited: the caller)."""
    decision = session.scalar(select(Decision).where(Decision.vacancy_id == vacancy.id))
    if decision is None:
        return None
    names = {c.id: c.name for c in list_competences(session, vacancy)}
    reasons = {
        names[r.competence_id]: r.reason
        for r in session.scalars(
            select(DecisionReason).where(DecisionReason.decision_id == decision.id)
        )
    }
    candidate = session.get(Candidate, decision.candidate_id) if decision.candidate_id else None
    return DecisionView(
        candidate.code if candidate else None,
        decision.decided_on,
        decision.decided_by,
        reasons,
        decision.purged,
    )


def audit_decision(session: Session, org: Organisation, vacancy: Named, actor: str) -> None:
    """Audit a read of the decision and its reasons."""
    audit_read(session, org, vacancy, "view_decision", actor)


def appoint_candidate(
    session: Session,
    org: Organisation,
    vacancy: Vacancy,
    code: str,
    appointed_on: date,
    *,
    threshold: int,
    actor: str,
    explanation: str = "",
    approver: str = "",
) -> Appointment:
    """Appoint the chosen candidate; comply or explain applies and the procedure ends.

    The register gets its appointment, the candidate the stage 'appointed', and the retention
    period starts on the appointment date.
    """
    _own(org, vacancy)
    _open(vacancy)
    candidate = get_candidate(session, vacancy, code)
    decision = session.scalar(select(Decision).where(Decision.vacancy_id == vacancy.id))
    if decision is None or decision.candidate_id != candidate.id:
        raise InputError(
            "Record the decision for {code} with its reasons before the appointment.",
            code=candidate.code,
        )
    _sync_counts(session, vacancy)
    appointment = service.appoint(
        session, org, vacancy, candidate.gender, appointed_on, threshold=threshold,
        actor=actor, explanation=explanation, approver=approver,
    )  # fmt: skip
    candidate.stage = "appointed"
    vacancy.procedure_ended = appointed_on
    session.flush()
    return appointment


def _appointment(session: Session, vacancy: Vacancy) -> Appointment | None:
    return session.scalar(select(Appointment).where(Appointment.vacancy_id == vacancy.id))
