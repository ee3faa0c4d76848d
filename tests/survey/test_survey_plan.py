"""Survey import, suppression, the signal rule, the plan register and its reach KPI."""

from __future__ import annotations

import io
import random
from datetime import date

import polars as pl
import pytest

from gepmonitor.core.errors import ValidationFailedError
from gepmonitor.core.rendering import ReportFormat
from gepmonitor.personnel import service as personnel
from gepmonitor.personnel.demo import generate_demo_frame
from gepmonitor.plan import service as plan
from gepmonitor.plan.report import build_plan_report
from gepmonitor.survey import service
from gepmonitor.survey.analytics import construct_scores, find_signals, responses_frame, summary
from gepmonitor.survey.demo import DEMO_MAPPING
from gepmonitor.survey.mapping import parse_mapping
from gepmonitor.survey.report import build_survey_report

MAPPING = parse_mapping(DEMO_MAPPING)


def rows(n, gender, safety_answer, rng):
    out = []
    for _ in range(n):
        answers = {item: rng.choice([3, 4]) for item in MAPPING.items}
        answers.update({"sv1": safety_answer, "sv2": safety_answer, "sv3": safety_answer})
        out.append(
            {
                "gender": gender,
                "age_band": "35-44",
                "unit": "U",
                "is_manager": False,
                "answers": answers,
                "experiences": {"pesten_collega": gender == "v"},
            }
        )
    return out


def test_reversed_items_and_small_groups_suppressed():
    rng = random.Random(1)
    data = rows(12, "m", 4, rng) + rows(4, "x", 2, rng) + rows(20, "v", 4, rng)
    data[0]["answers"]["wp3"] = 1  # reversed: counts as 5
    frame = responses_frame(data, MAPPING)
    scores = construct_scores(frame, MAPPING)
    assert scores["werkplezier"][0] == pytest.approx(
        (data[0]["answers"]["wp1"] + data[0]["answers"]["wp2"] + 5) / 3
    )
    # min_cell=1: only the group sizes count here (small counts: test_survey_suppression).
    table = summary(scores, MAPPING, "gender", min_group=10, min_cell=1)
    small = table.filter((pl.col("group") == "x") & (pl.col("construct") == "sociale_veiligheid"))
    row = small.row(0, named=True)
    assert (row["n"], row["mean"], row["share_favourable"]) == (None, None, None)
    big = table.filter((pl.col("group") == "v") & (pl.col("construct") == "sociale_veiligheid"))
    assert big["n"][0] == 20 and big["share_favourable"][0] == 1.0


def test_no_hidden_group_can_be_recovered_by_subtraction():
    rng = random.Random(5)
    # x (4) is below the minimum; without more, overall minus m and v would give its n and mean.
    data = rows(30, "m", 4, rng) + rows(25, "v", 3, rng) + rows(4, "x", 1, rng)
    scores = construct_scores(responses_frame(data, MAPPING), MAPPING)
    overall = summary(scores, MAPPING, None, min_group=10)
    table = summary(scores, MAPPING, "gender", min_group=10)
    for construct in overall["construct"]:
        total = overall.filter(pl.col("construct") == construct)["n"][0]
        groups = table.filter(pl.col("construct") == construct)
        hidden = groups.filter(pl.col("n").is_null())
        # What subtraction gives is shared by at least two groups, so no single group's n or mean.
        assert hidden.height >= 2
        assert total - groups["n"].sum() >= 10 and {"x", "v"} <= set(hidden["group"])
    # With an 'unknown' group, that one is the complement and women and men stay visible.
    data += rows(12, "onbekend", 3, rng)
    scores = construct_scores(responses_frame(data, MAPPING), MAPPING)
    table = summary(scores, MAPPING, "gender", 10)
    safety = table.filter(pl.col("construct") == "sociale_veiligheid")
    hidden = set(safety.filter(pl.col("n").is_null())["group"])
    assert {"onbekend", "x"} <= hidden and "m" not in hidden
    # Published means and shares are rounded: 2 decimals, shares to a tenth of a percent.
    for value in [*overall["mean"], *table["mean"].drop_nulls()]:
        assert value == round(value, 2)
    for value in table["share_favourable"].drop_nulls():
        assert value == round(value, 3)


