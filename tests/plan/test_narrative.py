"""The plan report's opening sentence counts the measures by status in correct Dutch."""

from __future__ import annotations

from gepmonitor.plan.kpis import MeasureView
from gepmonitor.plan.narrative import plan_summary


def _measure(number: int, status: str) -> MeasureView:
    return MeasureView(
        id=number,
        goal="OV1",
        title=f"Maatregel {number}",
        owner="HR",
        start_year=2024,
        end_year=2026,
        status=status,
        kpi="",
        kpi_kind="manual",
        target=None,
        measured=None,
        evidence="",
    )


def test_statuses_are_counted_in_the_plans_order_with_words_that_follow_a_number():
    statuses = ["running"] * 4 + ["done", "planned"]
    views = [_measure(i, s) for i, s in enumerate(statuses)]
    dutch = plan_summary(views, 2025, "", "nl")[0]
    assert dutch == "Het plan heeft 6 maatregelen: 1 gepland, 4 lopend, 1 afgerond."
    english = plan_summary(views, 2025, "", "en")[0]
    assert english == "The plan has 6 measures: 1 planned, 4 running, 1 done."
