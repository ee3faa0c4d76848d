"""Backup and restore of the whole database; the key files are separate secrets.

SQLite is copied with SQLite's online backup API (consistent while the server runs);
PostgreSQL with ``pg_dump`` in its custom format and restored with ``pg_restore`` (both from the
postgresql-client package). A backup holds pseudonymised personal data, so it is written with
mode 0600. It does not hold the secret key or the notes key: those are kept in a secret store,
apart from the backups, and restored first. The backup does record a fingerprint of each key, so
a restore with other keys (pseudonyms that would no longer match, notes that can no longer be
read) is refused instead of noticed months later.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.orm import Session

from gepmonitor.core import audit
from gepmonitor.core.config import Settings
from gepmonitor.core.db import Base, load_all_models, make_session_factory, transaction
from gepmonitor.core.errors import ConfigError, ConflictError, InputError
from gepmonitor.maintenance.models import KeyCheck

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
CHECK_TEXT = b"gepmonitor key check"
# Tables `gep init` fills in an otherwise empty instance.
INIT_TABLES = {"alembic_version", "organisation", "instance_key_check"}


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds: its database kind, schema revision and key fingerprints."""

    kind: str  # sqlite or postgresql
    revision: str | None
    keys: dict[str, str]


def key_fingerprints(settings: Settings) -> dict[str, str]:
    """Return an HMAC fingerprint of the instance secret and of the notes key."""
    result = {"secret": _fingerprint(settings.resolved_secret_key().encode("utf-8"))}
    notes = settings.resolved_notes_key_file()
    if notes.exists():
        result["notes"] = _fingerprint(notes.read_bytes().strip())
    return result


def _fingerprint(key: bytes) -> str:
    return hmac.new(key, CHECK_TEXT, hashlib.sha256).hexdigest()


