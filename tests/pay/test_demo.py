"""The demo's pay: three plausible years and a register that shows every status."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from gepmonitor.pay import demo, register, service
from gepmonitor.personnel import demo as personnel_demo


def test_demo_pay_years_register_and_table(session, org, settings, db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("the demo is built on SQLite here; storage is covered on both elsewhere")
    personnel_demo.build(session, org, settings, 2025)
    demo.build(session, org, settings, 2025)
    assert [y.year for y in service.pay_years(session, org)] == [2023, 2024, 2025]
    statuses = {r.status for r in register.register_rows(session, org, None, date.today())}
    assert statuses == set(register.STATUSES)
    frame = service.load_pay(session, org, 2024)
    monthly = frame.filter(pl.col("fte") == 1.0).with_columns(
        (pl.col("basic") / 12).alias("monthly")
    )
    for scale, low, high in (("13", 5000, 7000), ("18", 9000, 11_600)):
        values = monthly.filter(monthly["category"] == scale)["monthly"]
        if values.len():
            assert low - 1 <= values.min() and values.max() <= high
    figures = service.figures(session, org, 2024, min_cell=5)
    assert 0 < figures.hourly.mean_gap < 25
    assert {c.category for c in figures.categories if c.flagged} == {"11"}
    assert demo.monthly_basic(13, 0, 2024) == 5000.0
