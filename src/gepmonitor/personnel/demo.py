"""The demo province's personnel: the yearly snapshots 2016-2025 of the one simulation.

The simulation (personnel/simulation/) follows about 1,600 people through hires, appointments,
steps and exits; this step stores its snapshots, keyed by pseudonyms made with the instance's
secret (so attendee lists and pay files of the same people match), and the plan's targets.
"""

from __future__ import annotations

import polars as pl
from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation
from gepmonitor.personnel.simulation import simulate, small_frame

DEMO_TARGETS = (
    ("13+", 0.5, 2028, 2025, "GEP 2025-2028, naar het voorbeeld van Overijssel"),
    ("11+", 0.45, 2027, 2022, "Impuls vrouwen hogere functies"),
)


def generate_demo_frame(
    seed: int = 2025, staff: int | None = None, years: range | None = None
) -> pl.DataFrame:
    """Return demo snapshots: the demo province, or a smaller one for tests and benchmarks."""
    if staff is None and years is None:
        return simulate(seed).frame()
    return small_frame(seed, staff or 1480, years or range(2016, 2026))


def build(session: Session, org: Organisation, settings: Settings, seed: int) -> None:
    """Add the demo personnel snapshots and targets to the organisation."""
    from gepmonitor.personnel import service

    frame = simulate(seed).frame(settings.resolved_secret_key())
    service.store_frame(session, org, frame, source_name="demo", actor="demo")
    for band, share, year, start, note in DEMO_TARGETS:
        service.save_target(
            session, org, band, share, year, actor="demo", start_year=start, note=note
        )
