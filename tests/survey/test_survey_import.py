"""The mapping file and the response CSV: every mistake is one clear line, nothing is guessed."""

from __future__ import annotations

import pytest

from gepmonitor.core.errors import InputError, ValidationFailedError
from gepmonitor.survey import service
from gepmonitor.survey.demo import DEMO_MAPPING
from gepmonitor.survey.mapping import parse_mapping

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
