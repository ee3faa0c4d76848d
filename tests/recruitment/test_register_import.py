"""Importing past years' vacancies: every problem with file, row and column; competences."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from tests.recruitment.test_register import vacancy

from gepmonitor.core.errors import ValidationFailedError
from gepmonitor.recruitment.importer import import_vacancies
from gepmonitor.recruitment.models import Appointment, Vacancy
from gepmonitor.recruitment.summary import build_summary

HEADER = (
    "reference;title;scale;opened;closed;applicants_m;applicants_v;shortlisted_m;shortlisted_v;"
    "suitable_m;suitable_v;appointed_gender;appointed_on;explanation;approver;"
    "competences_hard;competences_soft"
)
REASON = "Zij trok zich terug na het tweede gesprek."
GOOD = "R1;Jurist;11;2023-03-01;;5;9;2;3;1;2;v;2023-05-01;;;Omgevingsrecht;samenwerken, luisteren"


def import_rows(session, org, tmp_path, *rows):
    path = tmp_path / "vacatures.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return import_vacancies(session, org, path, threshold=11, actor="t")


@pytest.mark.parametrize(
    ("row", "where", "message"),
    [
        (GOOD.replace("R1;", "R9;"), "row 3, column 'reference'", "Vacancy R9 already exists"),
        (GOOD, "row 3, column 'reference'", "already on an earlier row"),
        (
            GOOD.replace("R1;", "R2;").replace("2023-05-01", "2023-01-15"),
            "row 3, column 'appointed_on'",
            "before the vacancy opened",
        ),
        (
            GOOD.replace("R1;", "R2;").replace("2023-05-01", ""),
            "row 3, column 'appointed_on'",
            "enter the appointment date",
        ),
        (
            "R2;Teamleider;13;2023-02-01;;8;6;3;2;2;1;m;2023-04-01;" + REASON + ";;;",
            "row 3, column 'approver'",
            "who approved",
        ),
        (
            "R2;Teamleider;13;2023-02-01;2023-01-01;8;6;3;2;2;1;;;;;;",
            "row 3, column 'closed'",
            "closing date is before",
        ),
        (
            "R2;Teamleider;13;2023-02-01;;8;6;3;2;2;3;;;;;;",
            "row 3, column 'suitable_v'",
            "",
        ),
    ],
)
def test_each_import_problem_names_file_row_and_column(session, org, tmp_path, row, where, message):
    vacancy(session, org, reference="R9")
    session.commit()
    with pytest.raises(ValidationFailedError) as caught:
        import_rows(session, org, tmp_path, GOOD, row)
    text = caught.value.render("en")
    assert f"vacatures.csv, {where}" in text and message in text
    session.rollback()
    assert session.scalar(select(func.count(Vacancy.id))) == 1  # all or nothing


def test_import_stores_competences(session, org, tmp_path):
    assert import_rows(session, org, tmp_path, GOOD) == 1
    session.commit()
    stored = session.scalar(select(Vacancy).where(Vacancy.reference == "R1"))
    assert stored.competences_hard == "Omgevingsrecht"
    assert stored.competences_soft == "samenwerken, luisteren"
    assert session.scalar(select(Appointment.gender)) == "v"


def test_summary_lists_every_recorded_explanation_whatever_the_threshold(session, org, tmp_path):
    row = "R2;Teamleider;13;2023-02-01;;8;6;3;2;2;1;m;2023-04-01;" + REASON + ";Directie;;"
    import_rows(session, org, tmp_path, row)
    session.commit()
    for threshold in (11, 14):
        summary = build_summary(session, org, 2023, threshold, min_cell=1)
        assert [(e.reference, e.approver) for e in summary.explained] == [("R2", "Directie")]
