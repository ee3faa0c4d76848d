"""Organisation service: find the organisation a command or request works on."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from gepmonitor.core.errors import InputError, NotFoundError
from gepmonitor.core.models import Organisation

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def get_org(session: Session, slug: str) -> Organisation:
    """Return the organisation with this slug, or raise a NotFoundError listing known ones."""
    org = session.scalar(select(Organisation).where(Organisation.slug == slug))
    if org is None:
        known = ", ".join(session.scalars(select(Organisation.slug).order_by(Organisation.slug)))
        raise NotFoundError(
            "Unknown organisation '{slug}'. Known: {known}.", slug=slug, known=known or "-"
        )
    return org


def ensure_org(session: Session, slug: str, name: str | None = None) -> Organisation:
    """Return the organisation with this slug, creating it when it does not exist."""
    if not SLUG_PATTERN.match(slug):
        raise InputError(
            "Invalid organisation code '{slug}': use lower-case letters, digits and '-'.", slug=slug
        )
    org = session.scalar(select(Organisation).where(Organisation.slug == slug))
    if org is None:
        org = Organisation(slug=slug, name=name or slug)
        session.add(org)
        session.flush()
    return org


def list_orgs(session: Session) -> list[Organisation]:
    """Return every organisation, by slug."""
    return list(session.scalars(select(Organisation).order_by(Organisation.slug)))
