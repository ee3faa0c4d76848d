"""Importing past years' vacancies: every problem with file, row and column; competences."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from tests.importutil import assert_command_lists_every_problem, assert_every_problem
from tests.recruitment.test_register import vacancy
from tests.test_cli_main import gep

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


# Rows with several problems each; the blank line and the two-line title keep the row numbers
# honest (the real line of the file, not the count of records).
MESSY = [
    GOOD,
    "",
    "R1;;19;2023-13-01;;5;9;2;x;1;2;q;;;;;",
    "R9;Teamleider;13;2023-02-01;2023-01-01;8;6;9;2;2;3;m;2023-01-15;;;;",
    'R3;"Teamleider\nHandhaving";13;2023-02-01;2023-01-01;-1;6;3;2;2;1;m;2023-04-01;kort;;;',
    "R4;Jurist;11;2023-03-01;;5;9;2;3;1;2;v;2023-05-01;;;;",
]
MESSY_PROBLEMS = {
    (4, "reference"): "already on an earlier row",
    (4, "title"): "Enter a job title",
    (4, "scale"): "Scale 19 does not exist",
    (4, "opened"): "unreadable date",
    (4, "shortlisted_v"): "whole number",
    (4, "appointed_gender"): "Unknown gender 'q'",
    (4, "appointed_on"): "enter the appointment date",
    (5, "reference"): "Vacancy R9 already exists",
    (5, "closed"): "closing date is before",
    (5, "shortlisted_m"): "More candidates are shortlisted than applied",
    (5, "suitable_v"): "More candidates are suitable than shortlisted",
    (5, "appointed_on"): "before the vacancy opened",
    (6, "closed"): "closing date is before",
    (6, "applicants_m"): "whole number",
    (6, "explanation"): "Comply or explain",
    (6, "approver"): "who approved",
}


def test_every_problem_of_every_row_is_listed_and_nothing_is_written(session, org, tmp_path):
    vacancy(session, org, reference="R9")
    session.commit()
    with pytest.raises(ValidationFailedError) as caught:
        import_rows(session, org, tmp_path, *MESSY)
    # Exactly these: no rule between cells is checked when one of its cells is unreadable or
    # wrong (row 5's comply or explain needs suitable_v, row 6's shortlist check applicants_m).
    assert_every_problem(caught.value, "vacatures.csv", MESSY_PROBLEMS)
    english = caught.value.render("en").splitlines()
    assert "vacatures.csv, row 4, column 'scale' (value '19')" in english[3]  # in cell order
    dutch = caught.value.render("nl")
    assert "er is niets opgeslagen" in dutch
    assert "vacatures.csv, rij 6, kolom 'approver' (waarde '')" in dutch
    session.rollback()
    assert session.scalar(select(func.count(Vacancy.id))) == 1  # only R9, registered before
    assert session.scalar(select(func.count(Appointment.id))) == 0


def test_a_file_full_of_problems_lists_200_and_counts_them_all(session, org, tmp_path):
    rows = [f"R{n};;abc;2023-03-01" + ";" * 13 for n in range(150)]
    with pytest.raises(ValidationFailedError) as caught:
        import_rows(session, org, tmp_path, *rows)
    assert len(caught.value.problems) == 200
    assert caught.value.render("en").startswith("300 problems found; nothing was written.")
    assert caught.value.problems[-1].row == 101


def test_import_problems_are_one_block_in_dutch_or_english_with_exit_code_2(cli_env, tmp_path):
    assert gep(cli_env, "init").returncode == 0
    path = tmp_path / "vacatures.csv"
    path.write_text(HEADER + "\n" + GOOD.replace("R1;", "R9;") + "\n", encoding="utf-8")
    assert gep(cli_env, "import", "vacancies", str(path)).returncode == 0
    path.write_text("\n".join([HEADER, *MESSY]) + "\n", encoding="utf-8")
    assert_command_lists_every_problem(cli_env, "vacancies", path, MESSY_PROBLEMS)
    listing = gep(cli_env, "vacancy", "list")
    assert listing.returncode == 0 and "R9" in listing.stdout
    assert "R1" not in listing.stdout and "R4" not in listing.stdout
