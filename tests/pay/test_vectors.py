"""Every case of ../shared/reference/paygap_vectors.json through gepmonitor's own functions.

The British Columbia tool (bcgov) and the French egapro index use other conventions than the
directive report; each is given as parameters of the same functions.
"""

from __future__ import annotations

import json

import polars as pl
import pytest
from tests.conftest import REFERENCE

from gepmonitor.core.parsing import parse_gender, parse_pay
from gepmonitor.pay.figures import quartile_counts
from gepmonitor.pay.gaps import (
    balance,
    exceeds,
    gap_direction,
    gap_pct,
    group_gaps,
    group_stats,
    next_band_start,
    quartile_bounds,
    receiving_pct,
)

VECTORS = json.loads((REFERENCE / "paygap_vectors.json").read_text(encoding="utf-8"))
BC = VECTORS["bcgov_fin_pay_transparency"]
EG = VECTORS["socialgouv_egapro"]
BC_CASES = {case["id"]: case for case in BC["cases"]}
EG_CASES = {case["id"]: case for case in EG["cases"]}
BC_MIN = BC["conventions"]["min_people_per_group"]
# bcgov's gender codes through gepmonitor's gender parser: M m, W/F v, X x, U onbekend.
BC_CODES = {code: parse_gender(code) for code in ("M", "W", "F", "X", "U")}
BC_PREFERENCE = [BC_CODES[c] for c in BC["conventions"]["reference_preference"]]


def bc_frame(groups: dict[str, list[float]], column: str = "value") -> pl.DataFrame:
    rows = [(BC_CODES[code], float(v)) for code, values in groups.items() for v in values]
    return pl.DataFrame(rows, schema={"gender": pl.String, column: pl.Float64}, orient="row")


def bc_groups(spec: dict) -> dict[str, list[float]]:
    return {code: [g["each"]] * g["count"] for code, g in spec.items()}


def by_bc_code(values: dict[str, object]) -> dict[str, object]:
    return {code: values.get(BC_CODES[code]) for code in ("M", "W", "X", "U")}


def bc_gaps(groups, statistic, absolute=False):
    stats = group_stats(bc_frame(groups), "value", nonzero_only=True)
    return group_gaps(
        stats,
        reference_preference=BC_PREFERENCE,
        statistic=statistic,
        min_count=BC_MIN,
        absolute=absolute,
    )


@pytest.mark.parametrize("statistic", ["mean", "median"])
def test_bcgov_mean_and_median_hourly_gap(statistic):
    case = BC_CASES["bcgov-mean-median-hourly-gap"]
    reference, gaps = bc_gaps(bc_groups(case["input"]["groups"]), statistic)
    assert reference == "m"
    expected = case["expected"][f"{statistic}_gap_pct"]
    assert by_bc_code(gaps) == pytest.approx(expected)


def test_bcgov_suppression_when_only_one_group_has_enough():
    case = BC_CASES["bcgov-suppression-only-one-group"]
    _, gaps = bc_gaps(bc_groups(case["input"]["groups"]), "mean")
    assert by_bc_code(gaps) == case["expected"]["mean_gap_pct"]


@pytest.mark.parametrize("statistic", ["mean", "median"])
def test_bcgov_overtime_hours_are_an_absolute_difference(statistic):
    case = BC_CASES["bcgov-overtime-hours-difference"]
    _, diffs = bc_gaps(bc_groups(case["input"]["groups"]), statistic, absolute=True)
    assert by_bc_code(diffs) == pytest.approx(case["expected"][f"{statistic}_diff_hours"])


def test_bcgov_group_stats_and_reference_choice():
    case = BC_CASES["bcgov-group-stats-and-reference-choice"]
    values = case["input"]["values"]
    groups = {
        "W": values["W"],
        "F": values["F"],
        "M": values["M"],
        "X": [50] * 10,  # "10 x 50"
        "U": [60] * 10 + [0] * 100,  # "10 x 60 and 100 x 0"
    }
    data = bc_frame(groups)
    expected = case["expected"]
    counts = group_stats(data, "value")
    nonzero = group_stats(data, "value", nonzero_only=True)
    for code in ("W", "M", "X", "U"):
        ours = BC_CODES[code]
        assert counts[ours].count == expected["count_all"][code]
        assert nonzero[ours].mean == pytest.approx(expected["mean_of_non_zero"][code])
        assert nonzero[ours].median == pytest.approx(expected["median_of_non_zero"][code])
    reference, _ = group_gaps(
        nonzero, reference_preference=BC_PREFERENCE, statistic="mean", min_count=BC_MIN
    )
    assert reference == BC_CODES[expected["reference_gender"]]


def bc_quartile_percent(counts: pl.DataFrame) -> dict[str, dict[str, float | None]]:
    """bcgov's per-quartile shares: groups under 10 suppressed, the rest over their sum."""
    result = {}
    for row in counts.iter_rows(named=True):
        kept = {code: row[code] for code in ("M", "W", "X", "U") if row[code] >= BC_MIN}
        total = sum(kept.values())
        result[f"Q{row['quartile']}"] = {
            code: (kept[code] / total * 100 if code in kept else None)
            for code in ("M", "W", "X", "U")
        }
    return result


BC_GROUPS = {code: [BC_CODES[code]] for code in ("M", "W", "X", "U")}


