"""Results computed once per data version: a process-wide cache keyed by the data stamp.

Services wrap their costly reads (a monitor, a survey round's results, the pay figures, ...) in
`cached(session, org, key, compute)`. The key always starts with the organisation's data stamp
(core.versions: a random token that every write to the organisation's records replaces, in the
writer's transaction), so:

- a write through any service changes the next answer: its commit changes the stamp;
- one organisation's results are never served to another, nor one database's to another;
- a session that has written in its open transaction reads around the cache (its own writes may
  still roll back), and so does an organisation without a version row.

The rest of the key must name everything else the result depends on: the arguments, the
suppression threshold, whether small cells are shown (exact), the language of any text. Cached
values are shared between requests and threads: they must be plain data (no ORM objects, which
belong to one session) and never changed by a caller. Audit records of a read are written by the
caller on every request, never inside the cached computation.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from gepmonitor.core.models import Organisation
from gepmonitor.core.versions import Stamp, all_stamps, stamp

T = TypeVar("T")
MAX_ENTRIES = 512
MISSING: Any = object()  # Cache.lookup's answer for a key it does not hold


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

    def lookup(self, key: tuple[Any, ...]) -> Any:
        """Return the cached value for key, or MISSING (computing nothing)."""
        with self._lock:
            if key not in self._values:
                return MISSING
            self._values.move_to_end(key)
            return self._values[key]

    def clear(self) -> None:
        """Forget every value."""
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)


# One per process: keys carry the organisation's random stamp, so apps and databases never mix.
CACHE = Cache()


def data_stamp(session: Session, org: Organisation) -> Stamp | None:
    """Return the organisation's data stamp (None: do not cache in this session now)."""
    return stamp(session, org.id)


def cached(
    session: Session,
    org: Organisation,
    key: tuple[Hashable, ...],
    compute: Callable[[], T],
    *,
    cache: Cache = CACHE,
) -> T:
    """Return compute()'s result for the organisation's current data, computed once per version.

    key names the result and everything besides the data it depends on (see the module doc).
    """
    current = data_stamp(session, org)
    if current is None:
        return compute()
    return cache.get((current, *key), compute)


def cached_across(
    session: Session, key: tuple[Hashable, ...], compute: Callable[[], T], *, cache: Cache = CACHE
) -> T:
    """Return compute()'s result for the current data of every organisation, computed once.

    For results read across organisations (core.versions.all_stamps): a write to any of them
    changes the key. key names the result and everything else it depends on, as for cached();
    a result of one person's own records names that person (and whose records they are).
    """
    current = all_stamps(session)
    if current is None:
        return compute()
    return cache.get(("across", current, *key), compute)
