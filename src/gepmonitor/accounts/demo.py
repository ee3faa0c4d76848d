"""Demo data of the web module."""

from __future__ import annotations

from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation


def build(session: Session, org: Organisation, settings: Settings, seed: int) -> None:
    """Add this module's demo records to the organisation."""
