"""`gep backup` and `gep restore`: an empty instance gets every row and answers the same.

Issue 12, finding 12: there was no backup or restore. Runs on SQLite (online backup API) and on
PostgreSQL (pg_dump custom format, pg_restore).
"""

from __future__ import annotations

import shutil
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import make_url
from tests.conftest import TEST_SECRET
from tests.demodata import build_small_demo
from tests.webutil import make_client

from gepmonitor.accounts.service import Actor, create_token, create_user
from gepmonitor.core.config import Settings
from gepmonitor.core.db import Base, load_all_models, make_engine


@pytest.fixture
def empty_url(db_url: str, tmp_path: Path, postgres_admin) -> Iterator[str]:
    """URL of a second database with nothing in it, of the same kind as db_url."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored' / 'gepmonitor.db'}"
        return
    name = f"gep_restore_{uuid.uuid4().hex[:12]}"
    with postgres_admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(db_url).set(database=name).render_as_string(hide_password=False)
    with postgres_admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _account(session, org) -> str:
    """Add an hr account with an API token; return the token."""
    user, _ = create_user(
        session, org, "hr", Actor("test"), username="hr1", password="backup-kastanje-laan-16"
    )
    _, secret = create_token(session, user, "backup test", Actor("test"))
    session.commit()
    return secret


@pytest.fixture
def filled(session, org, settings) -> str:
    """The test instance with demo data, an hr account and its API token; returns the token."""
    build_small_demo(session, org, settings)
    return _account(session, org)


def _tables(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Return every table's rows ordered by primary key, as Python values."""
    load_all_models()
    engine = make_engine(url)
    try:
        result = {}
        with engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                order = list(table.primary_key.columns) or list(table.columns)
                rows = connection.execute(select(table).order_by(*order)).all()
                result[table.name] = [tuple(row) for row in rows]
            result["alembic_version"] = connection.execute(
                text("SELECT version_num FROM alembic_version")
            ).all()
        return result
    finally:
        engine.dispose()


def _env(url: str, data_dir: Path) -> dict[str, str]:
    return {
        "GEP_DATA_DIR": str(data_dir),
        "GEP_DATABASE_URL": url,
        "GEP_SECRET_KEY": TEST_SECRET,
        "GEP_LANG": "en",
    }


def test_backup_restore_is_identical(
    run_cli, cli_env, filled, settings, db_url, empty_url, tmp_path
):
    target = tmp_path / "backups" / "gep.backup"
    code, out, err = run_cli("backup", str(target))
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    before = _tables(db_url)
    assert before["personnel_employee"] and before["safety_conversation"]
    backups = [row for row in before["audit_entry"] if row[5] == "backup"]
    assert [(row[3][:3], row[6]) for row in backups] == [("cli", "gep.backup")]

    # A new instance: its own data folder with the key files restored from the secret store.
    restored_dir = tmp_path / "restored"
    restored_dir.mkdir(exist_ok=True)
    shutil.copy(settings.resolved_notes_key_file(), restored_dir / "notes.key")
    cli_env.update(_env(empty_url, restored_dir))
    code, out, err = run_cli("restore", str(target))
    assert code == 0, err
    after = _tables(empty_url)
    assert set(after) == set(before)
    for name, rows in before.items():
        if name == "audit_entry":  # the restore itself is the one new row
            assert after[name][:-1] == rows and after[name][-1][5] == "restore"
        else:
            assert after[name] == rows, name
    if empty_url.startswith("sqlite"):
        database = Path(make_url(empty_url).database or "")
        assert stat.S_IMODE(database.stat().st_mode) == 0o600

    # The same API question gets the same bytes from both instances.
    restored = Settings(data_dir=restored_dir, database_url=empty_url, secret_key=TEST_SECRET)
    headers = {"Authorization": f"Bearer {filled}"}
    answers = []
    for instance in (settings, restored):
        with make_client(instance) as client:
            response = client.get("/api/v1/personnel/trend?band=13%2B", headers=headers)
            assert response.status_code == 200, response.text
            answers.append(response.content)
    assert answers[0] == answers[1] and b"share_women" in answers[0]


def test_restore_refuses_other_keys_data_and_junk(
    run_cli, cli_env, session, org, empty_url, tmp_path
):
    _account(session, org)
    target = tmp_path / "gep.backup"
    assert run_cli("backup", str(target))[0] == 0

    cli_env.update(_env(empty_url, tmp_path / "other"))  # an instance with new key files
    Settings(data_dir=tmp_path / "other", secret_key=TEST_SECRET).ensure_key_files()
    code, _, err = run_cli("restore", str(target))
    assert code == 2 and "notes" in err and "--other-keys" in err
    assert not inspect(make_engine(empty_url)).get_table_names()  # nothing restored

    cli_env["GEP_SECRET_KEY"] = "another-secret"
    code, _, err = run_cli("restore", str(target), "--other-keys")
    assert code == 0, err

    code, _, err = run_cli("restore", str(target))  # the instance now holds data
    assert code == 2 and "--replace" in err

    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"PK\x03\x04 not a backup")
    code, _, err = run_cli("restore", str(junk), "--replace")
    assert code == 2 and "junk.backup" in err
