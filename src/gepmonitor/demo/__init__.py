"""The synthetic demo organisation: each module adds its part, in dependency order."""

from __future__ import annotations

from importlib import import_module

from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation

# Module demo builders, in order: later ones may use what earlier ones made.
DEMO_BUILDERS = (
    "gepmonitor.personnel.demo",
    "gepmonitor.web.demo",
    "gepmonitor.safety.demo",
    "gepmonitor.recruitment.demo",
    "gepmonitor.survey.demo",
    "gepmonitor.plan.demo",
)


def build_demo(session: Session, org: Organisation, settings: Settings, seed: int = 2025) -> None:
    """Fill the organisation with the demo data of every module; deterministic for a seed."""
    for name in DEMO_BUILDERS:
        import_module(name).build(session, org, settings, seed)
