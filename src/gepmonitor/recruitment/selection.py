"""The fair-selection register: intake competences, the committee and pseudonymous candidates.

Use cases of issue 15 (seed 003: competences fixed at the intake, candidates judged on those
alone). Every read and write of candidate data is audited. Scorecards, the decision and the
appointment are in scoring.py; the NVP checklist in checklist.py; the purge in retention.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Protocol, Self

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from gepmonitor.accounts.roles import has_permission
from gepmonitor.accounts.service import get_user
from gepmonitor.core import audit
from gepmonitor.core.errors import ConflictError, InputError, NotFoundError
from gepmonitor.core.models import Organisation
from gepmonitor.recruitment.models import (
    Candidate,
    CommitteeMember,
    Competence,
    PurgedCount,
    Scorecard,
    Vacancy,
)
from gepmonitor.recruitment.rules import GENDERS

# The stages a candidate can reach, in order; a candidate is counted at every stage up to theirs.
STAGES = ("applied", "long_list", "short_list", "interviewed", "offer", "appointed")
# Stages set by hand; 'offer' follows from the decision and 'appointed' from the appointment.
MANUAL_STAGES = STAGES[:4]
KINDS = ("hard", "soft")
ROLES = ("chair", "manager", "hr", "colleague", "external")
MAX_WEIGHT = 5
CODE = re.compile(r"^(?=.*\d)[A-Za-z0-9-]{1,20}$")  # a digit: a code, not a name


@dataclass(frozen=True)
class CompetenceInput:
    """A competence as the intake fixes it."""

    name: str
    kind: str
    weight: int = 1


class PlainRow:
    """A frozen dataclass of a record's values, shared by cached pages (never an ORM object)."""

    @classmethod
    def of(cls, record: Any) -> Self:
        """Return the record's values for this row's fields."""
        return cls(**{f.name: getattr(record, f.name) for f in fields(cls)})  # type: ignore[arg-type]


class Named(Protocol):
    """A vacancy as an audit entry names it: a Vacancy, or a cached page's note of one."""

    @property
    def reference(self) -> str:
        """Return the vacancy's reference."""
        ...


def stage_index(stage: str) -> int:
    """Return the position of a stage (0 for applied)."""
    return STAGES.index(stage)


def _open(vacancy: Vacancy) -> None:
    """Refuse a change once the procedure has ended (the register is then a record)."""
    if vacancy.procedure_ended is not None:
        raise ConflictError(
            "The procedure of vacancy {reference} has ended; its selection data can no longer "
            "change.",
            reference=vacancy.reference,
        )


def _own(org: Organisation, vacancy: Vacancy) -> None:
    if vacancy.org_id != org.id:
        raise NotFoundError("Vacancy {id} does not exist.", id=vacancy.id)


def competence_errors(items: Sequence[CompetenceInput]) -> list[InputError]:
    """Return every problem of an intake's competences (empty: valid)."""
    errors = []
    if not items:
        errors.append(InputError("Name at least one competence."))
    seen: set[str] = set()
    for item in items:
        name = item.name.strip()
        if not name or len(name) > 120:
            errors.append(InputError("A competence needs a name of at most 120 characters."))
        elif name.lower() in seen:
            errors.append(InputError("Competence '{name}' is named twice.", name=name))
        seen.add(name.lower())
        if item.kind not in KINDS:
            errors.append(
                InputError("Kind '{value}' is unknown; use hard or soft.", value=item.kind)
            )
        if not 1 <= item.weight <= MAX_WEIGHT:
            errors.append(
                InputError(
                    "Weight {value} of '{name}' is not between 1 and {most}.",
                    value=item.weight,
                    name=name,
                    most=MAX_WEIGHT,
                )
            )
    return errors


def set_competences(
    session: Session,
    org: Organisation,
    vacancy: Vacancy,
    items: Sequence[CompetenceInput],
    *,
    actor: str,
) -> list[Competence]:
    """Replace the intake's competences; refused once a scorecard exists."""
    _own(org, vacancy)
    _open(vacancy)
    errors = competence_errors(items)
    if errors:
        raise errors[0]
    if _scorecards(session, vacancy):
        raise ConflictError(
            "Candidates of {reference} have been scored; the competences are fixed.",
            reference=vacancy.reference,
        )
    session.execute(delete(Competence).where(Competence.vacancy_id == vacancy.id))
    rows = [
        Competence(
            vacancy_id=vacancy.id,
            name=item.name.strip(),
            kind=item.kind,
            weight=item.weight,
            position=index,
        )
        for index, item in enumerate(items)
    ]
    session.add_all(rows)
    for kind in KINDS:  # the register's own lists stay what the intake says
        names = ", ".join(row.name for row in rows if row.kind == kind)
        setattr(vacancy, f"competences_{kind}", names)
    session.flush()
    audit.record(
        session, action="set_competences", actor=actor, org_id=org.id, target=vacancy.reference
    )
    return rows


def list_competences(session: Session, vacancy: Vacancy) -> list[Competence]:
    """Return the vacancy's competences in intake order."""
    return list(
        session.scalars(
            select(Competence)
            .where(Competence.vacancy_id == vacancy.id)
            .order_by(Competence.position, Competence.id)
        )
    )


