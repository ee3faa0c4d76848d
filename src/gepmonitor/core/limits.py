"""Limits on imported files, checked before they are parsed, so no file can exhaust memory.

An XLSX file is a zip of XML: a few megabytes can declare hundreds of megabytes of XML, or one
cell at row 1,048,576 and column XFD, which a spreadsheet reader turns into a dense grid of
seventeen billion cells. So before a workbook is parsed, its zip directory is checked against
the uncompressed limit, and its sheets' XML is streamed (never held whole) to find how many rows
and columns the grid would have. A CSV file is checked for its size before it is decoded and for
rows, columns and cells while it is read. The limits are settings (docs/settings.md).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from gepmonitor.core.errors import InputError
from gepmonitor.core.i18n import N_

CHUNK = 1 << 20


TOO_MANY_ROWS = N_("{file} has more than {limit} rows; split it or raise {setting}.")
TOO_MANY_COLUMNS = N_("{file} has more than {limit} columns; split it or raise {setting}.")
TOO_MANY_CELLS = N_("{file} has more than {limit} cells; split it or raise {setting}.")


@dataclass(frozen=True)
class ImportLimits:
    """The most an imported file may hold."""

    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 200_000
    max_columns: int = 500
    max_cells: int = 3_000_000
    max_uncompressed: int = 300 * 1024 * 1024

    @classmethod
    def current(cls) -> ImportLimits:
        """Return the limits of the settings (GEP_IMPORT_MAX_*)."""
        from gepmonitor.core.config import get_settings

        settings = get_settings()
        return cls(
            max_bytes=settings.import_max_bytes,
            max_rows=settings.import_max_rows,
            max_columns=settings.import_max_columns,
            max_cells=settings.import_max_cells,
            max_uncompressed=settings.import_max_uncompressed_bytes,
        )

    def check_size(self, size: int, name: str) -> None:
        """Refuse a file larger than max_bytes."""
        if size > self.max_bytes:
            raise InputError(
                "{file} is larger than {limit} MB; split it or raise GEP_IMPORT_MAX_BYTES.",
                file=name,
                limit=self.max_bytes // (1024 * 1024),
            )

    def check_grid(self, rows: int, columns: int, cells: int, name: str) -> None:
        """Refuse a table with more rows, columns or cells than allowed."""
        for count, limit, setting, message in (
            (rows, self.max_rows, "GEP_IMPORT_MAX_ROWS", TOO_MANY_ROWS),
            (columns, self.max_columns, "GEP_IMPORT_MAX_COLUMNS", TOO_MANY_COLUMNS),
            (cells, self.max_cells, "GEP_IMPORT_MAX_CELLS", TOO_MANY_CELLS),
        ):
            if count > limit:
                raise InputError(message, file=name, limit=limit, setting=setting)

    def check_zip(self, source: Path | bytes, name: str) -> zipfile.ZipFile:
        """Return the zip archive after checking what it declares to hold when unpacked."""
        try:
            archive = zipfile.ZipFile(source if isinstance(source, Path) else io.BytesIO(source))
        # NotImplementedError: a directory entry that asks for a newer zip version (make fuzz
        # case 6435: one flipped byte made it 'zip file version 17.0').
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
            raise InputError(
                "{file}: not a readable Excel file ({error}).", file=name, error=str(error)
            ) from error
        total = sum(member.file_size for member in archive.infolist())
        if total > self.max_uncompressed or len(archive.infolist()) > 10_000:
            archive.close()
            raise InputError(
                "{file} unpacks to more than {limit} MB; it cannot be imported (raise "
                "GEP_IMPORT_MAX_UNCOMPRESSED_BYTES if it is genuine).",
                file=name,
                limit=self.max_uncompressed // (1024 * 1024),
            )
        return archive

    def check_xlsx(self, source: Path | bytes, name: str) -> None:
        """Refuse a workbook whose zip or whose sheets' grid is beyond the limits."""
        with self.check_zip(source, name) as archive:
            for member in archive.infolist():
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(
                    ".xml"
                ):
                    rows, columns, cells = _sheet_grid(archive, member, name)
                    # The first row is the header, as in a CSV: max_rows counts data rows.
                    data_rows = max(rows - 1, 0)
                    self.check_grid(data_rows, columns, max(cells, rows * columns), name)


class _Grid:
    """Counts a sheet's rows, widest row and cells from its XML start tags (expat, streaming)."""

    def __init__(self) -> None:
        self.rows = self.columns = self.cells = 0
        self._row = self._in_row = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        local = tag.rsplit(":", 1)[-1]
        if local == "row":
            self._row = _number(attributes.get("r"), self._row + 1)
            self.rows = max(self.rows, self._row)
            self._in_row = 0
        elif local == "c":
            self.cells += 1
            reference = attributes.get("r", "")
            letters = reference.rstrip("0123456789")
            if letters and letters.isascii() and letters.isalpha() and len(letters) <= 3:
                self._in_row = _column_number(letters.upper())
                digits = reference[len(letters) :]
                self._row = _number(digits, self._row)
                self.rows = max(self.rows, self._row)
            else:
                self._in_row += 1
            self.columns = max(self.columns, self._in_row)


def _number(text: str | None, default: int) -> int:
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 9 else default


def _refuse_doctype(*_args: object) -> None:
    raise ValueError("a worksheet may not declare a DOCTYPE")


def _sheet_grid(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str
) -> tuple[int, int, int]:
    """Return the rows and columns of the grid a sheet spans, and its cell count."""
    grid = _Grid()
    parser = expat.ParserCreate()
    parser.StartElementHandler = grid.start
    parser.StartDoctypeDeclHandler = _refuse_doctype
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError) as error:
        raise InputError(
            "{file}: not a readable Excel file ({error}).", file=name, error=str(error)
        ) from error
    except expat.ExpatError as error:
        raise InputError(
            "{file}: not a readable Excel file ({error}).", file=name, error=str(error)
        ) from error
    return grid.rows, grid.columns, grid.cells


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number
