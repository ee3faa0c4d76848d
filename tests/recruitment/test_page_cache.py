"""The vacancy, scoring and appointment pages and the selection APIs are kept per data version,
viewer and language: a change shows at once, one viewer's answer is never another's, each page
carries its reader's own CSRF token and every view of candidate data is still audited."""

from __future__ import annotations

from sqlalchemy import select
from tests.recruitment.selectionutil import vacancy_with_register
from tests.recruitment.test_scoring_cache import _submit_elsewhere
from tests.recruitment.test_selection_web import english
from tests.webutil import (
    CSRF_INPUT,
    api_token,
    create_user,
    csrf_token,
    login,
    make_client,
    page_text,
)

from gepmonitor.core.audit import AuditEntry
from gepmonitor.core.models import Organisation
from gepmonitor.recruitment import selection, service


def _vacancy(session_factory, org, *, member: str = "", scale: int = 14) -> int:
    """A vacancy with a suitable woman, anna and bram (and member) on its committee, K001 and K002
    interviewed."""
    with session_factory() as session:
        own = session.get(Organisation, org.id)
        vacancy = vacancy_with_register(session, own, scale=scale, genders="vm")
        if member:
            selection.add_member(
                session, own, vacancy, name="Hanna Smit", role="hr", gender="v", username=member,
                actor="test",
            )  # fmt: skip
        for code in ("K001", "K002"):
            selection.set_stage(session, own, vacancy, code, "interviewed", actor="test")
        selection.set_suitable(session, own, vacancy, "K001", True, actor="test")  # the woman
        session.commit()
        return vacancy.id


def _change(session_factory, org, vacancy_id: int, *, suitable: bool, title: str) -> None:
    """Judge K001 (the woman) suitable or not and retitle the vacancy, as another worker would."""
    with session_factory() as session:
        own = session.get(Organisation, org.id)
        vacancy = service.get_vacancy(session, own, vacancy_id)
        selection.set_suitable(session, own, vacancy, "K001", suitable, actor="test")
        vacancy.title = title
        session.commit()


def _audited(session_factory) -> list[tuple[str, str, str]]:
    with session_factory() as session:
        rows = session.execute(
            select(AuditEntry.actor, AuditEntry.action, AuditEntry.detail)
            .where(AuditEntry.action.in_(("view_candidates", "view_scorecards", "view_decision")))
            .order_by(AuditEntry.id)
        )
        return [tuple(row) for row in rows]


def test_the_appointment_form_shows_a_change_at_once_in_each_language_and_token(
    settings, session_factory, org
):
    vacancy_id = _vacancy(session_factory, org, scale=settings.recruitment_threshold_scale)
    first = english(settings, session_factory, org, "hr")
    second = english(settings, session_factory, org, "hr", "second-hr")
    path = f"/recruitment/{vacancy_id}/appoint"
    pages = {name: client.get(path).text for name, client in (("a", first), ("b", second))}
    for name, client in (("a", first), ("b", second)):
        assert "Comply or explain" in page_text(pages[name])
        assert set(CSRF_INPUT.findall(pages[name])) == {csrf_token(client)}
    # no suitable woman any more and a new title, written elsewhere: both show at once
    _change(session_factory, org, vacancy_id, suitable=False, title="Jurist Omgevingsrecht")
    changed = page_text(first.get(path).text)
    assert "Comply or explain" not in changed and "Jurist Omgevingsrecht" in changed
    # the same data version in Dutch for one reader, in English for the other
    second.get("/lang/nl?next=/")
    dutch = page_text(second.get(path).text)
    assert "Benoeming vastleggen" in dutch and "Record appointment" not in dutch
    english_page = page_text(first.get(path).text)
    assert "Record appointment" in english_page and "Benoeming vastleggen" not in english_page
    # the threshold is part of what the page shows: above the vacancy's scale the notice goes
    _change(session_factory, org, vacancy_id, suitable=True, title="Jurist")
    assert "Comply or explain" in page_text(first.get(path).text)
    higher = make_client(
        settings.model_copy(
            update={"recruitment_threshold_scale": settings.recruitment_threshold_scale + 1}
        )
    )
    login(higher, "test-hr", "hr-kastanje-laan-123")
    higher.get("/lang/en?next=/")
    assert "Comply or explain" not in page_text(higher.get(path).text)
    assert "Comply or explain" in page_text(first.get(path).text)


