"""Helpers the recruitment commands share: dates, 'name=value' options and tables."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date

from gepmonitor.core.cliutil import console
from gepmonitor.core.cliutil import print_table as core_print_table
from gepmonitor.core.errors import InputError


def parse_day(text: str, option: str) -> date:
    """Return the date of an option, or refuse it naming the option."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise InputError(
            "{option} '{value}' is not a date; use YYYY-MM-DD.", option=option, value=text
        ) from error


def pairs(values: Sequence[str], option: str) -> dict[str, str]:
    """Return 'name=value' options as a mapping (the name as the intake wrote it)."""
    found = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name.strip():
            raise InputError(
                "{option} '{value}': write name=value, e.g. \"Samenwerken=4\".",
                option=option,
                value=value,
            )
        found[name.strip()] = rest.strip()
    return found


def print_table(head: Sequence[str], rows: Sequence[Sequence[str]], title: str = "") -> None:
    """Print a table in a terminal, or tab-separated lines when output goes to a pipe or file."""
    if not console.is_terminal:
        if title:
            sys.stdout.write(f"# {title}\n")
        sys.stdout.write("".join("\t".join(row) + "\n" for row in [head, *rows]))
        return
    core_print_table(head, rows, title=title or None)