def test_bcgov_quartiles_scenario_1():
    case = BC_CASES["bcgov-hourly-pay-quartiles"]
    data = bc_frame({"M": [100] * 10, "W": [99] * 10, "X": [98] * 10, "U": [97] * 10}, "hourly")
    counts = quartile_counts(data, rule="bcgov", groups=BC_GROUPS)
    assert bc_quartile_percent(counts) == case["expected"]["scenario_1_percent"]


def test_bcgov_quartiles_scenario_2_every_group_a_quarter():
    values = [50] * 10 + [40] * 10 + [30] * 10 + [20] * 10
    data = bc_frame({code: values for code in ("M", "W", "X", "U")}, "hourly")
    counts = quartile_counts(data, rule="bcgov", groups=BC_GROUPS)
    for shares in bc_quartile_percent(counts).values():
        assert shares == {"M": 25.0, "W": 25.0, "X": 25.0, "U": 25.0}


@pytest.mark.parametrize("n", [174, 173, 171, 40])
def test_bcgov_quartile_widths(n):
    widths = BC_CASES["bcgov-hourly-pay-quartiles"]["expected"]["quartile_widths"][str(n)]
    assert [end - start for start, end in quartile_bounds(n, "bcgov")] == widths


@pytest.mark.parametrize("case_name", ["case_a", "case_b"])
def test_bcgov_percent_receiving_overtime_pay(case_name):
    case = BC_CASES["bcgov-percent-receiving-overtime-pay"]
    groups = {
        "case_a": {"M": [1000] * 50 + [0] * 50, "W": [1500] * 10 + [0] * 30, "U": [1200] * 9 + [0]},
        "case_b": {"M": [1000] * 9, "W": [1500] * 10 + [0] * 30, "U": [1200] * 9 + [0]},
    }[case_name]
    shares = receiving_pct(
        bc_frame(groups),
        "value",
        min_count=BC_MIN,
        basis="receivers",
        reference_preference=["m"],
    )
    assert by_bc_code(shares) == pytest.approx(case["expected"][f"{case_name}_percent"])


def amount(text: str | float | int) -> float | None:
    """An egapro input through gepmonitor's amount parser; unreadable is missing."""
    if isinstance(text, int | float):
        return float(text)
    try:
        return parse_pay(text)
    except Exception:  # noqa: BLE001 - an unreadable value is a missing one here
        return None


@pytest.mark.parametrize("item", EG_CASES["egapro-compute-gap"]["input_output"])
def test_egapro_compute_gap(item):
    result = gap_pct(amount(item["men"]), amount(item["women"]))
    assert result == pytest.approx(item["expected_gap_pct"])


@pytest.mark.parametrize("item", EG_CASES["egapro-compute-gap-ratio"]["input_output"])
def test_egapro_gap_ratio(item):
    if "stored_ratio" in item:
        assert float(item["stored_ratio"]) * 100 == pytest.approx(item["expected_percent"])
    else:
        ratio = gap_pct(item["men"], item["women"]) / 100
        assert ratio == pytest.approx(item["expected_ratio"])


THRESHOLD = EG["conventions"]["gap_alert_threshold_pct"]
ALERT = EG_CASES["egapro-gap-alert-threshold"]["input_output"]


@pytest.mark.parametrize("item", ALERT["gap_level"])
def test_egapro_gap_level_is_one_sided(item):
    high = exceeds(item["gap_pct"], THRESHOLD, two_sided=False)
    assert ("high" if high else "low") == item["expected"]


@pytest.mark.parametrize("item", ALERT["has_gaps_above_threshold"])
def test_egapro_has_gaps_above_threshold(item):
    threshold = item.get("threshold", THRESHOLD)
    pairs = [
        (item[k], item[m])
        for k, m in (("women", "men"), ("hourly_women", "hourly_men"))
        if k in item
    ]
    gaps = [gap_pct(amount(men), amount(women)) for women, men in pairs]
    assert any(exceeds(g, threshold, two_sided=False) for g in gaps) is item["expected"]


@pytest.mark.parametrize("item", ALERT["has_high_gap"])
def test_egapro_has_high_gap(item):
    assert any(exceeds(g, THRESHOLD, two_sided=False) for g in item["gaps"]) is item["expected"]


@pytest.mark.parametrize("item", ALERT["is_significant_gap"])
def test_egapro_significant_gap_is_two_sided_like_the_art_10_flag(item):
    assert exceeds(item["gap"], item.get("threshold", THRESHOLD)) is item["expected"]


@pytest.mark.parametrize("item", EG_CASES["egapro-top-quartile-balance"]["input_output"])
def test_egapro_top_quartile_balance(item):
    direction = balance(item["women_ratio_top_quartile"], THRESHOLD / 100)
    assert direction == item["expected_direction"]
    assert (direction != "balanced") is item["expected_imbalanced"]


@pytest.mark.parametrize("item", EG_CASES["egapro-quartile-lower-bound"]["input_output"])
def test_egapro_next_band_starts_one_cent_higher(item):
    start = next_band_start(amount(item["previous_threshold"]))
    expected = item["expected"]
    assert (None if start is None else f"{start:.2f}") == expected


@pytest.mark.parametrize("item", EG_CASES["egapro-gap-direction"]["input_output"])
def test_egapro_gap_direction(item):
    pairs = [(amount(w), amount(m)) for w, m in item["pairs"]]
    assert gap_direction(pairs) == item["expected"]
