"""The plan, survey and reports pages and their read API answers are built once per data version
(accounts.shared): a change shows at once, each role sees what it may, each reader gets their own
CSRF token."""

from __future__ import annotations

from tests.survey.test_web import client_for, seed_data
from tests.webutil import api_token, csrf_from, csrf_token, post_form

from gepmonitor.core.orgs import get_org
from gepmonitor.survey.demo import DEMO_MAPPING
from gepmonitor.survey.models import SurveyRound


def test_plan_page_and_api_show_a_new_measure_and_event_at_once(settings, session_factory, org):
    seed_data(settings, session_factory, org)
    hr, _ = client_for(settings, session_factory, org, "hr")
    board, name = client_for(settings, session_factory, org, "board")
    bearer = {"Authorization": f"Bearer {api_token(session_factory, name)}"}
    before = board.get("/plan").text
    measures = board.get("/api/v1/plan/measures", headers=bearer).json()
    events = board.get("/api/v1/plan/events", headers=bearer).json()
    assert "Mentorprogramma voor promovendae" not in before
    assert board.get("/plan").text == before  # the same page again (now from the cache)
    # The board may read, not keep the plan: no forms, no slot left in the page.
    assert 'action="/plan/measure"' not in before and "csrf-token-slot" not in before
    page = hr.get("/plan").text
    assert 'action="/plan/measure"' in page and "csrf-token-slot" not in page
    assert f'name="csrf_token" value="{csrf_token(hr)}"' in page.split('action="/plan/measure"')[1]
    added = post_form(
        hr,
        "/plan/measure",
        {
            "goal": "OV1",
            "title": "Mentorprogramma voor promovendae",
            "start": "2025",
            "end": "2026",
            "kpi": "deelnemers",
            "kind": "manual",
            "target": "20",
        },  # fmt: skip
    )
    assert added.status_code == 200, added.text
    event = post_form(
        hr,
        "/plan/event",
        {
            "title": "Lunchlezing inclusie",
            "held_on": "2025-03-04",
            "attendees": "31",
        },  # fmt: skip
    )
    assert event.status_code == 200, event.text
    after = board.get("/plan").text
    assert "Mentorprogramma voor promovendae" in after and "Lunchlezing inclusie" in after
    new_measures = board.get("/api/v1/plan/measures", headers=bearer).json()
    assert len(new_measures) == len(measures) + 1
    new = [m for m in new_measures if m not in measures]
    assert [(m["title"], m["target"]) for m in new] == [("Mentorprogramma voor promovendae", 20)]
    new_events = board.get("/api/v1/plan/events", headers=bearer).json()
    assert [e["title"] for e in new_events if e not in events] == ["Lunchlezing inclusie"]
    assert board.get("/api/v1/plan/measures?year=2025", headers=bearer).status_code == 200


def test_survey_rounds_and_reports_page_show_a_new_round_at_once(settings, session_factory, org):
    seed_data(settings, session_factory, org)
    hr, name = client_for(settings, session_factory, org, "hr")
    board, _ = client_for(settings, session_factory, org, "board")
    bearer = {"Authorization": f"Bearer {api_token(session_factory, name)}"}
    rounds = hr.get("/api/v1/survey/rounds", headers=bearer).json()
    assert [r["name"] for r in rounds] == ["WBO 2019", "WBO 2022", "WBO 2025"]
    reports = hr.get("/reports").text
    assert '<option value="WBO 2025">' in reports and "WBO 2026" not in reports
    # Each role its own reports page: hr may ask for exact small numbers, the board may not.
    assert 'name="exact"' in reports and 'name="exact"' not in board.get("/reports").text
    survey = hr.get("/survey").text
    assert 'action="/survey/import"' in survey and "csrf-token-slot" not in survey
    assert csrf_from(survey) == csrf_token(hr)
    assert 'action="/survey/import"' not in board.get("/survey").text
    with session_factory() as session:
        organisation = get_org(session, org.slug)
        session.add(
            SurveyRound(
                org_id=organisation.id,
                name="WBO 2026",
                year=2026,
                mapping=DEMO_MAPPING,
                source_name="test",
            )  # fmt: skip
        )
        session.commit()
    rounds = hr.get("/api/v1/survey/rounds", headers=bearer).json()
    assert [r["name"] for r in rounds][-1] == "WBO 2026"
    assert '<option value="WBO 2026">' in hr.get("/reports").text
    assert '<option value="WBO 2026">' in board.get("/reports").text
    assert 'value="WBO 2026"' in board.get("/survey?round=WBO 2025").text


def test_the_self_check_form_carries_each_readers_own_token(settings, session_factory, org):
    board, _ = client_for(settings, session_factory, org, "board")
    viewer, _ = client_for(settings, session_factory, org, "viewer")
    first, second = board.get("/plan/check").text, viewer.get("/plan/check").text
    assert csrf_from(first) == csrf_token(board) and csrf_from(second) == csrf_token(viewer)
    assert csrf_from(first) != csrf_from(second) and "csrf-token-slot" not in first
