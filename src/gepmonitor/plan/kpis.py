"""The plan's measures with their KPI values for a year, computed from data where the kind says so.

KPI kinds: ``manual`` (the measured value is entered), ``reach`` (organisation-wide events'
distinct attendees / headcount, see plan/events.py), ``appointments_13`` (share of women among
the appointments into scale 13 and higher, hires plus promotions, in the flow period that ends
on the year's reference peildatum: the same kind of number as the monitor's required share of
appointments) and ``women_13`` (share of women among staff in scale 13 and higher on the year's
peildatum, from the personnel indicators). Computed values are suppressed like their sources: a
share is not shown when the monitor hides a count it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from gepmonitor.core.cache import cached
from gepmonitor.core.models import Organisation
from gepmonitor.core.privacy import is_small
from gepmonitor.plan import service
from gepmonitor.plan.events import check_year

APPOINTMENT_SCALE = 13


@dataclass(frozen=True)
class MeasureView:
    """A measure as shown: its goal code and the KPI value measured (or computed) for the year."""

    id: int
    goal: str
    title: str
    owner: str
    start_year: int
    end_year: int
    status: str
    kpi: str
    kpi_kind: str
    target: float | None
    measured: float | None
    evidence: str
    basis: tuple[str, int, int] | None = None  # appointments_13: period, women, appointments

    @property
    def period(self) -> str:
        """Return the period as 'first-last'."""
        return f"{self.start_year}-{self.end_year}"


def _computed(
    session: Session, org: Organisation, year: int, min_cell: int, kinds: tuple[str, ...]
) -> tuple[dict[str, float | None], tuple[str, int, int] | None]:
    """Return the KPI values of the computed kinds among kinds (core.cache keeps them).

    With them the basis of appointments_13: its period, women and appointments.
    """
    computed: dict[str, float | None] = {}
    basis = None
    if "reach" in kinds:
        computed["reach"] = service.reach(session, org, year).share
    if "appointments_13" in kinds:
        computed["appointments_13"], basis = _appointments_share(session, org, year, min_cell)
    if "women_13" in kinds:
        computed["women_13"] = _band_share(session, org, year, min_cell)
    return computed, basis


def _appointments_share(
    session: Session, org: Organisation, year: int, min_cell: int
) -> tuple[float | None, tuple[str, int, int] | None]:
    from gepmonitor.personnel.service import band_appointments

    found = band_appointments(session, org, f"{APPOINTMENT_SCALE}+", year, min_cell)
    if found is None or found.share is None or found.women is None or found.men is None:
        return None, None
    return found.share, (found.period, found.women, found.women + found.men)


def _band_share(session: Session, org: Organisation, year: int, min_cell: int) -> float | None:
    from gepmonitor.personnel.bands import parse_band
    from gepmonitor.personnel.indicators.composition import band_trend
    from gepmonitor.personnel.service import load_year

    frame = load_year(session, org, year)
    if frame.is_empty():
        return None
    row = band_trend(frame, parse_band(f"{APPOINTMENT_SCALE}+")).row(0, named=True)
    if is_small(row["men"], min_cell) or is_small(row["women"], min_cell):
        return None  # a share would reveal a small count
    share = row["share_women"]
    return None if share is None else float(share)


def measure_views(
    session: Session, org: Organisation, year: int, min_cell: int
) -> list[MeasureView]:
    """Return every measure with its KPI value for the year (computed kinds filled in).

    Built once per data version (core.cache); the list is shared: do not change it.
    """
    check_year(year)
    key = ("plan.measure_views", year, min_cell)
    return cached(session, org, key, lambda: _measure_views(session, org, year, min_cell))


def _measure_views(
    session: Session, org: Organisation, year: int, min_cell: int
) -> list[MeasureView]:
    goals = {g.id: g.code for g in service.list_goals(session, org)}
    measures = service.list_measures(session, org)
    kinds = tuple(sorted({m.kpi_kind for m in measures}))
    computed, basis = cached(
        session,
        org,
        ("plan.kpis", year, min_cell, kinds),
        lambda: _computed(session, org, year, min_cell, kinds),
    )
    return [
        MeasureView(
            m.id,
            goals[m.goal_id],
            m.title,
            m.owner,
            m.start_year,
            m.end_year,
            m.status,
            m.kpi,
            m.kpi_kind,
            m.kpi_target,
            computed.get(m.kpi_kind, m.kpi_measured),
            m.evidence,
            basis if m.kpi_kind == "appointments_13" else None,
        )
        for m in measures
    ]
