"""The login lookup every request makes: user, organisation and data version in one driver read.

A request with a session cookie or an API token starts by reading who it is for. That read runs
on every page and API call, so it is one statement, run straight by the driver
(core.driverread.DriverRead): the login session's or token's row, its user, the user's
organisation and the organisation's data version (core.versions.token_of, handed to note_stamp
so a page kept in the cache needs no read of its own). The rows become the mapped objects a
query would have loaded (core.driverread.as_loaded): the rest of the request uses them as
usual, and a change to the user is written as usual.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, inspect, select
from sqlalchemy.orm import Mapper, Session

from gepmonitor.accounts.models import User
from gepmonitor.core.driverread import as_loaded
from gepmonitor.core.models import Organisation
from gepmonitor.core.versions import note_stamp, token_of


def columns_of(cls: type) -> tuple[tuple[str, ColumnElement[Any]], ...]:
    """Return (attribute name, column) of every column of a mapped class, in table order."""
    mapper: Mapper[Any] = inspect(cls)
    return tuple((mapper.get_property_by_column(c).key, c) for c in mapper.local_table.columns)


USER_COLUMNS = columns_of(User)
ORG_COLUMNS = columns_of(Organisation)
USER_NAMES = tuple(name for name, _ in USER_COLUMNS)  # built once: the lookup runs per request
ORG_NAMES = tuple(name for name, _ in ORG_COLUMNS)


def lookup(*first: ColumnElement[Any]) -> Select[Any]:
    """Return a SELECT of the given columns, then the user's, the organisation's and its token.

    The caller adds the FROM and WHERE that find the user (and joins the organisation).
    """
    user = [c for _, c in USER_COLUMNS]
    org = [c for _, c in ORG_COLUMNS]
    return select(*first, *user, *org, token_of(User.org_id))


def user_of_row(session: Session, row: Sequence[Any], start: int = 0) -> User:
    """Return the user (with the organisation) from a `lookup` row's columns after start.

    Keeps the organisation's data version for the session's cache reads (note_stamp).
    """
    cut = start + len(USER_NAMES)
    org = as_loaded(session, Organisation, dict(zip(ORG_NAMES, row[cut:-1], strict=True)))
    user_values = dict(zip(USER_NAMES, row[start:cut], strict=True))
    user = as_loaded(session, User, user_values, {"org": org})
    note_stamp(session, org.id, row[-1])
    return user
