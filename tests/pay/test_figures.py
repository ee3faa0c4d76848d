"""The art. 9 figures a-g on small frames worked out by hand."""

from __future__ import annotations

import polars as pl
import pytest

from gepmonitor.pay.figures import (
    category_figures,
    gap_figure,
    paygap_figures,
    quartile_bands,
    quartile_counts,
    receiving_share,
    with_pay_measures,
)
from gepmonitor.pay.gaps import gap_pct, quartile_bounds


def frame(rows: list[tuple[str, float, float, float, str]]) -> pl.DataFrame:
    """Rows of (gender, basic, complementary, hours, category)."""
    return with_pay_measures(
        pl.DataFrame(
            rows,
            schema={
                "gender": pl.String,
                "basic": pl.Float64,
                "complementary": pl.Float64,
                "hours": pl.Float64,
                "category": pl.String,
            },
            orient="row",
        )
    )


def test_gap_is_positive_when_women_earn_less_and_a_share_of_mens():
    assert gap_pct(200, 100) == 50
    assert gap_pct(100, 110) == pytest.approx(-10)
    assert gap_pct(0, 100) is None
    assert gap_pct(None, 100) is None


def test_mean_and_median_gap_of_hourly_and_annual_pay():
    # men hourly 20, 30, 40 (mean 30, median 30); women 18, 24, 27, 30 (mean 24.75, median 25.5)
    data = frame(
        [
            ("m", 20_000, 0, 1000, "10"),
            ("m", 30_000, 0, 1000, "10"),
            ("m", 36_000, 4_000, 1000, "10"),
            ("v", 18_000, 0, 1000, "10"),
            ("v", 24_000, 0, 1000, "10"),
            ("v", 27_000, 0, 1000, "10"),
            ("v", 15_000, 0, 500, "10"),  # part-time: hourly 30, annual 15,000
            ("x", 1_000, 0, 10, "10"),  # left out of every gap
        ]
    )
    hourly = gap_figure(data, "hourly", min_cell=1)
    assert (hourly.women, hourly.men) == (4, 3)
    assert hourly.mean_gap == pytest.approx((30 - 24.75) / 30 * 100)
    assert hourly.median_gap == pytest.approx((30 - 25.5) / 30 * 100)
    annual = gap_figure(data, "annual", min_cell=1)
    # men annual 20k, 30k, 40k; women 18k, 24k, 27k, 15k (mean 21k, median 21k)
    assert annual.mean_gap == pytest.approx((30_000 - 21_000) / 30_000 * 100)
    assert annual.median_gap == pytest.approx((30_000 - 21_000) / 30_000 * 100)


def test_complementary_gaps_count_only_receivers_and_zero_pay_is_not_a_receiver():
    data = frame(
        [
            ("m", 30_000, 1_000, 1000, "a"),
            ("m", 30_000, 3_000, 1000, "a"),
            ("m", 30_000, 0, 1000, "a"),
            ("v", 30_000, 1_000, 1000, "a"),
            ("v", 30_000, 0, 1000, "a"),
            ("v", 30_000, 0, 1000, "a"),
        ]
    )
    comp = gap_figure(data, "complementary", min_cell=1, nonzero_only=True)
    assert (comp.women, comp.men) == (1, 2)
    assert comp.mean_gap == pytest.approx((2_000 - 1_000) / 2_000 * 100)
    assert comp.median_gap == pytest.approx(50)
    share = receiving_share(data, min_cell=1)
    assert share.women_pct == pytest.approx(100 / 3)
    assert share.men_pct == pytest.approx(200 / 3)


def test_nobody_receives_complementary_pay():
    data = frame([("m", 30_000, 0, 1000, "a"), ("v", 29_000, 0, 1000, "a")])
    comp = gap_figure(data, "complementary", min_cell=1, nonzero_only=True)
    assert comp.mean_gap is None and comp.median_gap is None
    assert (comp.women, comp.men) == (0, 0)
    share = receiving_share(data, min_cell=1)
    assert (share.women_pct, share.men_pct) == (0, 0)


def test_gaps_and_shares_are_suppressed_unless_both_groups_reach_the_minimum():
    rows = [("m", 29_900, 100, 1000, "a")] * 5 + [("v", 26_900, 100, 1000, "a")] * 4
    data = frame(rows)
    assert gap_figure(data, "hourly", min_cell=5).mean_gap is None
    assert gap_figure(data, "hourly", min_cell=5).suppressed
    assert gap_figure(data, "hourly", min_cell=5, exact=True).mean_gap == pytest.approx(10)
    assert receiving_share(data, min_cell=5).women_pct is None
    assert receiving_share(data, min_cell=4).women_pct == 100


def test_quartile_bounds_follow_floor_of_n_q_over_4():
    assert quartile_bounds(8) == [(0, 2), (2, 4), (4, 6), (6, 8)]
    assert quartile_bounds(10) == [(0, 2), (2, 5), (5, 7), (7, 10)]
    assert quartile_bounds(3) == [(0, 0), (0, 1), (1, 2), (2, 3)]


