"""Shared state and helpers of the command line: settings, organisation, language, sessions.

Every `gep` command imports this module, `gep --help` too: it imports the database layer and the
settings (SQLAlchemy, pydantic-settings) only when a command asks for them.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from gepmonitor.core.errors import ConfigError, InputError
from gepmonitor.core.i18n import LANGUAGES

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

    from gepmonitor.core.config import Settings
    from gepmonitor.core.models import Organisation


def lazy_module(name: str) -> ModuleType:
    """Return the module, imported on its first attribute access (importlib.util.LazyLoader).

    The command modules name their services this way (under `if not TYPE_CHECKING`), so that
    `gep --help` builds the command tree without importing SQLAlchemy, Polars and the settings.
    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
    return module


def cli_actor() -> str:
    """Return the actor name for actions run from the command line."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "cli"


console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


@dataclass
class CliState:
    """What the root command's options decided: organisation slug and language."""

    org: str | None = None
    lang: str | None = None
    _engine: Engine | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        """Return the settings read from the environment."""
        from gepmonitor.core.config import get_settings

        return get_settings()

    @property
    def language(self) -> str:
        """Return the chosen language, defaulting to the GEP_LANG setting."""
        return self.lang or self.settings.lang

    @property
    def org_slug(self) -> str:
        """Return the chosen organisation slug, defaulting to GEP_DEFAULT_ORG."""
        return self.org or self.settings.default_org

    def engine(self) -> Engine:
        """Return the (cached) engine for the configured database."""
        from gepmonitor.core.db import make_engine

        if self._engine is None:
            self._engine = make_engine(self.settings.resolved_database_url())
        return self._engine

    @contextmanager
    def session(self, *, check_schema: bool = True) -> Iterator[Session]:
        """Yield a transactional session; refuse when the schema is missing or outdated."""
        from gepmonitor.core.db import make_session_factory, schema_is_current, transaction

        engine = self.engine()
        if check_schema and not schema_is_current(engine):
            raise ConfigError(
                "The database has not been created or is out of date: run `gep init` first."
            )
        with transaction(make_session_factory(engine)) as session:
            yield session

    def organisation(self, session: Session) -> Organisation:
        """Return the organisation selected with --org (or the default one)."""
        from gepmonitor.core.orgs import get_org

        return get_org(session, self.org_slug)


state = CliState()


def choose_language(value: str | None) -> str | None:
    """Check a --lang value and make it the language of the command's output."""
    if value is None:
        return None
    if value not in LANGUAGES:
        raise typer.BadParameter(f"Unknown language '{value}': choose nl or en.")
    state.lang = value
    return value


def language_option() -> Any:
    """Return the --lang option that report commands accept after their own name."""
    return typer.Option(
        None,
        "--lang",
        callback=choose_language,
        help="Language of the output: nl or en (default: GEP_LANG, normally nl).",
    )


def write_output(target: Path, data: bytes) -> None:
    """Write a report file, turning a missing folder or a refused write into one clear error."""
    try:
        target.write_bytes(data)
    except OSError as error:
        raise InputError(
            "Cannot write '{path}': {reason}.",
            path=str(target),
            reason=error.strerror or type(error).__name__,
        ) from error
