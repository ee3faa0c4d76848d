"""Counsellors and their conversation log, with the privacy rules inside the use cases.

A counsellor sees and changes only their own records; asking for another's gives 'not found',
never a hint. Notes are readable by their author alone. Everyone else gets yearly totals
(safety.totals), with small counts suppressed. The command line acts as a trusted operator for
bulk entry: it may log for any counsellor but reads no notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from gepmonitor.core import audit
from gepmonitor.core.config import Settings
from gepmonitor.core.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from gepmonitor.core.models import Organisation
from gepmonitor.safety.models import Conversation, Counsellor, counsellor_org
from gepmonitor.safety.notes import decrypt_note, encrypt_note
from gepmonitor.safety.totals import LoggedConversation, TrackTotals, all_tracks
from gepmonitor.safety.vocab import (
    OUTCOMES,
    REFERRALS,
    SOURCES,
    TRACKS,
    check_choice,
    check_themes,
)

OPERATOR = "operator"


@dataclass(frozen=True)
class SafetyActor:
    """Who acts: a web user (id and role) or the command-line operator."""

    name: str
    role: str
    user_id: int | None = None


@dataclass
class ConversationInput:
    """What a counsellor records about one conversation."""

    held_on: date
    track: str
    themes: list[str]
    person_code: str
    hierarchical: bool = False
    source: str = "colleague"
    referral: str = "none"
    formal_procedure: bool = False
    outcome: str = "advice"
    note: str = ""
    org_slug: str | None = None  # one of the organisations the counsellor serves
    extra: dict[str, str] = field(default_factory=dict)


def add_counsellor(
    session: Session,
    org: Organisation,
    code: str,
    track: str,
    *,
    actor: str,
    kind: str = "internal",
    gender: str = "onbekend",
    serves: list[Organisation] | None = None,
    user_id: int | None = None,
) -> Counsellor:
    """Register a counsellor of the organisation (optionally serving partner bodies too)."""
    code = code.strip()
    if not code or len(code) > 40:
        raise InputError("safety.bad_code")
    if session.scalar(
        select(Counsellor.id).where(Counsellor.org_id == org.id, Counsellor.code == code)
    ):
        raise ConflictError("safety.code_exists", code=code)
    counsellor = Counsellor(
        org_id=org.id,
        code=code,
        track=check_choice(track, TRACKS, "track"),
        kind=check_choice(kind, ("internal", "external"), "kind"),
        gender=check_choice(gender, ("v", "m", "x", "onbekend"), "gender"),
        user_id=user_id,
    )
    counsellor.serves = [o for o in (serves or []) if o.id != org.id]
    session.add(counsellor)
    session.flush()
    audit.record(session, action="add_counsellor", actor=actor, org_id=org.id, target=code)
    return counsellor


def counsellors_serving(session: Session, org: Organisation) -> list[Counsellor]:
    """Return the active counsellors of the organisation or serving it."""
    served = select(counsellor_org.c.counsellor_id).where(counsellor_org.c.org_id == org.id)
    return list(
        session.scalars(
            select(Counsellor)
            .where(Counsellor.active, or_(Counsellor.org_id == org.id, Counsellor.id.in_(served)))
            .order_by(Counsellor.track, Counsellor.code)
        )
    )


def find_counsellor(session: Session, org: Organisation, code: str) -> Counsellor:
    """Return the organisation's counsellor with this code."""
    counsellor = session.scalar(
        select(Counsellor).where(Counsellor.org_id == org.id, Counsellor.code == code)
    )
    if counsellor is None:
        raise NotFoundError("safety.no_counsellor", code=code)
    return counsellor


def counsellor_of(session: Session, actor: SafetyActor) -> Counsellor:
    """Return the counsellor record of a logged-in counsellor."""
    counsellor = session.scalar(
        select(Counsellor).where(Counsellor.user_id == actor.user_id, Counsellor.active)
    )
    if actor.user_id is None or counsellor is None:
        raise ConflictError("safety.not_a_counsellor")
    return counsellor


def _served_orgs(counsellor: Counsellor, session: Session) -> list[Organisation]:
    home = session.get(Organisation, counsellor.org_id)
    return [o for o in [home, *counsellor.serves] if o is not None]


