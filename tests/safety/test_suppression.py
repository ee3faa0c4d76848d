"""Complementary suppression: no hidden small count can be recovered by subtraction."""

from __future__ import annotations

from datetime import date

from tests.safety.groningen_log import OPERATOR_ACTOR

from gepmonitor.safety import registers, service
from gepmonitor.safety.report import gather
from gepmonitor.safety.service import ConversationInput


def integrity_log(session, settings, org, about_integrity: int, total: int) -> None:
    """Log `total` integrity conversations of which `about_integrity` have an integrity theme."""
    counsellor = service.add_counsellor(session, org, "INT-1", "integrity", actor="t")
    for index in range(total):
        theme = "fraud" if index < about_integrity else "bullying"
        service.log_conversation(
            session,
            settings,
            OPERATOR_ACTOR,
            counsellor,
            ConversationInput(
                held_on=date(2024, 3, 1 + index),
                track="integrity",
                themes=[theme],
                person_code=f"P{index}",
            ),
        )
    session.commit()


def test_the_about_split_is_hidden_together(session, settings, org):
    integrity_log(session, settings, org, about_integrity=3, total=14)
    totals = service.yearly_totals(session, org, 2024, min_cell=5)["integrity"]
    assert totals.conversations == 14
    # 11 shown next to 14 would give away the 3: both parts are hidden.
    assert totals.about_integrity is None and totals.about_undesirable_behaviour is None
    # Themes add up to the conversations too: one small theme hides the whole column.
    assert totals.themes["fraud"] is None and totals.themes["bullying"] is None
    assert totals.themes["discrimination"] == 0  # a known zero gives nothing away
    exact = service.yearly_totals(session, org, 2024, min_cell=5, exact=True)["integrity"]
    assert (exact.about_integrity, exact.about_undesirable_behaviour) == (3, 11)
    assert exact.themes["bullying"] == 11


def test_the_split_applies_to_the_integrity_track_only(session, settings, org):
    integrity_log(session, settings, org, about_integrity=8, total=15)
    totals = service.yearly_totals(session, org, 2024, min_cell=5)
    assert totals["integrity"].about_integrity == 8
    behaviour = totals["undesirable_behaviour"]
    assert not behaviour.applies("about_integrity") and behaviour.about_integrity is None


def _report(session, org, track: str, received: date) -> None:
    registers.add_report(
        session,
        org,
        track=track,
        theme="bullying",
        source="internal",
        received_on=received,
        actor="t",
    )


def test_register_counts_are_suppressed_in_the_report(session, settings, org):
    for day in range(1, 5):
        _report(session, org, "undesirable_behaviour", date(2024, 2, day))
    for day in range(1, 3):
        _report(session, org, "integrity", date(2024, 3, day))
    for day in range(1, 8):
        _report(session, org, "undesirable_behaviour", date(2023, 2, day))
    registers.add_incident(session, org, occurred_on=date(2024, 5, 1), kind="physical", actor="t")
    session.commit()
    report = gather(session, org, 2024, "nl", min_cell=5)
    rows = {row[0]: row[1:] for row in report.reports}
    assert rows[2024] == [None, None, 6]  # 4 + 2 of 6: both parts hidden, the total shown
    assert rows[2023] == [7, 0, 7]
    assert report.incidents["physical"] is None and report.incidents["verbal"] == 0
    exact = gather(session, org, 2024, "nl", min_cell=5, exact=True)
    assert exact.reports[-1] == [2024, 4, 2, 6] and exact.incidents["physical"] == 1


def test_training_attendance_hides_a_small_x_not_women_or_men(session, settings, org):
    registers.add_training(
        session,
        org,
        title="Workshop",
        held_on=date(2024, 10, 8),
        kind="workshop",
        attendees=(40, 50, 2),
        actor="t",
    )
    session.commit()
    (row,) = gather(session, org, 2024, "nl", min_cell=5).trainings
    # the total and reach become those of men and women: nothing gives the 2 away
    assert (row.men, row.women, row.other, row.attendees) == (40, 50, None, 90)
    assert row.covers == "men_women"
    (exact,) = gather(session, org, 2024, "nl", min_cell=5, exact=True).trainings
    assert (exact.men, exact.women, exact.other) == (40, 50, 2)
