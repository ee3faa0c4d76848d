"""The help of a `gep` command, printed with Rich in the user's language.

Typer prints help through typer.rich_utils, which imports Rich's Markdown renderer and with it
markdown-it and Pygments, for texts that hold no Markdown: a quarter of the time `gep --help`
took. The commands of the tree (core.clitree) print their help here instead, in the same
layout: the usage line; the help text, its first paragraph plain and the rest dimmed; then
panels of arguments, options and commands. An option's row holds its names, its type (none
for a flag, which takes no value), its help and, dimmed, its environment variable, default
and whether it is required. Headings and those marks are in the user's language; the help
texts themselves were translated when the command was built (clihelp.translate_help).
Texts are never read as Rich markup.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from enum import Enum
from typing import Any

from rich.columns import Columns
from rich.console import Console, Group, RenderableType
from rich.highlighter import RegexHighlighter
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from gepmonitor.core.i18n import N_, translate


class _Names(RegexHighlighter):
    """Colours option names, short switches, <types> and 'Usage:' in a help text."""

    highlights = [  # Rich reads this class attribute
        r"(^|\W)(?P<switch>-\w+)(?![\w-])",
        r"(^|\W)(?P<option>--[\w-]+)(?![\w-])",
        r"(?P<types><[^>]+>)",
        r"(?P<usage>Usage: )",
    ]


_THEME = Theme(
    {
        "option": "bold cyan",
        "switch": "bold green",
        "types": "bold yellow",
        "usage": "yellow",
        "negative": "bold magenta",
    }
)
_NAMES = _Names()


def print_help(command: Any, ctx: Any, lang: str) -> None:
    """Print the help of a Click command (Typer's) or group to standard output."""
    console = Console(theme=_THEME, highlighter=_NAMES)
    console.print(Padding(_NAMES(command.get_usage(ctx)), 1), style="bold")
    if command.help:
        console.print(Padding(Group(*_help_text(command.help)), (0, 1, 1, 1)))
    params = [param for param in command.get_params(ctx) if not getattr(param, "hidden", False)]
    arguments = [param for param in params if param.param_type_name == "argument"]
    options = [param for param in params if param.param_type_name != "argument"]
    for title, group in ((N_("Arguments"), arguments), (N_("Options"), options)):
        if group:
            console.print(_panel(translate(title, lang), _param_table(group, ctx, lang)))
    commands = _listed_commands(command, ctx)
    if commands:
        console.print(_panel(translate(N_("Commands"), lang), _command_table(commands)))
    if command.epilog:
        console.print(Padding(_NAMES(Text(inspect.cleandoc(command.epilog))), 1))


def _help_text(text: str) -> list[Text]:
    """Return a command's help: its first paragraph on one line, the others dimmed."""
    first, *rest = inspect.cleandoc(text).partition("\f")[0].split("\n\n")
    lines = [_NAMES(Text(first.replace("\n", " ").strip()))]
    if rest:
        lines += [Text(""), _NAMES(Text("\n\n".join(rest), style="dim"))]
    return lines


def _panel(title: str, table: Table) -> Panel:
    return Panel(table, border_style="dim", title=title, title_align="left")


def _param_table(params: Sequence[Any], ctx: Any, lang: str) -> Table:
    """Return the rows of arguments or options; a '*' column when one is required."""
    table = Table(show_header=False, expand=True, box=None, pad_edge=False, padding=(0, 1))
    marked = any(param.required for param in params)
    for param in params:
        row = _param_row(param, ctx, lang)
        if marked:
            row.insert(0, Text("*", style="red") if param.required else Text(""))
        table.add_row(*row)
    return table


def _param_row(param: Any, ctx: Any, lang: str) -> list[RenderableType]:
    """Return an argument's or option's cells: names, negative names, type, help."""
    shown = None
    if param.param_type_name == "argument":
        shown = param.metavar or param.name
        if param.metavar is None and param.nargs != 1:
            shown += "..."
    names: dict[str, list[str]] = {"long": [], "short": [], "not_long": [], "not_short": []}
    for key, opts in (("", param.opts), ("not_", param.secondary_opts)):
        for opt in opts:
            names[key + ("long" if "--" in opt else "short")].append(
                opt if "--" in opt or shown is None else shown
            )
    kind = "" if getattr(param, "is_flag", False) else _type_of(param, ctx)
    return [
        Text(",".join(names["long"]), style="option"),
        Text(",".join(names["short"]), style="switch" if shown is None else ""),
        Text(",".join(names["not_long"]), style="negative"),
        Text(",".join(names["not_short"]), style="negative"),
        _type_text(kind),
        Columns(_param_help(param, ctx, lang)),
    ]


def _type_of(param: Any, ctx: Any) -> str:
    """Return an option's type as Typer names it ('<int>'), with its range if it has one."""
    display = getattr(param, "display_type", None)
    kind = display(ctx) if display is not None else ""
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        kind += f" [{low}<=x<={high}]"
    elif low is not None:
        kind += f" [x>={low}]"
    elif high is not None:
        kind += f" [x<={high}]"
    return kind


def _type_text(kind: str) -> Text:
    text = Text(kind, style="types", overflow="fold")
    for index, char in enumerate(kind):
        if char in "<>[]|":
            text.stylize("dim", index, index + 1)
    return text


def _param_help(param: Any, ctx: Any, lang: str) -> list[Text]:
    """Return the help of an argument or option, then its variable, default and 'required'."""
    items = []
    if getattr(param, "help", None):
        paragraphs = [part.replace("\n", " ").strip() for part in param.help.split("\n\n")]
        items.append(_NAMES(Text("\n".join(paragraphs).strip())))
    envvar = getattr(param, "envvar", None)
    if envvar and getattr(param, "show_envvar", False):
        variables = envvar if isinstance(envvar, str) else ", ".join(map(str, envvar))
        mark = translate(N_("[env var: {}]"), lang)
        items.append(Text(mark.replace("{}", variables), style="dim yellow"))
    default = _default_of(param, ctx)
    if default:
        mark = translate(N_("[default: {}]"), lang)
        items.append(Text(mark.replace("{}", default), style="dim"))
    if param.required:
        items.append(Text(translate(N_("[required]"), lang), style="dim red"))
    return items


def _default_of(param: Any, ctx: Any) -> str:
    """Return the default an option shows in its help ('' for none, or for an unset flag)."""
    if not (getattr(param, "show_default", False) or ctx.show_default):
        return ""
    resilient, ctx.resilient_parsing = ctx.resilient_parsing, True
    try:  # resilient: a default is shown as given, not converted
        value = param.get_default(ctx, call=False)
    finally:
        ctx.resilient_parsing = resilient
    if value is None or (getattr(param, "is_flag", False) and not value):
        return ""
    if callable(value):
        return "(dynamic)"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return str(value)


def _listed_commands(command: Any, ctx: Any) -> list[Any]:
    """Return a group's commands that are listed in its help (none for a command)."""
    names = command.list_commands(ctx) if hasattr(command, "list_commands") else []
    listed = [command.get_command(ctx, name) for name in names]
    return [sub for sub in listed if sub is not None and not sub.hidden]


def _command_table(commands: Sequence[Any]) -> Table:
    """Return the rows of a group's commands: name and the first paragraph of its help."""
    table = Table(show_header=False, expand=True, box=None, pad_edge=False, padding=(0, 1))
    table.add_column(style="bold cyan", no_wrap=True, width=max(len(c.name) for c in commands))
    table.add_column(justify="left", no_wrap=False, ratio=10)
    for sub in commands:
        first = inspect.cleandoc(sub.short_help or sub.help or "").split("\n\n")[0]
        table.add_row(Text(sub.name), _NAMES(Text(first.strip())))
    return table