def backup(engine: Engine, settings: Settings, target: Path, actor: str) -> None:
    """Write a backup of the database to target (mode 0600), recording it in the audit log."""
    if target.exists() and target.is_dir():
        raise InputError("Cannot write the backup to '{path}': it is a folder.", path=str(target))
    with transaction(make_session_factory(engine)) as session:
        _store_fingerprints(session, key_fingerprints(settings))
        audit.record(session, action="backup", actor=actor, target=target.name)
    partial = _private_temp(target)
    try:
        if engine.dialect.name == "sqlite":
            _sqlite_copy(_sqlite_path(engine.url), partial)
        else:
            _pg_dump(engine.url, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _store_fingerprints(session: Session, fingerprints: dict[str, str]) -> None:
    for name, value in fingerprints.items():
        row = session.get(KeyCheck, name)
        if row is None:
            session.add(KeyCheck(name=name, fingerprint=value))
        else:
            row.fingerprint = value


def _private_temp(target: Path) -> Path:
    """Return a new empty file with mode 0600 next to target."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as error:
        raise InputError(
            "Cannot write '{path}': {reason}.",
            path=str(target),
            reason=error.strerror or type(error).__name__,
        ) from error
    os.close(handle)  # mkstemp creates the file with mode 0600
    return Path(name)


def _sqlite_path(url: URL) -> Path:
    database = url.database or ""
    if not database or database == ":memory:":
        raise ConfigError(
            "The database {url} is not a file, so it cannot be backed up.",
            url=url.render_as_string(),
        )
    return Path(database)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database into another with the online backup API."""
    with _sqlite(source) as src, _sqlite(target) as dst:
        src.backup(dst)


@contextmanager
def _sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(path, timeout=30)
    try:
        yield connection
    finally:
        connection.close()


def _libpq(url: URL) -> tuple[list[str], dict[str, str]]:
    """Return the --dbname argument and environment for pg_dump; the password goes by env."""
    plain = url.set(drivername="postgresql", password=None)
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    return [f"--dbname={plain.render_as_string(hide_password=False)}"], env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ConfigError("{tool} was not found; install the postgresql-client package.", tool=name)
    return found


def _run(command: list[str], env: dict[str, str]) -> str:
    """Run a PostgreSQL client tool; its error becomes one clear line."""
    result = subprocess.run(  # noqa: S603 - fixed tool, arguments built here
        command, env=env, capture_output=True, check=False
    )
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(
            "{tool} failed: {error}", tool=Path(command[0]).name, error=(message or ["?"])[-1]
        )
    return result.stdout.decode("utf-8", "replace") if result.stdout else ""


def _pg_dump(url: URL, target: Path) -> None:
    dbname, env = _libpq(url)
    _run(
        [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", *dbname]
        + [f"--file={target}"],
        env,
    )


def inspect_backup(path: Path) -> BackupInfo:
    """Return what the backup file holds, or refuse a file that is not a gepmonitor backup."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as error:
        raise InputError(
            "Cannot read '{path}': {reason}.",
            path=str(path),
            reason=error.strerror or type(error).__name__,
        ) from error
    if head.startswith(SQLITE_MAGIC):
        return _inspect_sqlite(path)
    if head.startswith(PG_MAGIC):
        return _inspect_pg(path)
    raise InputError("'{path}' is not a gepmonitor backup.", path=str(path))


def _inspect_sqlite(path: Path) -> BackupInfo:
    try:
        with _sqlite(path) as connection:
            connection.execute("PRAGMA query_only=ON")
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables:
                raise InputError("'{path}' is not a gepmonitor backup.", path=str(path))
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            keys: dict[str, str] = {}
            if "instance_key_check" in tables:
                keys = dict(connection.execute("SELECT name, fingerprint FROM instance_key_check"))
    except sqlite3.DatabaseError as error:
        raise InputError("'{path}' is not a gepmonitor backup.", path=str(path)) from error
    return BackupInfo("sqlite", revision[0] if revision else None, keys)


_COPY = re.compile(r"^COPY public\.(\w+) \(([^)]*)\) FROM stdin;$")


def _inspect_pg(path: Path) -> BackupInfo:
    env = dict(os.environ)
    listing = _run(
        [_pg_tool("pg_restore"), "--data-only", "--file=-"]
        + ["--table=alembic_version", "--table=instance_key_check", str(path)],
        env,
    )
    tables: dict[str, list[list[str]]] = {}
    current: str | None = None
    for line in listing.splitlines():
        match = _COPY.match(line)
        if match:
            current = match.group(1)
            tables[current] = []
        elif line == "\\.":
            current = None
        elif current is not None:
            tables[current].append(line.split("\t"))
    versions = tables.get("alembic_version", [])
    keys = {row[0]: row[1] for row in tables.get("instance_key_check", []) if len(row) == 2}
    return BackupInfo("postgresql", versions[0][0] if versions else None, keys)


def holds_data(engine: Engine) -> bool:
    """Return whether the database holds more than an instance fresh from `gep init` does."""
    load_all_models()
    present = set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name not in present or table.name in INIT_TABLES:
                continue
            if connection.execute(select(func.count()).select_from(table)).scalar():
                return True
        if "organisation" in present:
            orgs = connection.execute(text("SELECT count(*) FROM organisation")).scalar()
            return bool(orgs and orgs > 1)
    return False


def check_restorable(
    engine: Engine, settings: Settings, info: BackupInfo, *, replace: bool, other_keys: bool
) -> None:
    """Refuse a restore into another kind of database, over data, or with other keys."""
    from gepmonitor.core.db import alembic_config

    if info.kind != engine.dialect.name:
        raise InputError(
            "This backup is of a {backup} database; it cannot be restored into {database}.",
            backup=info.kind,
            database=engine.dialect.name,
        )
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    if info.revision is None or info.revision not in {s.revision for s in scripts.walk_revisions()}:
        raise InputError(
            "This backup has schema version {revision}, which this gepmonitor does not know; "
            "restore it with the version that made it.",
            revision=str(info.revision),
        )
    if not replace and holds_data(engine):
        raise ConflictError(
            "The database already holds data; restore into an empty database, or add "
            "--replace to overwrite it."
        )
    if other_keys:
        return
    mine = key_fingerprints(settings)
    for name, fingerprint in info.keys.items():
        if name in mine and not hmac.compare_digest(mine[name], fingerprint):
            raise ConfigError(
                "The {which} key of this instance is not the one the backup was made with; put "
                "the key file of the backup in place first (see docs/security.md), or add "
                "--other-keys.",
                which=name,
            )


def restore(engine: Engine, source: Path, info: BackupInfo, actor: str) -> None:
    """Replace the database's contents with the backup, then record the restore in its log."""
    if info.kind == "sqlite":
        engine.dispose()
        _sqlite_copy(source, _sqlite_path(engine.url))
    else:
        _pg_restore(engine, source)
    with transaction(make_session_factory(engine)) as session:
        audit.record(session, action="restore", actor=actor, target=source.name)


def _pg_restore(engine: Engine, source: Path) -> None:
    engine.dispose()
    dbname, env = _libpq(engine.url)
    with engine.connect() as connection:
        existing = inspect(connection).get_table_names()
    command = [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
    command += ["--single-transaction", *dbname]
    if existing:
        command += ["--clean", "--if-exists"]
    _run([*command, str(source)], env)
    engine.dispose()
