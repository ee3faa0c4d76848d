"""The demo province is deterministic per seed and realistic enough to tell a story."""

from __future__ import annotations

import polars as pl

from gepmonitor.personnel import service
from gepmonitor.personnel.bands import parse_band
from gepmonitor.personnel.demo import generate_demo_frame
from gepmonitor.personnel.indicators.composition import band_trend
from gepmonitor.personnel.schema import active_expr


def test_same_seed_same_province_other_seed_other_province():
    first = generate_demo_frame(7, staff=300, years=range(2020, 2023))
    assert first.equals(generate_demo_frame(7, staff=300, years=range(2020, 2023)))
    assert not first.equals(generate_demo_frame(8, staff=300, years=range(2020, 2023)))


def test_demo_tells_the_plans_story():
    frame = generate_demo_frame(2025)
    active = frame.filter(active_expr())
    per_year = active.group_by("year").len().sort("year")["len"].to_list()
    assert per_year[0] == 1500 and all(1450 <= n <= 1700 for n in per_year)
    assert sorted(active["scale"].drop_nulls().unique().to_list()) == list(range(4, 19))
    assert active["unit"].n_unique() == 25
    shares = band_trend(frame, parse_band("11+"))["share_women"].to_list()
    assert 0.28 < shares[0] < 0.36 and shares[-1] > shares[0] + 0.08  # under-represented, gaining
    assert frame.filter(~active_expr())["exit_reason"].null_count() == 0
    assert active.filter(pl.col("is_manager")).height > 50


def test_demo_snapshots_round_trip_through_storage(session, org):
    frame = generate_demo_frame(5, staff=200, years=range(2023, 2025))
    service.store_frame(session, org, frame, source_name="demo", actor="t")
    session.commit()
    loaded = service.load_snapshots(session, org)
    key = ["year", "employee_key", "exit_date"]
    assert loaded.sort(key).equals(frame.sort(key))
