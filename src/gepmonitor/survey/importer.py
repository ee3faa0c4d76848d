"""Import survey responses from a CSV export: all rows or none.

Every problem of every row is listed (file, row, column, value), the row being the real line of
the file: blank lines and quoted cells that run over several lines are counted.
"""

from __future__ import annotations

from gepmonitor.core.errors import Checks, InputError, Problem, raise_problems, row_problems
from gepmonitor.core.parsing import FALSE_WORDS, GENDER_CODES, TRUE_WORDS, is_whole
from gepmonitor.core.reader import Source, read_with_columns
from gepmonitor.survey.mapping import SurveyMapping


def read_responses(path: Source, mapping: SurveyMapping) -> list[dict[str, object]]:
    """Return one dict per respondent, or raise ValidationFailedError listing every problem.

    The mapping's column names are matched with the file's headers in lower case; problems name
    a column as the file spells it.
    """
    needed = [*mapping.items, *mapping.experiences, *mapping.background.values()]
    table = read_with_columns(path, needed, "column missing (the mapping file names it)")
    spelled = {header.lower(): header for header in table.headers}
    problems: list[Problem] = []
    rows = []
    for fields, (line, cells) in zip(table.rows, table.records(), strict=True):
        named = {spelled[key]: value for key, value in cells.items()}
        checks = Checks()
        if len(fields) > len(table.headers):
            checks.add(
                None,
                InputError(
                    "the row has more fields than the header ({count})", count=len(table.headers)
                ),
            )
        rows.append(_parse(named, spelled, mapping, checks))
        problems += row_problems(table.name, line, named, checks.errors)
    raise_problems(problems)
    if not rows:
        raise InputError("{file} is empty.", file=table.name)
    return rows


def _parse(
    cells: dict[str, str], spelled: dict[str, str], mapping: SurveyMapping, checks: Checks
) -> dict[str, object]:
    """Return the respondent of one row, recording each cell that cannot be read.

    cells: the row by the file's headers; spelled: the file's header for a lower-case name.
    """

    def column(name: str | None) -> str | None:
        return spelled.get(name.lower(), name) if name else None

    def cell(name: str | None) -> str:
        found = column(name)
        return cells.get(found, "") if found else ""

    answers: dict[str, int] = {}
    for item in mapping.items:
        value = cell(item)
        if value == "":
            continue  # items may be skipped
        if not is_whole(value) or not mapping.scale_min <= int(value) <= mapping.scale_max:
            error = InputError(
                "answer must be a whole number from {low} to {high}",
                low=mapping.scale_min,
                high=mapping.scale_max,
            )
            checks.add(column(item), error)
            continue
        answers[item] = int(value)
    experiences: dict[str, bool] = {}
    for name in mapping.experiences:
        value = cell(name).lower()
        if value in TRUE_WORDS or value in FALSE_WORDS:
            if value:
                experiences[name] = value in TRUE_WORDS
        else:
            checks.add(column(name), InputError("expected yes or no"))
    # A background variable the mapping names no column for is unknown (None) for everyone:
    # no breakdown is made up from it. An empty cell in a named column is 'onbekend' / 'no'.
    background = mapping.background
    gender: str | None = None
    if background.get("gender"):
        gender = GENDER_CODES.get(cell(background.get("gender")).lower())
        if gender is None:
            checks.add(
                column(background.get("gender")),
                InputError(
                    "unknown gender code; use F/Female/V, M/Male, X/Non-binary or empty for unknown"
                ),
            )
        gender = gender or "onbekend"
    manager: bool | None = None
    if background.get("manager"):
        text = cell(background.get("manager")).lower()
        if text not in TRUE_WORDS and text not in FALSE_WORDS:
            checks.add(column(background.get("manager")), InputError("expected yes or no"))
        manager = text in TRUE_WORDS
    return {
        "gender": gender,
        "age_band": (cell(background.get("age_band")) or "onbekend")
        if background.get("age_band")
        else None,
        "unit": (cell(background.get("unit")) or "onbekend") if background.get("unit") else None,
        "is_manager": manager,
        "answers": answers,
        "experiences": experiences,
    }
