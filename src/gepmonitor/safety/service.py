"""Counsellors and their conversation log, with the privacy rules inside the use cases.

A counsellor sees and changes only their own records; asking for another's gives 'not found',
never a hint. Notes are readable by their author alone. Everyone else gets yearly totals
(safety.totals), with small counts suppressed. The command line acts as a trusted operator for
bulk entry: it may log for any counsellor but reads no notes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TypeVar

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from gepmonitor.core import audit
from gepmonitor.core.cache import cached, cached_across
from gepmonitor.core.config import Settings
from gepmonitor.core.errors import (
    Checks,
    ConflictError,
    GepError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
)
from gepmonitor.core.models import Organisation
from gepmonitor.safety.counsellors import (  # noqa: F401 - part of the service API
    add_counsellor,
    check_counsellor_account,
    counsellors_serving,
    deactivate_counsellor,
    find_counsellor,
    is_current,
    linked_counsellor,
    period_text,
    serves_in,
)
from gepmonitor.safety.models import Conversation, Counsellor
from gepmonitor.safety.notes import decrypt_note, encrypt_note
from gepmonitor.safety.totals import LoggedConversation, TrackTotals, all_tracks
from gepmonitor.safety.vocab import (
    INTEGRITY_THEMES,
    OUTCOMES,
    REFERRALS,
    SOURCES,
    THEMES,
    TRACKS,
    check_choice,
    check_past_date,
    check_person_code,
    check_themes,
    check_year,
)

OPERATOR = "operator"
T = TypeVar("T")


@dataclass(frozen=True)
class SafetyActor:
    """Who acts: a web user (id and role) or the command-line operator."""

    name: str
    role: str
    user_id: int | None = None


@dataclass
class ConversationInput:
    """What a counsellor records about one conversation."""

    held_on: date | None  # None: unreadable, already reported by the caller (a file import)
    track: str
    themes: list[str]
    person_code: str
    # None: not known (an imported log without the column); totals that need it say "no data".
    hierarchical: bool | None = False
    source: str | None = "colleague"
    referral: str | None = "none"
    formal_procedure: bool | None = False
    outcome: str = "advice"
    note: str = ""
    org_slug: str | None = None  # one of the organisations the counsellor serves
    extra: dict[str, str] = field(default_factory=dict)


def counsellor_of(session: Session, actor: SafetyActor) -> Counsellor:
    """Return the counsellor record of a logged-in counsellor."""
    counsellor = linked_counsellor(session, actor.user_id) if actor.user_id is not None else None
    if counsellor is None:
        raise ConflictError("Your account is not linked to a counsellor.")
    return counsellor


def served_orgs(counsellor: Counsellor, session: Session) -> list[Organisation]:
    """Return the organisations a counsellor serves: their own first, then partners."""
    home = session.get(Organisation, counsellor.org_id)
    return [o for o in [home, *counsellor.serves] if o is not None]


def _served_org(session: Session, counsellor: Counsellor, slug: str | None) -> Organisation:
    """Return the counsellor's own organisation, or the one they serve named by the slug."""
    orgs = served_orgs(counsellor, session)
    if not slug:
        return orgs[0]
    match = [o for o in orgs if o.slug == slug]
    if not match:
        raise InputError("This counsellor does not serve '{org}'.", org=slug)
    return match[0]


def _check_own_track(counsellor: Counsellor, track: str) -> None:
    """Refuse a track that is not the counsellor's own (each counsellor serves one track)."""
    if track != counsellor.track:
        raise InputError(
            "Counsellor {code} serves the track '{track}'; record the conversation there.",
            code=counsellor.code,
            track=counsellor.track,
        )


def _check_track_themes(track: str, themes: list[str]) -> None:
    """Refuse integrity themes outside the integrity track."""
    wrong = [t for t in themes if t in INTEGRITY_THEMES and track != "integrity"]
    if wrong:
        raise InputError("Theme '{theme}' belongs to the integrity track.", theme=wrong[0])


def _check_in_service(counsellor: Counsellor, held_on: date) -> None:
    """Refuse a date on which the counsellor did not serve."""
    early = counsellor.active_from is not None and held_on < counsellor.active_from
    late = counsellor.active_until is not None and held_on > counsellor.active_until
    if early or late:
        raise InputError(
            "Counsellor {code} was not serving on {day}.",
            code=counsellor.code,
            day=held_on,
        )