def log_conversation(
    session: Session,
    settings: Settings,
    actor: SafetyActor,
    counsellor: Counsellor,
    data: ConversationInput,
) -> Conversation:
    """Record a conversation for the counsellor (a counsellor may log only their own)."""
    if actor.role != OPERATOR and counsellor.user_id != actor.user_id:
        raise PermissionDeniedError("safety.not_yours")
    orgs = _served_orgs(counsellor, session)
    org = orgs[0]
    if data.org_slug:
        match = [o for o in orgs if o.slug == data.org_slug]
        if not match:
            raise InputError("safety.not_served", org=data.org_slug)
        org = match[0]
    person = data.person_code.strip()
    if not person or len(person) > 20:
        raise InputError("safety.bad_person")
    if data.held_on > date.today():
        raise InputError("safety.future_date")
    conversation = Conversation(
        counsellor_id=counsellor.id,
        org_id=org.id,
        held_on=data.held_on,
        track=check_choice(data.track, TRACKS, "track"),
        themes=",".join(check_themes(data.themes)),
        hierarchical=data.hierarchical,
        source=check_choice(data.source, SOURCES, "source"),
        person_code=person,
        referral=check_choice(data.referral, REFERRALS, "referral"),
        formal_procedure=data.formal_procedure,
        outcome=check_choice(data.outcome, OUTCOMES, "outcome"),
        note_cipher=encrypt_note(settings, data.note) if data.note.strip() else None,
    )
    session.add(conversation)
    session.flush()
    audit.record(
        session,
        action="log_conversation",
        actor=actor.name,
        role=actor.role,
        org_id=org.id,
        target=f"conversation {conversation.id}",
    )
    return conversation


def my_conversations(
    session: Session, actor: SafetyActor, year: int | None = None
) -> list[Conversation]:
    """Return the counsellor's own conversations, newest first."""
    counsellor = counsellor_of(session, actor)
    query = select(Conversation).where(Conversation.counsellor_id == counsellor.id)
    if year is not None:
        query = query.where(Conversation.held_on.between(date(year, 1, 1), date(year, 12, 31)))
    rows = list(
        session.scalars(query.order_by(Conversation.held_on.desc(), Conversation.id.desc()))
    )
    audit.record(
        session,
        action="view_own_conversations",
        actor=actor.name,
        role=actor.role,
        org_id=counsellor.org_id,
    )
    return rows


def get_conversation(session: Session, actor: SafetyActor, conversation_id: int) -> Conversation:
    """Return one of the counsellor's own conversations; anyone else's is 'not found'."""
    counsellor = counsellor_of(session, actor)
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.counsellor_id != counsellor.id:
        raise NotFoundError("safety.no_conversation", id=conversation_id)
    audit.record(
        session,
        action="view_conversation",
        actor=actor.name,
        role=actor.role,
        org_id=conversation.org_id,
        target=f"conversation {conversation_id}",
    )
    return conversation


def read_note(
    session: Session, settings: Settings, actor: SafetyActor, conversation_id: int
) -> str:
    """Return the note of the counsellor's own conversation (empty when there is none)."""
    conversation = get_conversation(session, actor, conversation_id)
    if conversation.note_cipher is None:
        return ""
    audit.record(
        session,
        action="read_note",
        actor=actor.name,
        role=actor.role,
        org_id=conversation.org_id,
        target=f"conversation {conversation_id}",
    )
    return decrypt_note(settings, conversation.note_cipher)


def yearly_totals(
    session: Session, org: Organisation, year: int, min_cell: int, exact: bool = False
) -> dict[str, TrackTotals]:
    """Return the year's totals per track for the organisation (suppressed unless exact)."""
    rows = session.scalars(
        select(Conversation).where(
            Conversation.org_id == org.id,
            Conversation.held_on.between(date(year, 1, 1), date(year, 12, 31)),
        )
    ).all()
    logged = [
        LoggedConversation(
            c.counsellor_id,
            c.track,
            tuple(c.themes.split(",")),
            c.person_code,
            c.hierarchical,
            c.formal_procedure,
            c.referral,
        )
        for c in rows
    ]
    counsellors: dict[str, int] = {}
    for counsellor in counsellors_serving(session, org):
        counsellors[counsellor.track] = counsellors.get(counsellor.track, 0) + 1
    return all_tracks(logged, counsellors, min_cell, exact)


from gepmonitor.core.i18n import register as _register  # noqa: E402

_register(
    {
        "safety.bad_code": (
            "Geef een code van hoogstens 40 tekens (geen naam).",
            "Give a code of at most 40 characters (not a name).",
        ),
        "safety.code_exists": ("Code {code} is al in gebruik.", "Code {code} is already in use."),
        "safety.no_counsellor": (
            "Vertrouwenspersoon {code} bestaat niet.",
            "Counsellor {code} does not exist.",
        ),
        "safety.not_a_counsellor": (
            "Uw account is niet gekoppeld aan een vertrouwenspersoon.",
            "Your account is not linked to a counsellor.",
        ),
        "safety.not_yours": (
            "U kunt alleen uw eigen gesprekken vastleggen.",
            "You can only record your own conversations.",
        ),
        "safety.not_served": (
            "Deze vertrouwenspersoon werkt niet voor '{org}'.",
            "This counsellor does not serve '{org}'.",
        ),
        "safety.bad_person": (
            "Geef een persoonscode van 1 tot 20 tekens (geen naam), zodat u personen telt.",
            "Give a person code of 1 to 20 characters (not a name), to count people.",
        ),
        "safety.future_date": ("De datum ligt in de toekomst.", "The date is in the future."),
        "safety.no_conversation": (
            "Gesprek {id} bestaat niet.",
            "Conversation {id} does not exist.",
        ),
    }
)
