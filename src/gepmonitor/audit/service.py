"""Reading the audit log for the administrator: filtered lists and CSV export."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Integer,
    Select,
    String,
    bindparam,
    cast,
    extract,
    func,
    literal,
    null,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import BindParameter, ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from gepmonitor.core.audit import COUNSELLOR_ACTIONS, AuditEntry
from gepmonitor.core.db import utcnow
from gepmonitor.core.driverread import DriverRead
from gepmonitor.core.errors import InputError
from gepmonitor.core.privacy import suppress_value
from gepmonitor.core.spreadsheet import rows_to_csv

MAX_ROWS = 5000
PER_PAGE = 50  # the page lists the log a page at a time; the export takes up to MAX_ROWS


@dataclass(frozen=True)
class AuditFilter:
    """What the administrator asked to see."""

    action: str = ""
    actor: str = ""
    since: date | None = None
    until: date | None = None
    limit: int = PER_PAGE


def parse_day(text: str | None, error_key: str) -> date | None:
    """Return the date written as YYYY-MM-DD, None for empty, or raise the InputError named."""
    if not text or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(error_key, value=text) from None


# What the page and the export show of an entry: rows of these columns (attribute access, as an
# entry), not ORM objects, which take several times longer to load for thousands of entries. The
# table's own columns, so that the statements skip the ORM's compile step (they still autoflush).
_TABLE = AuditEntry.__table__
SHOWN = (
    _TABLE.c.at,
    _TABLE.c.actor,
    _TABLE.c.role,
    _TABLE.c.action,
    _TABLE.c.target,
    _TABLE.c.detail,
    _TABLE.c.ip,
)


class _OwnOrInstance(ColumnElement[bool]):
    """Whether an entry is the organisation's (bound as org_id) or instance-wide (no org_id).

    Written per database so that its planner walks the (at, id) index newest first and stops
    after a page, and takes the actions from the (action, org_id, at) index alone:
    - SQLite (no statistics) as coalesce(org_id, :org_id) = :org_id, which no index serves,
      so that it does not pick the (org_id, at) index and sort the organisation's whole log;
    - PostgreSQL as org_id = :org_id OR org_id IS NULL, whose share of the log its statistics
      estimate; it reads coalesce's as a guess of 1 in 200 and, for a page of 50, would then
      rather read and sort the whole log than walk the index.
    """

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement[Any]) -> None:
        self.column = column


_ORG: BindParameter[int] = bindparam("org_id")


@compiles(_OwnOrInstance)
def _own_or_instance(element: _OwnOrInstance, compiler: SQLCompiler, **kw: Any) -> str:
    column = element.column
    return f"({compiler.process(or_(column == _ORG, column.is_(None)), **kw)})"


@compiles(_OwnOrInstance, "sqlite")
def _own_or_instance_sqlite(element: _OwnOrInstance, compiler: SQLCompiler, **kw: Any) -> str:
    return f"({compiler.process(func.coalesce(element.column, _ORG) == _ORG, **kw)})"


def _own(table: Any) -> _OwnOrInstance:
    return _OwnOrInstance(table.c.org_id)


# The statements are built once (per shape of filter): building one costs more than running it;
# the page runs its reads on the driver's cursor (core.driverread): SQLAlchemy's execution of
# such a small read costs more than the read itself.
# The counsellors' actions are fixed values, not an expanding list that is rewritten per run.
# The organisation's entries and the instance-wide ones (_OwnOrInstance).
_LISTED = (
    _own(_TABLE),
    _TABLE.c.action.not_in([literal(action) for action in sorted(COUNSELLOR_ACTIONS)]),
)


@lru_cache(maxsize=16)
def _newest_query(action: bool, actor: bool, since: bool, until: bool) -> DriverRead:
    """Return the page's statement for the filters that are set, newest entries first."""
    query = select(*SHOWN).where(*_LISTED)
    if action:
        query = query.where(_TABLE.c.action == bindparam("action"))
    if actor:
        query = query.where(_TABLE.c.actor == bindparam("actor"))
    if since:
        query = query.where(_TABLE.c.at >= bindparam("since"))
    if until:
        query = query.where(_TABLE.c.at < bindparam("end"))
    query = query.order_by(_TABLE.c.at.desc(), _TABLE.c.id.desc())
    return DriverRead(query.limit(bindparam("limit")).offset(bindparam("skip")))


def row_limit(wanted: AuditFilter) -> int:
    """Return the number of entries asked for, kept between 1 and MAX_ROWS."""
    return max(1, min(wanted.limit, MAX_ROWS))


Entry = tuple[datetime, str, str, str, str, str, str]  # SHOWN's columns


