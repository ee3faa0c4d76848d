"""The funnel by gender: rates, adverse-impact ratio and Fisher's test against a hand-computed
case; suppression that leaves no small count derivable."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest

from gepmonitor.core.privacy import protect_cells
from gepmonitor.recruitment.funnel import (
    ALL,
    BANDS,
    GROUPS,
    STAGES,
    band_codes,
    band_of,
    fisher_p,
    reached_counts,
    relations,
    suppress,
    transitions,
)

# Hand-computed case (docs/recruitment.md). Furthest stage reached, per band and gender:
# scales 11-12, women: 8 applied only, 4 long list, 3 short list, 3 interviewed, 1 offer,
#   1 appointed -> reached 20, 12, 8, 5, 2, 1
# scales 11-12, men: 2, 4, 4, 6, 3, 1 -> reached 20, 18, 14, 10, 4, 1
# scales 13+, women: 20 applied only, 10 long list -> reached 30, 10
# scales 13+, men: 6 applied only, 24 long list -> reached 30, 24
CASE = {
    **{("11-12", "v", s): n for s, n in zip(STAGES, (8, 4, 3, 3, 1, 1), strict=True)},
    **{("11-12", "m", s): n for s, n in zip(STAGES, (2, 4, 4, 6, 3, 1), strict=True)},
    ("13+", "v", "applied"): 20,
    ("13+", "v", "long_list"): 10,
    ("13+", "m", "applied"): 6,
    ("13+", "m", "long_list"): 24,
    ("13+", "x", "short_list"): 1,  # in no rate
}


def hypergeometric_p(a: int, n1: int, b: int, n2: int) -> float:
    """Two-sided Fisher p by hand: every table with the same margins at most as likely."""
    total = a + b
    probability = {
        k: math.comb(n1, k) * math.comb(n2, total - k) / math.comb(n1 + n2, total)
        for k in range(max(0, total - n2), min(n1, total) + 1)
    }
    return sum(p for p in probability.values() if p <= probability[a] * (1 + 1e-7))


def test_bands_partition_the_scales():
    assert [band_of(s) for s in (1, 10, 11, 12, 13, 18)] == [
        "1-10", "1-10", "11-12", "11-12", "13+", "13+",
    ]  # fmt: skip
    assert band_codes() == [ALL, "1-10", "11-12", "13+"]


def test_rates_ratio_and_fisher_match_the_hand_computed_case():
    cells = reached_counts(CASE)
    assert [cells[("11-12", "v", s)] for s in STAGES] == [20, 12, 8, 5, 2, 1]
    assert [cells[("11-12", "m", s)] for s in STAGES] == [20, 18, 14, 10, 4, 1]
    assert [cells[(ALL, "v", s)] for s in STAGES] == [50, 22, 8, 5, 2, 1]
    steps = {(t.band, t.previous, t.stage): t for t in transitions(cells)}
    first = steps[("11-12", "applied", "long_list")]
    assert (first.rate_v, first.rate_m) == (0.6, 0.9)
    assert first.air == pytest.approx(2 / 3)
    assert first.p_value == pytest.approx(hypergeometric_p(12, 20, 18, 20))
    assert first.p_value == pytest.approx(0.0648, abs=1e-4)
    # four-fifths broken against women, but not significant: no signal
    assert first.four_fifths and first.disadvantaged == "v" and not first.signal
    offer = steps[("11-12", "interviewed", "offer")]
    assert (offer.rate_v, offer.rate_m, offer.air) == (0.4, 0.4, 1.0)
    assert not offer.four_fifths and offer.p_value == pytest.approx(1.0)
    top = steps[("13+", "applied", "long_list")]
    assert top.rate_v == pytest.approx(1 / 3) and top.rate_m == 0.8
    assert top.air == pytest.approx(5 / 12)
    assert top.p_value == pytest.approx(hypergeometric_p(10, 30, 24, 30))
    assert top.p_value == pytest.approx(0.000574, abs=1e-6)
    assert top.signal and top.key == "13+:long_list"
    overall = steps[("11-12", "applied", "appointed")]
    assert (overall.rate_v, overall.rate_m, overall.air) == (0.05, 0.05, 1.0)
    assert overall.key == "11-12:overall"
    empty = steps[("1-10", "applied", "long_list")]
    assert (empty.rate_v, empty.air, empty.p_value, empty.signal) == (None, None, None, False)
    assert [t.key for t in transitions(cells) if t.signal] == ["all:long_list", "13+:long_list"]


def test_men_disadvantaged_is_flagged_too():
    cells = reached_counts({("1-10", "v", "long_list"): 30, ("1-10", "m", "applied"): 20,
                            ("1-10", "m", "long_list"): 10})  # fmt: skip
    step = transitions(cells)[6]  # scales 1-10, applied -> long list
    assert (step.band, step.stage) == ("1-10", "long_list")
    assert step.air == 3.0 and step.disadvantaged == "m" and step.signal
    assert fisher_p(30, 30, 10, 30) == pytest.approx(hypergeometric_p(30, 30, 10, 30))


def _bounds(cell, cells, hidden):
    """Least and greatest value of a hidden cell given everything a reader knows.

    Written apart from funnel.interval: every cell is a variable, the shown ones fixed by
    their bounds; the sums (all = the bands), the order of the stages and counts >= 0.
    """
    from scipy.optimize import linprog

    keys = sorted(cells)
    column = {key: i for i, key in enumerate(keys)}
    a_eq, b_eq, a_ub, b_ub = [], [], [], []
    for group in GROUPS:
        for stage in STAGES:
            row = [0.0] * len(keys)
            row[column[(ALL, group, stage)]] = 1
            for code, _, _ in BANDS:
                row[column[(code, group, stage)]] = -1
            a_eq.append(row)
            b_eq.append(0)
        for band in band_codes():
            for earlier, later in pairwise(STAGES):
                row = [0.0] * len(keys)
                row[column[(band, group, later)]] = 1
                row[column[(band, group, earlier)]] = -1
                a_ub.append(row)
                b_ub.append(0)
    bounds = [(0, None) if key in hidden else (cells[key], cells[key]) for key in keys]
    found = []
    for sign in (1, -1):
        goal = [0.0] * len(keys)
        goal[column[cell]] = sign
        result = linprog(goal, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds,
                         method="highs")  # fmt: skip
        assert result.success
        found.append(sign * result.fun)
    return found


def assert_no_small_count_derivable(furthest, min_cell=5):
    cells = reached_counts(furthest)
    hidden = suppress(cells, min_cell)
    small = [c for c, n in cells.items() if 0 < n < min_cell]
    assert set(small) <= hidden
    for cell in small:
        low, high = _bounds(cell, cells, hidden)
        # more than one whole number is possible
        assert math.floor(high + 1e-6) > math.ceil(low - 1e-6), (cell, cells[cell], low, high)
    return cells, hidden


def test_no_small_count_of_the_hand_computed_case_can_be_derived():
    cells, hidden = assert_no_small_count_derivable(CASE)
    # the women's and men's figures of the large band stay
    assert ("13+", "v", "applied") not in hidden and ("13+", "m", "long_list") not in hidden


def test_the_order_of_the_stages_is_protected_too():
    # Men, reached per stage: 1-10: 26 20 16 10 5 0; 11-12: 12 6 3 3 1 0; 13+: 11 11 11 11 5 1.
    furthest = {
        ("1-10", "m", "applied"): 6, ("1-10", "m", "long_list"): 4,
        ("1-10", "m", "short_list"): 6, ("1-10", "m", "interviewed"): 5,
        ("1-10", "m", "offer"): 5, ("11-12", "m", "applied"): 6,
        ("11-12", "m", "long_list"): 3, ("11-12", "m", "interviewed"): 2,
        ("11-12", "m", "offer"): 1, ("13+", "m", "interviewed"): 6,
        ("13+", "m", "offer"): 4, ("13+", "m", "appointed"): 1,
    }  # fmt: skip
    cells = reached_counts(furthest)
    sums_only = protect_cells(dict(cells), relations(), 5, lambda c: (c[0] == ALL,))
    # the sums alone leave 3 short-listed men of 11-12 pinned down by the stages around them
    low, high = _bounds(("11-12", "m", "short_list"), cells, sums_only)
    assert low == high == 3
    assert_no_small_count_derivable(furthest)


@pytest.mark.parametrize("seed", range(12))
def test_no_suppressed_small_count_can_be_derived(seed):
    """Random funnels: small counts everywhere, most of them zero or below the minimum."""
    import numpy as np

    rng = np.random.default_rng(seed)
    furthest = {}
    for band, _, _ in BANDS:
        for gender in GROUPS:
            for stage in STAGES:
                n = int(rng.integers(0, 8)) if rng.random() < 0.6 else 0
                if n:
                    furthest[(band, gender, stage)] = n
    assert_no_small_count_derivable(furthest)
