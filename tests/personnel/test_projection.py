"""Flows and projections against a small case computed by hand (see the numbers in comments)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from gepmonitor.personnel.bands import parse_band
from gepmonitor.personnel.indicators import flows, projection
from gepmonitor.personnel.indicators.composition import band_trend
from gepmonitor.personnel.schema import conform
from gepmonitor.personnel.target_spec import TargetSpec

BAND = parse_band("11+")


def person(year, key, gender, scale, exit_reason=None):
    return {
        "peildatum": date(year, 12, 31),
        "year": year,
        "employee_key": key,
        "gender": gender,
        "scale": scale,
        "scale_label": str(scale),
        "fte": 1.0,
        "unit": "U",
        "is_manager": False,
        "contract_type": "vast",
        "banenafspraak": False,
        "exit_date": date(year, 6, 30) if exit_reason else None,
        "exit_reason": exit_reason,
    }


def small_case() -> pl.DataFrame:
    rows = [person(2020, f"w{i}", "v", 11) for i in range(1, 11)]
    rows += [person(2020, f"m{i}", "m", 11) for i in range(1, 31)]
    rows += [person(2020, "p1", "m", 8), person(2020, "q1", "v", 8)]
    rows += [person(2021, f"w{i}", "v", 11) for i in range(1, 9)]  # w9, w10 left
    rows += [person(2021, f"nw{i}", "v", 11) for i in range(1, 4)]  # three women hired
    rows += [person(2021, f"m{i}", "m", 11) for i in range(1, 27)]  # m27-m29 left
    rows += [person(2021, "m30", "m", 10), person(2021, "p1", "m", 11), person(2021, "q1", "v", 8)]
    rows += [
        person(2021, "w9", "v", 11, "andere werkgever"),
        person(2021, "m27", "m", 11, "pensioen"),
    ]
    return conform(pl.DataFrame(rows))


def flow_counts(table: pl.DataFrame, flow: str) -> tuple[int, int]:
    row = table.filter(pl.col("flow") == flow).row(0, named=True)
    return row["women"], row["men"]


def test_band_flows_by_hand():
    table = flows.flows(small_case(), BAND)
    assert table["year"].unique().to_list() == [2021]
    expected = {
        "band_start": (10, 30),
        "band_hired": (3, 0),
        "band_promoted": (0, 1),
        "band_entries": (3, 1),
        "band_left_org": (2, 3),
        "band_moved_out": (0, 1),
        "band_exits": (2, 4),
        "inflow": (3, 0),
        "outflow": (2, 3),
    }
    assert {k: flow_counts(table, k) for k in expected} == expected


def test_outflow_reasons_fall_back_to_unknown():
    reasons = flows.outflow_reasons(small_case())
    got = {r["exit_reason"]: (r["women"], r["men"]) for r in reasons.iter_rows(named=True)}
    assert got == {"andere werkgever": (1, 0), "pensioen": (0, 1), "onbekend": (1, 2)}


def test_rates_projection_and_required_share_by_hand():
    frame = small_case()
    trend, table = band_trend(frame, BAND), flows.flows(frame, BAND)
    rates = projection.flow_rates(table)
    assert rates is not None
    assert rates.exit_rate_women == pytest.approx(0.2)
    assert rates.exit_rate_men == pytest.approx(4 / 30)
    assert (rates.entries_per_year, rates.women_share_of_entries) == (4, 0.75)
    women, men = projection.project_flows(11, 27, rates, 1)
    assert (women, men) == pytest.approx((11.8, 24.4))  # 11·0.8+3 ; 27·26/30+1
    # two observed years: the hand case lowers the minimum (by default 3 years are needed)
    status = projection.target_status(trend, table, TargetSpec("11+", 0.4, 2023), min_years=2)
    assert status.current_share == pytest.approx(11 / 38)
    assert status.linear_projection == pytest.approx(0.25 + 3 * (11 / 38 - 0.25))
    assert status.required_entry_share == pytest.approx(0.940876, abs=1e-5)
    assert status.reachable
    needed = status.required_entry_share
    w, m = projection.project_flows(11, 27, rates, 2, women_share=needed)
    assert w / (w + m) == pytest.approx(0.4)  # the required share indeed lands on the target
    assert status.on_track is False


def test_unreachable_target_is_said_so():
    frame = small_case()
    status = projection.target_status(
        band_trend(frame, BAND), flows.flows(frame, BAND), TargetSpec("11+", 0.5, 2023), 2
    )
    assert (status.required_entry_share, status.reachable) == (1.0, False)


def test_two_observed_years_give_no_verdict():
    frame = small_case()
    status = projection.target_status(
        band_trend(frame, BAND), flows.flows(frame, BAND), TargetSpec("11+", 0.4, 2023)
    )
    assert status.too_little_data and status.current_share == pytest.approx(11 / 38)
    assert (status.linear_projection, status.flow_projection) == (None, None)
    assert (status.required_entry_share, status.on_track) == (None, None)
    assert status.window == (2020, 2021)


def three_year_case() -> pl.DataFrame:
    """Snapshots 2022 and 2025 only: one flow period of three years."""
    rows = [person(2022, f"w{i}", "v", 11) for i in range(1, 11)]
    rows += [person(2022, f"m{i}", "m", 11) for i in range(1, 31)]
    rows += [person(2025, f"w{i}", "v", 11) for i in range(1, 8)]  # w8-w10 left
    rows += [person(2025, f"nw{i}", "v", 11) for i in range(1, 7)]  # six women appointed
    rows += [person(2025, f"m{i}", "m", 11) for i in range(1, 25)]  # m25-m30 left
    rows += [person(2025, f"nm{i}", "m", 11) for i in range(1, 4)]  # three men appointed
    return conform(pl.DataFrame(rows))


def test_flows_three_years_apart_are_one_period_with_annualised_rates():
    table = flows.flows(three_year_case(), BAND)
    assert table.select("from_year", "year").unique().rows() == [(2022, 2025)]
    assert flows.period_label(2022, 2025) == "2022\u20132025"
    assert flows.period_label(2024, 2025) == "2025"
    assert flow_counts(table, "band_exits") == (3, 6)
    assert flow_counts(table, "band_entries") == (6, 3)
    rates = projection.flow_rates(table)
    assert rates is not None
    # 10 women at the start, 3 gone after three years: 10·(1 - (1 - e)^3) = 3
    assert rates.exit_rate_women == pytest.approx(1 - 0.7 ** (1 / 3))
    assert rates.exit_rate_men == pytest.approx(1 - 0.8 ** (1 / 3))  # 6 of 30
    assert rates.entries_per_year == pytest.approx(3.0)  # 9 appointments in three years
    assert rates.women_share_of_entries == pytest.approx(6 / 9)
    assert (rates.first_year, rates.last_year, rates.span_years) == (2022, 2025, 3)


def test_yearly_periods_pool_to_exits_over_start():
    assert projection.annual_exit_rate([(10, 2, 1), (30, 4, 1)]) == pytest.approx(6 / 40)
    assert projection.annual_exit_rate([(10, 0, 3)]) == 0.0


def test_linear_projection_needs_two_years():
    trend = pl.DataFrame({"year": [2020], "share_women": [0.3]})
    assert projection.linear_projection(trend, 2025) is None


def test_multi_band_functions_equal_single_band_ones():
    from bench.synthetic import synthetic_snapshots

    from gepmonitor.personnel.bands import DEFAULT_BANDS
    from gepmonitor.personnel.indicators.composition import band_trends

    # A band nobody is in (no one reaches scale 18 here) must come out the same too: no FTE.
    frame = synthetic_snapshots(20_000)
    bands = [*DEFAULT_BANDS, parse_band("18+")]
    assert set(band_trend(frame, bands[-1])["total"]) == {0}
    assert band_trend(frame, bands[-1])["fte_women"].null_count() == frame["year"].n_unique()
    trends = band_trends(frame, bands)
    band_flows = flows.flows_for_bands(frame, bands)
    every = flows.monitor_flows(frame, bands)
    assert every[None].equals(flows.flows(frame))
    for band in bands:
        # Counts and shares exactly; FTE sums to 1e-9 (summed per group first, in another order).
        assert_frame_equal(
            band_trend(frame, band), trends[band.code], check_exact=False, rel_tol=0, abs_tol=1e-9
        )
        assert flows.flows(frame, band).equals(band_flows[band.code])
        assert every[band.code].equals(band_flows[band.code])
