"""Turn report content into files: HTML through Jinja2, PDF through WeasyPrint, DOCX, XLSX, CSV."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

import polars as pl

from gepmonitor.core.errors import InputError
from gepmonitor.core.spreadsheet import escape_frame, xlsx_cell
from gepmonitor.core.templating import render


class ReportFormat(StrEnum):
    """Output formats a report can be written in."""

    PDF = "pdf"
    HTML = "html"
    XLSX = "xlsx"
    CSV = "csv"
    DOCX = "docx"


# The formats every published report comes in: PDF and HTML to publish, DOCX for the board memo.
REPORT_FORMATS = (ReportFormat.PDF, ReportFormat.HTML, ReportFormat.DOCX, ReportFormat.XLSX)
# Number formats of workbook cells. A column without its own format gets one by its values.
INTEGER = "0"
DECIMAL = "0.0"
PERCENT = "0.0%"
P_VALUE = "0.00E+00"  # p-values below 0.0001 keep their digits
DATE = "dd-mm-yyyy"
MEDIA_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.CSV: "text/csv; charset=utf-8",
}


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


def charts_for(fmt: ReportFormat) -> AbstractContextManager[None]:
    """Return the context a report's HTML is rendered in: PNG charts for a DOCX, else SVG."""
    from gepmonitor.core.charts import raster_charts

    return raster_charts() if fmt == ReportFormat.DOCX else nullcontext()


def finish(html: str, fmt: ReportFormat, footer: str = "") -> bytes:
    """Return a report's HTML as the file of the format: HTML, PDF or DOCX."""
    if fmt == ReportFormat.HTML:
        return html.encode("utf-8")
    if fmt == ReportFormat.DOCX:
        from gepmonitor.core.wordfile import html_to_docx

        return html_to_docx(html, footer)
    return html_to_pdf(html)


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
    cell_formats: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column)


def frames_to_xlsx(sheets: Mapping[str, pl.DataFrame]) -> bytes:
    """Write each frame to its own sheet of one workbook and return the bytes."""
    return sheets_to_xlsx(
        {
            name: Sheet(list(frame.columns), [list(r) for r in frame.iter_rows()])
            for name, frame in sheets.items()
        }
    )


def rows_to_xlsx(
    sheets: Mapping[str, tuple[Sequence[str], Sequence[Sequence[object]]]],
    formats: Mapping[str, dict[int, str]] | None = None,
) -> bytes:
    """Write each (header, rows) to its own sheet, numbers as numbers, and return the bytes."""
    return sheets_to_xlsx(
        {
            name: Sheet(
                list(head), [list(row) for row in rows], dict((formats or {}).get(name, {}))
            )
            for name, (head, rows) in sheets.items()
        }
    )


def default_format(value: object) -> str | None:
    """Return the number format a cell gets when its column has none: by the value's type."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return "0.0##"
    if isinstance(value, datetime | date):
        return DATE
    return None


def sheets_to_xlsx(sheets: Mapping[str, Sheet]) -> bytes:
    """Write each sheet to one workbook (numbers stay numbers) and return the bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    used: set[str] = set()
    for name, content in sheets.items():
        sheet = workbook.create_sheet(safe_sheet_name(name, used))
        sheet.append([xlsx_cell(head) for head in content.headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in content.rows:
            sheet.append([xlsx_cell(value) for value in row])
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                chosen = (
                    content.cell_formats.get((cell.row - 2, cell.column - 1))
                    or content.formats.get(cell.column - 1)
                    or default_format(cell.value)
                )
                if chosen and cell.value is not None and not isinstance(cell.value, str):
                    cell.number_format = chosen
        sheet.freeze_panes = "A2"
        if content.rows:
            sheet.auto_filter.ref = sheet.dimensions
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
    return b"\xef\xbb\xbf" + escape_frame(frame).write_csv().encode("utf-8")
