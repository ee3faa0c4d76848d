"""The `--help` texts of the command line in the user's language.

Typer builds the help when the commands are defined, in English (the msgids). As the command
tree is built (core.clitree: a command when it is first used), `translate_help` puts the Dutch
of each command's and option's help in its place; core.helpview prints the help with its
headings (Options, Commands, [default: ...]) in the same language. Click's own "Usage:" line
stays as it is.

Click's usage errors ("No such option: --x") are plain English f-strings in Typer, so
`translate_usage_error` recognises the common ones and gives them in lang.

The language is the one the output will have: `--lang` on the command line, else GEP_LANG
(normally nl). `help_texts` lists every help text of the tree, so that the catalogue check
(tools/messages.py) finds them although they are not gettext calls.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from gepmonitor.core.i18n import N_, fill, normalise_lang, translate

# Help of the options Typer and Click add to every command (help, shell completion).
BUILT_IN_HELP = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)

# Click's and Pydantic's usage errors as Typer words them, and our msgid for each; the named
# groups fill the placeholders ({message} is itself looked up in this list).
USAGE_ERRORS = (
    (r"Invalid value for (?P<name>.+?): (?P<message>.+)",
     N_("Invalid value for {name}: {message}")),
    (r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)",
     N_("No such option: {name} (possible options: {options})")),
    (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
    (r"Missing argument (?P<name>.+)\.", N_("Missing argument {name}.")),
    (r"Missing option (?P<name>.+)\.", N_("Missing option {name}.")),
    (r"Missing command\.", N_("Missing command.")),
    (r"No such command '(?P<name>.*)'\. Did you mean '(?P<suggestion>.*)'\?",
     N_("No such command '{name}'. Did you mean '{suggestion}'?")),
    (r"No such command '(?P<name>.*)'\.", N_("No such command '{name}'.")),
    (r"Got unexpected extra argument\(s\) \((?P<args>.*)\)",
     N_("Unexpected extra arguments: {args}")),
    (r"Input should be a valid integer.*", N_("expected a whole number")),
    (r"Input should be a valid number.*", N_("must be a number")),
    (r"Unknown language '(?P<value>.*)': choose nl or en\.",
     N_("Unknown language '{value}': choose nl or en.")),
)  # fmt: skip


def translate_usage_error(text: str, lang: str | None) -> str:
    """Return a usage error of Typer (English) in lang, as is when it is not a known one."""
    if normalise_lang(lang) == "en":
        return text
    for pattern, msgid in USAGE_ERRORS:
        match = re.fullmatch(pattern, text, re.S)
        if match:
            groups = match.groupdict()
            if "message" in groups:
                groups["message"] = translate_usage_error(groups["message"], lang)
            return fill(translate(msgid, lang), dict(groups), msgid, lang)
    return text


def help_language(argv: Sequence[str], default: str | None) -> str:
    """Return the language of the help: the last --lang of argv, else the default."""
    chosen = default
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            chosen = argv[index + 1]
        elif arg.startswith("--lang="):
            chosen = arg.partition("=")[2]
    return normalise_lang(chosen)


def translate_help(command: Any, lang: str) -> None:
    """Put the help texts of a Click command tree into lang."""
    if normalise_lang(lang) == "en":
        return
    for item in _items(command):
        for attribute in ("help", "short_help"):
            text = getattr(item, attribute, None)
            if text:
                setattr(item, attribute, translate(text, lang))


def help_texts(command: Any) -> set[str]:
    """Return every help text of a Click command tree (the msgids translate_help looks up)."""
    texts = set()
    for item in _items(command):
        for attribute in ("help", "short_help"):
            text = getattr(item, attribute, None)
            if text:
                texts.add(text)
    return texts


def _items(command: Any) -> Iterator[Any]:
    """Yield a command, its options and arguments, and those of its subcommands, depth first."""
    try:  # recent Typer ships its own copy of click
        from typer._click import Context
    except ImportError:  # pragma: no cover - older Typer uses the click package
        from click import Context  # type: ignore[assignment]

    yield command
    yield from command.params
    help_option = command.get_help_option(Context(command))
    if help_option is not None:
        yield help_option
    for sub in getattr(command, "commands", {}).values():
        yield from _items(sub)
