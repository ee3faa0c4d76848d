"""The Click command tree of `gep`, each command built when it is first used.

Typer turns a command function into a Click command by reading its signature (every option,
its type and default): for the whole of `gep`, some eighty commands, a tenth of a second.
`gep --help` shows only the names and first lines of the top-level commands, and `gep monitor`
needs only its own, so `lazy_command` builds a group with its own options and lists each of
its commands by a summary: a Click command with the name and help text and nothing to run.
The group builds the real command (Typer's own, from the same registration) when the command
is resolved: when it runs or shows its own help. A subgroup is built the same way.

A group can also list commands that are registered elsewhere (`extras`: a listing and a
function that returns the Typer registration when the command is built): `gep` lists the
capabilities' commands from cli_index.json and imports a capability's CLI module only then.

Two hooks serve the help: `prepare(command)` runs on each command as it is built (to translate
its texts), and `show_help(command, ctx)`, when given, prints the help of a command of the tree
in place of Typer's printer (typer.rich_utils, slow to import: see core.helpview).
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import (
    get_command,
    get_command_from_info,
    get_command_name,
    get_group_from_info,
    solve_typer_info_defaults,
)
from typer.models import CommandInfo, TyperInfo

Prepare = Callable[[Any], None]
ShowHelp = Callable[[Any, Any], None]


def _leave(_command: Any) -> None:
    """Prepare nothing (the default)."""


class LazyCommand(TyperCommand):
    """A command of the tree: its help is printed by the tree's show_help, if it has one."""

    show_help: ShowHelp | None = None

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """Print the help with show_help, or as Typer does."""
        if self.show_help is None:
            super().format_help(ctx, formatter)
        else:
            self.show_help(self, ctx)


class LazyGroup(TyperGroup):
    """A Typer group whose commands are summaries until one is resolved, then built."""

    show_help: ShowHelp | None = None

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.builders: dict[str, Callable[[], Any]] = {}
        self.prepare: Prepare = _leave

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """Print the help with show_help, or as Typer does."""
        if self.show_help is None:
            super().format_help(ctx, formatter)
        else:
            self.show_help(self, ctx)

    def add_lazy(self, summary: Any, build: Callable[[], Any]) -> None:
        """List a command by its summary; build(), when it is first resolved, gives the real one."""
        self.commands[summary.name] = summary
        self.builders[summary.name] = build

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        """Resolve the command to run (or to show the help of), building it first."""
        name, command, rest = super().resolve_command(ctx, args)
        if name is not None and name in self.builders:
            command = self.load(name)
        return name, command, rest

    def load(self, name: str) -> Any:
        """Return the real command called name, built and prepared on first use."""
        build = self.builders.pop(name, None)
        if build is not None:
            command = build()
            command.show_help = self.show_help
            if isinstance(command, LazyGroup):
                command.prepare = self.prepare
            self.prepare(command)
            self.commands[name] = command
        return self.commands[name]


def lazy_command(
    app: typer.Typer,
    prepare: Prepare = _leave,
    show_help: ShowHelp | None = None,
    extras: Extras | None = None,
) -> LazyGroup:
    """Return the Click group of a Typer app, its commands built when first resolved.

    prepare(command) runs on the group and on each command built; show_help(command, ctx),
    when given, prints the help of each. extras adds commands to the group at a path (() for
    the root, ("import",) for `gep import`) by their listing and a function that returns
    their Typer registration, called when the command is first resolved.
    """
    options = {
        "pretty_exceptions_short": app.pretty_exceptions_short,
        "rich_markup_mode": app.rich_markup_mode,
    }
    group = get_command(_bare(app))  # the root: its own options and the completion ones
    if not isinstance(group, LazyGroup):  # pragma: no cover - an app with a command of its own
        raise TypeError("lazy_command needs a Typer app with a callback")
    _fill(group, app, _Tree(options, app.suggest_commands, extras or {}), ())
    group.prepare = prepare
    group.show_help = show_help
    prepare(group)
    return group


