"""A database that refuses (read-only, or a change made at the same moment) gives one clear
message, never a 500 or SQL with its parameters (issue 12, finding 11)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import create_engine, event, func, insert, select, text
from sqlalchemy.exc import IntegrityError
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
    # Logging in must write a session: a clear page, not an internal error.
    page = login(client, username, password)
    assert page.status_code == 503 and "read-only" in page.text
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
