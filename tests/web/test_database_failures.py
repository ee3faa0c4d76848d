"""A database that refuses (read-only, full disk, or a change made at the same moment) gives one
clear message, never a 500 or SQL with its parameters, and nothing half written (issue 12,
finding 11)."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from psycopg import errors as psycopg_errors
from sqlalchemy import create_engine, event, func, insert, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from tests.web.sample import good_rows, personnel_csv
from tests.webutil import api_token, create_user, login, make_client

from gepmonitor.accounts.models import ApiToken
from gepmonitor.core.db import make_engine
from gepmonitor.core.dberrors import DatabaseUnavailableError, database_refusal
from gepmonitor.core.errors import ConflictError
from gepmonitor.core.models import Organisation
from gepmonitor.personnel.models import EmployeeRecord, Snapshot

READ_ONLY = "accepts no changes at the moment (it is read-only)"


def _refuse_writes(engine, db_url: str) -> None:
    """Make every new connection of the engine read-only, as the database itself enforces."""
    engine.dispose()
    statement = (
        "PRAGMA query_only = ON"
        if db_url.startswith("sqlite")
        else "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"
    )

    @event.listens_for(engine, "connect")
    def _read_only(connection, _record):  # type: ignore[no-untyped-def]
        cursor = connection.cursor()
        cursor.execute(statement)
        cursor.close()
        connection.commit()  # a SET in a rolled-back transaction would be undone


def test_a_read_only_database_reads_and_refuses_changes_clearly(
    settings, session_factory, org, db_url
):
    username, password = create_user(session_factory, org, "hr")
    secret = api_token(session_factory, username)
    browser = make_client(settings)
    browser.headers["Accept-Language"] = "en"
    assert login(browser, username, password).status_code == 200
    client = make_client(settings)
    client.headers["Accept-Language"] = "en"
    _refuse_writes(client.app.state.engine, db_url)
    _refuse_writes(browser.app.state.engine, db_url)
    bearer = {"Authorization": f"Bearer {secret}"}

    # Reads work: the API with a token (its use is not noted) and pages of a session.
    me = client.get("/api/v1/me", headers=bearer)
    assert me.status_code == 200 and me.json()["username"] == username
    assert browser.get("/account").status_code == 200
    # A change answers 503 with the reason, and nothing changed.
    with session_factory() as session:
        token_id = session.scalar(select(ApiToken.id))
    refused = client.delete(f"/api/v1/tokens/{token_id}", headers=bearer)
    assert refused.status_code == 503, refused.text
    assert READ_ONLY in refused.json()["detail"] and "SQL" not in refused.text
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(ApiToken)) == 1
    # Logging in must write a session: a clear page (in the account's language, Dutch), not an
    # internal error.
    page = login(client, username, password)
    assert page.status_code == 503 and "(ze is alleen-lezen)" in page.text
    assert "Internal" not in page.text and "Interne fout" not in page.text


def test_the_cli_on_a_read_only_database(run_cli, cli_env, db_url, postgres_admin):
    assert run_cli("init")[0] == 0
    if db_url.startswith("sqlite"):
        path = db_url.split("///", 1)[1]
        cli_env["GEP_DATABASE_URL"] = f"sqlite:///file:{path}?mode=ro&uri=true"
    else:
        name = db_url.rsplit("/", 1)[1]
        with postgres_admin.connect() as connection:
            connection.execute(
                text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
            )
    cli_env["GEP_LANG"] = "en"
    code, out, err = run_cli(
        "vacancy", "add", "--title", "Jurist", "--scale", "11", "--opened", "2025-01-06"
    )
    assert code == 2, (out, err)
    assert READ_ONLY in err and "Internal error" not in err and "INSERT" not in err
    code, out, err = run_cli("vacancy", "list")
    assert code == 0, err


def test_two_imports_of_one_peildatum_at_once(settings, session_factory, org, engine):
    """The second of two simultaneous imports hits the unique snapshot per peildatum: it gets
    409 with a message saying what happened, and writes nothing (the first one's data stays)."""
    username, _ = create_user(session_factory, org, "hr")
    bearer = {"Authorization": f"Bearer {api_token(session_factory, username)}"}
    client = make_client(settings)
    client.headers["Accept-Language"] = "en"
    raced: list[str] = []

    @event.listens_for(client.app.state.engine, "before_cursor_execute")
    def _other_import_first(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        # The moment the import starts writing, another one (here: the test's own connection)
        # saves the snapshot of the same peildatum and commits.
        if raced or not statement.lstrip().upper().startswith("INSERT"):
            return
        raced.append(statement)
        with engine.begin() as other:
            other.execute(
                insert(Snapshot).values(
                    org_id=org.id, peildatum=date(2024, 12, 31), source_name="other.csv"
                )
            )

    answer = client.post(
        "/api/v1/personnel/imports",
        data={"peildatum": "2024-12-31"},
        files={"file": ("hr.csv", personnel_csv(good_rows()), "text/csv")},
        headers=bearer,
    )
    assert raced, "the import wrote nothing"
    assert answer.status_code == 409, answer.text
    detail = answer.json()["detail"]
    assert "at the same moment" in detail and "nothing of this one was saved" in detail
    assert "INSERT" not in answer.text and "IntegrityError" not in answer.text
    with engine.connect() as connection:
        names = connection.execute(select(Snapshot.source_name)).scalars().all()
        rows = connection.scalar(select(func.count()).select_from(EmployeeRecord))
    assert names == ["other.csv"] and rows == 0


def test_database_errors_never_carry_their_parameters(settings, org):
    value = "geheim-0042"
    engine = make_engine(settings.resolved_database_url())
    try:
        with pytest.raises(IntegrityError) as caught, engine.begin() as connection:
            connection.execute(insert(Organisation).values(slug=org.slug, name=value))
        assert value not in str(caught.value)
        assert isinstance(database_refusal(caught.value), ConflictError)
    finally:
        engine.dispose()
    # An engine made without the setting would show it: the test can tell the difference.
    plain = create_engine(settings.resolved_database_url())
    try:
        with pytest.raises(IntegrityError) as shown, plain.begin() as connection:
            connection.execute(insert(Organisation).values(slug=org.slug, name=value))
        assert value in str(shown.value)
    finally:
        plain.dispose()


def test_a_read_only_error_is_a_503(settings, org, db_url):
    engine = make_engine(settings.resolved_database_url())
    _refuse_writes(engine, db_url)
    try:
        with pytest.raises(Exception) as caught, engine.begin() as connection:
            connection.execute(insert(Organisation).values(slug="ro", name="Read only"))
        refusal = database_refusal(caught.value)
        assert isinstance(refusal, DatabaseUnavailableError) and refusal.http_status == 503
    finally:
        engine.dispose()


DISK_FULL_NL = "De schijf van de database is vol, dus er is niets opgeslagen."
WRITE_FAILED_NL = "De database kon niet naar haar schijf schrijven"


def _stored(database: Path) -> tuple[int, int, str]:
    """Return the snapshots, person rows and integrity check of an SQLite database file."""
    connection = sqlite3.connect(database)
    try:
        return (
            connection.execute("SELECT count(*) FROM personnel_snapshot").fetchone()[0],
            connection.execute("SELECT count(*) FROM personnel_employee").fetchone()[0],
            connection.execute("PRAGMA integrity_check").fetchone()[0],
        )
    finally:
        connection.close()


def test_the_cli_on_a_full_disk_says_so_and_writes_nothing(tmp_path):
    """An import that runs out of disk (a file-size limit the kernel enforces, as a full disk or
    a quota does) ends in one clear line: no SQL, no rows, no internal error, nothing half
    written; the same import succeeds once there is room."""
    data = tmp_path / "data"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GEP_")},
        "GEP_DATA_DIR": str(data),
        "GEP_SECRET_KEY": "full-disk-secret-key-for-this-test-only",
    }
    gep = [sys.executable, "-m", "gepmonitor"]
    assert subprocess.run([*gep, "init"], env=env, capture_output=True, check=False).returncode == 0
    database = data / "gepmonitor.db"
    people = good_rows(3000)
    export = tmp_path / "hr.csv"
    export.write_bytes(personnel_csv(people))
    command = [*gep, "import", "personnel", str(export), "--peildatum", "2024-12-31"]

    def disk_of_100_kb() -> None:  # in the child: files may not grow past 100 kB
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    full = subprocess.run(
        command, env=env, capture_output=True, text=True, check=False, preexec_fn=disk_of_100_kb
    )
    assert full.returncode == 2, (full.stdout, full.stderr)
    assert full.stderr.strip().splitlines() == [
        WRITE_FAILED_NL + " (die is vol, over haar quotum of defect), dus er is niets "
        "opgeslagen. Vraag de beheerder de schijf na te kijken."
    ]
    shown = full.stdout + full.stderr
    for leak in ("INSERT", "SQL", "Traceback", "Interne fout", people[0].split(";")[0]):
        assert leak not in shown
    assert _stored(database) == (0, 0, "ok")

    room = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert room.returncode == 0, room.stderr
    assert _stored(database) == (1, 3000, "ok")


def test_a_full_database_answers_503_and_keeps_nothing(settings, session_factory, org, db_url):
    """SQLite's own 'database or disk is full' (the page limit reached, as on a full disk):
    the API import answers 503 with the reason, never SQL, and stores nothing."""
    if not db_url.startswith("sqlite"):
        pytest.skip("a full disk is made here with SQLite's page limit; PostgreSQL's is below")
    username, _ = create_user(session_factory, org, "hr")
    bearer = {"Authorization": f"Bearer {api_token(session_factory, username)}"}
    client = make_client(settings)
    engine = client.app.state.engine
    engine.dispose()

    @event.listens_for(engine, "connect")
    def _no_room(connection, _record):  # type: ignore[no-untyped-def]
        cursor = connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    people = good_rows(2000)
    answer = client.post(
        "/api/v1/personnel/imports",
        data={"peildatum": "2024-12-31"},
        files={"file": ("hr.csv", personnel_csv(people), "text/csv")},
        headers={**bearer, "Accept-Language": "nl"},
    )
    assert answer.status_code == 503, answer.text
    assert answer.json()["detail"].startswith(DISK_FULL_NL)
    for leak in ("INSERT", "SQL", "OperationalError", people[0].split(";")[0]):
        assert leak not in answer.text
    path = Path(db_url.split("///", 1)[1])
    engine.dispose()
    assert _stored(path) == (0, 0, "ok")


@pytest.mark.parametrize(
    ("cause", "expected"),
    [
        (psycopg_errors.DiskFull("could not extend file: No space left on device"), "disk is full"),
        (psycopg_errors.IoError("could not write block 7"), "could not write to its disk"),
    ],
)
def test_postgresql_disk_errors_are_refusals(cause, expected):
    """PostgreSQL's disk_full (53100) and io_error (58030), as psycopg raises them."""
    error = OperationalError("INSERT INTO personnel_employee ...", {"k": "geheim"}, cause)
    refusal = database_refusal(error)
    assert isinstance(refusal, DatabaseUnavailableError)
    assert expected in refusal.render("en") and "geheim" not in refusal.render("en")
