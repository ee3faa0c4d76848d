"""Commands of the recruitment module: the vacancy text checker and the appointments register."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from gepmonitor.cliutil import console, state
from gepmonitor.core.errors import InputError
from gepmonitor.recruitment.textcheck.check import check_text
from gepmonitor.recruitment.textcheck.output import highlight_html, result_to_dict, result_to_text
from gepmonitor.recruitment.textcheck.readers import read_document, read_path


def check_vacancy_command(
    file: str = typer.Argument(..., help="Vacancy text: .txt, .docx, .pdf, .html, or - for stdin."),
    lang: str = typer.Option(
        None, "--lang", help="Language of the text: nl or en (default: detected)."
    ),
    fmt: str = typer.Option("text", "--format", help="text, json or html."),
) -> None:
    """Check a vacancy text for gender-coded words, exclusionary phrasing and readability."""
    if fmt not in ("text", "json", "html"):
        raise InputError("report.bad_format", value=fmt, allowed="text, json, html")
    from_stdin = file == "-"
    text = read_document(sys.stdin.buffer.read(), "-") if from_stdin else read_path(Path(file))
    result = check_text(text, lang)
    if fmt == "json":
        sys.stdout.write(json.dumps(result_to_dict(result), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "html":
        sys.stdout.write(highlight_html(result) + "\n")
    else:
        console.print(result_to_text(result, state.language), highlight=False, markup=False)


def register(app: typer.Typer, import_app: typer.Typer, report_app: typer.Typer) -> None:
    """Add this module's commands to the gep command."""
    app.command("check-vacancy")(check_vacancy_command)
