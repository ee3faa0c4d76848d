"""Score sheets are kept per data version and per viewer: a new scorecard, a change of the
committee shows at once on the scoring page and in the API, one member's view is never served to
another, and every view is still audited."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from tests.recruitment.selectionutil import COMPETENCES, scores
from tests.recruitment.test_selection_web import competence_ids, english, post
from tests.webutil import (
    CSRF_INPUT,
    api_token,
    create_user,
    csrf_token,
    make_client,
    page_text,
)

from gepmonitor.core.audit import AuditEntry
from gepmonitor.core.models import Organisation
from gepmonitor.recruitment import scoring, selection, service


def _vacancy(session_factory, org) -> int:
    """A vacancy with anna and bram on its committee and K001, K002 interviewed."""
    with session_factory() as session:
        own = session.get(Organisation, org.id)
        vacancy = service.add_vacancy(
            session, own,
            service.VacancyInput(title="Adviseur", scale=12, opened=date(2025, 2, 3)),
            actor="test",
        )  # fmt: skip
        selection.set_competences(session, own, vacancy, COMPETENCES, actor="test")
        for name, gender, username in (
            ("Anna de Vries", "v", "anna"),
            ("Bram Jansen", "m", "bram"),
        ):
            selection.add_member(
                session, own, vacancy, name=name, role="colleague", gender=gender,
                username=username, actor="test",
            )  # fmt: skip
        for gender in "vm":
            code = selection.add_candidate(session, own, vacancy, gender=gender, actor="test").code
            selection.set_stage(session, own, vacancy, code, "interviewed", actor="test")
        session.commit()
        return vacancy.id


def _submit_elsewhere(session_factory, org, vacancy_id: int, username: str, code: str) -> None:
    """Submit a scorecard as another worker or the command line would: not through this app."""
    with session_factory() as session:
        own = session.get(Organisation, org.id)
        vacancy = service.get_vacancy(session, own, vacancy_id)
        member = scoring.find_member(session, vacancy, username)
        scoring.submit_scorecard(session, own, vacancy, code, member, scores((5, 4, 3)),
                                 actor=username)  # fmt: skip
        session.commit()


def _scorecard_views(session_factory) -> list[tuple[str, str]]:
    with session_factory() as session:
        rows = session.execute(
            select(AuditEntry.actor, AuditEntry.detail)
            .where(AuditEntry.action == "view_scorecards")
            .order_by(AuditEntry.id)
        )
        return [(actor, detail) for actor, detail in rows]


def _add_cees(session_factory, org, vacancy_id: int) -> None:
    """Put the account 'cees' on the vacancy's committee, outside the app."""
    with session_factory() as session:
        own_org = session.get(Organisation, org.id)
        selection.add_member(
            session, own_org, service.get_vacancy(session, own_org, vacancy_id), name="Cees Bos",
            role="external", gender="m", username="cees", actor="test",
        )  # fmt: skip
        session.commit()