def _newest_read(
    org_id: int, wanted: AuditFilter, limit: int, skip: int
) -> tuple[DriverRead, dict[str, Any]]:
    """Return the statement reading the filter's newest entries and its bound values."""
    until = wanted.until if wanted.until and wanted.until < date.max else None  # max: no bound
    query = _newest_query(bool(wanted.action), bool(wanted.actor), bool(wanted.since), bool(until))
    params: dict[str, Any] = {"org_id": org_id, "limit": limit, "skip": skip}
    params.update(action=wanted.action, actor=wanted.actor)
    if wanted.since:
        params["since"] = datetime.combine(wanted.since, time.min)
    if until:
        params["end"] = datetime.combine(until + timedelta(days=1), time.min)
    return query, params


def _newest(
    session: Session, org_id: int, wanted: AuditFilter, limit: int, skip: int
) -> list[Entry]:
    query, params = _newest_read(org_id, wanted, limit, skip)
    return query.rows(session, params)  # type: ignore[return-value]


# A page's entries as converted from the driver's rows, kept by the rows' own values (an entry
# never changes): the next view converts only the entries written since. Rows of every query and
# database, the driver's values with its database's name as the key.
ENTRIES_KEPT = 4096
_entries: dict[tuple[str, tuple[Any, ...]], Entry] = {}


def _kept_newest(
    session: Session, org_id: int, wanted: AuditFilter, limit: int, skip: int
) -> list[Entry]:
    """Return _newest's entries, each converted from the driver's row once while kept."""
    query, params = _newest_read(org_id, wanted, limit, skip)
    dialect, found = query.raw_rows(session, params)
    entries = []
    for row in found:
        key = (dialect, row)
        entry = _entries.get(key)
        if entry is None:
            if len(_entries) >= ENTRIES_KEPT:
                _entries.clear()
            entry = _entries[key] = query.convert(dialect, row)  # type: ignore[assignment]
        entries.append(entry)
    return entries


def search(session: Session, org_id: int, wanted: AuditFilter) -> list[Entry]:
    """Return the organisation's (and instance-wide) entries matching the filter, newest first.

    At most `row_limit(wanted)` entries. Each row has the entry's at, actor, role, action,
    target, detail and ip. Counsellors' work on their own log is left out:
    `counsellor_activity` gives its totals.
    """
    return _newest(session, org_id, wanted, row_limit(wanted), 0)


def page_of(
    session: Session, org_id: int, wanted: AuditFilter, page: int
) -> tuple[list[Entry], bool]:
    """Return page `page` (from 1) of `search`'s entries and whether older ones follow.

    `row_limit` entries a page, newest first. The log is not counted: a page reads its own
    entries (and one more), however long the log.
    """
    per_page = row_limit(wanted)
    rows = _kept_newest(session, org_id, wanted, per_page + 1, (max(page, 1) - 1) * per_page)
    return rows[:per_page], len(rows) > per_page


@dataclass(frozen=True)
class Activity:
    """How often all counsellors together did one thing in a year (None: too few to show)."""

    year: int
    action: str
    count: int | None


_YEAR = extract("year", _TABLE.c.at)
_COUNSELLORS_WORK = (
    _TABLE.c.org_id == bindparam("org_id"),
    _TABLE.c.action.in_([literal(action) for action in sorted(COUNSELLOR_ACTIONS)]),
)


def _per_year(*where: Any) -> Select[Any, str, int]:
    """Return the counsellors' entries matching where, counted per year and action."""
    return (
        select(_YEAR.label("year"), _TABLE.c.action, func.count().label("n"))
        .where(*_COUNSELLORS_WORK, *where)
        .group_by(_YEAR, _TABLE.c.action)
    )


# Before this year: the years are read from each entry's date (a closed year's count changes only
# when the retention purge removes entries, which raises every data version).
_CLOSED_YEARS = _per_year(_TABLE.c.at < bindparam("start")).order_by(_YEAR.desc(), _TABLE.c.action)


def _recent_years() -> CompoundSelect[Any, str, int]:
    """Return the statement counting this year's entries and any dated after it (unordered).

    This year's entries are counted by a range of the (action, org_id, at) index, without
    reading each entry's year; entries dated after it (a clock that ran ahead) by their year.
    """
    this_year = (
        select(
            cast(bindparam("year"), Integer).label("year"),
            _TABLE.c.action,
            func.count().label("n"),
        )
        .where(
            *_COUNSELLORS_WORK,
            _TABLE.c.at >= bindparam("start"),
            _TABLE.c.at < bindparam("end"),
        )
        .group_by(_TABLE.c.action)
    )
    return union_all(_per_year(_TABLE.c.at >= bindparam("end")), this_year)


def _newest_first(counted: Any) -> Select[Any, str, int]:
    return select(counted.c.year, counted.c.action, counted.c.n).order_by(
        counted.c.year.desc(), counted.c.action
    )


_RECENT_YEARS = DriverRead(_newest_first(_recent_years().subquery()))


def _activity(rows: Iterable[Sequence[Any]], min_cell: int) -> tuple[Activity, ...]:
    return tuple(
        Activity(int(at_year), action, suppress_value(count, min_cell))
        for at_year, action, count in rows
    )


