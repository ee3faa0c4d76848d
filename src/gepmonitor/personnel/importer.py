"""Validate an HR export row by row and turn it into the canonical snapshot frame.

Every problem is collected with file, row and column; the caller writes nothing when there is
any. Personnel numbers become HMAC pseudonyms here and name columns are dropped here, so neither
reaches the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from gepmonitor.core import parsing as n
from gepmonitor.core.errors import MAX_LISTED, Problem
from gepmonitor.core.i18n import N_
from gepmonitor.core.privacy import normalise_identifier, pseudonymise
from gepmonitor.core.reader import Table
from gepmonitor.personnel.headers import (
    FIELDS,
    REQUIRED_FIELDS,
    ColumnMapping,
    MappingFile,
    map_columns,
)
from gepmonitor.personnel.schema import conform

ProgressCallback = Callable[[int, int], None]

# field -> (parser, canonical column); parsers take the cell text.
_PARSERS: dict[str, tuple[Callable[[str], object], str]] = {
    "gender": (n.parse_gender, "gender"),
    "birth": (n.parse_birth_year, "birth_year"),
    "step": (lambda raw: n.parse_int(raw, N_("step must be a whole number")), "step"),
    "fte": (n.parse_fte, "fte"),
    "is_manager": (n.parse_bool, "is_manager"),
    "contract_type": (n.parse_contract, "contract_type"),
    "banenafspraak": (n.parse_bool, "banenafspraak"),
    "hire_date": (n.parse_date, "hire_date"),
    "exit_date": (n.parse_date, "exit_date"),
    "pay": (n.parse_pay, "pay"),
}
# Rows parsed into dicts before they go into a frame (a dict a row takes ten times the memory).
FRAME_CHUNK = 10_000
# Values of an empty cell in a column the file has. A column the file lacks is unknown (null) for
# every row instead: missing is not zero, and not "no manager" either.
_DEFAULTS = {
    "fte": 1.0,
    "unit": "onbekend",
    "is_manager": False,
    "contract_type": "onbekend",
    "banenafspraak": False,
}


@dataclass
class ParsedFile:
    """The outcome of reading one file: the frame (if valid), the mapping and any problems."""

    name: str
    mapping: ColumnMapping
    frame: pl.DataFrame | None
    problems: list[Problem] = field(default_factory=list)
    row_count: int = 0
    truncated: bool = False  # more than MAX_LISTED problems; problem_count has them all
    problem_count: int = 0
    missing: list[str] = field(default_factory=list)  # optional fields without a column


def parse_personnel(
    table: Table,
    peildatum: date,
    secret: str,
    mapping_file: MappingFile | None = None,
    progress: ProgressCallback | None = None,
) -> ParsedFile:
    """Validate every row of the table and build the canonical frame when nothing is wrong."""
    mapping = map_columns(table.headers, mapping_file)
    result = ParsedFile(table.name, mapping, None, row_count=len(table.rows))
    result.missing = [f for f in FIELDS if f not in mapping.fields and f not in REQUIRED_FIELDS]
    missing = [name for name in REQUIRED_FIELDS if name not in mapping.fields]
    for name in missing:
        result.problems.append(
            Problem(
                table.name,
                table.header_line,
                name,
                None,
                N_(
                    "required column for '{field}' is missing (columns found: {headers}); "
                    "add it or map it with --mapping"
                ),
                (("field", name), ("headers", ", ".join(table.headers))),
            )
        )
    if missing:
        result.problem_count = len(result.problems)
        return result
    records: list[dict[str, object]] = []
    frames: list[pl.DataFrame] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    total = len(table.rows)
    for offset, (row, line) in enumerate(zip(table.rows, table.lines, strict=True)):
        number = normalise_identifier(_cell(row, mapping.fields["personnel_number"]))
        if number and number in seen:
            problems.append(
                Problem(
                    table.name,
                    line,
                    mapping.source_of("personnel_number"),
                    _cell(row, mapping.fields["personnel_number"]),
                    N_("duplicate personnel number (first seen in row {first_row})"),
                    (("first_row", seen[number]),),
                )
            )
        elif number:
            seen[number] = line
        record = _parse_row(row, line, table.name, mapping, problems)
        if record is not None and not problems:
            record["employee_key"] = pseudonymise(str(record.pop("_number")), secret)
            records.append(record)
            if len(records) == FRAME_CHUNK:  # a frame holds them in a fraction of the memory
                frames.append(pl.DataFrame(records, infer_schema_length=None))
                records = []
        if progress is not None and (offset % 2000 == 0 or offset == total - 1):
            progress(offset + 1, total)
    result.problem_count = len(problems)
    result.problems = problems[:MAX_LISTED]
    result.truncated = len(problems) > MAX_LISTED
    if result.problems:
        return result
    if records:
        frames.append(pl.DataFrame(records, infer_schema_length=None))
    del records
    # Diagonal: a column that is empty in one part (null) and filled in another takes the
    # filled one's type; conform gives every column its canonical type.
    frame = pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
    del frames
    frame = frame.with_columns(
        pl.lit(peildatum).alias("peildatum"), pl.lit(peildatum.year).alias("year")
    )
    result.frame = conform(frame)
    return result


def _cell(row: list[str], index: int) -> str:
    return row[index].strip() if index < len(row) else ""


def _parse_row(
    row: list[str], line: int, name: str, mapping: ColumnMapping, problems: list[Problem]
) -> dict[str, object] | None:
    record: dict[str, object] = {
        name: value if name in mapping.fields else None for name, value in _DEFAULTS.items()
    }
    ok = True

    def fail(field_name: str, raw: str, key: str, params: dict[str, object]) -> None:
        nonlocal ok
        ok = False
        problems.append(
            Problem(name, line, mapping.source_of(field_name), raw, key, tuple(params.items()))
        )

    raw_number = _cell(row, mapping.fields["personnel_number"])
    if not raw_number:
        fail("personnel_number", raw_number, N_("personnel number is missing"), {})
    record["_number"] = raw_number
    for field_name, index in mapping.fields.items():
        raw = _value(mapping, field_name, _cell(row, index))
        try:
            if field_name == "scale":
                record["scale"], record["scale_label"] = n.parse_scale(raw)
            elif field_name in _PARSERS:
                parser, column = _PARSERS[field_name]
                value = parser(raw)
                if value is not None or column not in _DEFAULTS:
                    record[column] = value
            elif field_name in ("unit", "exit_reason"):
                record[field_name] = raw or (None if field_name == "exit_reason" else "onbekend")
        except n.ValueProblem as problem:
            fail(field_name, raw, problem.msgid, problem.params)
    hire, leave = record.get("hire_date"), record.get("exit_date")
    if ok and isinstance(hire, date) and isinstance(leave, date) and leave < hire:
        fail(
            "exit_date",
            str(leave),
            N_("exit date is before the hire date ({hire})"),
            {"hire": hire},
        )
    return record if ok else None


def _value(mapping: ColumnMapping, field_name: str, raw: str) -> str:
    values = mapping.value_maps.get(field_name)
    if values:
        return values.get(raw.lower(), raw)
    return raw


def display_name(path: Path) -> str:
    """Return the name used for a file in messages."""
    return path.name
