"""Demo data of the personnel module."""

from __future__ import annotations

from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation


def build(session: Session, org: Organisation, settings: Settings, seed: int) -> None:
    """Add this module's demo records to the organisation."""


def has_data(session: Session, org: Organisation) -> bool:
    """Return whether the organisation already holds personnel snapshots."""
    return False
