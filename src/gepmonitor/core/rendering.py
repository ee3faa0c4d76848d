"""Turn report content into files: HTML through Jinja2, PDF through WeasyPrint, XLSX, CSV."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import polars as pl

from gepmonitor.core.errors import InputError
from gepmonitor.core.templating import render


class ReportFormat(StrEnum):
    """Output formats a report can be written in."""

    PDF = "pdf"
    HTML = "html"
    XLSX = "xlsx"
    CSV = "csv"


def parse_format(
    value: str, allowed: tuple[ReportFormat, ...] = tuple(ReportFormat)
) -> ReportFormat:
    """Return the report format named by value, or raise a clear InputError."""
    try:
        fmt = ReportFormat(value.lower())
    except ValueError:
        fmt = None
    if fmt is None or fmt not in allowed:
        raise InputError(
            "Unknown format '{value}'; choose from: {allowed}.",
            value=value,
            allowed=", ".join(allowed),
        )
    return fmt


def render_html(template_name: str, lang: str, **context: object) -> str:
    """Render a report template to a complete HTML document."""
    return render(template_name, lang, **context)


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """Render HTML (with inline SVG charts) to PDF bytes through WeasyPrint."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url or str(Path(__file__).parent)).write_pdf()


def safe_sheet_name(name: str, used: set[str]) -> str:
    """Return an Excel-safe, unique sheet name (max 31 chars, no forbidden characters)."""
    base = re.sub(r"[\[\]:*?/\\]", "-", name)[:31] or "Sheet"
    candidate, number = base, 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate.lower())
    return candidate


@dataclass
class Sheet:
    """One worksheet: a header row, data rows of plain values, number formats by column."""

    headers: list[str]
    rows: list[list[object]]
    formats: dict[int, str] = field(default_factory=dict)  # column index -> Excel format


def frames_to_xlsx(sheets: Mapping[str, pl.DataFrame]) -> bytes:
    """Write each frame to its own sheet of one workbook and return the bytes."""
    return sheets_to_xlsx(
        {
            name: Sheet(list(frame.columns), [list(r) for r in frame.iter_rows()])
            for name, frame in sheets.items()
        }
    )


def rows_to_xlsx(sheets: Mapping[str, tuple[Sequence[str], Sequence[Sequence[object]]]]) -> bytes:
    """Write each (header, rows) to its own sheet, numbers as numbers, and return the bytes."""
    return sheets_to_xlsx(
        {
            name: Sheet(list(head), [list(row) for row in rows])
            for name, (head, rows) in sheets.items()
        }
    )


def sheets_to_xlsx(sheets: Mapping[str, Sheet]) -> bytes:
    """Write each sheet to one workbook (numbers stay numbers) and return the bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    used: set[str] = set()
    for name, content in sheets.items():
        sheet = workbook.create_sheet(safe_sheet_name(name, used))
        sheet.append(content.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in content.rows:
            sheet.append(row)
        for index, number_format in content.formats.items():
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
                cell.number_format = number_format
        for index, header in enumerate(content.headers):
            values = [header] + [row[index] for row in content.rows[:200] if index < len(row)]
            width = max(len(str(v)) for v in values)
            sheet.column_dimensions[sheet.cell(1, index + 1).column_letter].width = min(
                width + 2, 60
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def frame_to_csv(frame: pl.DataFrame) -> bytes:
    """Write a frame as UTF-8 CSV (with BOM, so Dutch Excel opens it correctly)."""
    return b"\xef\xbb\xbf" + frame.write_csv().encode("utf-8")