def test_the_vacancy_and_scoring_pages_are_each_viewers_own_in_each_language(
    settings, session_factory, org
):
    member = english(settings, session_factory, org, "hr")  # on the committee
    vacancy_id = _vacancy(session_factory, org, member="test-hr")
    other = english(settings, session_factory, org, "hr", "other-hr")  # runs the procedure
    anna = make_client(settings)  # on the committee (selectionutil made her account)
    login(anna, "anna", "Lantaarn-Rivier-77")
    anna.get("/lang/en?next=/")
    page, score = f"/recruitment/{vacancy_id}", f"/recruitment/{vacancy_id}/score"
    for _ in range(2):  # the same data version: each viewer's own page, whoever came first
        assert "Your scorecards" in member.get(page).text
        assert "Your scorecards" not in other.get(page).text
        assert page_text(anna.get(score).text).count("Submit my scorecard") == 2
        assert page_text(member.get(score).text).count("Submit my scorecard") == 2
    assert other.get(score).status_code == 404  # not on the committee
    # bram scores K001 elsewhere: anna's count changes at once, his scores stay hidden from her
    _submit_elsewhere(session_factory, org, vacancy_id, "bram", "K001")
    seen = page_text(anna.get(score).text)
    assert "Scorecards submitted: 1 of 3" in seen and "Bram Jansen" not in seen
    # the same data version in English, then in Dutch: the member's own pages in each language
    assert "Your scorecards" in member.get(page).text
    assert page_text(member.get(score).text).count("Submit my scorecard") == 2
    member.get("/lang/nl?next=/")
    dutch = page_text(member.get(score).text)
    assert "Scoreformulieren" in dutch and dutch.count("Mijn scoreformulier indienen") == 2
    assert "Je scoreformulieren" in member.get(page).text
    assert "Your scorecards" not in other.get(page).text
    assert "Submit my scorecard" in anna.get(score).text  # anna still reads English
    # every view audited with what its viewer was shown: the file's two reads, a sheet each
    views = _audited(session_factory)
    assert views[:4] == [
        ("test-hr", "view_candidates", "2"),
        ("test-hr", "view_scorecards", "overview 2"),
        ("other-hr", "view_candidates", "2"),
        ("other-hr", "view_scorecards", "overview 2"),
    ]
    assert views[4:6] == [("anna", "view_scorecards", "K001 0 shown"),
                          ("anna", "view_scorecards", "K002 0 shown")]  # fmt: skip
    assert views.count(("other-hr", "view_candidates", "2")) == 3
    assert views.count(("anna", "view_scorecards", "K001 0 shown")) == 4
    assert len(views) == 7 * 2 + 8 * 2  # seven views of the file, eight scoring pages: two each


def test_the_selection_apis_answer_each_caller_with_their_own_view(settings, session_factory, org):
    create_user(session_factory, org, "hr")
    create_user(session_factory, org, "hr", username="other-hr")
    vacancy_id = _vacancy(session_factory, org, member="test-hr")
    client = make_client(settings)
    headers = {
        name: {"Authorization": f"Bearer {api_token(session_factory, name)}"}
        for name in ("test-hr", "other-hr")
    }
    url = f"/api/v1/recruitment/vacancies/{vacancy_id}/selection"
    _submit_elsewhere(session_factory, org, vacancy_id, "bram", "K001")

    def sheet(name: str) -> dict:
        answer = client.get(url, headers=headers[name])
        assert answer.status_code == 200
        return answer.json()["scorecards"][0]

    for _ in range(2):  # the same data version: the member's withheld view, the other's all
        withheld = sheet("test-hr")
        assert withheld["hidden_until_own_submitted"] is True and withheld["scorecards"] == []
        assert [c["member"] for c in sheet("other-hr")["scorecards"]] == ["Bram Jansen"]
    # the member scores K001 elsewhere: their view opens at once
    _submit_elsewhere(session_factory, org, vacancy_id, "test-hr", "K001")
    opened = sheet("test-hr")
    assert [c["member"] for c in opened["scorecards"]] == ["Bram Jansen", "Hanna Smit"]
    # one's committees: the member's own list, and a new committee seat shows at once
    mine = "/api/v1/recruitment/scoring"
    assert [v["id"] for v in client.get(mine, headers=headers["test-hr"]).json()] == [vacancy_id]
    assert client.get(mine, headers=headers["other-hr"]).json() == []
    with session_factory() as session:
        own = session.get(Organisation, org.id)
        selection.add_member(
            session, own, service.get_vacancy(session, own, vacancy_id), name="Olaf Kok",
            role="colleague", gender="m", username="other-hr", actor="test",
        )  # fmt: skip
        session.commit()
    assert [v["id"] for v in client.get(mine, headers=headers["other-hr"]).json()] == [vacancy_id]
    # every answer audited: candidates and overview, five times
    views = _audited(session_factory)
    assert [v[0] for v in views[::2]] == ["test-hr", "other-hr"] * 2 + ["test-hr"]
    assert views[1::2] == [(n, "view_scorecards", "overview 2") for n in
                           ("test-hr", "other-hr", "test-hr", "other-hr", "test-hr")]  # fmt: skip
