"""A small demo organisation with data in every module, for tests that need all of it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation


def build_small_demo(
    session: Session, org: Organisation, settings: Settings, seed: int = 11
) -> None:
    """Fill the organisation like `gep demo` does, with 120 staff over 2022-2025 (fast)."""
    from gepmonitor.personnel import demo as personnel_demo
    from gepmonitor.personnel import service as personnel
    from gepmonitor.plan import demo as plan_demo
    from gepmonitor.recruitment import demo as recruitment_demo
    from gepmonitor.safety import demo as safety_demo
    from gepmonitor.survey import demo as survey_demo

    frame = personnel_demo.generate_demo_frame(seed, staff=120, years=range(2022, 2026))
    personnel.store_frame(session, org, frame, source_name="demo", actor="demo")
    for band, share, year, start, note in personnel_demo.DEMO_TARGETS:
        personnel.save_target(
            session, org, band, share, year, actor="demo", start_year=start, note=note
        )
    for module in (safety_demo, recruitment_demo, survey_demo, plan_demo):
        module.build(session, org, settings, seed)
    session.flush()
