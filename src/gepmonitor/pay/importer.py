"""Validate a pay export row by row: pay, paid hours and components of each worker in a year.

Every problem of every row is collected (file, row, column as the file spells it, value); the
caller writes nothing when there is any. Personnel numbers become the same HMAC pseudonyms as in
the personnel import, so a worker's gender, category, birth year, hire date and FTE can come from
that year's personnel snapshot when the file does not give them; names are never read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial

import polars as pl

from gepmonitor.core import parsing as n
from gepmonitor.core.errors import Checks, InputError, Problem, raise_problems, row_problems
from gepmonitor.core.privacy import normalise_identifier, pseudonymise
from gepmonitor.core.reader import Table
from gepmonitor.personnel.headers import NAME_HEADERS, MappingFile, normalise_header

# field -> header spellings (compared after normalise_header)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "personnel_number": (
        "personeelsnummer",
        "personeelsnr",
        "persnr",
        "medewerkernummer",
        "registratienummer",
        "personnel number",
        "employee id",
        "employee number",
        "id",
    ),
    "hours": ("betaalde uren", "uren", "paid hours", "hours paid", "hours"),
    "basic": (
        "basissalaris",
        "bruto basissalaris",
        "jaarsalaris",
        "basic pay",
        "basic salary",
        "base pay",
    ),
    "gender": ("geslacht", "gender", "sekse", "sex", "m/v"),
    "scale": ("schaal", "salarisschaal", "functieschaal", "scale", "salary scale", "grade"),
    "function_group": ("functiegroep", "functiefamilie", "function group", "job group"),
    "birth": ("geboortejaar", "geboortedatum", "birth year", "year of birth", "date of birth"),
    "hire_date": ("datum in dienst", "indienstdatum", "in dienst", "hire date", "start date"),
    "fte": ("fte", "deeltijdfactor", "deeltijdpercentage", "part-time factor"),
}
# Headers read as complementary or variable components (art. 3): all pay beyond the basic wage.
COMPONENTS = (
    "toelagen",
    "toeslagen",
    "toelage",
    "eindejaarsuitkering",
    "vakantiegeld",
    "vakantietoeslag",
    "ikb",
    "individueel keuzebudget",
    "bonus",
    "gratificatie",
    "overwerk",
    "onregelmatigheidstoeslag",
    "allowances",
    "allowance",
    "overtime",
    "holiday pay",
    "end of year bonus",
    "variable pay",
)
FIELDS = (*SYNONYMS, "component")
REQUIRED = ("personnel_number", "hours", "basic")

_LOOKUP = {normalise_header(s): name for name, spellings in SYNONYMS.items() for s in spellings}
_COMPONENTS = {normalise_header(s) for s in COMPONENTS}
_NAMES = {normalise_header(s) for s in NAME_HEADERS}


@dataclass
class PayColumns:
    """Which header feeds which field, which headers are components, what was left out."""

    fields: dict[str, str] = field(default_factory=dict)  # field -> header as in the file
    components: list[str] = field(default_factory=list)
    dropped_names: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def category_kind(self) -> str:
        """Return 'scale' or 'function' (a function group column and no scale column)."""
        if "scale" not in self.fields and "function_group" in self.fields:
            return "function"
        return "scale"


def map_pay_columns(headers: list[str], mapping: MappingFile | None = None) -> PayColumns:
    """Decide which column feeds which field; component columns by name or by the mapping."""
    explicit = {normalise_header(k): v for k, v in (mapping or MappingFile()).columns.items()}
    result = PayColumns()
    for header in headers:
        key = normalise_header(header)
        if not key:
            continue
        target = explicit.get(key) or _LOOKUP.get(key)
        if target is None and key in _COMPONENTS:
            target = "component"
        if key in _NAMES and key not in explicit:
            result.dropped_names.append(header)
        elif target == "component":
            result.components.append(header)
        elif target is None or target == "ignore" or target in result.fields:
            result.ignored.append(header)
        else:
            result.fields[target] = header
    return result


@dataclass(frozen=True)
class Person:
    """What the personnel snapshot knows of a worker."""

    gender: str
    scale_label: str
    birth_year: int | None
    hire_date: date | None
    fte: float | None


@dataclass
class ParsedPay:
    """The valid rows as a frame, the warnings, and how the columns were read."""

    frame: pl.DataFrame
    columns: PayColumns
    warnings: list[Problem]
    from_snapshot: int  # rows that took at least one field from the snapshot


FRAME_SCHEMA: dict[str, pl.DataType] = {
    "employee_key": pl.String(),
    "gender": pl.String(),
    "category": pl.String(),
    "birth_year": pl.Int32(),
    "hire_date": pl.Date(),
    "fte": pl.Float64(),
    "hours": pl.Float64(),
    "basic": pl.Float64(),
    "complementary": pl.Float64(),
    "components": pl.String(),
}


def parse_pay_table(
    table: Table,
    year: int,
    secret: str,
    people: Mapping[str, Person],
    *,
    peildatum: date | None,
    mapping: MappingFile | None = None,
) -> ParsedPay:
    """Check every row; raise ValidationFailedError listing every problem, else the frame."""
    columns = map_pay_columns(table.headers, mapping)
    _require_columns(table, columns)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    rows: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    from_snapshot = 0
    where: date | str = peildatum if peildatum else str(year)
    for line, lower in table.records():
        cells = {header: lower.get(header.lower(), "") for header in table.headers if header}
        checks = Checks()
        reader = _RowReader(cells, columns, checks)
        number = reader.number(seen, line)
        key = pseudonymise(number, secret) if number else ""
        person = people.get(key) if key else None
        row = reader.values(person, where)
        problems += row_problems(table.name, line, cells, checks.errors)
        warnings += [
            Problem(table.name, line, column, value, text, params)
            for column, value, text, params in reader.warnings
        ]
        if row is not None and not checks.errors:
            row["employee_key"] = key
            rows.append(row)
            from_snapshot += reader.used_snapshot
    raise_problems(problems)
    frame = pl.DataFrame(rows, schema=FRAME_SCHEMA) if rows else pl.DataFrame(schema=FRAME_SCHEMA)
    return ParsedPay(frame, columns, warnings, from_snapshot)


def _require_columns(table: Table, columns: PayColumns) -> None:
    """Raise a problem for each required column no header feeds."""
    problems = [
        Problem(
            table.name,
            table.header_line,
            name,
            None,
            "Required column for '{field}' is missing (columns found: {headers}); add it or "
            "map it with --mapping.",
            (("field", name), ("headers", ", ".join(table.headers))),
        )
        for name in REQUIRED
        if name not in columns.fields
    ]
    raise_problems(problems)


Warning = tuple[str, str, str, tuple[tuple[str, object], ...]]


class _RowReader:
    """Reads one row's cells into checked values, recording errors and warnings."""

    def __init__(self, cells: dict[str, str], columns: PayColumns, checks: Checks) -> None:
        self.cells = cells
        self.columns = columns
        self.checks = checks
        self.warnings: list[Warning] = []
        self.used_snapshot = False

    def cell(self, name: str) -> str:
        header = self.columns.fields.get(name)
        return self.cells.get(header, "").strip() if header else ""

    def attempt(self, name: str, parse: Callable[[str], object]) -> object:
        """Parse a field's cell; a ValueProblem becomes an error on its column."""
        header = self.columns.fields.get(name, name)
        return self.checks.attempt(header, partial(_parsed, parse, self.cell(name)))

    def number(self, seen: dict[str, int], line: int) -> str:
        header = self.columns.fields["personnel_number"]
        raw = self.cell("personnel_number")
        number = normalise_identifier(raw)
        if not number:
            self.checks.add(header, InputError("personnel number is missing"))
        elif number in seen:
            self.checks.add(
                header,
                InputError(
                    "duplicate personnel number (first seen in row {first_row})",
                    first_row=seen[number],
                ),
            )
        else:
            seen[number] = line
        return number

    def values(self, person: Person | None, where: date | str) -> dict[str, object] | None:
        hours = self.attempt("hours", _positive_hours)
        basic = self.attempt("basic", _basic)
        amounts: dict[str, float] = {}
        for header in self.columns.components:
            amount = self.checks.attempt(
                header, partial(_parsed, n.parse_pay, self.cells.get(header, ""))
            )
            if isinstance(amount, float) and amount:
                amounts[header] = amount
        gender = self._known("gender", n.parse_gender, person, where)
        category = self._category(person, where)
        birth = self._optional("birth", n.parse_birth_year, person, "birth_year")
        hire = self._optional("hire_date", n.parse_date, person, "hire_date")
        fte = self._optional("fte", n.parse_fte, person, "fte")
        if self.checks.errors:
            return None
        return {
            "gender": gender,
            "category": category,
            "birth_year": birth,
            "hire_date": hire,
            "fte": fte,
            "hours": hours,
            "basic": basic,
            "complementary": float(sum(amounts.values())),
            "components": json.dumps(amounts, sort_keys=True) if amounts else "",
        }

    def _known(
        self, name: str, parse: Callable[[str], object], person: Person | None, where: date | str
    ) -> object:
        """Return a required field from the file, else the snapshot; warn when they differ."""
        raw = self.cell(name)
        if raw:
            value = self.attempt(name, parse)
            if (
                person is not None
                and value is not None
                and person.gender not in ("onbekend", value)
            ):
                self._warn(name, raw, "gender", person.gender, where)
            return value
        return self._from_snapshot(person, "gender", where)

    def _category(self, person: Person | None, where: date | str) -> object:
        if self.columns.category_kind == "function":
            raw = self.cell("function_group")
            return raw or self._from_snapshot(None, "category", where)
        raw = self.cell("scale")
        if raw:
            parsed = self.attempt("scale", n.parse_scale)
            label = parsed[1] if isinstance(parsed, tuple) else None
            if person is not None and label is not None and person.scale_label != label:
                self._warn("scale", raw, "category", person.scale_label, where)
            return label
        return self._from_snapshot(person, "scale_label", where)

    def _from_snapshot(self, person: Person | None, attribute: str, where: date | str) -> object:
        if person is None:
            self.checks.add(
                self.columns.fields["personnel_number"],
                InputError(
                    "Not in the personnel snapshot of {where} and the file gives no {what}; add "
                    "the column or import that snapshot first.",
                    where=where,
                    what="gender" if attribute == "gender" else "category",
                ),
            )
            return None
        self.used_snapshot = True
        return getattr(person, attribute)

    def _optional(
        self, name: str, parse: Callable[[str], object], person: Person | None, attribute: str
    ) -> object:
        if self.cell(name):
            return self.attempt(name, parse)
        if person is not None:
            self.used_snapshot = True
            return getattr(person, attribute)
        return None

    def _warn(self, name: str, raw: str, what: str, snapshot: str, where: date | str) -> None:
        self.warnings.append(
            (
                self.columns.fields[name],
                raw,
                "The {what} differs from '{snapshot}' in the personnel snapshot of {where}; the "
                "file's value is used.",
                (("what", what), ("snapshot", snapshot), ("where", where)),
            )
        )


def _parsed(parse: Callable[[str], object], raw: str) -> object:
    """Run a cell parser, turning its ValueProblem into an InputError for Checks."""
    try:
        return parse(raw)
    except n.ValueProblem as problem:
        raise InputError(problem.key, **problem.params) from problem


def _positive_hours(raw: str) -> float:
    number = n.parse_number(raw, "Paid hours must be a number above 0.")
    if number is None or number <= 0:
        raise n.ValueProblem("Paid hours must be a number above 0.")
    return float(number)


def _basic(raw: str) -> float:
    amount = n.parse_pay(raw)
    if amount is None or amount <= 0:
        raise n.ValueProblem("Basic pay must be an amount above 0.")
    return amount
