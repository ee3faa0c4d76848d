"""Cells that leave the system in a spreadsheet (XLSX or CSV) stay data, never formulas.

Spreadsheet programs run a cell whose text starts with ``=``, ``+``, ``-`` or ``@`` as a formula,
and a tab or carriage return in front of those can hide it (CSV injection, OWASP). Stored data
comes from imports and forms, so a unit called ``=HYPERLINK("http://…","klik")`` would be a live
link in the workbook the board downloads. Every XLSX and CSV writer passes each cell through
:func:`escape_formula`: such text gets a leading apostrophe, which every spreadsheet shows as
text. Numbers stay numbers, and text that is just a signed number (``-3``, ``+2,5%``) is left as
it is, since evaluating it gives the same number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

import polars as pl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]\d+(?:[.,]\d+)?%?")
# Control characters an XLSX file cannot hold (openpyxl refuses them with an exception).
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def escape_formula(value: object) -> object:
    """Return the value, with a leading apostrophe when it is text a spreadsheet would run."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        if _PLAIN_NUMBER.fullmatch(value):
            return value
        return "'" + value
    return value


def xlsx_cell(value: object) -> object:
    """Return a value ready for an XLSX cell: formulas escaped, illegal control characters gone."""
    if isinstance(value, str):
        value = _XLSX_ILLEGAL.sub("", value)
    return escape_formula(value)


def csv_cell(value: object) -> str:
    """Return a value as CSV cell text: empty for None, text with formulas escaped."""
    if value is None:
        return ""
    return str(escape_formula(value)) if isinstance(value, str) else str(value)


def escape_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Return the frame with every text column's formulas escaped (for Polars' CSV writer)."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.col(name).map_elements(escape_formula, return_dtype=pl.String) for name in text
    )


def rows_to_csv(headers: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """Return headers and rows as CSV text with every cell escaped."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(cell) for cell in headers])
    # The csv module writes None as an empty cell and anything else as str() does (csv_cell's
    # rule); only text that starts like a formula needs a look, which keeps exports of thousands
    # of rows fast.
    starts = FORMULA_STARTS
    writer.writerows(
        [escape_formula(c) if isinstance(c, str) and c[:1] in starts else c for c in row]
        for row in rows
    )
    return out.getvalue()
