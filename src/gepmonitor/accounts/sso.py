"""Single sign-on accounts: which account an identity from the provider logs in as.

1. An identity (issuer + subject) that logged in before gets its own account back.
2. Otherwise an account an administrator linked beforehand (``sso_name`` equal to the user's
   name claim, e.g. a counsellor's account) is bound to the identity.
3. Otherwise the role claim must map to a role (GEP_OIDC_ROLES): an account is created with it.
   No mapping: refused, and audited.

Accounts created from the mapping follow the mapping at every login (the provider's groups are
the source of truth); accounts an administrator linked keep the role the administrator gave.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gepmonitor.accounts.models import User
from gepmonitor.accounts.oidc import Identity, SsoRefusedError, claim_values, map_role
from gepmonitor.accounts.roles import Role
from gepmonitor.accounts.service import Actor, get_user
from gepmonitor.core.audit import record
from gepmonitor.core.config import Settings
from gepmonitor.core.errors import ConflictError, InputError
from gepmonitor.core.models import Organisation


def username_from(identity: Identity, claim: str) -> str:
    """Return a login name made from the identity's name claim (or its subject)."""
    values = claim_values(identity.claims, claim) or claim_values(identity.claims, "email")
    raw = (values[0] if values else identity.subject).split("@")[0].lower()
    name = re.sub(r"[^a-z0-9._-]+", "-", raw).strip("-._")[:70]
    if len(name) < 2:
        name = f"sso-{name}" if name else "sso"
    return name


def _free_name(session: Session, base: str) -> str:
    if get_user(session, base) is None:
        return base
    number = 2
    while get_user(session, f"{base}{number}") is not None:
        number += 1
    return f"{base}{number}"


def _find_identity(session: Session, identity: Identity) -> User | None:
    query = select(User).where(
        User.oidc_issuer == identity.issuer, User.oidc_subject == identity.subject
    )
    return session.scalar(query)


def _find_linked(session: Session, identity: Identity, claim: str) -> User | None:
    names = [value.strip().lower() for value in claim_values(identity.claims, claim)]
    if not names:
        return None
    query = select(User).where(User.sso_name == names[0], User.oidc_subject.is_(None))
    return session.scalar(query)


def sso_account(
    session: Session, org: Organisation, identity: Identity, settings: Settings, now: datetime
) -> User:
    """Return the account the identity logs in as (creating it when the mapping allows).

    Raise SsoRefusedError when no account is linked and no mapping gives a role, or when the
    account is blocked.
    """
    from gepmonitor.accounts.oidc import parse_role_map

    actor = f"sso:{identity.subject}"[:120]
    mapped = map_role(
        identity.claims, settings.oidc_role_claim, parse_role_map(settings.oidc_roles)
    )
    user = _find_identity(session, identity)
    if user is None:
        user = _find_linked(session, identity, settings.oidc_username_claim)
        if user is not None:
            user.oidc_issuer, user.oidc_subject = identity.issuer, identity.subject
            record(
                session,
                action="sso_linked",
                actor=user.username,
                org_id=user.org_id,
                role=user.role,
                target=user.username,
                detail=f"sub={identity.subject}",
            )
    if user is None:
        if mapped is None:
            _refuse(session, org, identity, actor, settings)
        user = _create(session, org, identity, mapped, settings)  # type: ignore[arg-type]
    elif user.sso_name is None:
        if mapped is None:
            _refuse(session, org, identity, actor, settings)
        if mapped is not None and user.role != mapped.value:
            record(
                session,
                action="user_changed",
                actor=actor,
                org_id=user.org_id,
                target=user.username,
                detail=f"role {user.role}->{mapped.value} (sso)",
            )
            user.role = mapped.value
    if not user.active:
        record(
            session,
            action="login_failed",
            actor=user.username,
            org_id=user.org_id,
            detail="sso: account blocked",
        )
        raise SsoRefusedError("Your account is blocked. Ask an administrator.")
    user.last_login_at = now
    record(
        session,
        action="login",
        actor=user.username,
        org_id=user.org_id,
        role=user.role,
        detail="sso",
    )
    return user


def _create(
    session: Session, org: Organisation, identity: Identity, role: Role, settings: Settings
) -> User:
    name = _free_name(session, username_from(identity, settings.oidc_username_claim))
    user = User(
        org_id=org.id,
        username=name,
        role=role.value,
        password_hash="",  # no password: this account logs in through the provider only
        active=True,
        must_change_password=False,
        oidc_issuer=identity.issuer,
        oidc_subject=identity.subject,
    )
    session.add(user)
    session.flush()
    record(
        session,
        action="user_created",
        actor=f"sso:{identity.subject}"[:120],
        org_id=org.id,
        role=role.value,
        target=name,
        detail=f"role={role.value} (sso)",
    )
    return user


def _refuse(
    session: Session, org: Organisation, identity: Identity, actor: str, settings: Settings
) -> None:
    held = ", ".join(claim_values(identity.claims, settings.oidc_role_claim)) or "-"
    record(
        session,
        action="sso_refused",
        actor=actor,
        org_id=org.id,
        detail=f"{settings.oidc_role_claim}: {held}"[:500],
    )
    raise SsoRefusedError(
        "Your organisation's account has no role in gepmonitor. Ask an administrator to give "
        "your group access."
    )


def link_sso(session: Session, user: User, sso_name: str | None, actor: Actor) -> None:
    """Link an account to the provider's user with this name (None: undo the link).

    The account's role stays as the administrator set it; the first single sign-on login of
    that user binds the account to their identity.
    """
    name = sso_name.strip().lower() if sso_name else None
    if name is not None and (not name or len(name) > 255):
        raise InputError("Give the user's name at the organisation's login service.")
    if name is not None:
        other = session.scalar(select(User).where(User.sso_name == name, User.id != user.id))
        if other is not None:
            raise ConflictError(
                "'{name}' is already linked to the account '{username}'.",
                name=name,
                username=other.username,
            )
    user.sso_name = name
    if name is None:
        user.oidc_issuer = user.oidc_subject = None
    record(
        session,
        action="sso_link" if name else "sso_unlink",
        actor=actor.name,
        org_id=user.org_id,
        role=actor.role,
        target=user.username,
        detail=name or "",
    )


def set_break_glass(session: Session, user: User, on: bool, actor: Actor) -> None:
    """Let an administrator account use its password even when local login is switched off."""
    if on and user.role != Role.ADMIN.value:
        raise InputError(
            "Only an administrator account can be a break-glass account ('{username}' is {role}).",
            username=user.username,
            role=user.role,
        )
    user.break_glass = on
    record(
        session,
        action="break_glass_on" if on else "break_glass_off",
        actor=actor.name,
        org_id=user.org_id,
        role=actor.role,
        target=user.username,
    )