def add_member(
    session: Session,
    org: Organisation,
    vacancy: Vacancy,
    *,
    name: str,
    role: str,
    gender: str,
    username: str = "",
    actor: str,
) -> CommitteeMember:
    """Add a member to the selection committee; a username lets them score with their account."""
    _own(org, vacancy)
    _open(vacancy)
    if not name.strip() or len(name.strip()) > 120:
        raise InputError("A committee member needs a name of at most 120 characters.")
    if role not in ROLES:
        raise InputError(
            "Role '{value}' is unknown; use one of: {known}.", value=role, known=", ".join(ROLES)
        )
    if gender not in GENDERS:
        raise InputError("Gender '{value}' is unknown; use m, v or x.", value=gender)
    username = username.strip()
    if username:
        user = get_user(session, username)
        if user is None or user.org_id != org.id:
            raise NotFoundError("There is no account '{username}'.", username=username)
        if not has_permission(user.role, "score_candidates"):
            raise InputError(
                "Account '{username}' has a role that cannot enter scorecards.",
                username=username,
            )
        if any(m.username == username for m in list_members(session, vacancy)):
            raise ConflictError("{username} is already on this committee.", username=username)
    member = CommitteeMember(
        vacancy_id=vacancy.id, name=name.strip(), username=username, role=role, gender=gender
    )
    session.add(member)
    session.flush()
    audit.record(
        session, action="add_committee_member", actor=actor, org_id=org.id,
        target=vacancy.reference, detail=f"{role} {gender}",
    )  # fmt: skip
    return member


def list_members(session: Session, vacancy: Vacancy) -> list[CommitteeMember]:
    """Return the committee in the order it was formed."""
    return list(
        session.scalars(
            select(CommitteeMember)
            .where(CommitteeMember.vacancy_id == vacancy.id)
            .order_by(CommitteeMember.id)
        )
    )


def committee_warning(genders: Sequence[str]) -> str | None:
    """Return the one gender of a committee that is all one gender, else None."""
    distinct = set(genders)
    return next(iter(distinct)) if len(distinct) == 1 else None


def add_candidate(
    session: Session,
    org: Organisation,
    vacancy: Vacancy,
    *,
    code: str = "",
    gender: str,
    consent: bool = False,
    actor: str,
) -> Candidate:
    """Register an applicant under a pseudonymous code (K001, K002, ... when none is given)."""
    _own(org, vacancy)
    _open(vacancy)
    if gender not in GENDERS:
        raise InputError("Gender '{value}' is unknown; use m, v or x.", value=gender)
    code = code.strip() or _next_code(session, vacancy)
    if not CODE.match(code):
        raise InputError(
            "Code '{value}' is not a pseudonymous code: use letters, digits and '-', at least "
            "one digit, at most 20 characters; never a name.",
            value=code,
        )
    if session.scalar(
        select(Candidate.id).where(Candidate.vacancy_id == vacancy.id, Candidate.code == code)
    ):
        raise ConflictError("Candidate {code} already exists for this vacancy.", code=code)
    candidate = Candidate(vacancy_id=vacancy.id, code=code, gender=gender, consent=consent)
    session.add(candidate)
    session.flush()
    _sync_counts(session, vacancy)
    _audit_candidate(session, org, vacancy, "add_candidate", actor, code)
    return candidate


def _next_code(session: Session, vacancy: Vacancy) -> str:
    count = session.scalar(
        select(func.count()).select_from(Candidate).where(Candidate.vacancy_id == vacancy.id)
    )
    purged = session.scalar(
        select(func.coalesce(func.sum(PurgedCount.count), 0)).where(
            PurgedCount.vacancy_id == vacancy.id
        )
    )
    number = int(count or 0) + int(purged or 0) + 1
    existing = {c.code for c in _candidates(session, vacancy)}
    while f"K{number:03d}" in existing:
        number += 1
    return f"K{number:03d}"


def get_candidate(session: Session, vacancy: Vacancy, code: str) -> Candidate:
    """Return the vacancy's candidate with this code, or raise NotFoundError."""
    candidate = session.scalar(
        select(Candidate).where(Candidate.vacancy_id == vacancy.id, Candidate.code == code.strip())
    )
    if candidate is None:
        raise NotFoundError("There is no candidate {code} for this vacancy.", code=code)
    return candidate


def set_stage(
    session: Session, org: Organisation, vacancy: Vacancy, code: str, stage: str, *, actor: str
) -> Candidate:
    """Record the furthest stage a candidate reached (applied to interviewed)."""
    _own(org, vacancy)
    _open(vacancy)
    if stage not in MANUAL_STAGES:
        raise InputError(
            "Stage '{value}' cannot be set here; use one of: {known} (an offer follows from the "
            "decision, 'appointed' from the appointment).",
            value=stage,
            known=", ".join(MANUAL_STAGES),
        )
    candidate = get_candidate(session, vacancy, code)
    if candidate.stage in ("offer", "appointed"):  # reached through the decision: it stays
        raise ConflictError(
            "Candidate {code} has had an offer; that stage follows from the decision.",
            code=candidate.code,
        )
    if candidate.suitable and stage_index(stage) < stage_index("short_list"):
        candidate.suitable = False  # judged suitable only from the short list on
    candidate.stage = stage
    session.flush()
    _sync_counts(session, vacancy)
    _audit_candidate(session, org, vacancy, "set_candidate_stage", actor, f"{code} {stage}")
    return candidate


