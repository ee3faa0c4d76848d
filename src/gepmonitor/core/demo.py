"""The synthetic demo organisation: each capability adds its part, in registry order.

`gep demo` runs only on a database that holds nothing but demo data: the organisations it makes
are flagged (``Organisation.is_demo``), and a record of any other organisation is real data that
the demo must not mix with (its accounts have published passwords).
"""

from __future__ import annotations

from importlib import import_module

from sqlalchemy import select
from sqlalchemy.orm import Session

from gepmonitor.core import registry
from gepmonitor.core.config import Settings
from gepmonitor.core.db import Base
from gepmonitor.core.errors import ConflictError
from gepmonitor.core.models import Organisation

DEMO_NAME = "Provincie Voorbeeld"
# Rows of these tables are no data of the organisation: the audit log records the demo itself,
# the data version counts writes (gep init starts it).
NOT_DATA = {"audit_entry", "data_version"}


def orgs_with_data(session: Session) -> dict[int, list[str]]:
    """Return, per organisation id, the tables that hold records of it."""
    for name in registry.modules("models"):
        import_module(name)  # every table on Base.metadata
    found: dict[int, list[str]] = {}
    for table in Base.metadata.sorted_tables:
        if "org_id" not in table.c or table.name in NOT_DATA:
            continue
        for org_id in session.scalars(select(table.c.org_id).distinct()):
            if org_id is not None:
                found.setdefault(org_id, []).append(table.name)
    return found


def demo_built(session: Session) -> Organisation | None:
    """Return the demo organisation when the demo was built, or None; refuse real data.

    Raises ConflictError when any organisation that the demo did not make holds records.
    """
    demo = None
    for org_id, tables in sorted(orgs_with_data(session).items()):
        org = session.get(Organisation, org_id)
        if org is None:
            continue
        if not org.is_demo:
            raise ConflictError(
                "This database holds real data (organisation '{org}': {tables}); the demo "
                "only runs on a database of its own, e.g. GEP_DATA_DIR=/tmp/gep-demo make demo.",
                org=org.slug,
                tables=", ".join(tables[:3]),
            )
        demo = demo or org
    return demo


def build_demo(session: Session, org: Organisation, settings: Settings, seed: int = 2025) -> None:
    """Fill the organisation with the demo data of every capability; deterministic for a seed.

    The organisation and every organisation a step creates (a partner body) are flagged as demo.
    """
    before = set(session.scalars(select(Organisation.id)))
    org.is_demo = True
    org.name = DEMO_NAME
    session.flush()
    for name in registry.modules("demo"):
        import_module(name).build(session, org, settings, seed)
    for made in session.scalars(select(Organisation).where(Organisation.id.not_in(before))):
        made.is_demo = True
    session.flush()
