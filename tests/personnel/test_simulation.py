"""The one simulation behind the demo agrees with itself: every figure follows from its people."""

from __future__ import annotations

from collections import Counter
from datetime import date

import polars as pl
import pytest

from gepmonitor.personnel.schema import active_expr
from gepmonitor.personnel.simulation import World, simulate
from gepmonitor.personnel.simulation.pay_table import HOURS_PER_YEAR, monthly_salary
from gepmonitor.personnel.simulation.safety import present
from gepmonitor.personnel.simulation.staff import REGISTER_FROM
from gepmonitor.recruitment.rules import explanation_required
from gepmonitor.safety.vocab import BEHAVIOUR_THEMES, INTEGRITY_THEMES

GENDER_INDEX = {"m": 0, "v": 1, "x": 2}


@pytest.fixture(scope="module")
def world() -> World:
    return simulate(2025)


def test_about_1600_staff_2016_to_2025_with_the_old_imbalance_shrinking(world):
    frame = world.frame()
    active = frame.filter(active_expr())
    per_year = dict(active.group_by("year").len().iter_rows())
    assert sorted(per_year) == list(range(2016, 2026))
    assert all(1450 <= n <= 1750 for n in per_year.values())
    assert 1550 <= per_year[2025] <= 1700
    top = (
        active.filter(pl.col("scale") >= 11)
        .group_by("year")
        .agg((pl.col("gender") == "v").mean().alias("share"))
    )
    shares = dict(top.iter_rows())
    assert 0.28 < shares[2016] < 0.36 and shares[2025] > shares[2016] + 0.05
    assert frame.filter(~active_expr())["exit_reason"].null_count() == 0
    assert active["unit"].n_unique() == 25


def test_every_appointment_has_a_shortlist_that_allows_it_and_is_in_the_snapshots(world):
    appointed = [s for s in world.staff.selections if s.appointed is not None]
    people = {p.number: p for p in world.people}
    for s in appointed:
        applicants, shortlisted, suitable = s.pool.applicants, s.pool.shortlisted, s.pool.suitable
        assert all(
            a >= b >= c >= 0 for a, b, c in zip(applicants, shortlisted, suitable, strict=True)
        )
        assert suitable[GENDER_INDEX[s.appointed]] >= 1, s
        person = people[s.person]
        assert person.gender == s.appointed
        job = person.years[s.appointed_on.year]
        assert job.scale == s.scale and job.unit == s.unit  # the post is held on the peildatum
        assert s.opened <= s.appointed_on
        assert (person.hired == s.appointed_on) != s.internal  # a new hire or a promotion


def test_comply_or_explain_cases_need_and_have_an_explanation(world):
    registered = [s for s in world.staff.selections if s.registered and s.appointed]
    assert {s.opened.year for s in registered} == set(range(REGISTER_FROM, 2026))
    cases = [
        s for s in registered if explanation_required(s.scale, s.pool.suitable[1], s.appointed, 11)
    ]
    per_year = Counter(s.opened.year for s in cases)
    assert all(per_year[year] >= 3 for year in range(REGISTER_FROM, 2026))
    assert all(len(s.explanation) >= 20 and s.approver for s in cases)
    assert len({s.explanation for s in cases}) >= 4
    assert any(s.appointed is None for s in world.staff.selections if s.registered)  # still open


def test_conversation_and_report_themes_fit_their_track(world):
    tracks = {
        "undesirable_behaviour": set(BEHAVIOUR_THEMES),
        "integrity": {*INTEGRITY_THEMES, "other"},
    }
    assert world.safety.conversations and world.safety.reports
    for c in world.safety.conversations:
        assert c.theme in tracks[c.track], c
    for r in world.safety.reports:
        assert r.theme in tracks[r.track], r
    outcomes = {r.outcome for r in world.safety.reports if r.outcome}
    assert len(outcomes) >= 4  # not one text for every closed report
    assert any(not r.outcome for r in world.safety.reports)  # some still open at the end


def test_conversations_oaths_trainings_surveys_and_meetings_are_the_staff_of_that_day(world):
    people = {p.number: p for p in world.people}
    for c in world.safety.conversations:
        assert people[c.person] in present(world.staff, c.held_on), c
    for training in world.safety.trainings:
        assert set(training.attendees) <= {p.number for p in present(world.staff, training.held_on)}
        if training.kind == "introduction":
            year = training.held_on.year
            assert world.safety.oaths[year] == len(training.attendees) > 20
            assert all(people[n].hired.year == year for n in training.attendees)
    for meeting in world.meetings:
        assert set(meeting.attendees) <= {p.number for p in present(world.staff, meeting.held_on)}
    for year, responses in world.surveys.items():
        staff = Counter(p.gender for p in present(world.staff, date(year, 10, 1)))
        answered = Counter(r.gender for r in responses)
        assert answered["v"] <= staff["v"] and answered["m"] <= staff["m"]
        assert 0.5 < len(responses) / sum(staff.values()) < 0.7


def test_pay_follows_scale_step_and_hours_like_a_provincial_table(world):
    assert 5000 < monthly_salary(13, 0, 2025) < monthly_salary(13, 10, 2025) < 8000
    assert monthly_salary(18, 10, 2025) < 13500
    assert monthly_salary(11, 5, 2016) < monthly_salary(11, 5, 2025)
    basis = world.pay_basis(2025)
    assert len(basis) > 1400
    assert all(0 < b.paid_hours <= HOURS_PER_YEAR * 1.0 for b in basis)
    frame = world.frame().filter((pl.col("year") == 2025) & pl.col("scale").is_not_null())
    assert frame["pay"].null_count() == 0 and frame["pay"].max() < 13500


def test_same_seed_same_world():
    assert simulate(7).frame().equals(simulate(7).frame())
    assert not simulate(7).frame().equals(simulate(8).frame())
