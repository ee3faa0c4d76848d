"""Commands of operations: `gep doctor`."""

from __future__ import annotations

import os

import typer
from rich.text import Text

from gepmonitor.core.cliutil import console, err_console, state
from gepmonitor.core.i18n import gettext

# Each finding's mark and its colour (the consoles read no markup in the texts they print).
MARKS = {"ok": ("OK  ", "green"), "warn": ("WARN", "yellow"), "fail": ("FAIL", "red")}


def _line(level: str, text: str) -> Text:
    """Return a finding as a line: its coloured mark, then the text as it is."""
    mark, colour = MARKS[level]
    return Text.assemble((mark, colour), " ", text)


def doctor() -> None:
    """Check settings, keys, file modes, database, migrations, PDF fonts and single sign-on."""
    from pydantic import ValidationError

    from gepmonitor.core.config import Settings
    from gepmonitor.ops.doctor import diagnose

    lang = state.lang or os.environ.get("GEP_LANG", "nl")
    try:
        settings = Settings()
    except ValidationError as error:
        for item in error.errors():
            name = "GEP_" + "_".join(str(part) for part in item["loc"]).upper()
            err_console.print(_line("fail", f"{name}: {item['msg']}"), highlight=False)
        err_console.print(gettext("Fix the settings above (docs/settings.md).", lang))
        raise typer.Exit(1) from None
    findings = diagnose(settings)
    for finding in findings:
        console.print(_line(finding.level, finding.render(lang)), highlight=False)
    failures = sum(1 for finding in findings if finding.level == "fail")
    warnings = sum(1 for finding in findings if finding.level == "warn")
    console.print(
        gettext(
            "Problems: {failures}, warnings: {warnings}.",
            lang,
            failures=failures,
            warnings=warnings,
        )
    )
    if failures:
        raise typer.Exit(1)


def register(app: typer.Typer, import_app: typer.Typer, report_app: typer.Typer) -> None:
    """Add this module's commands to the gep command."""
    app.command("doctor")(doctor)
