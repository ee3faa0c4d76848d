"""Upgrades without loss: a database at every earlier migration, filled with rows of that time's
shape, upgrades to the newest migration with every record intact, on SQLite and PostgreSQL.

For each earlier revision the database is migrated to exactly that revision, and every table
that exists then gets rows written with plain INSERTs for the columns that exist then (values of
each column's type, NULL where it may be NULL, foreign keys pointing at the rows of the tables
they refer to). After `alembic upgrade head` every row must still be there with every value as
written, and each column added since must hold what ADDED_COLUMNS says old rows get (a value,
or a function of the row and the data written before). A new migration that adds a column or
changes data must say so here, or this test fails.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    create_engine,
    insert,
    select,
    text,
)
from sqlalchemy.engine import Engine, make_url
from tests.conftest import unavailable

from gepmonitor.core.db import alembic_config, make_engine

ROWS = 3  # per table: one with every nullable column filled, the others alternate

# What rows written before a column existed hold afterwards: (table, column) -> value.
ADDED_COLUMNS: dict[tuple[str, str], Any] = {
    ("safety_counsellor", "active_from"): None,
    ("safety_counsellor", "active_until"): None,
    ("audit_entry", "request_id"): "",
    ("web_session", "id_token"): None,
    ("web_user", "oidc_issuer"): None,
    ("web_user", "oidc_subject"): None,
    ("web_user", "sso_name"): None,
    ("web_user", "break_glass"): False,
    ("organisation", "is_demo"): False,
    # 0009_security: old tokens keep the read-write scope they had and expire 90 days after
    # they were made; no old account had an administrator's reset shown.
    ("web_api_token", "scope"): "write",
    ("web_api_token", "expires_at"): lambda row, _written: (
        normal(row["created_at"]) + timedelta(days=90)
    ),
    ("web_user", "password_reset_at"): None,
    # 0011_selection: an appointment ends the selection procedure on its day
    ("recruitment_vacancy", "procedure_ended"): lambda row, written: next(
        (
            a["appointed_on"]
            for a in written.get("recruitment_appointment", [])
            if a["vacancy_id"] == row["id"]
        ),
        None,
    ),  # fmt: skip
}
# Tables a migration dropped on purpose (their rows are meant to go): table -> revision.
DROPPED_TABLES: dict[str, str] = {}


def revisions() -> list[str]:
    """Return every migration revision, oldest first."""
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]


EARLIER = revisions()[:-1]


def value_for(column: Any, index: int, table: str) -> Any:
    """Return a deterministic value of the column's type for row index (None for some NULLs)."""
    if column.nullable and index % 2 == 1 and not column.primary_key:
        return None
    kind = column.type
    if isinstance(kind, Boolean):
        return index % 2 == 0
    if isinstance(kind, Integer):
        return 1000 + 37 * index + len(column.name)
    if isinstance(kind, Float):
        return 12.25 + index
    if isinstance(kind, Numeric):
        return Decimal(f"{1234 + index}.50")
    if isinstance(kind, DateTime):
        return datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC) + timedelta(hours=index)
    if isinstance(kind, Date):
        return date(2020, 12, 31) + timedelta(days=index)
    if isinstance(kind, JSON):
        return {"q1": index + 1, "q2": None, "open": "één & twee", "list": [1, 2.5, "x"]}
    if isinstance(kind, LargeBinary):
        return bytes([index, 0, 255]) + b"encrypted-note"
    if isinstance(kind, String) and not isinstance(kind, Text) and kind.length:
        return f"{column.name[:6]}-{table[:6]}-{index}-é"[: kind.length]
    if isinstance(kind, String | Text):
        return f"Regel één van {column.name} ({index})\nregel twee: ‘aanhalingstekens’ & <tekst>"
    raise AssertionError(f"no fixture value for {table}.{column.name} of type {kind!r}")


def fill(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Write ROWS rows into every table of the database as it is; return what was written."""
    metadata = MetaData()
    metadata.reflect(engine)
    written: dict[str, list[dict[str, Any]]] = {}
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = [_row(table, index, written) for index in range(ROWS)]
            connection.execute(insert(table), rows)
            written[table.name] = rows
    return written


def _row(table: Table, index: int, written: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column in table.columns:
        foreign = next(iter(column.foreign_keys), None)
        if foreign is not None:
            parents = written[foreign.column.table.name]
            row[column.name] = parents[index % len(parents)][foreign.column.name]
        elif column.primary_key and isinstance(column.type, Integer):
            row[column.name] = 101 + index
        else:
            row[column.name] = value_for(column, index, table.name)
    return row


def normal(value: Any) -> Any:
    """Return a value as both backends hand it back alike (UTC naive times, bools)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, Decimal):
        return float(value)
    return value


