"""Counsellors serve for a period: past years keep their count when counsellors come and go."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gepmonitor.core.errors import ConflictError, InputError
from gepmonitor.safety import service
from gepmonitor.safety.service import ConversationInput, SafetyActor


def _entry(day: date) -> ConversationInput:
    return ConversationInput(
        held_on=day, track="undesirable_behaviour", themes=["bullying"], person_code="A1"
    )


def _count(session, org, year: int) -> int:
    return service.yearly_totals(session, org, year, 5)["undesirable_behaviour"].counsellors


def test_adding_and_stopping_counsellors_leaves_past_years_alone(session, settings, org):
    old = service.add_counsellor(
        session, org, "VP-1", "undesirable_behaviour", actor="t", active_from=date(2020, 1, 1)
    )
    service.add_counsellor(session, org, "VP-2", "undesirable_behaviour", actor="t")  # earlier
    session.commit()
    assert _count(session, org, 2024) == 2
    service.add_counsellor(
        session, org, "VP-NEW", "undesirable_behaviour", actor="t", active_from=date.today()
    )
    service.deactivate_counsellor(session, org, "VP-1", date(2024, 6, 30), actor="t")
    session.commit()
    assert _count(session, org, 2024) == 2  # VP-1 served in 2024; VP-NEW did not
    assert _count(session, org, 2025) == 1
    assert [c.code for c in service.counsellors_serving(session, org)] == ["VP-2", "VP-NEW"]
    operator = SafetyActor("t", service.OPERATOR)
    with pytest.raises(InputError) as caught:
        service.log_conversation(session, settings, operator, old, _entry(date(2024, 7, 1)))
    assert caught.value.key == "Counsellor {code} was not serving on {day}."
    service.log_conversation(session, settings, operator, old, _entry(date(2024, 6, 30)))
    with pytest.raises(ConflictError):
        service.deactivate_counsellor(session, org, "VP-1", date(2024, 7, 1), actor="t")


def test_a_counsellor_stopping_later_can_log_until_then(session, settings, org):
    anna = service.add_counsellor(
        session, org, "VP-A", "undesirable_behaviour", actor="t", user_id=7
    )
    service.deactivate_counsellor(
        session, org, "VP-A", date.today() + timedelta(days=30), actor="t"
    )
    session.commit()
    as_anna = SafetyActor("anna", "counsellor", 7)
    assert service.counsellor_of(session, as_anna).id == anna.id
    service.log_conversation(session, settings, as_anna, anna, _entry(date.today()))
    assert [c.code for c in service.counsellors_serving(session, org)] == ["VP-A"]
