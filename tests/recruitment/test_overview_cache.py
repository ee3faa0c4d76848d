"""The register, funnel, weekly and scoring pages, the empty forms and their APIs are kept per
data version (accounts.shared): a change written elsewhere shows at once, the default year moves
with the data, each page carries its reader's own CSRF token and the roles without the right
still get 403."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.webutil import CSRF_INPUT, api_token, create_user, csrf_token, login, make_client
from tests.webutil import page_text as text

from gepmonitor.core.models import Organisation
from gepmonitor.recruitment import selection, service

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)  # the app's clock: the funnel's default year


def reader(settings, session_factory, org, role, username=None, lang="en"):
    """Return a client logged in with a new account of the role, reading in lang."""
    name, password = create_user(session_factory, org, role, username=username)
    client = make_client(settings)
    client.app.state.clock = lambda: NOW
    login(client, name, password)
    client.get(f"/lang/{lang}?next=/")
    return client


def bearer(session_factory, username):
    return {"Authorization": f"Bearer {api_token(session_factory, username)}"}


def elsewhere(session_factory, org, change):
    """Run change(session, org) in its own committed transaction, as another worker would."""
    with session_factory() as session:
        own = session.get(Organisation, org.id)
        result = change(session, own)
        session.commit()
        return result


def vacancy(title, opened, scale=12):
    """Return a change that registers a vacancy with a suitable woman and man; its id."""

    def change(session, org):
        data = service.VacancyInput(
            title=title, scale=scale, opened=opened, applicants=(3, 3, 0),
            shortlisted=(2, 2, 0), suitable=(1, 1, 0),
        )  # fmt: skip
        return service.add_vacancy(session, org, data, actor="test").id

    return change


def test_the_register_and_summary_follow_the_latest_year_and_an_appointment_at_once(
    settings, session_factory, org
):
    hr = reader(settings, session_factory, org, "hr")
    board = reader(settings, session_factory, org, "board", lang="nl")
    headers = bearer(session_factory, "test-hr")

    def summary(query=""):
        answer = hr.get(f"/api/v1/recruitment/summary{query}", headers=headers)
        assert answer.status_code == 200
        return answer.json()

    this_year = date.today().year  # no vacancy at all: the register opens on this year
    for _ in range(2):
        assert f"Recruitment and appointments {this_year}" in text(hr.get("/recruitment").text)
        assert (summary()["year"], summary()["vacancies"]) == (this_year, 0)
    first = elsewhere(session_factory, org, vacancy("Jurist Omgevingsrecht", date(2024, 4, 1)))
    page = text(hr.get("/recruitment").text)
    assert "Recruitment and appointments 2024" in page and "Jurist Omgevingsrecht" in page
    dutch = text(board.get("/recruitment").text)  # the board: the summary, not the register
    assert "Werving en benoemingen 2024" in dutch and "Jurist Omgevingsrecht" not in dutch
    assert (summary()["year"], summary()["vacancies"], summary()["explanations"]) == (2024, 1, [])
    # a man appointed while a suitable woman applied, explained: shown at once, page and API
    threshold = settings.recruitment_threshold_scale

    def appoint(session, own):
        found = service.get_vacancy(session, own, first)
        found.scale = max(found.scale, threshold)
        service.appoint(
            session, own, found, "m", date(2024, 6, 3), threshold=threshold, actor="test",
            explanation="De enige met ervaring in de Omgevingswet.", approver="Directeur",
        )  # fmt: skip

    elsewhere(session_factory, org, appoint)
    assert "De enige met ervaring in de Omgevingswet" in text(hr.get("/recruitment").text)
    assert "De enige met ervaring in de Omgevingswet" in text(board.get("/recruitment").text)
    explained = summary()["explanations"]
    assert [e["explanation"] for e in explained] == ["De enige met ervaring in de Omgevingswet."]
    assert summary("?year=2024") == summary()
    # a vacancy of a later year: the default year moves to it at once; 2024 stays asked for
    elsewhere(session_factory, org, vacancy("Beleidsadviseur", date(2025, 1, 6)))
    later = text(hr.get("/recruitment").text)
    assert "Recruitment and appointments 2025" in later and "Beleidsadviseur" in later
    assert "Jurist Omgevingsrecht" not in later
    assert "Werving en benoemingen 2025" in text(board.get("/recruitment").text)
    assert (summary()["year"], summary("?year=2024")["year"]) == (2025, 2024)
    assert "Jurist Omgevingsrecht" in text(hr.get("/recruitment?year=2024").text)
    # every form of the page carries the reader's own token
    for client in (hr, board):
        assert set(CSRF_INPUT.findall(client.get("/recruitment").text)) <= {csrf_token(client)}
    counsellor = reader(settings, session_factory, org, "counsellor")
    assert counsellor.get("/recruitment", follow_redirects=False).status_code == 403
    viewer = reader(settings, session_factory, org, "viewer")
    assert viewer.get("/recruitment", follow_redirects=False).status_code == 403
    assert hr.get("/api/v1/recruitment/summary", headers=bearer(session_factory, "test-viewer")
                  ).status_code == 403  # fmt: skip


def test_the_funnel_and_outcomes_show_a_candidate_and_a_committee_at_once(
    settings, session_factory, org
):
    board = reader(settings, session_factory, org, "board")
    create_user(session_factory, org, "hr")
    headers = bearer(session_factory, "test-hr")

    def api(path):
        answer = board.get(f"/api/v1/recruitment/{path}", headers=headers)
        assert answer.status_code == 200
        return answer.json()

    for _ in range(2):  # no selection data: the funnel shows this year (the app's clock)
        assert "no figures" in text(board.get("/recruitment/funnel").text)
        assert "Selection by gender 2026" in text(board.get("/recruitment/funnel").text)
        assert (api("funnel")["year"], api("funnel")["vacancies"]) == (2026, 0)
    first = elsewhere(session_factory, org, vacancy("Jurist", date(2025, 5, 1)))

    def candidates(vacancy_id, genders):
        def change(session, own):
            found = service.get_vacancy(session, own, vacancy_id)
            for gender in genders:
                selection.add_candidate(session, own, found, gender=gender, actor="test")

        return change

    elsewhere(session_factory, org, candidates(first, "vm"))
    page = text(board.get("/recruitment/funnel").text)  # the default year moves to 2025
    assert "Selection by gender 2025" in page
    assert "with candidates in the selection register: 1." in page
    assert (api("funnel")["year"], api("funnel")["vacancies"]) == (2025, 1)
    second = elsewhere(session_factory, org, vacancy("Adviseur", date(2025, 9, 1)))
    elsewhere(session_factory, org, candidates(second, "v"))
    assert "register: 2." in text(board.get("/recruitment/funnel").text)
    assert "register: 2." in text(board.get("/recruitment/funnel?year=2025").text)
    assert api("funnel")["vacancies"] == api("funnel?year=2025")["vacancies"] == 2
    assert "no figures" in text(board.get("/recruitment/funnel?year=2024").text)
    # the year's committees: a member added elsewhere counts at once
    outcomes = "selection-outcomes?year=2025"
    before = api(outcomes)["committees"]
    assert (before["total"], before["members"]["total"]) == (0, 0)
    assert api("selection-outcomes")["year"] == 2026  # no year asked: the clock's

    def member(session, own):
        found = service.get_vacancy(session, own, second)
        selection.add_member(
            session, own, found, name="Anna de Vries", role="chair", gender="v", actor="test"
        )

    elsewhere(session_factory, org, member)
    after = api(outcomes)["committees"]
    assert (after["total"], after["all_women"]) == (1, 1)
    assert after["members"]["total"] is None  # one member: below the minimum, suppressed
    board.get("/lang/nl?next=/")
    assert "Selectie naar gender 2025" in text(board.get("/recruitment/funnel").text)
    counsellor = reader(settings, session_factory, org, "counsellor")
    assert counsellor.get("/recruitment/funnel", follow_redirects=False).status_code == 403


def test_the_week_and_scoring_pages_show_a_vacancy_and_a_seat_at_once(
    settings, session_factory, org
):
    hr = reader(settings, session_factory, org, "hr")
    viewer = reader(settings, session_factory, org, "viewer", lang="nl")
    headers = bearer(session_factory, "test-hr")
    for _ in range(2):
        assert "Jurist" not in text(hr.get("/recruitment/week").text)
        assert hr.get("/api/v1/recruitment/week", headers=headers).json() == []
        assert "no selection committee" in text(hr.get("/recruitment/scoring").text)
        assert "geen selectiecommissie" in text(viewer.get("/recruitment/scoring").text)
    first = elsewhere(session_factory, org, vacancy("Jurist", date(2026, 2, 2)))
    week = text(hr.get("/recruitment/week").text)
    assert "Recruitment meeting, week of 10 March 2026" in week and "Jurist" in week
    assert [r["title"] for r in hr.get("/api/v1/recruitment/week", headers=headers).json()] == [
        "Jurist"
    ]
    assert "Jurist" not in text(hr.get("/recruitment/scoring").text)

    def seat(session, own):  # the viewer takes a seat on the committee
        found = service.get_vacancy(session, own, first)
        selection.add_member(
            session, own, found, name="Piet Bakker", role="colleague", gender="m",
            username="test-viewer", actor="test",
        )  # fmt: skip

    elsewhere(session_factory, org, seat)
    mine = text(viewer.get("/recruitment/scoring").text)
    assert "Jouw selectiecommissies" in mine and "Jurist" in mine
    assert "no selection committee" in text(hr.get("/recruitment/scoring").text)  # not theirs
    assert set(CSRF_INPUT.findall(viewer.get("/recruitment/scoring").text)) <= {csrf_token(viewer)}
    assert viewer.get("/recruitment/week", follow_redirects=False).status_code == 403
    assert hr.get("/api/v1/recruitment/week", headers=bearer(session_factory, "test-viewer")
                  ).status_code == 403  # fmt: skip
    counsellor = reader(settings, session_factory, org, "counsellor")
    assert counsellor.get("/recruitment/scoring", follow_redirects=False).status_code == 403


def test_the_empty_forms_carry_each_readers_token_in_their_language(settings, session_factory, org):
    first = reader(settings, session_factory, org, "hr")
    second = reader(settings, session_factory, org, "hr", "second-hr", lang="nl")
    counsellor = reader(settings, session_factory, org, "counsellor")
    for _ in range(2):
        for client, title, check in ((first, "New vacancy", "Check a vacancy text"),
                                     (second, "Nieuwe vacature", "Vacaturetekst controleren")):  # fmt: skip
            form = client.get("/recruitment/new")
            assert form.status_code == 200 and title in text(form.text)
            assert set(CSRF_INPUT.findall(form.text)) == {csrf_token(client)}
            page = client.get("/check-vacancy")
            assert page.status_code == 200 and check in text(page.text)
            assert set(CSRF_INPUT.findall(page.text)) == {csrf_token(client)}
    assert csrf_token(first) != csrf_token(second)
    page = counsellor.get("/check-vacancy")  # every role may check a text
    assert page.status_code == 200 and set(CSRF_INPUT.findall(page.text)) == {
        csrf_token(counsellor)
    }
    assert counsellor.get("/recruitment/new", follow_redirects=False).status_code == 403
    # the form works with the token it carries
    made = first.post("/recruitment/new", data={
        "csrf_token": CSRF_INPUT.findall(first.get("/recruitment/new").text)[0],
        "title": "Jurist", "scale": "11", "opened": "2025-05-01"})  # fmt: skip
    assert made.status_code == 200 and "Vacancy V2025-001 registered" in text(made.text)
