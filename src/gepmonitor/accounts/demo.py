"""Demo accounts: one login per role, with fixed passwords published in the README (demo only).

The demo refuses any database that holds real data (core.demo), so these passwords never open
real records. The administrator is made first: the first-admin rule of `gep serve` (make an
administrator when there are no users) then finds one and makes none.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from gepmonitor.accounts.service import Actor, create_user, get_user
from gepmonitor.core.config import Settings
from gepmonitor.core.i18n import N_
from gepmonitor.core.models import Organisation


@dataclass(frozen=True)
class DemoAccount:
    """A demo login: username, role, fixed password and what it is for (English msgid)."""

    username: str
    role: str
    password: str
    label: str


DEMO_ACCOUNTS = (
    DemoAccount("admin", "admin", "Tulp-beheer-2025", N_("administrator")),
    DemoAccount("hr", "hr", "Tulp-personeel-2025", N_("HR / D&I adviser")),
    DemoAccount("board", "board", "Tulp-bestuur-2025", N_("board")),
    DemoAccount("viewer", "viewer", "Tulp-lezer-2025", N_("viewer (works council)")),
    DemoAccount(
        "vp-gedrag",
        "counsellor",
        "Tulp-vertrouwen-2025",
        N_("confidential counsellor, undesirable behaviour"),
    ),
    DemoAccount(
        "vp-integriteit",
        "counsellor",
        "Tulp-integer-2025",
        N_("confidential counsellor, integrity"),
    ),
)
# Which safety counsellor (by code) each counsellor account logs for.
COUNSELLOR_ACCOUNTS = {"VP-OG-1": "vp-gedrag", "VP-INT-1": "vp-integriteit"}


def build(session: Session, org: Organisation, settings: Settings, seed: int) -> None:
    """Create the demo accounts (administrator first) with their fixed passwords."""
    actor = Actor("demo")
    for account in DEMO_ACCOUNTS:
        if get_user(session, account.username) is None:
            create_user(session, org, account.role, actor, account.username, account.password)
