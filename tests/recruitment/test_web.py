"""Recruitment pages and API: roles, comply or explain through the web and the API, checker."""

from __future__ import annotations

from tests.recruitment.test_register import REASON
from tests.webutil import api_token, create_user, csrf_token, login, make_client


def logged_in(settings, session_factory, org, role):
    username, password = create_user(session_factory, org, role)
    client = make_client(settings)
    login(client, username, password)
    return client, username


def add_vacancy(client, token, **extra):
    form = {
        "csrf_token": token,
        "title": "Programmamanager Energie",
        "scale": "13",
        "opened": "2025-02-03",
        "applicants_m": "8",
        "applicants_v": "6",
        "shortlisted_m": "3",
        "shortlisted_v": "2",
        "suitable_m": "2",
        "suitable_v": "1",
    }
    form.update(extra)
    return client.post("/recruitment/new", data=form)


def test_comply_or_explain_through_the_web_form(settings, session_factory, org):
    client, _ = logged_in(settings, session_factory, org, "hr")
    token = csrf_token(client)
    page = add_vacancy(client, token)
    assert page.status_code == 200 and "V2025-001" in page.text
    bad = add_vacancy(client, token, scale="19", title="Tweede")
    assert bad.status_code == 422 and "Schaal 19 bestaat niet" in bad.text
    assert 'value="Tweede"' in bad.text  # the form keeps what was typed
    form = {"csrf_token": token, "gender": "m", "appointed_on": "2025-04-01"}
    refused = client.post("/recruitment/1/appoint", data=form)
    assert refused.status_code == 422 and "Pas toe of leg uit" in refused.text
    form |= {"explanation": REASON, "approver": "Provinciesecretaris"}
    done = client.post("/recruitment/1/appoint", data=form)
    assert done.status_code == 200 and "Benoeming op V2025-001 vastgelegd" in done.text
    report = client.get("/recruitment/report?year=2025&format=xlsx")
    assert report.status_code == 200 and report.content[:2] == b"PK"


def test_comply_or_explain_through_the_api(settings, session_factory, org):
    username, _ = create_user(session_factory, org, "hr")
    headers = {"Authorization": f"Bearer {api_token(session_factory, username)}"}
    client = make_client(settings)
    created = client.post(
        "/api/v1/recruitment/vacancies",
        headers=headers,
        json={
            "title": "Teamleider",
            "scale": 12,
            "opened": "2025-01-10",
            "applicants": [5, 5, 0],
            "shortlisted": [2, 2, 0],
            "suitable": [1, 1, 0],
        },
    )
    assert created.status_code == 201, created.text
    vacancy_id = created.json()["id"]
    url = f"/api/v1/recruitment/vacancies/{vacancy_id}/appointment"
    refused = client.post(url, headers=headers, json={"gender": "m", "appointed_on": "2025-03-01"})
    assert refused.status_code == 422
    assert "Pas toe of leg uit" in refused.json()["detail"] or "Comply" in refused.json()["detail"]
    ok = client.post(
        url,
        headers=headers,
        json={
            "gender": "m",
            "appointed_on": "2025-03-01",
            "explanation": REASON,
            "approver": "Directie",
        },
    )
    assert ok.status_code == 201 and ok.json()["explained"] is True
    summary = client.get("/api/v1/recruitment/summary?year=2025", headers=headers).json()
    assert summary["appointed_above_threshold"]["m"] is None  # 1 is below the minimum cell
    assert summary["explanations"][0]["approver"] == "Directie"


def test_the_register_list_and_table_show_a_write_on_the_next_request(
    settings, session_factory, org
):
    """Both are kept per data version (core.cache): the next write shows on the next request."""
    client, username = logged_in(settings, session_factory, org, "hr")
    headers = {"Authorization": f"Bearer {api_token(session_factory, username)}"}
    token = csrf_token(client)

    def listed():
        url = "/api/v1/recruitment/vacancies?year=2025"
        return [
            (v["reference"], v["appointed_gender"]) for v in client.get(url, headers=headers).json()
        ]

    add_vacancy(client, token)
    assert "V2025-001" in client.get("/recruitment?year=2025").text
    assert listed() == [("V2025-001", None)]
    add_vacancy(client, token, title="Beleidsadviseur Water")
    form = {"csrf_token": token, "gender": "v", "appointed_on": "2025-04-01"}
    assert client.post("/recruitment/1/appoint", data=form).status_code == 200
    page = client.get("/recruitment?year=2025").text
    assert "V2025-002" in page and "Beleidsadviseur Water" in page
    assert listed() == [("V2025-001", "v"), ("V2025-002", None)]


def test_board_reads_but_cannot_appoint_and_counsellor_sees_nothing(settings, session_factory, org):
    board, _ = logged_in(settings, session_factory, org, "board")
    assert board.get("/recruitment").status_code == 200
    assert board.get("/recruitment/new", follow_redirects=False).status_code == 403
    counsellor, _ = logged_in(settings, session_factory, org, "counsellor")
    assert counsellor.get("/recruitment", follow_redirects=False).status_code == 403
    assert counsellor.get("/check-vacancy").status_code == 200


def test_checker_page_and_api(settings, session_factory, org):
    client, username = logged_in(settings, session_factory, org, "viewer")
    page = client.post(
        "/check-vacancy",
        data={
            "csrf_token": csrf_token(client),
            "text": "Wij zoeken een daadkrachtige <script>x</script> collega voor ons jonge team.",
        },
    )
    assert page.status_code == 200
    assert '<mark class="coded masculine"' in page.text and "&lt;script&gt;" in page.text
    empty = client.post("/check-vacancy", data={"csrf_token": csrf_token(client), "text": " "})
    assert empty.status_code == 422 and "Plak een tekst" in empty.text
    upload = client.post(
        "/check-vacancy",
        data={"csrf_token": csrf_token(client)},
        files={"file": ("v.html", b"<p>Een zorgzame collega</p>", "text/html")},
    )
    assert upload.status_code == 200 and "zorgzame</mark>" in upload.text
    headers = {"Authorization": f"Bearer {api_token(session_factory, username)}"}
    result = client.post(
        "/api/v1/check-vacancy",
        headers=headers,
        json={"text": "A confident, competitive leader.", "lang": "en"},
    ).json()
    assert result["category"] == "strongly masculine-coded" or result["masculine_count"] == 3


def test_board_sees_the_summary_but_not_the_register_of_single_vacancies(
    settings, session_factory, org
):
    hr, _ = logged_in(settings, session_factory, org, "hr")
    assert add_vacancy(hr, csrf_token(hr)).status_code == 200
    assert "V2025-001" in hr.get("/recruitment").text  # opens on the latest year with data
    board, board_name = logged_in(settings, session_factory, org, "board")
    page = board.get("/recruitment")
    assert page.status_code == 200 and "2025" in page.text
    assert "V2025-001" not in page.text and "Programmamanager" not in page.text
    headers = {"Authorization": f"Bearer {api_token(session_factory, board_name)}"}
    assert board.get("/api/v1/recruitment/vacancies", headers=headers).status_code == 403
    summary = board.get("/api/v1/recruitment/summary", headers=headers)
    assert summary.status_code == 200 and summary.json()["year"] == 2025
