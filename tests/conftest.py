"""Shared fixtures: every storage test runs on SQLite and on PostgreSQL, each with a fresh database.

PostgreSQL comes from GEP_TEST_POSTGRES_URL (an admin URL such as
postgresql+psycopg://postgres@127.0.0.1:54329/postgres). Without it, PostgreSQL tests skip with a
reason, or fail when GEP_REQUIRE_POSTGRES=1 (as in CI). Browser tests do the same with
GEP_REQUIRE_BROWSER=1 and Debian's /usr/bin/chromium.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from gepmonitor.core.config import Settings
from gepmonitor.core.db import make_engine, make_session_factory, upgrade_schema
from gepmonitor.core.models import Organisation
from gepmonitor.core.orgs import ensure_org

SHARED = Path(__file__).resolve().parents[2] / "shared"
REFERENCE = SHARED / "reference"
SEEDS = SHARED / "seeds"
CHROMIUM = Path(os.environ.get("GEP_CHROMIUM", "/usr/bin/chromium"))
TEST_SECRET = "test-secret-key-not-for-production"


def _required(flag: str) -> bool:
    return os.environ.get(flag, "") not in ("", "0", "false", "no")


def unavailable(flag: str, reason: str) -> None:
    """Skip the test with a reason, or fail it when the environment flag requires the component."""
    if _required(flag):
        pytest.fail(f"{reason} (required by {flag}=1)")
    pytest.skip(reason)


def _worker() -> str:
    """Return a name unique to this test run and worker, so parallel runs share one server."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:8] or str(os.getpid())
    return f"{run}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test."""
    path = tmp_path_factory.mktemp("tpl") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_schema(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine | None]:
    """An AUTOCOMMIT engine on the PostgreSQL server, or None when there is none."""
    url = os.environ.get("GEP_TEST_POSTGRES_URL")
    if not url:
        yield None
        return
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except Exception:  # noqa: BLE001 - any failure means the server is not usable
        engine.dispose()
        yield None
        return
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_template(postgres_admin: Engine | None) -> Iterator[str | None]:
    """Name of a migrated template database on the PostgreSQL server."""
    if postgres_admin is None:
        yield None
        return
    name = f"gep_tpl_{_worker()}"
    with postgres_admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(os.environ["GEP_TEST_POSTGRES_URL"]).set(database=name)
    engine = make_engine(url.render_as_string(hide_password=False))
    upgrade_schema(engine)
    engine.dispose()
    yield name
    with postgres_admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


_counter = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_admin: Engine | None,
    postgres_template: str | None,
) -> Iterator[str]:
    """URL of a fresh, migrated database: once on SQLite, once on PostgreSQL."""
    with copied_database(
        request.param,
        tmp_path,
        f"gep_t_{_worker()}_{next(_counter)}",
        sqlite_template,
        postgres_admin,
        postgres_template,
    ) as url:
        yield url


@contextlib.contextmanager
def copied_database(
    backend: str,
    folder: Path,
    name: str,
    sqlite_template: Path,
    postgres_admin: Engine | None,
    postgres_template: str | None,
) -> Iterator[str]:
    """Yield the URL of a copy of the migrated template database on backend, dropped after.

    SQLite: a copy of the template file in folder. PostgreSQL: a database called name made from
    the template database (skipped, or failed under GEP_REQUIRE_POSTGRES, without a server).
    """
    if backend == "sqlite":
        path = folder / "gepmonitor.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    if postgres_admin is None or postgres_template is None:
        unavailable("GEP_REQUIRE_POSTGRES", "no PostgreSQL server (set GEP_TEST_POSTGRES_URL)")
        return
    with postgres_admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{postgres_template}"'))
    url = make_url(os.environ["GEP_TEST_POSTGRES_URL"]).set(database=name)
    yield url.render_as_string(hide_password=False)
    with postgres_admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    """Settings for a test instance: its own data folder, database and keys."""
    result = Settings(
        data_dir=tmp_path / "data",
        database_url=db_url,
        secret_key=TEST_SECRET,
        default_org="default",
    )
    result.ensure_key_files()
    return result


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    """Engine on the test database, disposed afterwards."""
    result = make_engine(settings.resolved_database_url())
    yield result
    result.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Session factory on the test database."""
    return make_session_factory(engine)


@pytest.fixture
def org(session_factory: sessionmaker[Session]) -> Organisation:
    """The default organisation, created in the test database."""
    with session_factory() as session:
        organisation = ensure_org(session, "default", "Provincie Test")
        session.commit()
        return organisation


@pytest.fixture
def demo(
    session_factory: sessionmaker[Session], org: Organisation, settings: Settings
) -> Organisation:
    """The default organisation with the personnel demo's data (2025)."""
    from gepmonitor.personnel.demo import build

    with session_factory() as session:
        build(session, session.merge(org), settings, 2025)
        session.commit()
    return org


@pytest.fixture
def session(session_factory: sessionmaker[Session], org: Organisation) -> Iterator[Session]:
    """A session on the test database (the default organisation exists)."""
    with session_factory() as result:
        yield result


@pytest.fixture
def cli_env(settings: Settings) -> dict[str, str]:
    """Environment variables that point the `gep` command at the test instance."""
    return {
        "GEP_DATA_DIR": str(settings.data_dir),
        "GEP_DATABASE_URL": settings.resolved_database_url(),
        "GEP_SECRET_KEY": TEST_SECRET,
        "GEP_LANG": "nl",
    }


@pytest.fixture
def run_cli(cli_env: dict[str, str]):  # type: ignore[no-untyped-def]
    """Run `gep ARGS...` in-process through `main()`, as a shell would; returns (code, out, err).

    stdin, stdout and stderr are the test's own text streams, argv is ["gep", *args], and
    GEP_DEBUG=1 lets a bug raise its traceback instead of main()'s one-line internal error.
    """
    from gepmonitor import cli
    from gepmonitor.core.cliutil import state
    from gepmonitor.core.config import get_settings

    def run(*args: str, input: str | None = None) -> tuple[int, str, str]:  # noqa: A002
        get_settings.cache_clear()
        state.org = state.lang = None
        state._engine = None
        out, err = io.StringIO(), io.StringIO()
        environment = {**cli_env, "GEP_DEBUG": "1"}
        old_env = {key: os.environ.get(key) for key in environment}
        old_argv, old_stdin = sys.argv, sys.stdin
        os.environ.update(environment)
        sys.argv = ["gep", *args]
        sys.stdin = io.TextIOWrapper(io.BytesIO((input or "").encode("utf-8")), encoding="utf-8")
        code = 0
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                cli.main()
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        finally:
            sys.argv, sys.stdin = old_argv, old_stdin
            for key, value in old_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            if state._engine is not None:
                state._engine.dispose()
            state._engine = None
            get_settings.cache_clear()
        return code, out.getvalue(), err.getvalue()

    return run


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Path of Debian's chromium for Playwright; skips (or fails in CI) when it is missing."""
    if not CHROMIUM.exists():
        unavailable("GEP_REQUIRE_BROWSER", f"chromium not found at {CHROMIUM}")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("GEP_REQUIRE_BROWSER", "the playwright package is not installed")
    return CHROMIUM