def compare(engine: Engine, written: dict[str, list[dict[str, Any]]], since: str) -> None:
    """Check that every written row is still there, as written, and new columns as declared."""
    metadata = MetaData()
    metadata.reflect(engine)
    problems = []
    for name, rows in written.items():
        if name in DROPPED_TABLES:
            continue
        assert name in metadata.tables, f"table {name} disappeared (list it in DROPPED_TABLES)"
        found = stored_rows(engine, metadata.tables[name], rows)
        for row in rows:
            now = found.get(_key(metadata.tables[name], row))
            assert now is not None, f"{name}: row {_key(metadata.tables[name], row)} is gone"
            for column, value in row.items():
                if column not in now:
                    problems.append(f"{name}.{column} disappeared")
                elif normal(now[column]) != normal(value):
                    problems.append(f"{name}.{column}: {value!r} became {now[column]!r}")
            for column in set(now) - set(row):
                if (name, column) not in ADDED_COLUMNS:
                    problems.append(
                        f"{name}.{column} is new since {since}: add it to ADDED_COLUMNS"
                    )
                elif normal(now[column]) != _added(ADDED_COLUMNS[(name, column)], now, written):
                    problems.append(f"{name}.{column} of an old row is {now[column]!r}")
    assert problems == []


def _key(table: Table, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[column.name] for column in table.primary_key.columns)


def stored_rows(
    engine: Engine, table: Table, written: list[dict[str, Any]]
) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Return the table's rows by primary key, after checking there are as many as written."""
    with engine.connect() as connection:
        found = {
            _key(table, dict(r)): dict(r) for r in connection.execute(select(table)).mappings()
        }
    assert len(found) == len(written), f"{table.name}: {len(found)} rows now, {len(written)} before"
    return found


def _added(declared: Any, row: dict[str, Any], written: dict[str, list[dict[str, Any]]]) -> Any:
    """Return what a new column of an old row must hold: a value, or one derived from the data."""
    return declared(row, written) if callable(declared) else declared


def upgrade(url: str, revision: str) -> None:
    """Upgrade as gepmonitor does (core.db.upgrade): on an engine of make_engine, so SQLite
    enforces foreign keys and a table copy in batch mode would cascade into its children."""
    engine = make_engine(url, 1, 0)
    config = alembic_config(url)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path, postgres_admin):
    """URL of an empty database (no schema), on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    if postgres_admin is None:
        unavailable("GEP_REQUIRE_POSTGRES", "no PostgreSQL server (set GEP_TEST_POSTGRES_URL)")
    name = f"gep_upgrade_{os.getpid()}_{abs(hash(request.node.nodeid)) % 10**8}"
    with postgres_admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield (
        make_url(os.environ["GEP_TEST_POSTGRES_URL"])
        .set(database=name)
        .render_as_string(hide_password=False)
    )
    with postgres_admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.mark.parametrize("revision", EARLIER)
def test_an_old_database_upgrades_with_every_record_intact(empty_url, revision):
    upgrade(empty_url, revision)
    engine = make_engine(empty_url, 1, 0)
    try:
        written = fill(engine)
        assert written, "no tables at this revision"
        upgrade(empty_url, "head")
        compare(engine, written, revision)
        with engine.connect() as connection:
            head = connection.scalar(text("SELECT version_num FROM alembic_version"))
        assert head == revisions()[-1]
    finally:
        engine.dispose()


def test_every_declared_added_column_exists():
    engine = create_engine("sqlite://")
    try:
        upgrade_in_memory(engine)
        metadata = MetaData()
        metadata.reflect(engine)
        for table, column in ADDED_COLUMNS:
            assert column in metadata.tables[table].columns, f"{table}.{column} does not exist"
    finally:
        engine.dispose()


def upgrade_in_memory(engine: Engine) -> None:
    config = alembic_config("sqlite://")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def test_a_downgrade_keeps_the_rows_of_every_table_that_stays(empty_url):
    """Down from 0014_demo to 0007_web, every table that still exists keeps its rows.

    The downgrades alter tables others refer to (organisation, web_user, safety_counsellor,
    recruitment_vacancy): on SQLite a batch copy of such a table deleted the rows referring to
    it (ON DELETE CASCADE) or failed on them. 0013_truth is left out: it makes columns NOT NULL
    again, which the rows written here (NULL where they may) do not allow.
    """
    upgrade(empty_url, "0014_demo")
    engine = make_engine(empty_url, 1, 0)
    config = alembic_config(empty_url)
    try:
        written = fill(engine)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0007_web")
        metadata = MetaData()
        metadata.reflect(engine)
        kept = {name: rows for name, rows in written.items() if name in metadata.tables}
        assert {"organisation", "web_user", "web_api_token", "web_session"} <= set(kept)
        assert {"safety_counsellor_org", "safety_conversation", "recruitment_appointment"} <= set(
            kept
        )
        for name, rows in kept.items():
            found = stored_rows(engine, metadata.tables[name], rows)
            for row in rows:
                now = found[_key(metadata.tables[name], row)]
                changed = [c for c in now if normal(now[c]) != normal(row[c])]
                assert changed == [], f"{name}: {changed} changed"
    finally:
        engine.dispose()
