"""Survey and plan pages and API: roles, suppression and the self-check upload."""

from __future__ import annotations

import html

from tests.conftest import SEEDS
from tests.webutil import api_token, create_user, csrf_token, login, make_client

from gepmonitor.core.orgs import get_org
from gepmonitor.plan import service as plan


def client_for(settings, session_factory, org, role):
    name, password = create_user(session_factory, org, role)
    client = make_client(settings)
    login(client, name, password)
    return client, name


def seed_data(settings, session_factory, org):
    from gepmonitor.plan.demo import build as build_plan
    from gepmonitor.survey.demo import build as build_survey

    with session_factory() as session:
        organisation = get_org(session, org.slug)
        build_survey(session, organisation, settings, 1)
        build_plan(session, organisation, settings, 1)
        session.commit()


def test_board_sees_results_and_signals_but_cannot_import(settings, session_factory, org):
    seed_data(settings, session_factory, org)
    board, name = client_for(settings, session_factory, org, "board")
    page = board.get("/survey?round=WBO 2025")
    assert page.status_code == 200 and "sociale_veiligheid" in page.text
    assert "geen maatregel" in page.text  # the inclusion decline has no measure yet
    assert (
        board.post(
            "/survey/import", data={"csrf_token": csrf_token(board)}, follow_redirects=False
        ).status_code
        == 403
    )
    headers = {"Authorization": f"Bearer {api_token(session_factory, name)}"}
    data = board.get("/api/v1/survey/results", params={"round": "WBO 2025"}, headers=headers).json()
    small = [g for g in data["by_group"]["gender"] if g["group"] == "x"]
    # The demo's x group reaches the minimum group (10), so it is shown ...
    assert small and all(g["n"] >= settings.survey_min_group == 10 for g in small)
    assert "x" not in data["left_out"]
    # ... and one more than its size as the minimum leaves it out of every figure.
    above = max(g["n"] for g in small) + 1
    stricter = make_client(settings.model_copy(update={"survey_min_group": above}))
    strict = stricter.get("/api/v1/survey/results", params={"round": "WBO 2025"}, headers=headers)
    strict_data = strict.json()
    # a group below the minimum is in no figure at all, totals included; women and men are shown
    assert "x" in strict_data["left_out"]
    genders = {g["group"] for g in strict_data["by_group"]["gender"]}
    assert "x" not in genders and {"v", "m"} <= genders
    assert all(g["n"] is not None for g in strict_data["by_group"]["gender"] if g["group"] in "vm")
    assert any(s["measure_id"] is None for s in data["signals"])
    viewer, _ = client_for(settings, session_factory, org, "viewer")
    assert viewer.get("/survey", follow_redirects=False).status_code == 403
    assert viewer.get("/plan").status_code == 200


def test_hr_links_a_signal(settings, session_factory, org):
    seed_data(settings, session_factory, org)
    hr, _ = client_for(settings, session_factory, org, "hr")
    option = '<option value="WBO 2025:inclusie:decline">'
    before = hr.get("/survey").text  # the page's results are now cached for this data version
    assert option in before
    done = hr.post(
        "/plan/link",
        data={"csrf_token": csrf_token(hr), "signal": "WBO 2025:inclusie:decline", "measure": "2"},
    )
    assert done.status_code == 200
    # The signal in words, its key in small print, and the measure's title (not its id).
    row = done.text.split("<td>Inclusie – daling t.o.v. vorige ronde, ")[1].split("</tr>")[0]
    assert "WBO 2025:inclusie:decline</small>" in row
    with session_factory() as session:
        title = plan.get_measure(session, org, 2).title
    assert row.endswith(f"<td>{html.escape(title)}</td>") and "geen maatregel" not in row
    # The survey page shows the link at once: the measure in the signal's row, the signal no
    # longer offered in the link form.
    after = hr.get("/survey").text
    row = after.split("<td>Inclusie – daling t.o.v. vorige ronde, ")[1].split("</tr>")[0]
    assert row.endswith(f"<td>{html.escape(title)}</td>") and option not in after
    # A signal key that does not exist is refused with a message, not stored.
    wrong = hr.post(
        "/plan/link", data={"csrf_token": csrf_token(hr), "signal": "nonsense", "measure": "2"}
    )
    assert "nonsense" in wrong.text and wrong.status_code == 200