def conversation_errors(
    session: Session, counsellor: Counsellor | None, data: ConversationInput
) -> list[tuple[str | None, GepError]]:
    """Return (field, error) for every problem of a conversation, in the order of the form.

    A rule between fields is checked only when those fields are valid, and the counsellor's
    own rules (organisations served, track, period of service) only when there is one.
    """
    checks = Checks()
    if counsellor is not None:
        checks.attempt("org_slug", partial(_served_org, session, counsellor, data.org_slug))
    checks.attempt("person_code", partial(check_person_code, data.person_code))
    track = checks.attempt("track", partial(check_choice, data.track, TRACKS, "track"))
    if track is not None and counsellor is not None:
        checks.attempt("track", partial(_check_own_track, counsellor, track))
    held_on = data.held_on
    if held_on is not None:
        checks.attempt("held_on", partial(check_past_date, held_on))
        if counsellor is not None and not checks.failed("held_on"):
            checks.attempt("held_on", partial(_check_in_service, counsellor, held_on))
    given = [theme for theme in data.themes if theme.strip()]
    themes = [checks.attempt("themes", partial(check_choice, t, THEMES, "theme")) for t in given]
    if not given:
        checks.add("themes", InputError("Choose at least one theme."))
    elif track is not None and not checks.failed("track", "themes"):
        checks.attempt("themes", partial(_check_track_themes, track, [t for t in themes if t]))
    for name, value, allowed in (
        ("source", data.source, SOURCES),
        ("referral", data.referral, REFERRALS),
        ("outcome", data.outcome, OUTCOMES),
    ):
        if value is not None:  # None: not recorded (an import without the column)
            checks.attempt(name, partial(check_choice, value, allowed, name))
    return checks.errors


def log_conversation(
    session: Session,
    settings: Settings,
    actor: SafetyActor,
    counsellor: Counsellor,
    data: ConversationInput,
) -> Conversation:
    """Record a conversation for the counsellor (a counsellor may log only their own)."""
    if actor.role != OPERATOR and counsellor.user_id != actor.user_id:
        raise PermissionDeniedError("You can only record your own conversations.")
    errors = conversation_errors(session, counsellor, data)
    if errors:
        raise errors[0][1]
    if data.held_on is None:
        raise InputError("{field}: '{value}' is not a date (YYYY-MM-DD).", field="date", value="")
    org = _served_org(session, counsellor, data.org_slug)
    conversation = Conversation(
        counsellor_id=counsellor.id,
        org_id=org.id,
        held_on=data.held_on,
        track=check_choice(data.track, TRACKS, "track"),
        themes=",".join(check_themes(data.themes)),
        hierarchical=data.hierarchical,
        source=None if data.source is None else check_choice(data.source, SOURCES, "source"),
        person_code=check_person_code(data.person_code),
        referral=None
        if data.referral is None
        else check_choice(data.referral, REFERRALS, "referral"),
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
        target="conversation",
    )
    return conversation


def my_conversations(
    session: Session, actor: SafetyActor, year: int | None = None
) -> list[Conversation]:
    """Return the counsellor's own conversations, newest first."""
    counsellor = counsellor_of(session, actor)
    if year is not None:
        check_year(year)
    rows = _own_conversations(session, counsellor.id, year)
    _audit_own_list(session, actor, counsellor)
    return rows


def own_list_view(
    session: Session,
    actor: SafetyActor,
    year: int | None,
    view: tuple[Hashable, ...],
    build: Callable[[list[Conversation]], T],
) -> tuple[tuple[Hashable, ...], Callable[[], T]]:
    """Return the cache key and the computation of a page or answer made of one's own list.

    The computation returns build(<the counsellor's own conversations>). Its result is kept once
    per data version (core.cache.cached_across: the conversations lie in each organisation the
    counsellor serves) for this account and counsellor only: the key names both, so one
    counsellor's list is never served to another. view names the output (its kind and
    language); build must return plain data (text, bytes). The caller audits every read with
    audit_own_list(), after its last await (the entry is written at once; on SQLite that holds
    the write lock until the commit).
    """
    counsellor_id, _org_id = _linked(session, actor)
    if year is not None:
        check_year(year)
    key = ("safety.own_conversations", actor.user_id, counsellor_id, year, *view)
    return key, lambda: build(_own_conversations(session, counsellor_id, year))


