"""The synthetic demo organisation: each capability adds its part, in registry order."""

from __future__ import annotations

from importlib import import_module

from sqlalchemy.orm import Session

from gepmonitor.core import registry
from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation


def build_demo(session: Session, org: Organisation, settings: Settings, seed: int = 2025) -> None:
    """Fill the organisation with the demo data of every capability; deterministic for a seed."""
    for name in registry.modules("demo"):
        import_module(name).build(session, org, settings, seed)