def closed_counsellor_activity(
    session: Session, org_id: int, year: int, min_cell: int
) -> tuple[Activity, ...]:
    """Return `counsellor_activity`'s rows for the years before `year`."""
    start = datetime(year, 1, 1)  # no zone, as the page's `since`: the database's own year
    return _activity(session.execute(_CLOSED_YEARS, {"org_id": org_id, "start": start}), min_cell)


def recent_counsellor_activity(
    session: Session, org_id: int, year: int, min_cell: int
) -> tuple[Activity, ...]:
    """Return `counsellor_activity`'s rows for `year` and any later year."""
    return _activity(_RECENT_YEARS.rows(session, _recent_params(org_id, year)), min_cell)


def _recent_params(org_id: int, year: int) -> dict[str, Any]:
    return {
        "org_id": org_id,
        "year": year,
        "start": datetime(year, 1, 1),  # see closed_counsellor_activity
        "end": datetime(year + 1, 1, 1),
    }


def counsellor_activity(
    session: Session, org_id: int, min_cell: int, year: int | None = None
) -> list[Activity]:
    """Return the counsellors' work on their logs per year and action, all counsellors together.

    Newest year first, actions in order. No actor, no time: a count below the minimum cell size
    is not shown either, so the view gives away neither who nor when. `year` (this year, by
    default) only splits the work: the page keeps the years before it per data version.
    """
    year = utcnow().year if year is None else year
    return [
        *recent_counsellor_activity(session, org_id, year, min_cell),
        *closed_counsellor_activity(session, org_id, year, min_cell),
    ]


def _distinct_actions() -> Select[str]:
    """Return the statement that lists the distinct actions of the organisation's entries.

    A loose index scan on (action, org_id, at): each step seeks the first action after the one
    before, so it reads one index entry per action (and skips other organisations' entries)
    instead of the whole log. Counsellors' actions are found too and left out by
    `actions_and_recent_activity`.
    """
    entry = _TABLE.alias("entry")
    first = (
        select(_TABLE.c.action).where(_own(_TABLE)).order_by(_TABLE.c.action).limit(1)
    ).scalar_subquery()
    found = select(first.label("action")).cte("found", recursive=True)
    step = (
        select(entry.c.action)
        .where(entry.c.action > found.c.action, _own(entry))
        .order_by(entry.c.action)
        .limit(1)
        .scalar_subquery()
    )
    found = found.union_all(select(step).where(found.c.action.is_not(None)))
    return select(found.c.action).where(found.c.action.is_not(None))


_ACTIONS = _distinct_actions()


def _actions_and_recent_years() -> Select[Any, Any, str, int]:
    """Return _RECENT_YEARS's counts and _ACTIONS's actions with one more as one statement.

    Each row is (part, year, action, count): part 1 the counts, newest year first, part 2 the
    actions and the one bound as "also" (year and count empty), in the database's order.
    """
    counted = _recent_years().subquery()
    also = cast(bindparam("also"), String).label("action")
    choices = union(_ACTIONS, select(also)).subquery()
    empty = cast(null(), Integer)
    parts = union_all(
        select(literal(1).label("part"), counted.c.year, counted.c.action, counted.c.n),
        select(literal(2), empty, choices.c.action, empty),
    ).subquery()
    return select(parts.c.part, parts.c.year, parts.c.action, parts.c.n).order_by(
        parts.c.part, parts.c.year.desc(), parts.c.action
    )


_ACTIONS_AND_RECENT_YEARS = DriverRead(_actions_and_recent_years())


def actions_and_recent_activity(
    session: Session, org_id: int, also: str, year: int, min_cell: int
) -> tuple[list[str], tuple[Activity, ...]]:
    """Return the filter's choices and `recent_counsellor_activity`, read by one statement.

    The choices are the distinct actions present, in order; `also` names an action about to be
    recorded (the page's own view), listed as if it were already present. Counsellors' actions
    are left out, as from the list (`search`). One round trip to the database for both.
    """
    rows = _ACTIONS_AND_RECENT_YEARS.rows(session, {**_recent_params(org_id, year), "also": also})
    counted = [(at_year, action, count) for part, at_year, action, count in rows if part == 1]
    choices = [a for part, _, a, _ in rows if part == 2 and a not in COUNSELLOR_ACTIONS]
    return choices, _activity(counted, min_cell)


def to_csv(rows: Sequence[Sequence[Any]]) -> str:
    """Return the entries as CSV text (UTC times in ISO 8601), formulas escaped."""
    return rows_to_csv(
        ["at", "actor", "role", "action", "target", "detail", "ip"],
        (
            (at.isoformat() if at else "", actor, role, action, target, detail, ip)
            for at, actor, role, action, target, detail, ip in rows
        ),
    )


def export_name() -> str:
    """Return the download file name of an export made now."""
    return f"audit-{utcnow():%Y%m%d-%H%M%S}.csv"