def test_quartiles_without_ties_count_whole_workers():
    # hourly 10..80 for 8 workers: band 1 = 10, 20 (v, v); band 2 = 30, 40 (v, m); ...
    genders = ["v", "v", "v", "m", "m", "x", "m", "m"]
    data = frame([(g, (i + 1) * 10_000, 0, 1000, "a") for i, g in enumerate(genders)])
    bands = quartile_bands(data, min_cell=1)
    assert [(b.women, b.men, b.other) for b in bands] == [
        (2, 0, 0),
        (1, 1, 0),
        (0, 1, 1),
        (0, 2, 0),
    ]
    assert [b.women_pct for b in bands] == [100, 50, 0, 0]
    assert bands[0].lower == 10 and bands[3].upper == 80


def test_ties_at_a_quartile_boundary_are_split_in_proportion_to_gender():
    # 8 workers, boundaries after ranks 2, 4, 6. Ranks 1-4 (0-based) all earn 30/hour:
    # 2 women and 2 men. Two of the tie's four ranks fall in band 1 (ranks 1) ... let us count:
    # rank 0: 10 (v). ranks 1-4: 30 (v, v, m, m). ranks 5-7: 50, 60, 70 (m).
    rows = [("v", 10_000, 0, 1000, "a")]
    rows += [("v", 30_000, 0, 1000, "a")] * 2 + [("m", 30_000, 0, 1000, "a")] * 2
    rows += [("m", 50_000, 0, 1000, "a"), ("m", 60_000, 0, 1000, "a"), ("m", 70_000, 0, 1000, "a")]
    counts = quartile_counts(frame(rows))
    # The tie spans ranks 1..4: one rank in band 1 (ranks 0-1), two in band 2 (ranks 2-3),
    # one in band 3 (ranks 4-5). Each part has the tie's mix: half women, half men.
    assert counts["workers"].to_list() == [2, 2, 2, 2]
    assert counts["women"].to_list() == pytest.approx([1.5, 1.0, 0.5, 0.0])
    assert counts["men"].to_list() == pytest.approx([0.5, 1.0, 1.5, 2.0])
    assert sum(counts["women"]) == pytest.approx(3)


def test_tie_with_other_genders_keeps_totals():
    rows = [("x", 20_000, 0, 1000, "a")] * 2 + [("v", 20_000, 0, 1000, "a")] * 2
    counts = quartile_counts(frame(rows))
    assert counts["workers"].to_list() == [1, 1, 1, 1]
    assert counts["women"].to_list() == pytest.approx([0.5] * 4)
    assert counts["other"].to_list() == pytest.approx([0.5] * 4)


def test_categories_gaps_flag_and_one_gender_category():
    rows = (
        [("m", 40_000, 0, 1000, "11")] * 5
        + [("v", 37_000, 1_000, 1000, "11")] * 5  # hourly 38 against 40: 5% gap, flagged
        + [("m", 50_000, 0, 1000, "12")] * 5
        + [("v", 49_000, 0, 1000, "12")] * 5  # 2%: not flagged
        + [("v", 60_000, 0, 1000, "13")] * 6  # women only: no gap
    )
    cats = {c.category: c for c in category_figures(frame(rows), min_cell=5)}
    assert cats["11"].hourly.mean_gap == pytest.approx(5.0)
    assert cats["11"].flagged is True
    assert cats["11"].basic.mean_gap == pytest.approx(7.5)
    assert cats["11"].complementary.mean_gap is None  # men received none
    assert cats["12"].flagged is False
    assert cats["13"].hourly.mean_gap is None and cats["13"].flagged is None
    assert (cats["13"].women, cats["13"].men) == (6, 0)


def test_small_category_counts_are_protected_with_a_complement():
    rows = (
        [("m", 40_000, 0, 1000, "a")] * 10
        + [("v", 40_000, 0, 1000, "a")] * 10
        + [("m", 40_000, 0, 1000, "b")] * 10
        + [("v", 40_000, 0, 1000, "b")] * 2
        + [("v", 40_000, 0, 1000, "c")] * 9
    )
    figures = paygap_figures(frame(rows), 2024, min_cell=5)
    cats = {c.category: c for c in figures.categories}
    assert cats["b"].women is None  # 2 women: small
    # With the women's total shown, a second women's cell must be hidden too.
    assert sum(c.women is None for c in figures.categories) >= 2 or figures.women is None
    assert cats["b"].hourly.mean_gap is None
    exact = paygap_figures(frame(rows), 2024, min_cell=5, exact=True)
    assert {c.category: c.women for c in exact.categories} == {"a": 10, "b": 2, "c": 9}


def test_paygap_figures_counts_x_and_unknown_apart():
    rows = [("m", 30_000, 0, 1000, "a")] * 6 + [("v", 27_000, 0, 1000, "a")] * 6
    rows += [("x", 10_000, 0, 1000, "a")] * 3 + [("onbekend", 10_000, 0, 1000, "a")] * 3
    figures = paygap_figures(frame(rows), 2024, min_cell=5)
    assert (figures.women, figures.men, figures.other) == (6, 6, 6)
    assert figures.hourly.mean_gap == pytest.approx(10)
