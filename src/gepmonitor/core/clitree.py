"""The Click command tree of `gep`, each command built when it is first used.

Typer turns a command function into a Click command by reading its signature (every option,
its type and default): for the whole of `gep`, some eighty commands, a tenth of a second.
`gep --help` shows only the names and first lines of the top-level commands, and `gep monitor`
needs only its own, so `lazy_command` builds a group with its own options and lists each of
its commands by a summary: a Click command with the name and help text and nothing to run.
The group builds the real command (Typer's own, from the same registration) when the command
is resolved: when it runs or shows its own help. A subgroup is built the same way.

Two hooks serve the help: `prepare(command)` runs on each command as it is built (to translate
its texts), and `show_help(command, ctx)`, when given, prints the help of a command of the tree
in place of Typer's printer (typer.rich_utils, slow to import: see core.helpview).
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
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
    app: typer.Typer, prepare: Prepare = _leave, show_help: ShowHelp | None = None
) -> LazyGroup:
    """Return the Click group of a Typer app, its commands built when first resolved.

    prepare(command) runs on the group and on each command built; show_help(command, ctx),
    when given, prints the help of each.
    """
    options = {
        "pretty_exceptions_short": app.pretty_exceptions_short,
        "rich_markup_mode": app.rich_markup_mode,
    }
    group = get_command(_bare(app))  # the root: its own options and the completion ones
    if not isinstance(group, LazyGroup):  # pragma: no cover - an app with a command of its own
        raise TypeError("lazy_command needs a Typer app with a callback")
    _fill(group, app, options, app.suggest_commands)
    group.prepare = prepare
    group.show_help = show_help
    prepare(group)
    return group


def _subgroup(info: TyperInfo, options: dict[str, Any], suggest: bool) -> LazyGroup:
    """Build a subgroup of the tree with its own options, its commands listed lazily."""
    assert info.typer_instance is not None
    bare = copy.copy(info)
    bare.typer_instance = _bare(info.typer_instance)
    bare.cls = LazyGroup
    group = get_group_from_info(bare, suggest_commands=suggest, **options)
    assert isinstance(group, LazyGroup)
    _fill(group, info.typer_instance, options, suggest)
    return group


def _bare(app: typer.Typer) -> typer.Typer:
    """Return a copy of a Typer app without its commands, which make a LazyGroup."""
    bare = copy.copy(app)
    bare.registered_commands = []
    bare.registered_groups = []
    bare.info = copy.copy(app.info)
    bare.info.cls = LazyGroup
    return bare


def _fill(group: LazyGroup, app: typer.Typer, options: dict[str, Any], suggest: bool) -> None:
    """Add the app's commands, then its subgroups (Typer's order), each by its summary."""
    for info in app.registered_commands:
        built = copy.copy(info)
        if built.cls in (None, TyperCommand):  # Typer's default; a class of one's own stays
            built.cls = LazyCommand
        group.add_lazy(_command_summary(info), partial(get_command_from_info, built, **options))
    for sub in app.registered_groups:
        group.add_lazy(_group_summary(sub), partial(_subgroup, sub, options, suggest))


def _command_summary(info: CommandInfo) -> TyperCommand:
    """Return a command's name and help texts as Typer's command would have them."""
    assert info.callback is not None
    text = inspect.getdoc(info.callback) if info.help is None else inspect.cleandoc(info.help)
    return TyperCommand(
        name=info.name or get_command_name(info.callback.__name__),
        help=text,
        short_help=info.short_help,
        hidden=info.hidden,
        deprecated=info.deprecated,
        rich_help_panel=info.rich_help_panel,
    )


def _group_summary(info: TyperInfo) -> TyperCommand:
    """Return a subgroup's name and help texts as Typer's group would have them."""
    solved = solve_typer_info_defaults(info)
    if not solved.name:
        raise TypeError("every subgroup of gep needs a name")
    return TyperCommand(
        name=solved.name,
        help=solved.help,
        short_help=solved.short_help,
        hidden=solved.hidden,
        deprecated=solved.deprecated,
        rich_help_panel=solved.rich_help_panel,
    )
