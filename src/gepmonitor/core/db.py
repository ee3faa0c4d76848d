"""Database plumbing: the declarative base, engines, sessions and schema migrations."""

from __future__ import annotations

import logging
import os
import select
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

# Core tables; every registered capability with models.py adds its own (core.registry).
CORE_MODEL_MODULES = (
    "gepmonitor.core.models",
    "gepmonitor.core.audit",
    "gepmonitor.core.versions",
    "gepmonitor.core.retention",
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every gepmonitor table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Return the current time in UTC (timezone-aware)."""
    return datetime.now(UTC)


def load_all_models() -> None:
    """Import every model module so the metadata holds the whole schema."""
    from gepmonitor.core import registry

    for name in (*CORE_MODEL_MODULES, *registry.modules("models")):
        import_module(name)


def make_engine(url: str, pool_size: int = 10, max_overflow: int = 20) -> Engine:
    """Create an engine; SQLite gets foreign keys on and a busy timeout for concurrent use.

    A server database gets a connection pool of ``pool_size`` kept connections plus up to
    ``max_overflow`` more at busy moments, per process, each checked before use (quiet_ping).
    Error texts never carry the statement's
    parameters (pseudonymised rows, say): a database error is logged or reported with its SQL
    only. An SQLite URI file name (``sqlite:///file:/srv/gep.db?mode=ro&uri=true``) opens the
    file as SQLite is told to.
    """
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:" and not path.startswith("file:"):
            create_private_file(Path(path))
        engine = create_engine(
            url,
            connect_args={"timeout": 30, "check_same_thread": False},
            hide_parameters=True,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_recycle=3600,
        hide_parameters=True,
    )
    engine.dialect.do_ping = quiet_ping(engine.dialect.do_ping)  # type: ignore[method-assign,assignment]
    return engine


def quiet_ping(ping: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """Return a pool pre-ping that asks the server only when its socket has news.

    A pooled connection waiting for its next request has nothing to read: every answer was read
    in full. When the server ends it (a restart, pg_terminate_backend, a crash: the socket is
    closed, usually after a last error message), the socket becomes readable, and only then is
    the driver's ping (a round trip, ``;``) run, which fails and makes the pool reconnect. A
    healthy connection so costs no round trip per request. A connection whose peer vanished
    without closing (a network cut) is found by its first query instead, which SQLAlchemy
    treats as a disconnect (the request fails, the pool reconnects).
    """

    def do_ping(dbapi_connection: Any) -> bool:
        fileno = getattr(dbapi_connection, "fileno", None)
        if fileno is None or getattr(dbapi_connection, "closed", False):
            return ping(dbapi_connection)
        try:
            readable, _, _ = select.select([fileno()], [], [], 0)
        except Exception:  # no socket any more: the driver's ping tells
            return ping(dbapi_connection)
        return ping(dbapi_connection) if readable else True

    return do_ping


def create_private_file(path: Path) -> None:
    """Create an empty file only its owner may read (0600) unless it exists, with its folder.

    SQLite gives its journal files the mode of the database file, so they are private too.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory bound to the engine.

    Every model is loaded first: a flush resolves foreign keys to other capabilities' tables
    (and core.versions follows them), even in a `gep` command that imported only its own.
    """
    load_all_models()
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    event.listen(factory, "after_flush", _note_write)
    return factory


def _note_write(session: Session, _context: object) -> None:
    session.info["wrote"] = True


@contextmanager
def reads_on_their_own(session: Session) -> Iterator[None]:
    """Run the block's statements each as a transaction of its own, on a server database.

    For a request's first read (the login lookup): PostgreSQL then needs no BEGIN before it and,
    when the request reads nothing else (a page kept in the cache), no COMMIT after it: one
    round trip instead of three. Later statements of the session run in one transaction as
    always. Under READ COMMITTED (the default) the first read sees what it would have seen as
    the transaction's first statement. The block must only read: a write in it would be
    committed at once. Elsewhere (SQLite; a connection already in a transaction) it changes
    nothing.
    """
    connection = session.connection()
    driver = connection.connection.dbapi_connection
    status = getattr(getattr(driver, "info", None), "transaction_status", None)
    if connection.dialect.name != "postgresql" or status is None or driver.autocommit:  # type: ignore[union-attr]
        yield
        return
    from psycopg.pq import TransactionStatus

    if status != TransactionStatus.IDLE:
        yield
        return
    driver.autocommit = True  # type: ignore[union-attr]
    try:
        yield
    finally:
        try:
            driver.autocommit = False  # type: ignore[union-attr]
        except Exception:  # a broken connection: never back in the pool committing each statement
            connection.invalidate()


def has_writes(session: Session) -> bool:
    """Return whether the session has flushed or holds changes its commit would write.

    Only for choosing where to commit (a read-only commit is quick enough to run in place): a
    write the ORM does not see is still committed, in place unless note_sql_write() marked it.
    """
    return bool(session.info.get("wrote") or session.new or session.dirty or session.deleted)


def note_sql_write(session: Session) -> None:
    """Mark a write made with a plain statement (no ORM object) for commit_may_wait()."""
    session.info["sql_write"] = True


def commit_may_wait(session: Session) -> bool:
    """Return whether committing the session may wait on the disk (so: not on an event loop).

    ORM changes always count. A plain statement's write (note_sql_write) counts on PostgreSQL,
    whose commit waits for its log to reach the disk, not on SQLite in WAL mode with
    synchronous=NORMAL (see _sqlite_pragmas), whose commit only appends to its log.
    """
    if has_writes(session):
        return True
    if not session.info.get("sql_write"):
        return False
    bind = session.get_bind()
    return bind.dialect.name != "sqlite"


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Yield a session that commits on success and rolls back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str):  # type: ignore[no-untyped-def]
    """Return an Alembic configuration for the packaged migrations and the given URL."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@dataclass(frozen=True)
class SchemaState:
    """Where a database stands against the code's migrations."""

    current: str | None  # the database's revision; None: no schema yet
    head: str  # the newest revision this code knows
    known: bool  # whether the code knows the database's revision (False: the database is newer)

    @property
    def at_head(self) -> bool:
        """Return whether the database is at the newest migration."""
        return self.current == self.head


# CPython 3.11's ast module keeps its recursion depth per interpreter, not per thread: two
# threads parsing at once can fail with "SystemError: AST constructor recursion depth mismatch"
# (python/cpython#106905). /readyz's first requests, each in a worker thread, read the
# migrations at the same moment, so the reading is done by one thread at a time.
_PARSING = threading.Lock()


def _code_revisions() -> tuple[str, frozenset[str]]:
    """Return the code's newest migration and every migration it has (read once per process)."""
    with _PARSING:
        return _read_code_revisions()


@lru_cache(maxsize=1)
def _read_code_revisions() -> tuple[str, frozenset[str]]:
    """Return _code_revisions() as read from each script's `revision` and `down_revision`.

    Without running the scripts: Alembic's ScriptDirectory imports Alembic and every migration,
    a quarter of a second for each `gep` command that opens the database (tests/migrations
    check that both read the same).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        found = _assigned(path, ("revision", "down_revision"))
        if isinstance(found.get("revision"), str):
            revisions.add(found["revision"])
            down = found.get("down_revision")
            parents.update([down] if isinstance(down, str) else down or ())
    heads = revisions - parents
    if len(heads) > 1:
        raise RuntimeError(f"the migrations have several heads: {sorted(heads)}")
    return next(iter(heads), ""), frozenset(revisions)


def _assigned(path: Path, names: tuple[str, ...]) -> dict[str, Any]:
    """Return the literal values a script assigns to names at its top level."""
    import ast

    found: dict[str, Any] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        value = getattr(node, "value", None)
        if isinstance(target, ast.Name) and target.id in names and value is not None:
            found[target.id] = ast.literal_eval(value)
    return found


def schema_state(engine: Engine) -> SchemaState:
    """Return the database's migration revision, the code's newest one and whether it knows it."""
    from sqlalchemy import text

    head, revisions = _code_revisions()
    current = None
    if inspect(engine).has_table("alembic_version"):
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        if len(rows) > 1:
            raise RuntimeError(f"the database has several migration heads: {rows}")
        current = rows[0][0] if rows else None
    known = current is None or current in revisions
    return SchemaState(current, head, known)


def upgrade_schema(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration; refuse a database that is newer."""
    from alembic import command

    state = schema_state(engine)
    if not state.known:
        from gepmonitor.core.errors import ConfigError
        from gepmonitor.core.version import __version__

        raise ConfigError(
            "The database is at migration {current}, newer than this gepmonitor ({version}, "
            "newest migration {head}) knows. Nothing was changed: run the newer gepmonitor "
            "that upgraded this database.",
            current=state.current,
            version=__version__,
            head=state.head,
        )
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def schema_is_current(engine: Engine) -> bool:
    """Return whether the database is at the newest migration."""
    return schema_state(engine).at_head


def readiness(engine: Engine) -> tuple[bool, dict[str, object]]:
    """Return whether the database answers and is at the newest migration, with details."""
    from sqlalchemy import text

    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        state = schema_state(engine)
    except Exception as error:  # noqa: BLE001 - any failure means: not ready, say why
        # The answer names only the error's kind; the log says what it was, for the operator.
        logging.getLogger("gepmonitor.health").warning("not ready: %r", error)
        return False, {"database": f"unreachable: {type(error).__name__}"}
    body: dict[str, object] = {"database": "ok", "migration": state.current, "head": state.head}
    if not state.at_head:
        body["problem"] = (
            "the database is newer than this version"
            if not state.known
            else "migrations pending: run `gep init`"
        )
    return state.at_head, body