def test_the_scoring_page_is_each_members_own_and_shows_a_new_scorecard_at_once(
    settings, session_factory, org
):
    anna = english(settings, session_factory, org, "viewer", "anna")
    bram = english(settings, session_factory, org, "board", "bram")
    vacancy_id = _vacancy(session_factory, org)
    path = f"/recruitment/{vacancy_id}/score"
    first = page_text(anna.get(path).text)
    assert first.count("Scorecards submitted: 0 of 2") == 2
    assert first.count("Submit my scorecard") == 2
    # bram's scorecard of K001, written elsewhere: anna's page counts it at once, without its scores
    _submit_elsewhere(session_factory, org, vacancy_id, "bram", "K001")
    counted = page_text(anna.get(path).text)
    assert "Scorecards submitted: 1 of 2" in counted and "Bram Jansen" not in counted
    # the same data version, two members: each gets their own view, whatever came first
    for _ in range(2):
        own = page_text(bram.get(path).text)
        assert "Bram Jansen" in own and "4.33" in own  # (3*5 + 2*4 + 1*3) / 6
        assert own.count("Submit my scorecard") == 1  # K002 only
        other = anna.get(path)
        assert "Bram Jansen" not in page_text(other.text)
        assert page_text(other.text).count("Submit my scorecard") == 2
        # each member's forms carry their own CSRF token, never the other's
        assert set(CSRF_INPUT.findall(other.text)) == {csrf_token(anna)}
    # anna submits K001 through the page: she sees both scorecards at once, bram does too
    ids = competence_ids(session_factory)
    card = {f"score-{ids[c.name]}": "2" for c in COMPETENCES}
    assert post(anna, f"/recruitment/{vacancy_id}/score/K001", **card).status_code == 200
    for client in (anna, bram):
        both = page_text(client.get(path).text)
        assert "Anna de Vries" in both and "Bram Jansen" in both
        assert "Scorecards submitted: 2 of 2" in both
    # a change of the committee shows at once: a third member counts, and may open the page
    cees = english(settings, session_factory, org, "viewer", "cees")
    assert cees.get(path).status_code == 404
    _add_cees(session_factory, org, vacancy_id)
    assert "Scorecards submitted: 2 of 3" in page_text(anna.get(path).text)
    joined = page_text(cees.get(path).text)
    assert joined.count("Submit my scorecard") == 2 and "Anna de Vries" not in joined
    # every view audited, one entry per candidate, with what that viewer was shown
    views = _scorecard_views(session_factory)
    assert views[:2] == [("anna", "K001 0 shown"), ("anna", "K002 0 shown")]
    assert ("bram", "K001 1 shown") in views and ("anna", "K001 2 shown") in views
    assert views[-2:] == [("cees", "K001 0 shown"), ("cees", "K002 0 shown")]
    assert len(views) == 2 * 11  # eleven pages shown, two candidates each


def test_the_scorecards_api_answers_each_caller_with_their_own_view(settings, session_factory, org):
    anna_name, _ = create_user(session_factory, org, "viewer", username="anna")
    create_user(session_factory, org, "board", username="bram")
    hr_name, _ = create_user(session_factory, org, "hr")
    vacancy_id = _vacancy(session_factory, org)
    headers = {
        name: {"Authorization": f"Bearer {api_token(session_factory, name)}"}
        for name in (anna_name, "bram", hr_name)
    }
    client = make_client(settings)
    url = f"/api/v1/recruitment/vacancies/{vacancy_id}/candidates/K001/scorecards"

    def get(name: str) -> dict:
        answer = client.get(url, headers=headers[name])
        assert answer.status_code == 200
        return answer.json()

    assert get("anna")["submitted"] == 0 and get(hr_name)["scorecards"] == []
    _submit_elsewhere(session_factory, org, vacancy_id, "bram", "K001")
    for _ in range(2):  # the same data version: each caller's own answer, whoever asked first
        hidden = get("anna")
        assert hidden["hidden_until_own_submitted"] is True and hidden["scorecards"] == []
        assert hidden["submitted"] == 1 and hidden["own_submitted"] is False
        own = get("bram")
        assert own["own_submitted"] is True
        assert [c["member"] for c in own["scorecards"]] == ["Bram Jansen"]
        managed = get(hr_name)  # runs the procedure, not on the committee: the submitted ones
        assert managed["own_submitted"] is None and managed["mean_weighted_score"] == 4.33
    # anna's own scorecard, through the API: her view changes at once
    body = {"scores": {c.name: {"score": 2} for c in COMPETENCES}}
    sent = client.post(url.removesuffix("s"), headers=headers["anna"], json=body)
    assert sent.status_code == 201
    assert [c["member"] for c in get("anna")["scorecards"]] == ["Bram Jansen", "Anna de Vries"]
    assert get(hr_name)["mean_weighted_score"] == 3.17  # (4.33 + 2.0) / 2
    # a committee change shows in the count at once
    create_user(session_factory, org, "viewer", username="cees")
    _add_cees(session_factory, org, vacancy_id)
    assert get("anna")["members"] == 3 and get(hr_name)["members"] == 3
    # every answer audited with what its caller was shown (the POST's answer is a read too)
    views = _scorecard_views(session_factory)
    assert views[:2] == [("anna", "K001 0 shown"), (hr_name, "K001 0 shown")]
    assert views.count(("anna", "K001 0 shown")) == 3
    assert views.count(("bram", "K001 1 shown")) == 2
    assert views.count((hr_name, "K001 1 shown")) == 2
    assert views[-2:] == [("anna", "K001 2 shown"), (hr_name, "K001 2 shown")]
    assert len(views) == 13
