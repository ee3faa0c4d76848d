"""Import past years' vacancies and appointments from CSV.

Every problem of every row is listed (file, row, column, value) and then nothing is written:
all rows or none. A rule between cells is checked only when the cells it needs are valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gepmonitor.core.errors import (
    Checks,
    InputError,
    Problem,
    raise_problems,
    row_problems,
)
from gepmonitor.core.i18n import N_
from gepmonitor.core.models import Organisation
from gepmonitor.core.parsing import ValueProblem, is_whole, parse_date
from gepmonitor.core.reader import read_with_columns
from gepmonitor.recruitment import service
from gepmonitor.recruitment.models import Vacancy
from gepmonitor.recruitment.rules import (
    COUNT_FIELDS,
    GENDERS,
    comply_or_explain_errors,
    parse_gender,
)

REQUIRED = ("title", "scale", "opened")
COLUMNS = (
    "reference",
    "title",
    "unit",
    "scale",
    "opened",
    "closed",
    "channel",
    *COUNT_FIELDS,
    "appointed_gender",
    "appointed_on",
    "explanation",
    "approver",
    "competences_hard",
    "competences_soft",
)


@dataclass
class _Row:
    """A row that passed every check: the vacancy and, if someone was appointed, who and when."""

    data: service.VacancyInput
    appointment: tuple[str, date] | None
    explanation: str
    approver: str


def import_vacancies(
    session: Session, org: Organisation, path: Path, *, threshold: int, actor: str
) -> int:
    """Import every row of the file or, when any row has a problem, none; return the count."""
    table = read_with_columns(path, REQUIRED, "required column '{column}' is missing")
    registered = set(
        session.scalars(select(Vacancy.reference).where(Vacancy.org_id == org.id)).all()
    )
    in_file: set[str] = set()
    problems: list[Problem] = []
    rows: list[_Row] = []
    for line, cells in table.records():
        checks = Checks()
        _claim_reference(cells.get("reference", ""), registered, in_file, checks)
        row = _read_row(cells, threshold, checks)
        problems += row_problems(table.name, line, cells, checks.errors)
        if row is not None:
            rows.append(row)
    raise_problems(problems)
    with session.begin_nested():
        for row in rows:
            vacancy = service.add_vacancy(session, org, row.data, actor=actor)
            if row.appointment is not None:
                service.appoint(
                    session,
                    org,
                    vacancy,
                    *row.appointment,
                    threshold=threshold,
                    actor=actor,
                    explanation=row.explanation,
                    approver=row.approver,
                )
    return len(rows)


def _claim_reference(
    reference: str, registered: set[str], in_file: set[str], checks: Checks
) -> None:
    """Refuse a reference already in the register or on an earlier row; else take it."""
    if not reference:
        return  # numbered automatically
    key = N_("Vacancy {reference} already exists.") if reference in registered else ""
    key = key or (
        N_("vacancy {reference} is already on an earlier row of the file")
        if reference in in_file
        else ""
    )
    if key:
        checks.add("reference", InputError(key, reference=reference))
    in_file.add(reference)


def _read_row(cells: dict[str, str], threshold: int, checks: Checks) -> _Row | None:
    """Check every cell of a row and the rules between them; return the row when all is well."""
    scale = checks.attempt(
        "scale",
        partial(_whole, cells.get("scale", ""), N_("Scale {value} does not exist; use 1 to 18.")),
    )
    opened = checks.attempt(
        "opened",
        partial(_day, cells.get("opened", ""), N_("unreadable date; use YYYY-MM-DD or DD-MM-YYYY")),
    )
    closed = checks.attempt("closed", partial(_day, cells.get("closed", "")))
    counts = {
        column: checks.attempt(
            column,
            partial(_whole, cells.get(column) or "0", N_("expected a whole number of 0 or more")),
        )
        for column in COUNT_FIELDS
    }
    channel = (cells.get("channel") or "extern").lower()
    for column, error in service.vacancy_errors(
        title=cells.get("title", ""),
        scale=scale,
        channel=channel,
        opened=opened,
        closed=closed,
        counts={column: n for column, n in counts.items() if n is not None},
    ):
        checks.add(column, error)
    appointment = None
    if cells.get("appointed_gender"):
        appointment = _read_appointment(
            cells, threshold, checks, opened, scale, counts["suitable_v"]
        )
    if checks.errors or scale is None or opened is None:
        return None
    data = service.VacancyInput(
        title=cells["title"],
        scale=scale,
        opened=opened,
        unit=cells.get("unit", ""),
        reference=cells.get("reference", ""),
        closed=closed,
        channel=channel,
        applicants=_stage(counts, "applicants", cells),
        shortlisted=_stage(counts, "shortlisted", cells),
        suitable=_stage(counts, "suitable", cells),
        competences_hard=_competences(cells.get("competences_hard", "")),
        competences_soft=_competences(cells.get("competences_soft", "")),
    )
    return _Row(data, appointment, cells.get("explanation", ""), cells.get("approver", ""))


def _read_appointment(
    cells: dict[str, str],
    threshold: int,
    checks: Checks,
    opened: date | None,
    scale: int | None,
    suitable_women: int | None,
) -> tuple[str, date] | None:
    """Check the appointment cells, and comply or explain where scale and counts are valid."""
    gender = checks.attempt("appointed_gender", partial(parse_gender, cells["appointed_gender"]))
    day = checks.attempt(
        "appointed_on",
        partial(
            _day,
            cells.get("appointed_on", ""),
            N_("enter the appointment date when someone was appointed"),
        ),
    )
    if day is not None and opened is not None and day < opened:
        checks.add("appointed_on", InputError("The appointment date is before the vacancy opened."))
    valid = not checks.failed("scale", "suitable_v")
    if gender is not None and scale is not None and suitable_women is not None and valid:
        for column, error in comply_or_explain_errors(
            scale,
            suitable_women,
            gender,
            threshold,
            cells.get("explanation", ""),
            cells.get("approver", ""),
        ):
            checks.add(column, error)
    return (gender, day) if gender is not None and day is not None else None


def _whole(text: str, key: str) -> int:
    """Return a cell as a whole number of 0 or more; else raise the InputError of the key."""
    if not is_whole(text, 6):  # no vacancy has a million candidates
        raise InputError(key, value=text)
    return int(text)


def _day(text: str, missing_key: str = "") -> date | None:
    """Return the date in a cell, None when empty (an InputError when it is required)."""
    try:
        day = parse_date(text)
    except ValueProblem as problem:
        raise InputError(problem.msgid, **problem.params) from problem
    if day is None and missing_key:
        raise InputError(missing_key)
    return day


def _stage(
    counts: dict[str, int | None], stage: str, cells: dict[str, str]
) -> tuple[int, int, int] | None:
    """Return the men, women and x counts of a stage (an empty cell counts 0).

    None when the file has none of the stage's columns: not recorded is unknown, not zero.
    """
    if not any(f"{stage}_{gender}" in cells for gender in GENDERS):
        return None
    men, women, x = (counts[f"{stage}_{gender}"] or 0 for gender in GENDERS)
    return men, women, x


def _competences(text: str) -> list[str]:
    """Split a cell of competences separated by commas or vertical bars."""
    return [c.strip() for c in text.replace("|", ",").split(",") if c.strip()]