def test_a_gap_between_two_groups_is_one_signal():
    rng = random.Random(6)
    frame = responses_frame(rows(40, "m", 4, rng) + rows(40, "v", 3, rng), MAPPING)
    signals = find_signals(construct_scores(frame, MAPPING), MAPPING, "R", min_group=10)
    gender = [s for s in signals if s.group_by == "gender"]
    assert [s.key for s in gender] == ["R:sociale_veiligheid:gender=v"]
    assert gender[0].difference == pytest.approx(-1.0, abs=0.01)


def test_signal_needs_threshold_and_significance():
    rng = random.Random(2)
    # A big difference (1.0) in large groups: a signal.
    clear = responses_frame(rows(40, "m", 4, rng) + rows(40, "v", 3, rng), MAPPING)
    signals = find_signals(construct_scores(clear, MAPPING), MAPPING, "R", min_group=10)
    assert "R:sociale_veiligheid:gender=v" in {s.key for s in signals}
    # The same difference in groups of 11 with noisy answers: not significant, no signal.
    noisy = []
    for index in range(22):
        gender = "v" if index % 2 else "m"
        value = [1, 5, 2, 5, 3, 4, 1, 5, 2, 4, 5][index // 2] - (1 if gender == "v" else 0)
        noisy += rows(1, gender, max(1, value), rng)
    scores = construct_scores(responses_frame(noisy, MAPPING), MAPPING)
    means = scores.group_by("gender").agg(pl.col("sociale_veiligheid").mean())
    gap = abs(means["sociale_veiligheid"][0] - means["sociale_veiligheid"][1])
    assert gap >= 0.3  # beyond the threshold ...
    keys = {s.key for s in find_signals(scores, MAPPING, "R", min_group=10)}
    assert "R:sociale_veiligheid:gender=v" not in keys  # ... but not significant
    # A small difference in large groups is not a signal either.
    small = responses_frame(rows(200, "m", 4, rng) + rows(200, "v", 4, rng), MAPPING)
    assert not [
        s
        for s in find_signals(construct_scores(small, MAPPING), MAPPING, "R", 10)
        if s.construct == "sociale_veiligheid"
    ]


def write_survey(tmp_path, bad=False):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(DEMO_MAPPING, encoding="utf-8")
    header = [
        "Geslacht",
        "Leeftijd",
        "Afdeling",
        "Leidinggevende",
        *MAPPING.items,
        *MAPPING.experiences,
    ]
    lines = [";".join(header)]
    rng = random.Random(3)
    for index in range(30):
        answers = [str(rng.randint(1, 5)) for _ in MAPPING.items]
        if bad and index == 4:
            answers[2] = "7"
        lines.append(
            ";".join(
                [
                    "Vrouw" if index % 2 else "Man",
                    "35-44",
                    "Natuur",
                    "nee",
                    *answers,
                    *["nee"] * len(MAPPING.experiences),
                ]
            )
        )
    path = tmp_path / "wbo.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, mapping


def test_import_is_all_or_nothing(session, org, tmp_path):
    path, mapping = write_survey(tmp_path, bad=True)
    with pytest.raises(ValidationFailedError) as caught:
        service.import_round(session, org, path, mapping, name="WBO", year=2025, actor="t")
    assert "wbo.csv, row 6, column 'wp3' (value '7')" in caught.value.render("en")
    session.rollback()
    assert service.list_rounds(session, org) == []
    path, mapping = write_survey(tmp_path)
    assert service.import_round(session, org, path, mapping, name="WBO", year=2025, actor="t") == 30
    session.commit()
    results = service.round_results(session, org, "WBO", min_group=10)
    assert results.respondents == 30 and results.overall["n"][0] == 30
    html = build_survey_report(session, org, "WBO", "nl", ReportFormat.HTML, 10).decode()
    assert "Medewerkersonderzoek WBO" in html


def test_unlinked_signals_are_listed_and_reach_kpi(session, settings, org):
    from gepmonitor.plan.demo import build as build_plan
    from gepmonitor.survey.demo import build as build_survey

    frame = generate_demo_frame(4, staff=400, years=range(2024, 2026))
    personnel.store_frame(session, org, frame, source_name="demo", actor="t")
    build_survey(session, org, settings, 1)
    build_plan(session, org, settings, 1)
    session.commit()
    results = service.round_results(session, org, "WBO 2025", min_group=10)
    links = plan.signal_links(session, org)
    unlinked = [s.key for s in results.signals if s.key not in links]
    assert "WBO 2025:inclusie:decline" in unlinked
    assert "WBO 2025:sociale_veiligheid:gender=v" not in unlinked
    html = build_survey_report(session, org, "WBO 2025", "en", ReportFormat.HTML, 10).decode()
    assert "no measure" in html and "without a measure" in html
    reach = plan.reach(session, org, 2025)
    headcount = frame.filter((pl.col("year") == 2025) & pl.col("exit_date").is_null()).height
    listed = reach.listed_people  # the demo's meetings have attendee lists
    assert reach.headcount == headcount and reach.share == pytest.approx(listed / headcount)
    assert (reach.attendees, reach.distinct, reach.largest_unlisted) == (listed, True, 0)
    # A larger organisation-wide day counted without a list: its count is the reach.
    event = plan.add_event(
        session, org, "Dag", date(2025, 9, 1), actor="t", organisation_wide=True, attendees=9999
    )
    after = plan.reach(session, org, 2025)
    assert (after.attendees, after.largest_unlisted, after.distinct) == (9999, 9999, False)
    # With its list, the day's people join the others, each person counted once.
    assert plan.add_attendees(session, org, event.id, ["1", "2", "2", " "], "k") == 2
    after = plan.reach(session, org, 2025)
    assert (after.attendees, after.listed_people, after.distinct) == (listed + 2, listed + 2, True)
    report = build_plan_report(session, org, 2025, "nl", ReportFormat.HTML, 5).decode()
    assert "Organisatiebrede bijeenkomsten over inclusie" in report


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_plan_workbook_in_both_languages(session, settings, org, lang):
    from openpyxl import load_workbook

    from gepmonitor.plan.demo import build as build_plan

    build_plan(session, org, settings, 1)
    data = build_plan_report(session, org, 2025, lang, ReportFormat.XLSX, 5)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    head = [c.value for c in sheet[1]]
    assert len(head) == len(set(head))
    assert ("streefwaarde" if lang == "nl" else "target") in head
    pdf_html = build_plan_report(session, org, 2025, lang, ReportFormat.HTML, 5).decode()
    assert pdf_html.count("<th>doel</th>") <= 1


def test_survey_workbook_has_numbers_and_experiences(session, settings, org):
    from openpyxl import load_workbook

    from gepmonitor.survey.demo import build as build_survey

    build_survey(session, org, settings, 1)
    data = build_survey_report(session, org, "WBO 2025", "nl", ReportFormat.XLSX, 10)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[:3] == ["Signalen", "Totaal", "geslacht"]
    assert "Ervaringen Totaal" in book.sheetnames and "Ervaringen geslacht" in book.sheetnames
    overall = book["Totaal"]
    assert [c.value for c in overall[1]] == [
        "onderwerp",
        "groep",
        "n",
        "gemiddelde",
        "positief (%)",
    ]
    row = [c.value for c in overall[2]]
    assert isinstance(row[2], int) and isinstance(row[3], float) and isinstance(row[4], float)
    # the demo's 10 x respondents reach the minimum group (10), so the total is of everyone
    # (with fewer, tests/survey/test_survey_truth.py: "totaal (man en vrouw)")
    assert row[1] == "totaal"
    assert row[0] in ("Inclusie", "Leiderschap")
    html = build_survey_report(session, org, "WBO 2025", "en", ReportFormat.HTML, 10).decode()
    assert "By group: gender" in html and "<td>women</td>" in html and "Social safety" in html


def test_unlinked_count_is_singular_or_plural():
    from gepmonitor.survey.tables import unlinked_text

    assert unlinked_text(1, "nl") == "1 signaal zonder maatregel."
    assert unlinked_text(3, "nl") == "3 signalen zonder maatregel."
    assert unlinked_text(1, "en") == "1 signal without a measure."
    assert unlinked_text(2, "en") == "2 signals without a measure."
