"""Commands that read or write files: the past-year log import, the report and infographic."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from gepmonitor.core.cliutil import (
    cli_actor,
    console,
    language_option,
    lazy_module,
    state,
    write_output,
)
from gepmonitor.core.errors import InputError
from gepmonitor.core.i18n import gettext as _t
from gepmonitor.core.i18n import ngettext

if TYPE_CHECKING:
    from gepmonitor.safety import importer
else:
    importer = lazy_module("gepmonitor.safety.importer")


def import_conversations_command(
    file: Path = typer.Argument(..., help="CSV: counsellor,date,track,themes,person,..."),
) -> None:
    """Import a past year's conversation log; all rows or none."""
    with state.session() as session:
        count = importer.import_conversations(
            session, state.settings, state.organisation(session), file, actor=cli_actor()
        )
    console.print(
        ngettext(
            "{count} row imported.", "{count} rows imported.", count, state.language, count=count
        )
    )


def report_integrity_command(
    year: int = typer.Option(..., "--year"),
    fmt: str = typer.Option("pdf", "--format", help="pdf, html or xlsx."),
    output: Path = typer.Option(None, "--output", "-o"),
    exact: bool = typer.Option(False, "--exact", help="Exact small counts (not to publish)."),
    language: str | None = language_option(),
) -> None:
    """Write the integrity and social-safety annual report (small counts suppressed)."""
    from gepmonitor.core.rendering import ReportFormat, parse_format
    from gepmonitor.safety.report import build_integrity_report

    report_format = parse_format(fmt, (ReportFormat.PDF, ReportFormat.HTML, ReportFormat.XLSX))
    with state.session() as session:
        data = build_integrity_report(
            session,
            state.settings,
            state.organisation(session),
            year,
            state.language,
            report_format,
            exact=exact,
        )
    target = output or Path(
        f"gep-integriteit-{state.org_slug}-{year}-{state.language}.{report_format}"
    )
    write_output(target, data)
    console.print(_t("Report written: {path}", state.language, path=str(target)))


def report_infographic_command(
    year: int = typer.Option(..., "--year"),
    fmt: str = typer.Option("png", "--format", help="png, svg or pdf."),
    output: Path = typer.Option(None, "--output", "-o"),
    exact: bool = typer.Option(False, "--exact", help="Exact small counts (not to publish)."),
    language: str | None = language_option(),
) -> None:
    """Draw the one-page infographic of the annual report."""
    from gepmonitor.safety.infographic import render_infographic
    from gepmonitor.safety.report import gather

    if fmt not in ("png", "svg", "pdf"):
        raise InputError(
            "Unknown format '{value}'; choose from: {allowed}.", value=fmt, allowed="png, svg, pdf"
        )
    with state.session() as session:
        report = gather(
            session,
            state.organisation(session),
            year,
            state.language,
            state.settings.min_cell,
            exact=exact,
        )
    target = output or Path(f"gep-infographic-{state.org_slug}-{year}-{state.language}.{fmt}")
    write_output(target, render_infographic(report, state.language, fmt))
    console.print(_t("Report written: {path}", state.language, path=str(target)))
