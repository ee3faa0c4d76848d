"""The mapping file and the response CSV: every mistake is one clear line, nothing is guessed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from tests.importutil import assert_command_lists_every_problem, assert_every_problem
from tests.test_cli_main import gep

from gepmonitor.core.errors import InputError, ValidationFailedError
from gepmonitor.survey import service
from gepmonitor.survey.demo import DEMO_MAPPING
from gepmonitor.survey.mapping import parse_mapping
from gepmonitor.survey.models import SurveyResponse

GOOD = "background: {gender: G}\nconstructs: {wp: {items: [a, b]}}\n"


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("scale: {min: a}\n" + GOOD, "key 'scale.min': must be a whole number"),
        ("background: {gender: G}\nconstructs: {wp: [wp1, wp2]}", "key 'constructs.wp': must be"),
        ("favourable_from: hoog\n" + GOOD, "key 'favourable_from': must be a number"),
        ("background: {geslacht: G}\nconstructs: {wp: {items: [a]}}", "'background.geslacht'"),
        ("constructs: {wp: {items: [a]}}", "background.gender is missing"),
        ("background: {gender: G}\nconstructs: {wp: {items: []}}", "'constructs.wp.items'"),
        (GOOD + "experiences: {e: {type: pest, source: public}}", "'experiences.e.type'"),
        ("background: {gender: G}\nconstructs: {wp: {items: [a]\n  x: y", "line 3, column 3"),
        ("background: {gender: G}\nconstructs: {}", "'constructs': must not be empty"),
    ],
)
def test_mapping_mistakes_are_one_line_naming_file_and_key(text, english):
    with pytest.raises(InputError) as caught:
        parse_mapping(text, "wbo.yaml")
    for lang in ("en", "nl"):
        message = caught.value.render(lang)
        assert message.startswith("wbo.yaml") and "\n" not in message
    assert english in caught.value.render("en")


def test_mapping_labels_and_stored_mappings_read_leniently():
    mapping = parse_mapping(DEMO_MAPPING)
    assert mapping.constructs[1].label("nl") == "Sociale veiligheid"
    assert mapping.constructs[1].label("en") == "Social safety"
    old = "background: {geslacht: G}\nconstructs: {wp: {items: [a]}}"
    assert parse_mapping(old, lenient=True).constructs[0].label("en") == "Wp"


def write(tmp_path, lines):
    (tmp_path / "m.yaml").write_text(
        "background: {gender: G, manager: L}\nconstructs: {wp: {items: [a, b]}}\n",
        encoding="utf-8",
    )
    (tmp_path / "r.csv").write_text("\n".join(["G;L;a;b", *lines]), encoding="utf-8")
    return tmp_path / "r.csv", tmp_path / "m.yaml"


def test_rows_with_a_bad_manager_value_or_extra_fields_are_refused(session, org, tmp_path):
    data, mapping = write(tmp_path, ["v;ja;3;4", "m;Jansen;4;4", "v;nee;3;4;5", "x;;2;2"])
    with pytest.raises(ValidationFailedError) as caught:
        service.import_round(session, org, data, mapping, name="R", year=2025, actor="t")
    text = caught.value.render("en")
    assert "r.csv, row 3, column 'L' (value 'Jansen'): expected yes or no" in text
    assert "r.csv, row 4: the row has more fields than the header (4)" in text
    assert "row 5" not in text  # an empty manager cell is 'no'
    session.rollback()
    assert service.list_rounds(session, org) == []


def test_round_name_and_year_are_checked(session, org, tmp_path):
    data, mapping = write(tmp_path, ["v;ja;3;4"])
    for name, year in (("x" * 81, 2025), ("R", 99999), (" ", 2025)):
        with pytest.raises(InputError):
            service.import_round(session, org, data, mapping, name=name, year=year, actor="t")


MAPPING = """\
background: {gender: Geslacht, manager: Leidinggevende, unit: Afdeling}
constructs: {wp: {items: [wp1, wp2]}}
experiences: {pesten: {type: bullying, source: colleagues}}
"""
HEADER = "Geslacht;Leidinggevende;Afdeling;wp1;wp2;pesten;Opmerking"
# A blank line and cells that run over two lines before and between the bad rows: the rows named
# are the real lines of the file (row 4's comment ends on line 5, row 8's unit on line 9).
MESSY = [
    "v;nee;HR;4;5;nee;",
    "",
    'm;ja;ICT;3;2;ja;"eerste regel\ntweede regel"',
    "q;misschien;HR;6;x;Soms;",
    "",
    'v;nee;"Finance\nen control";0;3;nee;',
    "x;;HR;;5,5;;",
]
MESSY_PROBLEMS = {
    (6, "Geslacht"): "unknown gender code",
    (6, "Leidinggevende"): "expected yes or no",
    (6, "wp1"): "answer must be a whole number from 1 to 5",
    (6, "wp2"): "answer must be a whole number from 1 to 5",
    (6, "pesten"): "expected yes or no",
    (8, "wp1"): "answer must be a whole number from 1 to 5",
    (10, "wp2"): "answer must be a whole number from 1 to 5",
}


def messy(tmp_path, rows=MESSY, header=HEADER):
    (tmp_path / "wbo.yaml").write_text(MAPPING, encoding="utf-8")
    (tmp_path / "wbo-2025.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return tmp_path / "wbo-2025.csv", tmp_path / "wbo.yaml"


def stored(session):
    return session.scalar(select(func.count(SurveyResponse.id)))


def test_every_problem_names_the_real_row_and_nothing_is_written(session, org, tmp_path):
    data, mapping = messy(tmp_path)
    with pytest.raises(ValidationFailedError) as caught:
        service.import_round(session, org, data, mapping, name="WBO", year=2025, actor="t")
    assert_every_problem(caught.value, "wbo-2025.csv", MESSY_PROBLEMS)
    english = caught.value.render("en").splitlines()
    # In the order of the file, each cell's value as written.
    assert english[1].startswith("wbo-2025.csv, row 6, column 'Geslacht' (value 'q'): ")
    assert english[5] == "wbo-2025.csv, row 6, column 'pesten' (value 'Soms'): expected yes or no"
    assert "wbo-2025.csv, rij 10, kolom 'wp2' (waarde '5,5'): " in caught.value.render("nl")
    session.rollback()
    assert service.list_rounds(session, org) == [] and stored(session) == 0


def test_a_clean_file_with_blank_lines_and_multi_line_cells_is_imported(session, org, tmp_path):
    data, mapping = messy(tmp_path, [*MESSY[:3], "", MESSY[0]])
    assert service.import_round(session, org, data, mapping, name="W", year=2025, actor="t") == 3
    session.commit()
    rows = session.scalars(select(SurveyResponse).order_by(SurveyResponse.id)).all()
    assert [(r.gender, r.is_manager, r.answers, r.experiences) for r in rows] == [
        ("v", False, {"wp1": 4, "wp2": 5}, {"pesten": False}),
        ("m", True, {"wp1": 3, "wp2": 2}, {"pesten": True}),
        ("v", False, {"wp1": 4, "wp2": 5}, {"pesten": False}),
    ]


def test_headers_match_the_mapping_in_any_case_and_problems_use_the_files_spelling(
    session, org, tmp_path
):
    data, mapping = messy(tmp_path, ["v;nee;HR;4;5;nee;", "q;nee;HR;4;5;nee;"], HEADER.upper())
    with pytest.raises(ValidationFailedError) as caught:
        service.import_round(session, org, data, mapping, name="W", year=2025, actor="t")
    assert_every_problem(caught.value, "wbo-2025.csv", {(3, "GESLACHT"): "unknown gender code"})


def test_every_missing_column_is_named_as_the_mapping_spells_it(session, org, tmp_path):
    data, mapping = messy(tmp_path, MESSY[:1], "geslacht;Afdeling;wp2;Opmerking")
    with pytest.raises(ValidationFailedError) as caught:
        service.import_round(session, org, data, mapping, name="W", year=2025, actor="t")
    problems = [(p.row, p.column) for p in caught.value.problems]
    assert problems == [(1, "wp1"), (1, "pesten"), (1, "Leidinggevende")]


def test_above_200_problems_the_first_200_are_listed_under_the_true_count(session, org, tmp_path):
    data, mapping = messy(tmp_path, ["v;nee;HR;9;9;nee;"] * 150)
    with pytest.raises(ValidationFailedError) as caught:
        service.import_round(session, org, data, mapping, name="W", year=2025, actor="t")
    assert len(caught.value.problems) == 200
    assert caught.value.render("en").splitlines()[0] == (
        "300 problems found; nothing was written. Only the first 200 are listed."
    )
    assert caught.value.problems[-1].row == 101


def test_the_command_lists_every_problem_in_dutch_or_english_with_exit_code_2(cli_env, tmp_path):
    assert gep(cli_env, "init").returncode == 0
    data, mapping = messy(tmp_path)
    options = ("--round", "WBO", "--year", "2025", "--mapping", str(mapping))
    assert_command_lists_every_problem(cli_env, "survey", data, MESSY_PROBLEMS, *options)
    listed = gep(cli_env, "survey", "list")
    assert listed.returncode == 0 and "WBO" not in listed.stdout


@pytest.mark.parametrize(
    ("encoding", "separator"), [("cp1252", ","), ("utf-8-sig", ";"), ("utf-16", ";")]
)
def test_the_encodings_and_separators_of_survey_tools_are_read(
    session, org, tmp_path, encoding, separator
):
    data, mapping = messy(tmp_path)
    text = "\n".join([HEADER, "v;nee;Financiën;4;5;ja;é", "m;ja;HR;3;;nee;"]) + "\n"
    data.write_bytes(text.replace(";", separator).encode(encoding))
    assert service.import_round(session, org, data, mapping, name="W", year=2025, actor="t") == 2
    session.commit()
    units = session.scalars(select(SurveyResponse.unit).order_by(SurveyResponse.id)).all()
    assert units == ["Financiën", "HR"]
