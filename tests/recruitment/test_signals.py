"""Funnel signals reach the GEP plan through the registry, like survey signals."""

from __future__ import annotations

from datetime import date

import pytest

from gepmonitor.core.errors import NotFoundError
from gepmonitor.plan import service as plan
from gepmonitor.recruitment import selection, service, signals
from gepmonitor.recruitment.outcomes import build_funnel


def adverse_funnel(session, org):
    """Scale 13: 30 women of whom 10 reach the long list, 30 men of whom 24 (p = 0.00057)."""
    vacancy = service.add_vacancy(
        session, org, service.VacancyInput("Directeur", 13, date(2025, 1, 6)), actor="t"
    )
    for gender, passed in (("v", 10), ("m", 24)):
        for index in range(30):
            candidate = selection.add_candidate(session, org, vacancy, gender=gender, actor="t")
            if index < passed:
                selection.set_stage(session, org, vacancy, candidate.code, "long_list", actor="t")
    return vacancy


def test_a_funnel_signal_is_offered_to_the_plan_and_linked_once(session, org):
    adverse_funnel(session, org)
    funnel = build_funnel(session, org, 2025, 5)
    assert [s.key for s in funnel.signals] == ["all:long_list", "13+:long_list"]
    key = "recruitment:2025:13+:long_list"
    assert signals.signal_exists(session, org, key, 10)
    assert not signals.signal_exists(session, org, "recruitment:2025:13+:short_list", 10)
    assert not signals.signal_exists(session, org, "recruitment:x", 10)
    offered = {c.key: c.label for c in plan.unlinked_choices(session, org, 10, "en")}
    assert set(offered) == {"recruitment:2025:all:long_list", key}
    assert "women went from applied to long list" in offered[key]
    assert "30" not in offered[key]  # no counts in the description
    plan.ensure_default_goals(session, org)
    measure = plan.add_measure(
        session, org, "OV2", "Selectiecommissies trainen", start_year=2025, end_year=2026,
        actor="t",
    )  # fmt: skip
    plan.link_signal(session, org, key, measure.id, "t", 10)
    assert plan.signal_links(session, org) == {key: measure.id}
    assert [c.key for c in plan.unlinked_choices(session, org, 10, "en")] == [
        "recruitment:2025:all:long_list"
    ]
    with pytest.raises(NotFoundError):
        plan.link_signal(session, org, "recruitment:2025:1-10:offer", measure.id, "t", 10)
