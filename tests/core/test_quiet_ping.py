"""The pool's check of a PostgreSQL connection before use (core.db.quiet_ping).

A healthy pooled connection is used without a round trip; one the server has ended is found
before a request uses it, and the pool connects anew, so no request fails after a restart.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from tests.conftest import copied_database

from gepmonitor.core.db import make_engine, quiet_ping


@pytest.fixture
def server_engine(
    tmp_path: Path,
    sqlite_template: Path,
    postgres_admin: Engine | None,
    postgres_template: str | None,
) -> Iterator[Engine]:
    """An engine on a PostgreSQL test database (SQLite has no server to lose)."""
    name = f"gep_ping_{os.getpid()}"
    with copied_database(
        "postgresql", tmp_path, name, sqlite_template, postgres_admin, postgres_template
    ) as url:
        engine = make_engine(url, pool_size=1, max_overflow=0)
        yield engine
        engine.dispose()


def _backend(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _end(postgres_admin: Engine, pid: int) -> None:
    """End the backend from the server's side and wait until it is gone."""
    with postgres_admin.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        for _ in range(100):
            alive = connection.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
            ).scalar_one()
            if not alive:
                return
            time.sleep(0.05)
    raise AssertionError(f"backend {pid} still running")


def test_a_healthy_connection_is_used_without_asking_the_server(server_engine) -> None:
    asked: list[object] = []

    def driver_ping(connection: object) -> bool:
        asked.append(connection)
        return True

    check = quiet_ping(driver_ping)
    _backend(server_engine)  # one pooled connection, its answers read in full
    with server_engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert check(raw) is True
    assert asked == []


def test_an_ended_connection_is_replaced_before_use(server_engine, postgres_admin) -> None:
    first = _backend(server_engine)
    _end(postgres_admin, first)
    second = _backend(server_engine)  # would raise (server closed the connection) unchecked
    assert second != first


def test_the_driver_is_asked_when_the_server_has_spoken(server_engine, postgres_admin) -> None:
    asked: list[object] = []

    def driver_ping(connection: object) -> bool:
        asked.append(connection)
        return False

    check = quiet_ping(driver_ping)
    with server_engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        pid = int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())
        connection.commit()
        _end(postgres_admin, pid)
        for _ in range(100):  # the closing reaches the socket a moment later
            if check(raw) is False:
                break
            time.sleep(0.02)
        assert asked == [raw]
        connection.invalidate()
