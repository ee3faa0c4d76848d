"""Round trips to PostgreSQL per request, counted in libpq's own protocol trace.

A page or API answer kept in the cache needs one round trip: the login lookup, which brings the
data version with it (core.versions.token_of), run as a transaction of its own (no BEGIN, no
COMMIT: core.db.reads_on_their_own), on a pooled connection used without a ping
(core.db.quiet_ping). A request that writes still runs its statements in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from psycopg import pq
from sqlalchemy import event, select
from tests.webutil import api_token, create_user, logged_in_client, make_client

from gepmonitor.core.audit import AuditEntry


class ProtocolTrace:
    """libpq's trace of every pooled connection while checked out, into one file."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "libpq-trace.txt"
        self.file = self.path.open("w")

    def attach(self, engine: Any) -> None:
        """Trace each connection of the engine from checkout to checkin."""
        event.listen(engine, "checkout", self._start)
        event.listen(engine, "checkin", self._stop)

    def _start(self, driver: Any, _record: Any, _proxy: Any) -> None:
        driver.pgconn.trace(self.file.fileno())
        driver.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)

    def _stop(self, driver: Any, _record: Any) -> None:
        if driver is not None and not driver.closed:
            driver.pgconn.untrace()

    def messages(self) -> list[str]:
        """Return the messages traced so far, and start afresh."""
        self.file.flush()
        lines = self.path.read_text().splitlines()
        self.file.truncate(0)
        self.file.seek(0)
        return lines


def round_trips(lines: list[str]) -> int:
    """Return how often the client waited for the server: each wait ends in ReadyForQuery."""
    return sum("\tReadyForQuery" in line for line in lines)


def queries(lines: list[str]) -> list[str]:
    """Return the simple-protocol commands and prepared statements sent."""
    return [
        line.split("\t", 3)[3].strip()
        for line in lines
        if line.startswith("F") and "\tQuery\t" in line
    ]


@pytest.fixture
def traced(settings, db_url, tmp_path) -> Iterator[tuple[Any, ProtocolTrace]]:  # type: ignore[no-untyped-def]
    if not db_url.startswith("postgresql"):
        pytest.skip("round trips to a database server: PostgreSQL only")
    trace = ProtocolTrace(tmp_path)
    yield trace
    trace.file.close()


def test_a_kept_answer_costs_one_round_trip(settings, session_factory, org, traced) -> None:
    client = logged_in_client(settings, session_factory, org, "hr")
    traced.attach(client.app.state.engine)  # type: ignore[attr-defined]
    first = client.get("/api/v1/personnel/indicators")
    assert first.status_code == 200
    traced.messages()
    again = client.get("/api/v1/personnel/indicators")
    assert again.status_code == 200 and again.content == first.content
    lines = traced.messages()
    assert round_trips(lines) == 1, lines
    assert queries(lines) == []  # no BEGIN, COMMIT or ping (";")


def test_a_token_request_costs_one_round_trip(settings, session_factory, org, traced) -> None:
    username, _password = create_user(session_factory, org, "hr")
    headers = {"Authorization": f"Bearer {api_token(session_factory, username)}"}
    client = make_client(settings)
    traced.attach(client.app.state.engine)  # type: ignore[attr-defined]
    assert client.get("/api/v1/personnel/indicators", headers=headers).status_code == 200
    traced.messages()  # the first use writes the token's last use (once a minute)
    assert client.get("/api/v1/personnel/indicators", headers=headers).status_code == 200
    assert round_trips(traced.messages()) == 1


def test_a_request_that_writes_runs_in_one_transaction(
    settings, session_factory, org, traced
) -> None:
    client = logged_in_client(settings, session_factory, org, "admin")
    traced.attach(client.app.state.engine)  # type: ignore[attr-defined]
    with session_factory() as session:
        before = len(session.scalars(select(AuditEntry.id)).all())
    response = client.get("/admin/audit")  # reading the audit log is itself audited
    assert response.status_code == 200
    sent = queries(traced.messages())
    assert sent.count('"BEGIN"') == 1 and sent[-1] == '"COMMIT"', sent
    with session_factory() as session:
        assert len(session.scalars(select(AuditEntry.id)).all()) == before + 1


def test_a_page_kept_across_organisations_costs_two(settings, session_factory, org, traced) -> None:
    """The counsellor's form is kept per data version of every organisation: the login lookup
    and the read of every organisation's version, each a transaction of its own."""
    client = logged_in_client(settings, session_factory, org, "counsellor")
    traced.attach(client.app.state.engine)  # type: ignore[attr-defined]
    first = client.get("/safety/log")
    assert first.status_code == 200
    traced.messages()
    assert client.get("/safety/log").status_code == 200
    lines = traced.messages()
    assert round_trips(lines) == 2, lines
    assert queries(lines) == ['"SELECT org_id, token FROM data_version ORDER BY org_id"']
