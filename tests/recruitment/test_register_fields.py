"""Every register field can be entered and is shown: web form, API, listings on web, API, CLI."""

from __future__ import annotations

from sqlalchemy import select
from tests.recruitment.test_register import REASON
from tests.recruitment.test_web import add_vacancy, logged_in
from tests.webutil import api_token, create_user, csrf_token, make_client

from gepmonitor.recruitment.models import Vacancy


def test_web_form_takes_reference_and_closed_date_and_register_shows_all_counts(
    settings, session_factory, org
):
    client, _ = logged_in(settings, session_factory, org, "hr")
    token = csrf_token(client)
    page = add_vacancy(client, token, reference="PU-2025-17", closed="2025-03-01")
    assert page.status_code == 200, page.text
    with session_factory() as session:
        stored = session.scalar(select(Vacancy))
        assert (stored.reference, stored.closed.isoformat()) == ("PU-2025-17", "2025-03-01")
    bad = add_vacancy(client, token, reference="PU-2025-18", closed="2025-01-01")
    assert bad.status_code == 422 and "sluitingsdatum ligt voor" in bad.text
    form = {"csrf_token": token, "gender": "v", "appointed_on": "2025-04-01"}
    assert client.post(f"/recruitment/{stored.id}/appoint", data=form).status_code == 200
    register = client.get("/recruitment?year=2025").text
    for shown in ("PU-2025-17", "01-03-2025", "8 / 6 / 0", "3 / 2 / 0", "2 / 1 / 0", "01-04-2025"):
        assert shown in register  # dates as Dutch readers write them
    assert "sollicitanten m/v/x" in register and "benoemd op" in register


def test_api_takes_competences_refuses_unknown_fields_and_lists_every_field(
    settings, session_factory, org
):
    username, _ = create_user(session_factory, org, "hr")
    headers = {"Authorization": f"Bearer {api_token(session_factory, username)}"}
    client = make_client(settings)
    body = {
        "title": "Teamleider",
        "scale": 12,
        "opened": "2025-01-10",
        "closed": "2025-02-01",
        "applicants": [5, 5, 0],
        "shortlisted": [2, 2, 0],
        "suitable": [1, 1, 0],
        "competences_hard": ["Omgevingswet"],
        "competences_soft": ["samenwerken", "luisteren"],
    }
    created = client.post("/api/v1/recruitment/vacancies", headers=headers, json=body)
    assert created.status_code == 201, created.text
    typo = client.post(
        "/api/v1/recruitment/vacancies", headers=headers, json=body | {"competence_soft": ["x"]}
    )
    assert typo.status_code == 422 and "detail" in typo.json()
    url = f"/api/v1/recruitment/vacancies/{created.json()['id']}/appointment"
    appointment = {"gender": "m", "appointed_on": "2025-03-01", "explanation": REASON}
    done = client.post(url, headers=headers, json=appointment | {"approver": "Directie"})
    assert done.status_code == 201
    [listed] = client.get("/api/v1/recruitment/vacancies?year=2025", headers=headers).json()
    assert listed["competences_soft"] == ["samenwerken", "luisteren"]
    assert listed["competences_hard"] == ["Omgevingswet"]
    assert (listed["applicants"], listed["shortlisted"], listed["suitable"]) == (
        [5, 5, 0],
        [2, 2, 0],
        [1, 1, 0],
    )
    assert (listed["closed"], listed["appointed_on"]) == ("2025-02-01", "2025-03-01")


def test_cli_list_shows_counts_and_dates(run_cli):
    run_cli("init")
    args = ["vacancy", "add", "--title", "Jurist", "--scale", "11", "--opened", "2025-01-06"]
    extra = ["--closed", "2025-02-01", "--applicants", "9,7,0", "--shortlisted", "3,2,0"]
    code, _, err = run_cli(*args, *extra, "--suitable", "2,1,0")
    assert code == 0, err
    run_cli("vacancy", "appoint", "V2025-001", "--gender", "v", "--date", "2025-03-01")
    code, out, _ = run_cli("--lang", "en", "vacancy", "list", "--year", "2025")
    for shown in ("01/02/2025", "9/7/0", "3/2/0", "2/1/0", "01/03/2025"):
        assert shown in out  # dates as English (British) readers write them
