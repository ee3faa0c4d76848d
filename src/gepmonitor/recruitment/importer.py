"""Import past years' vacancies and appointments from CSV: all rows or none."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gepmonitor.core.errors import GepError, InputError, Problem, ValidationFailedError
from gepmonitor.core.models import Organisation
from gepmonitor.personnel.normalise import ValueProblem, parse_date
from gepmonitor.personnel.reader import decode_text
from gepmonitor.recruitment import service
from gepmonitor.recruitment.models import Vacancy
from gepmonitor.recruitment.rules import enforce_comply_or_explain, parse_gender

REQUIRED = ("title", "scale", "opened")
COUNT_COLUMNS = [f"{k}_{g}" for k in ("applicants", "shortlisted", "suitable") for g in "mvx"]
COLUMNS = (
    "reference",
    "title",
    "unit",
    "scale",
    "opened",
    "closed",
    "channel",
    *COUNT_COLUMNS,
    "appointed_gender",
    "appointed_on",
    "explanation",
    "approver",
    "competences_hard",
    "competences_soft",
)
# The column a validation problem of the service belongs in.
PROBLEM_COLUMNS = {
    "recruitment.title_required": "title",
    "recruitment.bad_scale": "scale",
    "recruitment.bad_channel": "channel",
    "recruitment.closed_before_opened": "closed",
    "recruitment.explanation_required": "explanation",
    "recruitment.approver_required": "approver",
}


def import_vacancies(
    session: Session, org: Organisation, path: Path, *, threshold: int, actor: str
) -> int:
    """Import every row of the file or, when any row has a problem, none; return the count."""
    if not path.is_file():
        raise InputError("textcheck.no_file", file=str(path))
    text = decode_text(path.read_bytes())
    first = text.split("\n", 1)[0]
    reader = csv.DictReader(
        io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ","
    )
    headers = [h.strip().lower() for h in reader.fieldnames or []]
    problems = [
        Problem(path.name, 1, c, None, "recruitment.missing_column", (("column", c),))
        for c in REQUIRED
        if c not in headers
    ]
    if problems:
        raise ValidationFailedError(problems)
    parsed = []
    registered = set(
        session.scalars(select(Vacancy.reference).where(Vacancy.org_id == org.id)).all()
    )
    in_file: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        try:
            parsed.append(_parse_row(row, threshold, path.name, line))
            _claim_reference(row.get("reference", ""), registered, in_file, path.name, line)
        except _RowProblem as problem:
            problems.append(problem.problem)
    if problems:
        raise ValidationFailedError(problems)
    with session.begin_nested():
        for data, appointment in parsed:
            vacancy = service.add_vacancy(session, org, data, actor=actor)
            if appointment is not None:
                gender, day, explanation, approver = appointment
                service.appoint(
                    session,
                    org,
                    vacancy,
                    gender,
                    day,
                    threshold=threshold,
                    actor=actor,
                    explanation=explanation,
                    approver=approver,
                )
    return len(parsed)


def _claim_reference(
    reference: str, registered: set[str], in_file: set[str], name: str, line: int
) -> None:
    """Refuse a reference already in the register or on an earlier row; else take it."""
    if not reference:
        return  # numbered automatically
    key = "recruitment.reference_exists" if reference in registered else ""
    key = key or ("recruitment.reference_twice" if reference in in_file else "")
    if key:
        raise _RowProblem(
            Problem(name, line, "reference", reference, key, (("reference", reference),))
        )
    in_file.add(reference)


class _RowProblem(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.key)
        self.problem = problem


def _parse_row(row: dict[str, str], threshold: int, name: str, line: int):  # type: ignore[no-untyped-def]
    def fail(column: str, key: str, **params: object) -> _RowProblem:
        return _RowProblem(Problem(name, line, column, row.get(column), key, tuple(params.items())))

    def number(column: str) -> int:
        value = row.get(column, "") or "0"
        if not value.isdigit():
            raise fail(column, "recruitment.bad_number")
        return int(value)

    def day(column: str) -> date | None:
        try:
            return parse_date(row.get(column, ""))
        except ValueProblem as problem:
            raise fail(column, problem.key) from problem

    if not row.get("title"):
        raise fail("title", "recruitment.title_required")
    if not row.get("scale", "").isdigit():
        raise fail("scale", "recruitment.bad_scale", value=row.get("scale"))
    opened = day("opened")
    if opened is None:
        raise fail("opened", "import.bad_date")
    counts = [number(c) for c in COUNT_COLUMNS]
    data = service.VacancyInput(
        title=row["title"],
        scale=int(row["scale"]),
        opened=opened,
        unit=row.get("unit", ""),
        reference=row.get("reference", ""),
        closed=day("closed"),
        channel=(row.get("channel") or "extern").lower(),
        applicants=(counts[0], counts[1], counts[2]),
        shortlisted=(counts[3], counts[4], counts[5]),
        suitable=(counts[6], counts[7], counts[8]),
        competences_hard=_competences(row.get("competences_hard", "")),
        competences_soft=_competences(row.get("competences_soft", "")),
    )
    try:
        service.validate_vacancy(data)
    except GepError as error:
        raise fail(_problem_column(error.key, counts), error.key, **error.params) from error
    if not row.get("appointed_gender"):
        return data, None
    appointed_on = day("appointed_on")
    try:
        gender = parse_gender(row["appointed_gender"])
        if appointed_on is None:
            raise InputError("recruitment.appointed_on_required")
        if appointed_on < opened:
            raise InputError("recruitment.appointed_before_opened")
        enforce_comply_or_explain(
            data.scale,
            data.suitable[1],
            gender,
            threshold,
            row.get("explanation", ""),
            row.get("approver", ""),
        )
    except GepError as error:
        column = "appointed_gender" if "gender" in error.key else "appointed_on"
        raise fail(PROBLEM_COLUMNS.get(error.key, column), error.key, **error.params) from error
    return data, (gender, appointed_on, row.get("explanation", ""), row.get("approver", ""))


def _competences(text: str) -> list[str]:
    """Split a cell of competences separated by commas or vertical bars."""
    return [c.strip() for c in text.replace("|", ",").split(",") if c.strip()]


def _problem_column(key: str, counts: list[int]) -> str:
    """Return the column a vacancy validation problem belongs in."""
    if key in PROBLEM_COLUMNS:
        return PROBLEM_COLUMNS[key]
    # a count problem: the first shortlisted or suitable count above the stage before it
    for index in range(3, 9):
        if counts[index] > counts[index - 3]:
            return COUNT_COLUMNS[index]
    return COUNT_COLUMNS[0]


from gepmonitor.core.i18n import register as _register  # noqa: E402

_register(
    {
        "recruitment.missing_column": (
            "verplichte kolom '{column}' ontbreekt",
            "required column '{column}' is missing",
        ),
        "recruitment.reference_twice": (
            "vacature {reference} staat al op een eerdere rij van het bestand",
            "vacancy {reference} is already on an earlier row of the file",
        ),
        "recruitment.appointed_on_required": (
            "vul de benoemingsdatum in als er iemand benoemd is",
            "enter the appointment date when someone was appointed",
        ),
        "recruitment.bad_number": (
            "verwacht een geheel getal van 0 of meer",
            "expected a whole number of 0 or more",
        ),
    }
)