def test_survey_page_shows_labels_every_breakdown_experiences_and_signal_keys(
    settings, session_factory, org
):
    seed_data(settings, session_factory, org)
    hr, _ = client_for(settings, session_factory, org, "hr")
    page = hr.get("/survey?round=WBO 2025").text
    for heading in ("Per groep: geslacht", "Per groep: leeftijd", "Per groep: leidinggevende"):
        assert heading in page
    assert "Ervaringen met ongewenst gedrag" in page and "pesten" in page
    assert "<td>Sociale veiligheid</td><td>vrouwen</td>" in page
    assert "<td>true</td>" not in page and "<td>v</td>" not in page and "0.000" not in page
    assert '<small class="hint">WBO 2025:inclusie:decline</small>' in page  # the key to link
    # Offered to link: the key as the value, the signal in words as the text.
    assert '<option value="WBO 2025:inclusie:decline">Inclusie – daling' in page
    assert "&lt;\u00a00,001" in page  # one line: a no-break space
    # Age bands in natural order, not as text ('<25' before '25-34', not after '55+').
    ages = page.split("Per groep: leeftijd")[-1].split("</table>")[0]
    assert ages.index("&lt;25") < ages.index("25-34") < ages.index("55+")
    plan_page = hr.get("/plan").text
    assert '<option value="WBO 2025:inclusie:decline">' in plan_page
    assert "(van)" not in plan_page


def test_selfcheck_upload_and_api(settings, session_factory, org):
    board, name = client_for(settings, session_factory, org, "board")
    seed = (SEEDS / "001_ea1dd7b03fb3184c.txt").read_bytes()
    page = board.post(
        "/plan/check",
        data={"csrf_token": csrf_token(board)},
        files={"file": ("gep-groningen.txt", seed, "text/plain")},
    )
    assert page.status_code == 200 and "Namens Gedeputeerde Staten" in page.text
    assert "verdict-missing" in page.text  # research and teaching
    empty = board.post("/plan/check", data={"csrf_token": csrf_token(board)})
    assert empty.status_code == 422
    headers = {"Authorization": f"Bearer {api_token(session_factory, name)}"}
    result = board.post(
        "/api/v1/plan/check", headers=headers, json={"text": seed.decode("utf-8")}
    ).json()
    assert {r["id"]: r["verdict"] for r in result}["public_document"] == "met"
    blank = board.post("/api/v1/plan/check", headers=headers, json={"text": "  \n "})
    assert blank.status_code == 422 and "geen leesbare tekst" in blank.json()["detail"]
    page = board.post(
        "/plan/check",
        data={"csrf_token": csrf_token(board)},
        files={"file": ("leeg.txt", b" ", "text/plain")},
    )
    assert page.status_code == 422 and "leeg.txt" in page.text


def test_plan_page_opens_on_the_latest_year_with_data(settings, session_factory, org):
    seed_data(settings, session_factory, org)  # events in 2025, measures 2025-2028, no staff
    board, _ = client_for(settings, session_factory, org, "board")
    page = board.get("/plan").text
    assert "maatregelen en KPI&#39;s 2025" in page or "maatregelen en KPI's 2025" in page
    assert '<option value="2025" selected>' in page and '<option value="2027">' in page
    assert "?" not in page.split("Bereik")[1].split("</p>")[0]
    assert "aantal medewerkers in 2025 is onbekend" in page
    empty = board.get("/plan?year=2027").text
    assert "Geen bijeenkomsten in 2027." in empty
    with session_factory() as session:
        measure = plan.list_measures(session, get_org(session, org.slug))[0]
    assert "benoemingen in schaal 11 en hoger" in measure.title and "13+" in measure.kpi


def test_the_results_api_keeps_its_schema_while_sending_cached_bytes(settings):
    from gepmonitor.web.app import create_app

    schema = create_app(settings).openapi()["paths"]["/api/v1/survey/results"]["get"]
    answer = schema["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer["type"] == "object"
