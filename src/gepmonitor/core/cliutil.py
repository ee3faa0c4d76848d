"""Shared state and helpers of the command line: settings, organisation, language, sessions.

Every `gep` command imports this module, `gep --help` too: it imports the database layer and the
settings (SQLAlchemy, pydantic-settings) only when a command asks for them.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from gepmonitor.core.errors import ConfigError, InputError
from gepmonitor.core.i18n import LANGUAGES, gettext

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


# Without markup: printed data (a unit, a round, a file's cell) may hold '[/]' or '[bold]',
# which Rich would otherwise read as markup, raise on or swallow. Style goes in style=.
console = Console(soft_wrap=True, markup=False)
err_console = Console(stderr=True, soft_wrap=True, markup=False)


@dataclass
class CliState:
    """What the root command's options decided: organisation slug and language."""

    org: str | None = None
    lang: str | None = None
    _engine: Engine | None = field(default=None, repr=False)
    _schema_checked: Engine | None = field(default=None, repr=False)  # found current once

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
        if check_schema and self._schema_checked is not engine:
            if not schema_is_current(engine):
                raise ConfigError(
                    "The database has not been created or is out of date: run `gep init` first."
                )
            self._schema_checked = engine
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


def print_column_notes(dropped_names: Sequence[str], ignored: Sequence[str], lang: str) -> None:
    """Print which columns of an imported file were left out: names never stored, others ignored."""
    if dropped_names:
        text = gettext(
            "Name columns not stored: {columns}.", lang, columns=", ".join(dropped_names)
        )
        console.print(text)
    if ignored:
        console.print(gettext("Columns ignored: {columns}.", lang, columns=", ".join(ignored)))


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


def _longest_word(texts: Sequence[str]) -> int:
    return max((len(word) for text in texts for word in text.split()), default=0)


def print_table(
    head: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    title: str | None = None,
    numeric: Collection[int] = (),
    whole: Collection[int] = (),
    short: Mapping[int, str] | None = None,
    out: Console | None = None,
) -> None:
    """Print rows under their headers so that no word is broken, whatever the terminal's width.

    Each column is at least as wide as its longest word (numbers and the cells of the columns in
    ``whole``, such as keys to copy, stay on one line) and gets its share
    of the room that is left. When the columns do not fit under their full headers, the
    abbreviated headers in ``short`` (column index -> abbreviation) are tried, with a legend
    under the table ("abbreviation = header"). When the terminal cannot hold the columns even
    so, each row is printed as a block of "header: value" lines instead, the first in bold.
    Cells are plain text, never Rich markup.
    """
    target = out or console
    cells = [["" if cell is None else str(cell) for cell in row] for row in rows]
    room = target.width - (3 * len(head) + 1)  # a space of padding each side, one between
    shown, legend = list(head), []
    widths = _widths(shown, cells, numeric, whole, room)
    if widths is None and short:
        shown = [short.get(index, header) for index, header in enumerate(head)]
        widths = _widths(shown, cells, numeric, whole, room)
        legend = [f"{short[i]} = {head[i]}" for i in sorted(short) if short[i] != head[i]]
    if widths is None:
        _print_records(target, head, cells, title)
        return
    if title:  # on its own line: a table narrower than its title would wrap it
        target.print(Text(title, style="bold"), soft_wrap=False)
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1))
    for index, header in enumerate(shown):
        table.add_column(
            Text(header), width=widths[index], justify="right" if index in numeric else "left"
        )
    for row in cells:
        table.add_row(*(Text(cell) for cell in row))
    target.print(table, soft_wrap=False)
    if legend:
        target.print(Text("; ".join(legend), style="dim"), soft_wrap=False)


def _widths(
    head: Sequence[str],
    cells: list[list[str]],
    numeric: Collection[int],
    whole: Collection[int],
    room: int,
) -> list[int] | None:
    """Return the columns' widths in the room, or None when their longest words do not fit."""
    least, natural = [], []
    for index, header in enumerate(head):
        column = [row[index] for row in cells if index < len(row)]
        longest = max((len(cell) for cell in column), default=0)
        word = _longest_word([header])
        kept = index in numeric or index in whole
        least.append(max(word, longest if kept else _longest_word(column)))
        natural.append(max(word, longest, len(header) if len(header) <= 2 * word else 0))
    if sum(least) > room:
        return None
    spare = room - sum(least)
    wants = [n - m for n, m in zip(natural, least, strict=True)]
    if sum(wants) <= spare:
        return natural
    return [m + spare * w // sum(wants) for m, w in zip(least, wants, strict=True)]


def _print_records(
    target: Console, head: Sequence[str], cells: list[list[str]], title: str | None
) -> None:
    """Print each row as a block of "header: value" lines (for a terminal too narrow)."""
    if title:
        target.print(Text(title, style="bold"), soft_wrap=False)
    for row in cells:
        first = f"{head[0]}: {row[0]}" if head and row else ""
        target.print(Text(first, style="bold"), soft_wrap=False)
        for header, cell in zip(head[1:], row[1:], strict=False):
            if cell:
                target.print(Text(f"  {header}: {cell}"), soft_wrap=False)