def audit_own_list(session: Session, actor: SafetyActor) -> None:
    """Audit a read of the counsellor's own list (written at once, after what the session holds)."""
    _counsellor_id, org_id = _linked(session, actor)
    session.flush()
    audit.append(
        session, action="view_own_conversations", actor=actor.name, role=actor.role, org_id=org_id
    )


def _linked(session: Session, actor: SafetyActor) -> tuple[int, int]:
    """Return (id, organisation id) of the account's current counsellor record.

    Kept per data version of every organisation (a counsellor record serves several) and per
    day (a period of service ends on a date), for this account alone.
    """

    def linked() -> tuple[int, int] | None:
        found = linked_counsellor(session, actor.user_id) if actor.user_id is not None else None
        return None if found is None else (found.id, found.org_id)

    ids = cached_across(session, ("safety.linked", actor.user_id, date.today()), linked)
    if ids is None:
        raise ConflictError("Your account is not linked to a counsellor.")
    return ids


def _own_conversations(
    session: Session, counsellor_id: int, year: int | None
) -> list[Conversation]:
    query = select(Conversation).where(Conversation.counsellor_id == counsellor_id)
    if year is not None:
        query = query.where(Conversation.held_on.between(date(year, 1, 1), date(year, 12, 31)))
    order = (Conversation.held_on.desc(), Conversation.id.desc())
    return list(session.scalars(query.order_by(*order)))


def _audit_own_list(session: Session, actor: SafetyActor, counsellor: Counsellor) -> None:
    audit.record(
        session,
        action="view_own_conversations",
        actor=actor.name,
        role=actor.role,
        org_id=counsellor.org_id,
    )


# Built once (a statement's cache key is kept with it): the conversation with its counsellor.
_OWN_CONVERSATION = (
    select(Conversation, Counsellor)
    .join(Counsellor, Conversation.counsellor_id == Counsellor.id)
    .where(Conversation.id == bindparam("conversation"), Counsellor.user_id == bindparam("user"))
)


def _own_conversation(session: Session, actor: SafetyActor, conversation_id: int) -> Conversation:
    """Return one of the counsellor's own conversations; anyone else's is 'not found'."""
    if actor.user_id is not None:  # one query: the conversation with the counsellor it is of
        wanted = {"conversation": conversation_id, "user": actor.user_id}
        found = session.execute(_OWN_CONVERSATION, wanted).first()
        if found is not None and is_current(found[1]):
            return found[0]
    counsellor_of(session, actor)  # an account without a (current) counsellor: say so
    raise NotFoundError("Conversation {id} does not exist.", id=conversation_id)


def _audit_read(
    session: Session, actor: SafetyActor, conversation: Conversation, action: str
) -> None:
    audit.record(
        session,
        action=action,
        actor=actor.name,
        role=actor.role,
        org_id=conversation.org_id,
        target="conversation",
    )


def get_conversation(session: Session, actor: SafetyActor, conversation_id: int) -> Conversation:
    """Return one of the counsellor's own conversations (one audit row)."""
    conversation = _own_conversation(session, actor, conversation_id)
    _audit_read(session, actor, conversation, "view_conversation")
    return conversation


def read_note(
    session: Session, settings: Settings, actor: SafetyActor, conversation_id: int
) -> str:
    """Return the note of the counsellor's own conversation (empty when there is none)."""
    return conversation_with_note(session, settings, actor, conversation_id)[1]


def conversation_with_note(
    session: Session, settings: Settings, actor: SafetyActor, conversation_id: int
) -> tuple[Conversation, str]:
    """Return one of the counsellor's own conversations and its note, with one audit row."""
    conversation = _own_conversation(session, actor, conversation_id)
    has_note = conversation.note_cipher is not None
    _audit_read(session, actor, conversation, "read_note" if has_note else "view_conversation")
    cipher = conversation.note_cipher
    note = decrypt_note(settings, cipher) if cipher is not None else ""
    return conversation, note


