"""Counsellors: registration with a period of service, linking a web account, stopping.

A counsellor serves from ``active_from`` until ``active_until`` (None: open-ended). Yearly
totals count those whose period touches the year, so adding or stopping a counsellor never
changes a past year's report.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session, selectinload

from gepmonitor.core import audit
from gepmonitor.core.errors import ConflictError, InputError, NotFoundError
from gepmonitor.core.formatting import format_date
from gepmonitor.core.models import Organisation
from gepmonitor.safety.models import Counsellor, counsellor_org
from gepmonitor.safety.vocab import GENDERS, KINDS, TRACKS, check_choice


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
    active_from: date | None = None,
) -> Counsellor:
    """Register a counsellor of the organisation (optionally serving partner bodies too).

    ``active_from`` None means 'since always' (e.g. a counsellor entered with a past log).
    """
    code = code.strip()
    if not code or len(code) > 40:
        raise InputError("Give a code of at most 40 characters (not a name).")
    if session.scalar(
        select(Counsellor.id).where(Counsellor.org_id == org.id, Counsellor.code == code)
    ):
        raise ConflictError("Code {code} is already in use.", code=code)
    if user_id is not None and linked_counsellor(session, user_id) is not None:
        raise ConflictError("This account is already linked to an active counsellor.")
    counsellor = Counsellor(
        org_id=org.id,
        code=code,
        track=check_choice(track, TRACKS, "track"),
        kind=check_choice(kind, KINDS, "kind"),
        gender=check_choice(gender, GENDERS, "gender"),
        user_id=user_id,
        active_from=active_from,
    )
    counsellor.serves = [o for o in (serves or []) if o.id != org.id]
    session.add(counsellor)
    session.flush()
    audit.record(session, action="add_counsellor", actor=actor, org_id=org.id, target=code)
    return counsellor


def check_counsellor_account(username: str, role: str | None) -> None:
    """Refuse to link a web account that does not exist or lacks the counsellor role."""
    if role != "counsellor":
        raise InputError(
            "User '{user}' does not exist or does not have the counsellor role.", user=username
        )


def deactivate_counsellor(
    session: Session, org: Organisation, code: str, until: date, *, actor: str
) -> Counsellor:
    """End a counsellor's service on a date; earlier years keep counting them."""
    counsellor = find_counsellor(session, org, code)
    if not counsellor.active or counsellor.active_until is not None:
        raise ConflictError("Counsellor {code} has already stopped.", code=code)
    if counsellor.active_from is not None and until < counsellor.active_from:
        raise InputError("The end date is before the start date.")
    # Until that day they can still log in and record; afterwards is_current() is false.
    counsellor.active, counsellor.active_until = until >= date.today(), until
    audit.record(session, action="deactivate_counsellor", actor=actor, org_id=org.id, target=code)
    return counsellor


def is_current(counsellor: Counsellor) -> bool:
    """Return whether the counsellor serves today (active and not past the end date)."""
    ended = counsellor.active_until is not None and counsellor.active_until < date.today()
    return counsellor.active and not ended


def serves_in(counsellor: Counsellor, year: int) -> bool:
    """Return whether the counsellor's period of service touches the year."""
    starts_late = counsellor.active_from is not None and counsellor.active_from.year > year
    ended = counsellor.active_until is not None and counsellor.active_until.year < year
    return not (starts_late or ended)


def period_text(counsellor: Counsellor, lang: str | None = "nl") -> str:
    """Return the period of service as 'from – until' in lang's short dates (open ends empty)."""
    since = format_date(counsellor.active_from, lang, "short") if counsellor.active_from else ""
    until = format_date(counsellor.active_until, lang, "short") if counsellor.active_until else ""
    return f"{since} – {until}".strip()


def counsellors_serving(
    session: Session, org: Organisation, year: int | None = None
) -> list[Counsellor]:
    """Return the counsellors of the organisation or serving it: active now, or in a year."""
    served = select(counsellor_org.c.counsellor_id).where(counsellor_org.c.org_id == org.id)
    query = select(Counsellor).where(or_(Counsellor.org_id == org.id, Counsellor.id.in_(served)))
    ordered = query.order_by(Counsellor.track, Counsellor.code)
    found = session.scalars(ordered.options(selectinload(Counsellor.serves))).all()
    return [c for c in found if (is_current(c) if year is None else serves_in(c, year))]


_LINKED = select(Counsellor).where(Counsellor.user_id == bindparam("user"))


def linked_counsellor(session: Session, user_id: int) -> Counsellor | None:
    """Return the current counsellor record linked to a web account, if any."""
    rows = session.scalars(_LINKED, {"user": user_id}).all()
    return next((c for c in rows if is_current(c)), None)


def find_counsellor(session: Session, org: Organisation, code: str) -> Counsellor:
    """Return the organisation's counsellor with this code."""
    counsellor = session.scalar(
        select(Counsellor).where(Counsellor.org_id == org.id, Counsellor.code == code)
    )
    if counsellor is None:
        raise NotFoundError("Counsellor {code} does not exist.", code=code)
    return counsellor
