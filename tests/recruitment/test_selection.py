"""The selection register: intake to appointment, independent scorecards, checklist, purge."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from tests.recruitment.selectionutil import REASONS, scores, vacancy_with_register

from gepmonitor.core.audit import AuditEntry
from gepmonitor.core.errors import ConflictError, InputError, NotFoundError
from gepmonitor.recruitment import checklist, scoring, selection
from gepmonitor.recruitment.checklist import Retention
from gepmonitor.recruitment.models import (
    Appointment,
    Candidate,
    DecisionReason,
    PurgedCount,
    Score,
    Scorecard,
    TextCheck,
)
from gepmonitor.recruitment.outcomes import furthest_counts
from gepmonitor.recruitment.retention import purge_candidates
from gepmonitor.recruitment.selection import CompetenceInput
from gepmonitor.recruitment.textcheck.check import check_text


def advance(session, org, vacancy, codes, stage):
    for code in codes:
        selection.set_stage(session, org, vacancy, code, stage, actor="test")


def interviewed(session, org, **kwargs):
    vacancy = vacancy_with_register(session, org, **kwargs)
    advance(session, org, vacancy, ["K001", "K002", "K004", "K005"], "long_list")
    advance(session, org, vacancy, ["K001", "K004", "K005"], "short_list")
    advance(session, org, vacancy, ["K001", "K004"], "interviewed")
    return vacancy


def members(session, vacancy):
    return {m.username: m for m in selection.list_members(session, vacancy)}


def actions(session, org):
    return [
        a
        for (a,) in session.execute(
            select(AuditEntry.action).where(AuditEntry.org_id == org.id).order_by(AuditEntry.id)
        )
    ]


def test_a_vacancy_runs_from_intake_to_appointment(session, org):
    vacancy = interviewed(session, org)
    selection.set_suitable(session, org, vacancy, "K001", True, actor="test")
    by = members(session, vacancy)
    for code, anna, bram in (("K001", (4, 5, 3), (5, 4, 4)), ("K004", (3, 3, 4), (3, 2, 3))):
        scoring.submit_scorecard(
            session, org, vacancy, code, by["anna"], scores(anna), actor="anna"
        )
        scoring.submit_scorecard(
            session, org, vacancy, code, by["bram"], scores(bram), actor="bram"
        )
    sheet = scoring.score_sheet(
        session, org, vacancy, "K001", viewer="hr-adviser", actor="hr", manager=True
    )
    # weights 3, 2, 1: anna (3*4 + 2*5 + 1*3) / 6 = 25/6, bram (15 + 8 + 4) / 6 = 27/6
    assert [c.weighted for c in sheet.cards] == [4.17, 4.5]
    assert sheet.mean == 4.33 and sheet.own_submitted is None and not sheet.hidden
    scoring.record_decision(session, org, vacancy, "K001", date(2025, 3, 20), REASONS, actor="hr")
    appointment = scoring.appoint_candidate(
        session, org, vacancy, "K001", date(2025, 4, 1), threshold=11, actor="hr"
    )
    session.commit()
    assert appointment.gender == "v"
    stages = {c.code: c.stage for c in session.scalars(select(Candidate))}
    assert stages == {
        "K001": "appointed", "K002": "long_list", "K003": "applied",
        "K004": "interviewed", "K005": "short_list", "K006": "applied",
    }  # fmt: skip
    assert vacancy.procedure_ended == date(2025, 4, 1)
    # the register's counts follow the candidates (K001-3 women, K004-6 men)
    assert (vacancy.applicants_v, vacancy.applicants_m) == (3, 3)
    assert (vacancy.shortlisted_v, vacancy.shortlisted_m, vacancy.suitable_v) == (1, 2, 1)
    decision = scoring.get_decision(session, org, vacancy, actor="hr")
    assert decision is not None and decision.code == "K001"
    assert decision.reasons == REASONS
    done = actions(session, org)
    for action in ("set_competences", "add_committee_member", "add_candidate",
                   "set_candidate_stage", "set_candidate_suitable", "submit_scorecard",
                   "view_scorecards", "record_decision", "appoint", "view_decision"):  # fmt: skip
        assert action in done, action
    with pytest.raises(ConflictError, match="has ended"):
        selection.add_candidate(session, org, vacancy, gender="m", actor="test")


def test_an_offer_stays_the_stage_reached(session, org):
    vacancy = interviewed(session, org)
    anna = members(session, vacancy)["anna"]
    scoring.submit_scorecard(session, org, vacancy, "K001", anna, scores((4, 4, 4)), actor="a")
    scoring.record_decision(session, org, vacancy, "K001", date(2025, 3, 20), REASONS, actor="h")
    with pytest.raises(ConflictError, match="had an offer"):
        selection.set_stage(session, org, vacancy, "K001", "short_list", actor="t")
    assert selection.get_candidate(session, vacancy, "K001").stage == "offer"


def test_a_member_sees_no_other_scores_before_submitting_their_own(session, org):
    vacancy = interviewed(session, org)
    by = members(session, vacancy)
    scoring.submit_scorecard(
        session, org, vacancy, "K001", by["anna"], scores((4, 4, 4)), actor="a"
    )
    before = scoring.score_sheet(session, org, vacancy, "K001", viewer="bram", actor="bram")
    assert before.hidden and before.cards == [] and before.own_submitted is False
    assert before.submitted == 1 and before.mean is None
    overview = scoring.score_overview(session, org, vacancy, viewer="bram", actor="bram")
    assert overview["K001"].cards == [] and overview["K001"].hidden
    anna = scoring.score_sheet(session, org, vacancy, "K001", viewer="anna", actor="anna")
    assert [c.member for c in anna.cards] == ["Anna de Vries"]  # only her own so far
    scoring.submit_scorecard(
        session, org, vacancy, "K001", by["bram"], scores((2, 3, 5)), actor="b"
    )
    after = scoring.score_sheet(session, org, vacancy, "K001", viewer="bram", actor="bram")
    assert [c.member for c in after.cards] == ["Anna de Vries", "Bram Jansen"]
    assert after.cards[0].scores["Omgevingswet"][0] == 4
    # a submitted scorecard is final
    with pytest.raises(ConflictError, match="cannot be changed"):
        scoring.submit_scorecard(
            session, org, vacancy, "K001", by["bram"], scores((5, 5, 5)), actor="b"
        )
    stored = session.scalars(select(Score.score).order_by(Score.id)).all()
    assert stored == [4, 4, 4, 2, 3, 5]
    # not yet interviewed, and not a member
    with pytest.raises(InputError, match="after the interview"):
        scoring.submit_scorecard(
            session, org, vacancy, "K005", by["anna"], scores((3, 3, 3)), actor="a"
        )
    with pytest.raises(NotFoundError):
        scoring.find_member(session, vacancy, "someone-else")
    with pytest.raises(NotFoundError):  # neither on the committee nor running the procedure
        scoring.score_sheet(session, org, vacancy, "K001", viewer="someone-else", actor="x")
    hr = scoring.score_sheet(
        session, org, vacancy, "K001", viewer="hr-adviser", actor="hr", manager=True
    )
    assert len(hr.cards) == 2


def test_every_competence_is_scored_once_from_1_to_5(session, org):
    vacancy = interviewed(session, org)
    anna = members(session, vacancy)["anna"]
    card = scores((4, 4, 4))
    with pytest.raises(InputError, match="between 1 and 5"):
        scoring.submit_scorecard(
            session, org, vacancy, "K001", anna, card | {"Schrijven": (6, "")}, actor="a"
        )
    with pytest.raises(InputError, match="has no score"):
        scoring.submit_scorecard(
            session, org, vacancy, "K001", anna, {"Omgevingswet": (3, "")}, actor="a"
        )
    with pytest.raises(InputError, match="not a competence"):
        scoring.submit_scorecard(
            session, org, vacancy, "K001", anna, card | {"Lef": (3, "")}, actor="a"
        )
    assert session.scalar(select(func.count()).select_from(Scorecard)) == 0
    scoring.submit_scorecard(session, org, vacancy, "K001", anna, card, actor="a")
    with pytest.raises(ConflictError, match="competences are fixed"):
        selection.set_competences(
            session, org, vacancy, [CompetenceInput("Lef", "soft")], actor="t"
        )


def test_the_intake_validates_competences_and_keeps_the_register_lists(session, org):
    vacancy = vacancy_with_register(session, org)
    assert (vacancy.competences_hard, vacancy.competences_soft) == (
        "Omgevingswet, Schrijven",
        "Samenwerken",
    )
    for bad, message in (
        ([], "at least one"),
        ([CompetenceInput("A", "hard"), CompetenceInput("a", "soft")], "named twice"),
        ([CompetenceInput("A", "zacht")], "hard or soft"),
        ([CompetenceInput("A", "hard", 9)], "between 1 and 5"),
    ):
        with pytest.raises(InputError, match=message):
            selection.set_competences(session, org, vacancy, bad, actor="t")


def test_committee_members_and_candidate_codes(session, org):
    vacancy = vacancy_with_register(session, org)
    assert selection.committee_warning(["m", "m"]) == "m"
    assert selection.committee_warning(["m", "v"]) is None
    with pytest.raises(InputError, match="not a pseudonymous code"):
        selection.add_candidate(session, org, vacancy, code="Jansen", gender="v", actor="t")
    with pytest.raises(ConflictError):
        selection.add_candidate(session, org, vacancy, code="K001", gender="v", actor="t")
    assert selection.add_candidate(session, org, vacancy, gender="x", actor="t").code == "K007"
    with pytest.raises(NotFoundError):
        selection.add_member(
            session, org, vacancy, name="C", role="hr", gender="v", username="nobody", actor="t"
        )
    with pytest.raises(ConflictError):
        selection.add_member(
            session, org, vacancy, name="A2", role="hr", gender="v", username="anna", actor="t"
        )
    from gepmonitor.accounts.service import Actor, create_user

    create_user(
        session, org, "counsellor", Actor("t"), username="vp", password="Lantaarn-Rivier-77"
    )
    with pytest.raises(InputError, match="cannot enter scorecards"):
        selection.add_member(
            session, org, vacancy, name="V", role="hr", gender="v", username="vp", actor="t"
        )
    with pytest.raises(InputError, match="Role"):
        selection.add_member(session, org, vacancy, name="C", role="boss", gender="v", actor="t")
    with pytest.raises(InputError, match="short list"):
        selection.set_suitable(session, org, vacancy, "K002", True, actor="t")
    with pytest.raises(InputError, match="cannot be set here"):
        selection.set_stage(session, org, vacancy, "K002", "offer", actor="t")


def test_comply_or_explain_holds_for_an_appointment_from_the_register(session, org):
    vacancy = interviewed(session, org, scale=13)
    selection.set_suitable(session, org, vacancy, "K001", True, actor="t")
    anna = members(session, vacancy)["anna"]
    scoring.submit_scorecard(session, org, vacancy, "K004", anna, scores((4, 4, 4)), actor="a")
    with pytest.raises(InputError, match="decision"):
        scoring.appoint_candidate(
            session, org, vacancy, "K004", date(2025, 4, 1), threshold=11, actor="hr"
        )
    scoring.record_decision(session, org, vacancy, "K004", date(2025, 3, 20), REASONS, actor="h")
    with pytest.raises(InputError) as refused:
        scoring.appoint_candidate(
            session, org, vacancy, "K004", date(2025, 4, 1), threshold=11, actor="hr"
        )
    assert refused.value.key.startswith("Comply or explain: this vacancy in scale {scale}")
    assert session.scalar(select(func.count()).select_from(Appointment)) == 0
    scoring.appoint_candidate(
        session, org, vacancy, "K004", date(2025, 4, 1), threshold=11, actor="hr",
        explanation="Hij had als enige ervaring met de invoering van de Omgevingswet.",
        approver="Directeur",
    )  # fmt: skip
    assert session.scalar(select(Appointment.gender)) == "m"


def test_a_decision_needs_a_reason_per_competence_and_a_scorecard(session, org):
    vacancy = interviewed(session, org)
    with pytest.raises(InputError, match="no scorecard"):
        scoring.record_decision(session, org, vacancy, "K001", date(2025, 3, 1), REASONS, actor="h")
    anna = members(session, vacancy)["anna"]
    scoring.submit_scorecard(session, org, vacancy, "K001", anna, scores((4, 4, 4)), actor="a")
    short = REASONS | {"Schrijven": "goed"}
    with pytest.raises(InputError, match="Schrijven"):
        scoring.record_decision(session, org, vacancy, "K001", date(2025, 3, 1), short, actor="h")
    scoring.record_decision(session, org, vacancy, "K001", date(2025, 3, 1), REASONS, actor="h")
    assert session.scalar(select(func.count()).select_from(DecisionReason)) == 3


def test_checklist_due_days_overdue_steps_and_the_weekly_overview(session, org):
    vacancy = interviewed(session, org)
    retention = Retention()
    today = date(2025, 3, 10)
    steps = {s.step: s for s in checklist.checklist(session, org, vacancy, today, retention)}
    assert steps["text_published"].due == date(2025, 2, 3) and steps["text_published"].overdue
    assert steps["candidates_informed"].due == date(2025, 3, 3)  # a week after closing
    assert steps["rejections_explained"].due is None  # the procedure has not ended
    checklist.mark_step(session, org, vacancy, "text_published", date(2025, 2, 3), actor="hr")
    with pytest.raises(ConflictError, match="still kept"):
        checklist.mark_step(session, org, vacancy, "data_removed", today, actor="hr")
    with pytest.raises(InputError, match="unknown"):
        checklist.mark_step(session, org, vacancy, "published", today, actor="hr")
    week = checklist.weekly_overview(session, org, today, retention)
    assert [(r.reference, r.stage, r.candidates) for r in week] == [
        (vacancy.reference, "interviewed", 6)
    ]
    row = week[0]
    assert [s.step for s in row.overdue] == ["candidates_informed"]
    assert row.scorecards_missing == 4  # two interviewed candidates x two members
    assert row.by_stage["short_list"] == 3 and row.committee_one_gender is None


def test_the_weekly_overview_and_the_funnel_change_with_the_next_committed_write(
    session_factory, org
):
    """Both are kept per data version (core.cache): a committed write shows on the next read."""
    from gepmonitor.recruitment import outcomes

    retention, today = Retention(), date(2025, 3, 10)
    with session_factory() as session:
        vacancy = interviewed(session, org)
        session.commit()
    with session_factory() as session:
        week = checklist.weekly_overview(session, org, today, retention)
        funnel = outcomes.build_funnel(session, org, 2025, 5, exact=True)
        assert checklist.weekly_overview(session, org, today, retention) is week  # kept
        assert week[0].scorecards_missing == 4
        assert [s.step for s in week[0].overdue] == ["text_published", "candidates_informed"]
        assert funnel.cells[("11-12", "v", "short_list")] == 1
    with session_factory() as session:
        vacancy = session.merge(vacancy)
        by = members(session, vacancy)
        scoring.submit_scorecard(
            session, org, vacancy, "K001", by["anna"], scores((4, 4, 4)), actor="a"
        )
        checklist.mark_step(session, org, vacancy, "text_published", date(2025, 2, 3), actor="hr")
        advance(session, org, vacancy, ["K002"], "short_list")
        session.commit()
    with session_factory() as session:
        week = checklist.weekly_overview(session, org, today, retention)
        assert week[0].scorecards_missing == 3
        assert [s.step for s in week[0].overdue] == ["candidates_informed"]
        funnel = outcomes.build_funnel(session, org, 2025, 5, exact=True)
        assert funnel.cells[("11-12", "v", "short_list")] == 2


def test_candidate_data_are_purged_on_schedule_leaving_counts(session, org):
    vacancy = interviewed(session, org)
    by = members(session, vacancy)
    scoring.submit_scorecard(
        session, org, vacancy, "K001", by["anna"], scores((4, 4, 4)), actor="a"
    )
    selection.set_consent(session, org, vacancy, "K004", True, actor="hr")
    scoring.record_decision(session, org, vacancy, "K001", date(2025, 3, 20), REASONS, actor="h")
    scoring.appoint_candidate(session, org, vacancy, "K001", date(2025, 4, 1), threshold=11,
                              actor="hr")  # fmt: skip
    before = furthest_counts(session, org, 2025)
    retention = Retention(days=28, consent_days=365)

    def at(day):
        return datetime(day.year, day.month, day.day, 3, tzinfo=UTC)

    assert purge_candidates(session, org, at(date(2025, 4, 28)), retention=retention) == 0
    assert purge_candidates(session, org, at(date(2025, 4, 29)), retention=retention) == 5
    assert session.scalars(select(Candidate.code)).all() == ["K004"]  # consented: a year
    assert session.scalar(select(func.count()).select_from(Scorecard)) == 0
    assert session.scalar(select(func.count()).select_from(DecisionReason)) == 0
    decision = scoring.get_decision(session, org, vacancy, actor="hr")
    assert decision is not None and decision.code is None and decision.purged
    assert furthest_counts(session, org, 2025) == before  # the funnel keeps its counts
    steps = {s.step: s for s in checklist.checklist(session, org, vacancy, date(2025, 5, 1),
                                                    retention)}  # fmt: skip
    assert steps["data_removed"].done_on is None
    assert steps["data_removed"].due == date(2026, 4, 1)
    assert purge_candidates(session, org, at(date(2026, 4, 1)), retention=retention) == 1
    assert session.scalar(select(func.count()).select_from(Candidate)) == 0
    assert furthest_counts(session, org, 2025) == before
    assert sum(session.scalars(select(PurgedCount.count))) == 6
    steps = {s.step: s for s in checklist.checklist(session, org, vacancy, date(2026, 4, 2),
                                                    retention)}  # fmt: skip
    assert steps["data_removed"].done_on == date(2026, 4, 1)
    assert steps["data_removed"].done_by == "purge"
    assert actions(session, org).count("purge_candidates") == 2


def test_an_open_procedure_is_never_purged(session, org):
    interviewed(session, org)
    assert purge_candidates(session, org, datetime(2030, 1, 1, tzinfo=UTC)) == 0
    assert session.scalar(select(func.count()).select_from(Candidate)) == 6


def test_a_text_check_keeps_figures_not_the_text(session, org):
    vacancy = vacancy_with_register(session, org)
    text = "Wij zoeken een daadkrachtige collega voor een jong team."
    checklist.record_text_check(session, org, vacancy, check_text(text, "nl"), actor="hr")
    [row] = checklist.text_checks(session, org, vacancy)
    assert (row.language, row.category, row.masculine, row.exclusions) == (
        "nl",
        "masculine-coded",
        1,
        1,
    )
    stored = [str(v) for v in session.execute(select(TextCheck.__table__)).one()]
    assert not any("daadkrachtig" in value for value in stored)