def set_suitable(
    session: Session, org: Organisation, vacancy: Vacancy, code: str, suitable: bool, *, actor: str
) -> Candidate:
    """Record whether the committee judged a short-listed candidate suitable."""
    _own(org, vacancy)
    _open(vacancy)
    candidate = get_candidate(session, vacancy, code)
    if suitable and stage_index(candidate.stage) < stage_index("short_list"):
        raise InputError("Only a candidate on the short list or further can be judged suitable.")
    candidate.suitable = suitable
    session.flush()
    _sync_counts(session, vacancy)
    _audit_candidate(session, org, vacancy, "set_candidate_suitable", actor, code)
    return candidate


def set_consent(
    session: Session, org: Organisation, vacancy: Vacancy, code: str, consent: bool, *, actor: str
) -> Candidate:
    """Record whether the candidate agreed to be kept for a year instead of four weeks."""
    _own(org, vacancy)
    candidate = get_candidate(session, vacancy, code)
    candidate.consent = consent
    session.flush()
    _audit_candidate(session, org, vacancy, "set_candidate_consent", actor, code)
    return candidate


def list_candidates(
    session: Session, org: Organisation, vacancy: Vacancy, *, actor: str
) -> list[Candidate]:
    """Return the vacancy's candidates (an audited read of candidate data)."""
    _own(org, vacancy)
    candidates = _candidates(session, vacancy)
    audit_candidates(session, org, vacancy, actor, len(candidates))
    return candidates


def audit_candidates(
    session: Session, org: Organisation, vacancy: Named, actor: str, shown: int
) -> None:
    """Audit a read of the vacancy's candidates (how many were shown)."""
    audit_read(session, org, vacancy, "view_candidates", actor, f"{shown}")


def audit_read(
    session: Session, org: Organisation, vacancy: Named, action: str, actor: str, detail: str = ""
) -> None:
    """Audit a read of the vacancy's selection data, written at once with one INSERT.

    Entries the session still holds are written first, so the log keeps the order of events.
    """
    session.flush()
    audit.append(
        session, action=action, actor=actor, org_id=org.id, target=vacancy.reference,
        detail=detail,
    )  # fmt: skip


def _candidates(session: Session, vacancy: Vacancy) -> list[Candidate]:
    return list(
        session.scalars(
            select(Candidate).where(Candidate.vacancy_id == vacancy.id).order_by(Candidate.code)
        )
    )


def _scorecards(session: Session, vacancy: Vacancy) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Scorecard)
            .join(Candidate, Candidate.id == Scorecard.candidate_id)
            .where(Candidate.vacancy_id == vacancy.id)
        )
        or 0
    )


def stage_counts(session: Session, vacancy: Vacancy) -> Counter[tuple[str, str]]:
    """Return (gender, furthest stage) -> candidates, the live ones plus those purged."""
    counts: Counter[tuple[str, str]] = Counter(
        (c.gender, c.stage) for c in _candidates(session, vacancy)
    )
    for row in session.scalars(select(PurgedCount).where(PurgedCount.vacancy_id == vacancy.id)):
        counts[(row.gender, row.stage)] += row.count
    return counts


def _sync_counts(session: Session, vacancy: Vacancy) -> None:
    """Keep the register's applicant, shortlist and suitable counts equal to the candidates.

    Comply or explain reads the suitable women from these counts, so an appointment made from
    the selection register obeys it as every other appointment does.
    """
    candidates = _candidates(session, vacancy)
    short = stage_index("short_list")
    for gender in GENDERS:
        mine = [c for c in candidates if c.gender == gender]
        setattr(vacancy, f"applicants_{gender}", len(mine))
        setattr(vacancy, f"shortlisted_{gender}", sum(stage_index(c.stage) >= short for c in mine))
        setattr(vacancy, f"suitable_{gender}", sum(c.suitable for c in mine))
    session.flush()


def end_procedure(
    session: Session, org: Organisation, vacancy: Vacancy, ended_on: date, *, actor: str
) -> None:
    """Close the procedure without an appointment; the retention period starts here."""
    _own(org, vacancy)
    _open(vacancy)
    if ended_on < vacancy.opened:
        raise InputError("The procedure cannot end before the vacancy opened.")
    vacancy.procedure_ended = ended_on
    session.flush()
    audit.record(
        session, action="end_procedure", actor=actor, org_id=org.id, target=vacancy.reference
    )


def _audit_candidate(
    session: Session, org: Organisation, vacancy: Vacancy, action: str, actor: str, detail: str
) -> None:
    audit.record(
        session, action=action, actor=actor, org_id=org.id, target=vacancy.reference,
        detail=detail,
    )  # fmt: skip