def load_all(group: LazyGroup) -> LazyGroup:
    """Build every command of the group and of its subgroups (for tools and tests)."""
    for name in list(group.builders):
        command = group.load(name)
        if isinstance(command, LazyGroup):
            load_all(command)
    return group


@dataclass(frozen=True)
class Listing:
    """How a group lists a command before it is built: its kind, name and help texts."""

    kind: str  # "command" or "group"
    name: str
    help: str | None
    short_help: str | None = None
    hidden: bool = False


Registration = CommandInfo | TyperInfo
Extras = Mapping[tuple[str, ...], Sequence[tuple[Listing, Callable[[], Registration]]]]


def listings(app: typer.Typer) -> list[tuple[Listing, Registration]]:
    """Return the commands, then the subgroups, registered on a Typer app, with their listings."""
    found: list[tuple[Listing, Registration]] = []
    for info in app.registered_commands:
        assert info.callback is not None
        text = inspect.getdoc(info.callback) if info.help is None else inspect.cleandoc(info.help)
        name = info.name or get_command_name(info.callback.__name__)
        found.append((Listing("command", name, text, info.short_help, info.hidden), info))
    for sub in app.registered_groups:
        solved = solve_typer_info_defaults(sub)
        if not solved.name:
            raise TypeError("every subgroup of gep needs a name")
        found.append(
            (Listing("group", solved.name, solved.help, solved.short_help, solved.hidden), sub)
        )
    return found


@dataclass(frozen=True)
class _Tree:
    """What every group of one tree shares: Typer's options and the extra commands."""

    options: dict[str, Any]
    suggest: bool
    extras: Extras


def _fill(group: LazyGroup, app: typer.Typer, tree: _Tree, path: tuple[str, ...]) -> None:
    """List the app's and the extra commands of path, then its subgroups (Typer's order)."""
    entries: list[tuple[Listing, Callable[[], Registration]]] = [
        (listing, partial(_given, info)) for listing, info in listings(app)
    ]
    entries += tree.extras.get(path, ())
    for kind in ("command", "group"):
        for listing, source in entries:
            if listing.kind == kind:
                build = partial(_build, listing.kind, source, tree, (*path, listing.name))
                group.add_lazy(_summary(listing), build)


def _given(info: Registration) -> Registration:
    return info


def _build(
    kind: str, source: Callable[[], Registration], tree: _Tree, path: tuple[str, ...]
) -> Any:
    """Build a command (Typer's, as LazyCommand) or a subgroup (a LazyGroup) of the tree."""
    info = source()
    if kind == "group":
        assert isinstance(info, TyperInfo)
        return _subgroup(info, tree, path)
    assert isinstance(info, CommandInfo)
    built = copy.copy(info)
    if built.cls in (None, TyperCommand):  # Typer's default; a class of one's own stays
        built.cls = LazyCommand
    return get_command_from_info(built, **tree.options)


def _subgroup(info: TyperInfo, tree: _Tree, path: tuple[str, ...]) -> LazyGroup:
    """Build a subgroup of the tree with its own options, its commands listed lazily."""
    assert info.typer_instance is not None
    bare = copy.copy(info)
    bare.typer_instance = _bare(info.typer_instance)
    bare.cls = LazyGroup
    group = get_group_from_info(bare, suggest_commands=tree.suggest, **tree.options)
    assert isinstance(group, LazyGroup)
    _fill(group, info.typer_instance, tree, path)
    return group


def _bare(app: typer.Typer) -> typer.Typer:
    """Return a copy of a Typer app without its commands, which make a LazyGroup."""
    bare = copy.copy(app)
    bare.registered_commands = []
    bare.registered_groups = []
    bare.info = copy.copy(app.info)
    bare.info.cls = LazyGroup
    return bare


def _summary(listing: Listing) -> TyperCommand:
    """Return the stand-in a group lists until the command is built: its name and help."""
    return TyperCommand(
        name=listing.name,
        help=listing.help,
        short_help=listing.short_help,
        hidden=listing.hidden,
    )
