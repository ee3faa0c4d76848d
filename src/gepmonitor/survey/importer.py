"""Import survey responses from a CSV export: all rows or none, problems by row and column."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from gepmonitor.core.errors import InputError, Problem, ValidationFailedError
from gepmonitor.personnel.normalise import FALSE_WORDS, GENDER_CODES, TRUE_WORDS
from gepmonitor.personnel.reader import decode_text
from gepmonitor.survey.mapping import SurveyMapping


def read_responses(path: Path, mapping: SurveyMapping) -> list[dict[str, object]]:
    """Return one dict per respondent, or raise ValidationFailedError listing every problem."""
    if not path.is_file():
        raise InputError("textcheck.no_file", file=str(path))
    text = decode_text(path.read_bytes())
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = [h.strip() for h in reader.fieldnames or []]
    needed = [*mapping.items, *mapping.experiences, *mapping.background.values()]
    problems = [
        Problem(path.name, 1, column, None, "survey.missing_column")
        for column in needed
        if column not in headers
    ]
    if problems:
        raise ValidationFailedError(problems)
    rows = []
    for line, raw in enumerate(reader, start=2):
        if raw.get(None):  # type: ignore[call-overload]  # DictReader keeps extra fields under None
            problems.append(
                Problem(
                    path.name, line, None, None, "survey.extra_fields", (("count", len(headers)),)
                )
            )
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
        rows.append(_parse(row, line, path.name, mapping, problems))
        if len(problems) >= 200:
            break
    if problems:
        raise ValidationFailedError(problems)
    if not rows:
        raise InputError("import.empty", file=path.name)
    return rows


def _parse(
    row: dict[str, str], line: int, name: str, mapping: SurveyMapping, problems: list[Problem]
) -> dict[str, object]:
    answers: dict[str, int] = {}
    for item in mapping.items:
        value = row.get(item, "")
        if value == "":
            continue  # items may be skipped
        if not value.isdigit() or not mapping.scale_min <= int(value) <= mapping.scale_max:
            problems.append(
                Problem(
                    name,
                    line,
                    item,
                    value,
                    "survey.bad_answer",
                    (("low", mapping.scale_min), ("high", mapping.scale_max)),
                )
            )
            continue
        answers[item] = int(value)
    experiences: dict[str, bool] = {}
    for column in mapping.experiences:
        value = row.get(column, "").lower()
        if value in TRUE_WORDS or value in FALSE_WORDS:
            if value:
                experiences[column] = value in TRUE_WORDS
        else:
            problems.append(Problem(name, line, column, value, "import.bad_bool"))
    background = mapping.background
    gender_raw = row.get(background.get("gender", ""), "")
    gender = GENDER_CODES.get(gender_raw.lower())
    if gender is None:
        problems.append(
            Problem(name, line, background.get("gender"), gender_raw, "import.bad_gender")
        )
    manager_column = background.get("manager")
    manager_cell = row.get(manager_column, "") if manager_column else ""
    manager_raw = manager_cell.lower()
    if manager_raw not in TRUE_WORDS and manager_raw not in FALSE_WORDS:
        problems.append(Problem(name, line, manager_column, manager_cell, "import.bad_bool"))
    return {
        "gender": gender or "onbekend",
        "age_band": row.get(background.get("age_band", ""), "") or "onbekend",
        "unit": row.get(background.get("unit", ""), "") or "onbekend",
        "is_manager": manager_raw in TRUE_WORDS,
        "answers": answers,
        "experiences": experiences,
    }


from gepmonitor.core.i18n import register as _register  # noqa: E402

_register(
    {
        "survey.missing_column": (
            "kolom ontbreekt (het koppelbestand noemt hem)",
            "column missing (the mapping file names it)",
        ),
        "survey.extra_fields": (
            "de rij heeft meer velden dan de kopregel ({count})",
            "the row has more fields than the header ({count})",
        ),
        "survey.bad_answer": (
            "antwoord moet een geheel getal van {low} tot en met {high} zijn",
            "answer must be a whole number from {low} to {high}",
        ),
    }
)