@dataclass(frozen=True)
class OwnConversation:
    """One of a counsellor's own conversations as plain data, its note still encrypted.

    Kept per data version for its author's account alone (own_conversation_view); the note is
    decrypted on every read (read_own_conversation) and never kept.
    """

    id: int
    org_id: int
    held_on: date
    track: str
    themes: str  # comma-separated theme codes
    hierarchical: bool | None
    source: str | None
    person_code: str
    referral: str | None
    formal_procedure: bool | None
    outcome: str
    note_cipher: bytes | None

    @classmethod
    def of(cls, c: Conversation) -> OwnConversation:
        """Return the stored conversation's plain copy."""
        return cls(
            c.id, c.org_id, c.held_on, c.track, c.themes, c.hierarchical, c.source,
            c.person_code, c.referral, c.formal_procedure, c.outcome, c.note_cipher,
        )  # fmt: skip


def own_conversation_view(
    session: Session, actor: SafetyActor, conversation_id: int
) -> tuple[tuple[Hashable, ...], Callable[[], OwnConversation | None]]:
    """Return the cache key and the lookup of one of the counsellor's own conversations.

    The lookup gives the conversation as plain data (its note encrypted, as stored), or None
    when it is not this account's own or its counsellor record no longer serves. It is kept per
    data version of every organisation and per day (a period of service ends on a date) for
    this account alone: the key names the account. Give its answer to read_own_conversation()
    and audit the read with audit_conversation_read().
    """
    key = ("safety.own_conversation", actor.user_id, conversation_id, date.today())

    def lookup() -> OwnConversation | None:
        if actor.user_id is None:
            return None
        wanted = {"conversation": conversation_id, "user": actor.user_id}
        found = session.execute(_OWN_CONVERSATION, wanted).first()
        return OwnConversation.of(found[0]) if found is not None and is_current(found[1]) else None

    return key, lookup


def read_own_conversation(
    session: Session,
    settings: Settings,
    actor: SafetyActor,
    conversation_id: int,
    found: OwnConversation | None,
) -> tuple[OwnConversation, str]:
    """Return the conversation own_conversation_view() found and its note, decrypted now.

    None: the account has no (current) counsellor record, or the conversation is not its own;
    the errors say so as conversation_with_note's do. Audits nothing.
    """
    if found is None:
        found = OwnConversation.of(_own_conversation(session, actor, conversation_id))
    cipher = found.note_cipher
    return found, decrypt_note(settings, cipher) if cipher is not None else ""


def audit_conversation_read(
    session: Session, actor: SafetyActor, conversation: OwnConversation
) -> None:
    """Audit a read of one's own conversation (read_note when it has a note), written at once.

    The same entry conversation_with_note() writes; called after the caller's last await (on
    SQLite the entry holds the write lock until the commit).
    """
    has_note = conversation.note_cipher is not None
    session.flush()
    audit.append(
        session,
        action="read_note" if has_note else "view_conversation",
        actor=actor.name,
        role=actor.role,
        org_id=conversation.org_id,
        target="conversation",
    )


def latest_year(session: Session, org: Organisation) -> int:
    """Return the latest year with logged conversations (this year when there are none)."""
    this_year = date.today().year

    def latest() -> int:
        query = select(func.max(Conversation.held_on)).where(Conversation.org_id == org.id)
        last = session.scalar(query)
        return last.year if last else this_year

    return cached(session, org, ("safety.latest_year", this_year), latest)


def yearly_totals(
    session: Session, org: Organisation, year: int, min_cell: int, exact: bool = False
) -> dict[str, TrackTotals]:
    """Return the year's totals per track for the organisation (suppressed unless exact).

    Computed once per data version (core.cache); callers must not change the totals.
    """
    check_year(year)
    key = ("safety.totals", year, min_cell, exact)
    return cached(session, org, key, lambda: _yearly_totals(session, org, year, min_cell, exact))


def _yearly_totals(
    session: Session, org: Organisation, year: int, min_cell: int, exact: bool
) -> dict[str, TrackTotals]:
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
    for counsellor in counsellors_serving(session, org, year):
        counsellors[counsellor.track] = counsellors.get(counsellor.track, 0) + 1
    return all_tracks(logged, counsellors, min_cell, exact)
