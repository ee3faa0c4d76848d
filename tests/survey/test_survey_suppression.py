"""No survey output lets the hidden groups of a breakdown be recovered as a small number."""

from __future__ import annotations

import random

import polars as pl
import pytest

from gepmonitor.survey.analytics import (
    construct_scores,
    experience_rates,
    published_population,
    responses_frame,
    summary,
)
from gepmonitor.survey.demo import DEMO_MAPPING
from gepmonitor.survey.mapping import parse_mapping

MAPPING = parse_mapping(DEMO_MAPPING)
MIN_GROUP, MIN_CELL = 10, 5


def _respondents(rng: random.Random, sizes: dict[str, int], rates: dict[str, float]):
    out = []
    for gender, size in sizes.items():
        for _ in range(size):
            out.append(
                {
                    "gender": gender,
                    "age_band": rng.choice(["<25", "25-34", "35-44", "55+", "onbekend"]),
                    "unit": rng.choice(["A", "B", "C"]),
                    "is_manager": rng.random() < 0.2,
                    "answers": {item: rng.randint(1, 5) for item in MAPPING.items},
                    "experiences": {
                        column: rng.random() < rates[gender] for column in MAPPING.experiences
                    },
                }
            )
    return out


def _reconstructed(overall: pl.DataFrame, table: pl.DataFrame, keys: list[str], share: str):
    """Yield (figure, hidden n, hidden count) as a reader computes them from shown numbers."""
    for figure in overall.iter_rows(named=True):
        match = pl.all_horizontal(pl.col(k) == figure[k] for k in keys)
        groups = table.filter(match)
        shown = groups.filter(pl.col("n").is_not_null())
        if shown.height in (0, groups.height):
            continue  # nothing hidden, or every group (the overall figure is shown anyway)
        n = figure["n"] - shown["n"].sum()
        count = figure["n"] * figure[share] - sum(
            r["n"] * r[share] for r in shown.iter_rows(named=True)
        )
        yield figure, n, count


CASES = [
    # The reported case: x (4) and onbekend (14) hidden, few of them had the experience.
    (
        {"m": 296, "v": 253, "x": 4, "onbekend": 14},
        {"m": 0.07, "v": 0.04, "x": 0.2, "onbekend": 0.1},
    ),
    ({"m": 40, "v": 35, "x": 3}, {"m": 0.2, "v": 0.3, "x": 0.5}),
    ({"m": 12, "v": 11, "x": 2, "onbekend": 9}, {"m": 0.5, "v": 0.5, "x": 0.5, "onbekend": 0.0}),
]


@pytest.mark.parametrize(("sizes", "rates"), CASES)
@pytest.mark.parametrize("seed", range(6))
def test_hidden_groups_together_are_never_a_small_number(sizes, rates, seed):
    rng = random.Random(seed)
    frame = responses_frame(_respondents(rng, sizes, rates), MAPPING)
    scores = construct_scores(frame, MAPPING)
    overall_scores = summary(scores, MAPPING, None, MIN_GROUP, MIN_CELL)
    overall_rates = experience_rates(frame, MAPPING, None, MIN_GROUP, MIN_CELL)
    for by in ("gender", "age_band", "unit", "is_manager"):
        tables = [
            (
                overall_scores,
                summary(scores, MAPPING, by, MIN_GROUP, MIN_CELL),
                ["construct"],
                "share_favourable",
            ),
            (
                overall_rates,
                experience_rates(frame, MAPPING, by, MIN_GROUP, MIN_CELL),
                ["type", "source"],
                "rate",
            ),
        ]
        for overall, table, keys, share in tables:
            assert "count" not in table.columns
            hidden_groups = set(table.filter(pl.col("n").is_null())["group"])
            # A group is hidden in every row of its breakdown or in none.
            assert hidden_groups.isdisjoint(table.filter(pl.col("n").is_not_null())["group"])
            for figure, n, count in _reconstructed(overall, table, keys, share):
                assert n == 0 or n >= MIN_GROUP, (by, figure, n)
                # Shares are published with three decimals, so the reader's count is approximate.
                assert round(count) == 0 or round(count) >= MIN_CELL, (by, figure, n, count)


def test_the_reported_case_shows_women_and_men():
    """Women (n = 253) were hidden to protect x and unknown; now the small groups are left out."""
    rng = random.Random(3)
    sizes, rates = CASES[0]
    data = _respondents(rng, sizes, rates)
    for person in data:  # few experiences in the small groups: 3 of 18 bullied by managers
        if person["gender"] in ("x", "onbekend"):
            person["experiences"] = {c: False for c in MAPPING.experiences}
    for person in [p for p in data if p["gender"] in ("x", "onbekend")][:3]:
        person["experiences"] = {c: True for c in MAPPING.experiences}
    frame = responses_frame(data, MAPPING)
    keep, left_out = published_population(
        frame, construct_scores(frame, MAPPING), MAPPING, MIN_GROUP
    )
    assert left_out == ("x",)  # 4 respondents; onbekend (14) reaches the minimum everywhere
    shown = frame.filter(keep)
    table = experience_rates(shown, MAPPING, "gender", MIN_GROUP, MIN_CELL)
    assert table.filter(pl.col("n").is_null()).is_empty()
    women = table.filter(pl.col("group") == "v")
    assert women["n"].to_list() == [253] * women.height
    overall = experience_rates(shown, MAPPING, None, MIN_GROUP, MIN_CELL)
    assert overall["n"].max() == 296 + 253 + 14  # the total is of the groups shown


def test_demo_rounds_show_no_small_hidden_combination(session, settings, org):
    from gepmonitor.survey import service
    from gepmonitor.survey.demo import build

    build(session, org, settings, 1)
    session.commit()
    for round_ in service.list_rounds(session, org):
        results = service.round_results(session, org, round_.name, MIN_GROUP, MIN_CELL)
        pairs = [
            (results.overall, t, ["construct"], "share_favourable")
            for t in results.by_group.values()
        ]
        pairs.append(
            (results.experiences["all"], results.experiences["gender"], ["type", "source"], "rate")
        )
        for overall, table, keys, share in pairs:
            for figure, n, count in _reconstructed(overall, table, keys, share):
                assert n >= MIN_GROUP, (round_.name, figure, n)
                assert round(count) == 0 or round(count) >= MIN_CELL, (round_.name, figure, count)
