"""The personnel monitor for pages and the API, computed once per data version and cached.

Building the monitor and its charts takes a few hundred milliseconds; the inputs change only on
an import or a target edit. A cheap 'stamp' query (snapshot ids and import times, the targets)
keys the cache, so a change is visible on the next request without explicit invalidation.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import BindParameter, Select, bindparam, func, select
from sqlalchemy.orm import Session

from gepmonitor.core.models import Organisation
from gepmonitor.personnel import service
from gepmonitor.personnel.models import PersonnelSettings, Snapshot, Target
from gepmonitor.personnel.monitor import Monitor, build_monitor

T = TypeVar("T")
MAX_ENTRIES = 32


class Cache:
    """A small thread-safe LRU cache that computes each missing value once."""

    def __init__(self, size: int = MAX_ENTRIES) -> None:
        self.size = size
        self._values: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[tuple[Any, ...], threading.Lock] = {}

    def get(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """Return the cached value for key, computing it (once, even under load) when absent."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[no-any-return]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._values:
                    return self._values[key]  # type: ignore[no-any-return]
            try:
                value = compute()
            finally:
                with self._lock:
                    self._key_locks.pop(key, None)
            with self._lock:
                self._values[key] = value
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
            return value


def _stamp_query() -> Select[Any]:
    """The data-stamp query: the snapshot aggregates, every target row and the peildatum rules."""
    org_id: BindParameter[int] = bindparam("org_id")
    snapshots = (
        select(
            func.count(Snapshot.id).label("n"),
            func.max(Snapshot.id).label("last_id"),
            func.max(Snapshot.imported_at).label("last_at"),
        )
        .where(Snapshot.org_id == org_id)
        .subquery()
    )
    return (
        select(
            snapshots.c.n,
            snapshots.c.last_id,
            snapshots.c.last_at,
            Target.band_code,
            Target.target_share,
            Target.target_year,
            Target.start_year,
            PersonnelSettings.reference_day,
            PersonnelSettings.exit_on_peildatum_is_staff,
        )
        .select_from(snapshots)
        .outerjoin(Target, Target.org_id == org_id)
        .outerjoin(PersonnelSettings, PersonnelSettings.org_id == org_id)
        .order_by(Target.band_code)
    )


# Built once: it runs on every dashboard and API request, and building costs more than running.
STAMP_QUERY = _stamp_query()


def data_stamp(session: Session, org: Organisation) -> tuple[Any, ...]:
    """Return a value that changes whenever the organisation's snapshots or targets change.

    One round trip: the snapshot aggregates, outer-joined with every target row.
    """
    rows = session.execute(STAMP_QUERY, {"org_id": org.id})
    return tuple(tuple(str(value) for value in row) for row in rows)


def monitor_for(
    cache: Cache,
    session: Session,
    org: Organisation,
    *,
    min_cell: int,
    exact: bool,
    year: int | None = None,
) -> tuple[tuple[Any, ...], Monitor]:
    """Return (stamp, monitor) of the organisation up to a year (default: all years)."""
    stamp = data_stamp(session, org)

    def compute() -> Monitor:
        frame = service.load_snapshots(session, org, year_to=year)
        targets = [t.spec() for t in service.list_targets(session, org)]
        return build_monitor(frame, targets, min_cell=min_cell, exact=exact)

    key = ("monitor", org.id, stamp, min_cell, exact, year)
    return stamp, cache.get(key, compute)
