"""Survey import, suppression, the signal rule, the plan register and its reach KPI."""

from __future__ import annotations

import random
from datetime import date

import polars as pl
import pytest

from gepmonitor.core.errors import ValidationFailedError
from gepmonitor.personnel import service as personnel
from gepmonitor.personnel.demo import generate_demo_frame
from gepmonitor.plan import service as plan
from gepmonitor.plan.report import build_plan_report
from gepmonitor.reports.render import ReportFormat
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
    data = rows(12, "m", 4, rng) + rows(4, "x", 2, rng)
    data[0]["answers"]["wp3"] = 1  # reversed: counts as 5
    frame = responses_frame(data, MAPPING)
    scores = construct_scores(frame, MAPPING)
    assert scores["werkplezier"][0] == pytest.approx(
        (data[0]["answers"]["wp1"] + data[0]["answers"]["wp2"] + 5) / 3
    )
    table = summary(scores, MAPPING, "gender", min_group=10)
    small = table.filter((pl.col("group") == "x") & (pl.col("construct") == "sociale_veiligheid"))
    row = small.row(0, named=True)
    assert (row["n"], row["mean"], row["share_favourable"]) == (None, None, None)
    big = table.filter((pl.col("group") == "m") & (pl.col("construct") == "sociale_veiligheid"))
    assert big["n"][0] == 12 and big["share_favourable"][0] == 1.0


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
    assert "NO MEASURE" in html and "without a measure" in html
    reach = plan.reach(session, org, 2025)
    headcount = frame.filter((pl.col("year") == 2025) & pl.col("exit_date").is_null()).height
    assert reach.headcount == headcount and reach.share == pytest.approx(1335 / headcount)
    event = plan.add_event(session, org, "Dag", date(2025, 9, 1), actor="t", organisation_wide=True)
    assert plan.add_attendees(session, org, event.id, ["1", "2", "2", " "], "k") == 2
    assert plan.reach(session, org, 2025).distinct is True
    report = build_plan_report(session, org, 2025, "nl", ReportFormat.HTML).decode()
    assert "Organisatiebrede bijeenkomsten over inclusie" in report
