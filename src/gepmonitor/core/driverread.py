"""Statements run straight on the database driver's cursor, for the few a page runs each view.

A small indexed read costs SQLAlchemy two to four times the query itself (building the execution
context, processing parameters and result rows): for a page that must read the newest data on
every view (the audit log), that is most of its reads' time. `DriverRead` compiles a Core
SELECT once per database dialect (its SQL, where each bound value goes, how each value and
result column is converted) and then runs it on the session's own connection and transaction,
so it sees what the session sees (its pending changes flushed first, as the session's own
reads do). Values are converted as SQLAlchemy converts them (a date on SQLite is text in the
database, for instance); database errors are raised as SQLAlchemy raises every other one
(wrapped, a lost connection invalidated).

A write made this way would go unseen by the session's hooks (core.versions): `DriverWrite`
only inserts into a table whose writes raise no data version (the audit log).

`as_loaded` turns a row so read into the mapped object a query would have given, in the
session (for the login lookup every request makes: the user and the organisation).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Dialect, Insert, Select, Table, inspect
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import instance_dict

from gepmonitor.core.versions import UNVERSIONED

Convert = Callable[[Any], Any] | None
T = TypeVar("T")


@dataclass(frozen=True)
class _Compiled:
    sql: str
    positional: bool
    binds: tuple[tuple[str, Any, Convert], ...]  # name, value when not given, conversion
    columns: tuple[Convert, ...] | None  # None: no result column needs converting


class DriverRead:
    """A SELECT compiled once per dialect, run on the session's connection by the driver."""

    def __init__(self, statement: Select[Any, *tuple[Any, ...]] | Insert) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = self.statement.compile(dialect=dialect)
        if compiled.escaped_bind_names:  # names the driver cannot take as written
            raise ValueError("bound parameter names must be plain identifiers")
        names = compiled.positiontup if compiled.positional else list(compiled.binds)
        binds = []
        for name in names or ():
            bind = compiled.binds[name]
            convert = bind.type.dialect_impl(dialect).bind_processor(dialect)
            binds.append((name, bind.value, convert))
        columns = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in getattr(self.statement, "selected_columns", ())
        )
        form = _Compiled(
            compiled.string,
            compiled.positional,
            tuple(binds),
            columns if any(columns) else None,
        )
        self._compiled[dialect.name] = form
        return form

    def _run(
        self, session: Session, params: Mapping[str, Any], fetch: bool, converted: bool = True
    ) -> list[Any]:
        connection = session.connection()
        dialect = connection.dialect
        form = self._compiled.get(dialect.name) or self._compile(dialect)
        values = {}
        for name, default, convert in form.binds:
            value = params.get(name, default)
            values[name] = convert(value) if convert is not None else value
        args: Any = [values[name] for name, _, _ in form.binds] if form.positional else values
        cursor = connection.connection.cursor()
        try:
            cursor.execute(form.sql, args)
            rows = cursor.fetchall() if fetch else []
        except dialect.loaded_dbapi.Error as error:
            connection._handle_dbapi_exception(error, form.sql, args, cursor, None)
        finally:
            cursor.close()
        if form.columns is None or not converted:
            return [tuple(row) for row in rows]
        converts = form.columns
        return [
            tuple(v if f is None else f(v) for f, v in zip(converts, row, strict=True))
            for row in rows
        ]

    def rows(self, session: Session, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Return the statement's rows for the bound values in params, as plain tuples.

        Pending changes of the session are flushed first, as the session's own reads do.
        """
        if session.autoflush:
            session.flush()  # returns at once when nothing is pending
        return self._run(session, params, True)

    def raw_rows(
        self, session: Session, params: Mapping[str, Any]
    ) -> tuple[str, list[tuple[Any, ...]]]:
        """Return the dialect's name and rows() unconverted, each value as the driver gives it.

        For a caller that keeps what it made of a row by the row's own values (and the
        dialect's name): a row seen before then costs no conversion. `convert` converts one.
        """
        if session.autoflush:
            session.flush()
        rows = self._run(session, params, True, converted=False)
        return session.connection().dialect.name, rows

    def convert(self, dialect_name: str, row: tuple[Any, ...]) -> tuple[Any, ...]:
        """Return a row of raw_rows() converted as rows() converts it."""
        converts = self._compiled[dialect_name].columns
        if converts is None:
            return row
        return tuple(v if f is None else f(v) for f, v in zip(converts, row, strict=True))


class DriverWrite(DriverRead):
    """An INSERT run as DriverRead runs a read: only into a table outside the data version.

    Such a write is unseen by the session's hooks, so only for a table whose writes raise no
    data version (core.versions.UNVERSIONED: the audit log's append, for instance). Every
    value is given (column defaults are not filled in), and the caller marks the write for
    the commit (core.db.note_sql_write).
    """

    def __init__(self, statement: Insert) -> None:
        table = statement.table
        if not isinstance(table, Table) or table.name not in UNVERSIONED:
            raise ValueError("only a table outside the data version may be written this way")
        super().__init__(statement)

    def run(self, session: Session, params: Mapping[str, Any]) -> None:
        """Run the statement with the bound values in params, in the session's transaction."""
        self._run(session, params, False)


def as_loaded(
    session: Session,
    cls: type[T],
    values: Mapping[str, Any],
    related: Mapping[str, object] | None = None,
) -> T:
    """Return the object of a mapped class with these column values, as a query would load it.

    values holds every column attribute of the class (read with DriverRead: converted as
    SQLAlchemy converts them); related sets relationships to objects already at hand (the
    user's organisation). The object is in the session, unchanged (no history: nothing to
    flush), so it behaves as one a query returned: a change to it is written on flush, a
    relationship not given loads when first used. The session's own object comes back when it
    holds one with the same primary key already, as a query would return it.
    """
    mapper = inspect(cls)
    identity = mapper.identity_key_from_primary_key([values[c.key] for c in mapper.primary_key])
    existing = session.identity_map.get(identity)
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    obj = mapper.class_manager.new_instance()
    loaded = instance_dict(obj)  # as a query's loader fills it; the next call commits it
    loaded.update(values)
    loaded.update(related or {})
    make_transient_to_detached(obj)
    session.add(obj)
    return obj  # type: ignore[no-any-return]
