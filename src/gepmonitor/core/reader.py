"""Read an HR export (CSV in UTF-8 or Windows-1252 with ',' or ';', or XLSX) as text cells."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from gepmonitor.core.errors import InputError, Problem, ValidationFailedError
from gepmonitor.core.limits import ImportLimits


@dataclass
class Table:
    """The header and the data rows of a file, every cell as text."""

    name: str
    headers: list[str]
    rows: list[list[str]]
    lines: list[int] = field(default_factory=list)  # each row's line (CSV) or row (XLSX) number
    header_line: int = 1

    def __post_init__(self) -> None:
        if not self.lines:
            self.lines = list(range(self.header_line + 1, self.header_line + 1 + len(self.rows)))

    def missing(self, required: Iterable[str]) -> list[str]:
        """Return the required columns that no header names, as given (compared in lower case)."""
        present = {header.lower() for header in self.headers}
        return [column for column in required if column.lower() not in present]

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Yield each row's line number and its cells by lower-case header, stripped."""
        keys = [header.lower() for header in self.headers]
        for row, line in zip(self.rows, self.lines, strict=True):
            cells = {key: (row[i].strip() if i < len(row) else "") for i, key in enumerate(keys)}
            cells.pop("", None)  # a column without a header
            yield line, cells


@dataclass(frozen=True)
class UploadedFile:
    """A file held in memory (a web upload): its name and its bytes."""

    name: str
    data: bytes

    @property
    def suffix(self) -> str:
        """Return the file name's suffix in lower case."""
        return Path(self.name).suffix.lower()


Source = Path | UploadedFile


def read_table(
    source: Source, display_name: str | None = None, limits: ImportLimits | None = None
) -> Table:
    """Read a CSV or XLSX file; raise an InputError naming the file when it cannot be read.

    The file's size, and for a workbook what it unpacks to and the grid it spans, are checked
    against the import limits before it is parsed.
    """
    limits = limits or ImportLimits.current()
    if isinstance(source, UploadedFile):
        name, suffix, size = display_name or source.name, source.suffix, len(source.data)
    else:
        name, suffix = display_name or source.name, source.suffix.lower()
        if not source.is_file():
            raise InputError("File {file} does not exist.", file=name)
        size = source.stat().st_size
    limits.check_size(size, name)
    if suffix in (".xlsx", ".xlsm"):
        content = source.data if isinstance(source, UploadedFile) else source
        limits.check_xlsx(content, name)
        return _read_xlsx(content, name)
    if suffix in (".csv", ".txt", ""):
        data = source.data if isinstance(source, UploadedFile) else source.read_bytes()
        return _read_csv(data, name, limits)
    raise InputError(
        "{file}: file type '{suffix}' is not supported; use CSV or XLSX.", file=name, suffix=suffix
    )


def read_with_columns(path: Source, required: Iterable[str], missing_key: str) -> Table:
    """Read a file that must have the required columns; list every one that is missing."""
    if isinstance(path, Path) and not path.is_file():
        raise InputError("File {file} does not exist.", file=str(path))
    table = read_table(path)
    missing = table.missing(required)
    if missing:
        raise ValidationFailedError(
            [
                Problem(table.name, table.header_line, c, None, missing_key, (("column", c),))
                for c in missing
            ]
        )
    return table


def decode_text(data: bytes, name: str = "") -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 (Excel 'Unicode text'), else Windows-1252.

    A file that starts with a UTF-16 byte order mark but is not UTF-16 (an odd number of bytes,
    UTF-8 text behind the mark) is refused, naming the file, rather than read as garbage.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError(
                "{file}: the file starts as UTF-16 text but is not UTF-16 ({error}); save it "
                "again as 'Unicode text' or as CSV UTF-8.",
                file=name or "?",
                error=error.reason,
            ) from error
    if len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0:4:2] != b"\x00\x00":
        return data.decode("utf-16-le", errors="replace")  # UTF-16 without its byte order mark
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(data: bytes, name: str, limits: ImportLimits) -> Table:
    text = decode_text(data, name)
    delimiter = _delimiter(text)
    reader = csv.reader(text_lines(text), delimiter=delimiter)
    numbered = []
    start, cells = 1, 0
    try:
        for row in reader:
            numbered.append((start, row))  # a quoted cell may span lines: number its first
            start = reader.line_num + 1
            cells += len(row)
            if len(numbered) > limits.max_rows + 1 or len(row) > limits.max_columns:
                limits.check_grid(len(numbered) - 1, len(row), cells, name)
            if cells > limits.max_cells:
                limits.check_grid(0, 0, cells, name)
    except csv.Error as error:
        raise InputError(
            "{file}: not a readable CSV ({error}).", file=name, error=str(error)
        ) from error
    return _table(name, numbered)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def text_lines(text: str) -> Iterator[str]:
    r"""Yield the lines of text with their ends, for the csv module.

    A line ends at \n, \r or \r\n, as with io.StringIO(text, newline=""). StringIO copies the
    whole text at four bytes a character (200 MB for a 50 MB export); these lines are made one
    at a time.
    """
    for match in _LINE.finditer(text):
        line = match.group()
        if line:
            yield line


def _delimiter(text: str) -> str:
    """Return the separator Excel used: judged on the header, the first line with any text."""
    header = next((line for line in text_lines(text) if line.strip()), "")  # reads lazily
    delimiter = ";" if header.count(";") > header.count(",") else ","
    if header.count("\t") > max(header.count(";"), header.count(",")):
        delimiter = "\t"
    return delimiter


def _table(name: str, numbered: list[tuple[int, list[str]]]) -> Table:
    """Return the table of the non-blank rows, keeping each row's number in the file."""
    kept = [(line, row) for line, row in numbered if any(cell.strip() for cell in row)]
    if not kept:
        raise InputError("{file} is empty.", file=name)
    (header_line, header), body = kept[0], kept[1:]
    return Table(
        name,
        [h.strip() for h in header],
        [row for _, row in body],
        [line for line, _ in body],
        header_line,
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(source: Path | bytes, name: str) -> Table:
    import fastexcel

    try:
        reader = fastexcel.read_excel(source if isinstance(source, bytes) else str(source))
        sheet = reader.load_sheet(0, header_row=None)
        frame = sheet.to_polars()
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as error:  # noqa: BLE001 - fastexcel's errors, even a Rust panic
        raise InputError(
            "{file}: not a readable Excel file ({error}).", file=name, error=str(error)[:300]
        ) from error
    del reader, sheet  # the workbook's parsed sheet: only the frame is needed now
    if frame.height == 0:
        raise InputError("{file} is empty.", file=name)
    # Row by row (frame.rows() would hold every row as a tuple of Python values at once, next
    # to the text rows made from them).
    numbered = [
        (index, [_cell_text(v) for v in row])
        for index, row in enumerate(frame.iter_rows(buffer_size=2048), start=1)
    ]
    del frame
    return _table(name, numbered)
