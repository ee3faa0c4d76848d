"""Errors become clean pages or {"detail": ...}; nothing a user sends produces a 500."""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.webutil import create_user, csrf_token, logged_in_client, login, make_client

from gepmonitor.web.app import create_app


def test_not_found_and_method_not_allowed(settings, session_factory, org):
    client = logged_in_client(settings, session_factory, org, "viewer")
    page = client.get("/does-not-exist")
    assert page.status_code == 404 and "Pagina niet gevonden" in page.text
    assert "Traceback" not in page.text and '<html lang="nl">' in page.text
    api = client.get("/api/v1/does-not-exist")
    assert api.status_code == 404 and set(api.json()) == {"detail"}
    assert client.put("/login").status_code in (403, 405)
    method = client.delete("/api/v1/me", headers={"X-CSRF-Token": csrf_token(client)})
    assert method.status_code == 405 and "detail" in method.json()


def test_validation_errors_are_readable(settings, session_factory, org):
    client = logged_in_client(settings, session_factory, org, "admin")
    page = client.get("/admin/audit?limit=many")
    assert page.status_code == 422
    assert "veld &#39;limit&#39;: moet een geheel getal zijn" in page.text
    api = client.post(
        "/api/v1/tokens", json={"nom": 1}, headers={"X-CSRF-Token": csrf_token(client)}
    )
    assert api.status_code == 422
    assert api.json()["detail"] == "Ongeldige invoer: veld 'name': ontbreekt"
    english = client.post(
        "/api/v1/tokens",
        content=b"{not json",
        headers={
            "X-CSRF-Token": csrf_token(client),
            "Content-Type": "application/json",
            "Accept-Language": "en",
        },
    )
    assert english.status_code == 422 and english.json()["detail"].startswith("Invalid input")


def test_domain_errors_use_their_status(settings, session_factory, org):
    client = logged_in_client(settings, session_factory, org, "admin")
    token = csrf_token(client)
    missing = client.post("/admin/users/999/reset", data={"csrf_token": token})
    assert missing.status_code == 404 and "Gebruiker 999 bestaat niet." in missing.text
    unknown = client.delete("/api/v1/tokens/12345", headers={"X-CSRF-Token": token})
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Token 12345 bestaat niet."}


def test_garbage_input_never_gives_500(settings, session_factory, org):
    client = logged_in_client(settings, session_factory, org, "admin")
    token = csrf_token(client)
    attempts = [
        client.post("/admin/users", data={"csrf_token": token, "role": "emperor"}),
        client.post("/admin/users", data={"csrf_token": token, "username": "A B", "role": "hr"}),
        client.post("/admin/users/abc", data={"csrf_token": token}),
        client.post("/admin/users", content=b"\xff\xfe", headers={"X-CSRF-Token": token}),
        client.get("/admin/audit?since=2025-13-45&limit=-1"),
        client.get("/lang/xx"),
        client.post("/login", data={"csrf_token": token, "username": "x" * 10_000}),
    ]
    for response in attempts:
        assert response.status_code < 500, response.text
        assert "Traceback" not in response.text
    assert "Onbekende rol &#39;emperor&#39;" in attempts[0].text
    assert "Ongeldige gebruikersnaam" in attempts[1].text


def test_anonymous_requests(settings, session_factory, org):
    client = make_client(settings)
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/api/v1/me").json()["detail"].startswith("Niet ingelogd")
    assert client.get("/admin/audit", follow_redirects=False).status_code == 303
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "gepmonitor"


HUGE = "99999999999999999999"


def test_huge_ids_and_bad_years_are_refused_clearly(settings, session_factory, org):
    admin = logged_in_client(settings, session_factory, org, "admin")
    token = csrf_token(admin)
    page = admin.post(f"/admin/users/{HUGE}/reset", data={"csrf_token": token})
    assert page.status_code == 422
    assert "veld &#39;user_id&#39;: mag hoogstens 2147483647 zijn" in page.text
    api = admin.delete(f"/api/v1/tokens/{HUGE}", headers={"X-CSRF-Token": token})
    assert api.status_code == 422
    assert api.json() == {
        "detail": "Ongeldige invoer: veld 'token_id': mag hoogstens 2147483647 zijn",
        "problems": ["veld 'token_id': mag hoogstens 2147483647 zijn"],
    }
    # A date at the end of the calendar means "no upper bound", not an overflow.
    audit = admin.get("/admin/audit?until=9999-12-31")
    assert audit.status_code == 200 and "<td>ingelogd</td>" in audit.text
    export = admin.get("/admin/audit.csv?until=9999-12-31")
    assert export.status_code == 200 and ",login," in export.text
    hr = logged_in_client(settings, session_factory, org, "hr")
    for year in ("0", "-5", HUGE):
        dashboard = hr.get("/dashboard", params={"year": year})
        assert dashboard.status_code == 422, year
        assert "veld &#39;year&#39;: moet minstens 1900 zijn" in dashboard.text or (
            "veld &#39;year&#39;: mag hoogstens 2100 zijn" in dashboard.text
        )
    indicators = hr.get("/api/v1/personnel/indicators?year=0")
    assert indicators.status_code == 422
    assert indicators.json()["detail"] == "Ongeldige invoer: veld 'year': moet minstens 1900 zijn"


def test_validation_errors_are_translated(settings, session_factory, org):
    hr = logged_in_client(settings, session_factory, org, "hr")
    token = csrf_token(hr)
    text_not_file = hr.post(
        "/personnel/imports/preview",
        data={"csrf_token": token, "file": "just text", "peildatum": "2024-12-31"},
    )
    assert text_not_file.status_code == 422
    assert "veld &#39;file&#39;: moet een bestand zijn" in text_not_file.text
    assert "UploadFile" not in text_not_file.text
    share = hr.put(
        "/api/v1/personnel/targets/11%2B",
        json={"share": -1, "year": 2030},
        headers={"X-CSRF-Token": token},
    )
    assert share.json()["detail"] == "Ongeldige invoer: veld 'share': moet groter zijn dan 0"
    english = hr.put(
        "/api/v1/personnel/targets/11%2B",
        json={"share": -1, "year": 2030},
        headers={"X-CSRF-Token": token, "Accept-Language": "en"},
    )
    assert english.json()["detail"] == "Invalid input: field 'share': must be greater than 0"
    broken = hr.post(
        "/api/v1/tokens",
        content=b"{not json",
        headers={"X-CSRF-Token": token, "Content-Type": "application/json"},
    )
    assert broken.json()["detail"] == (
        "Ongeldige invoer: de inhoud van het verzoek is geen geldige JSON"
    )
    listed = hr.post("/api/v1/tokens", json=[1], headers={"X-CSRF-Token": token})
    assert listed.json()["detail"] == (
        "Ongeldige invoer: de inhoud van het verzoek moet een JSON-object zijn"
    )
    admin = logged_in_client(settings, session_factory, org, "admin")
    since = admin.get("/admin/audit?since=gisteren")
    assert since.status_code == 422
    assert "Ongeldige datum &#39;gisteren&#39; bij &#39;Vanaf&#39;" in since.text


def test_a_number_parsed_by_hand_out_of_range_is_no_server_error(settings, session_factory, org):
    # The oath register parses its form itself; a year too large once gave a 500. It now says
    # what is wrong, as an error notice rather than a confirmation.
    client = TestClient(create_app(settings), raise_server_exceptions=False)
    username, password = create_user(session_factory, org, "hr")
    login(client, username, password)
    page = client.post(
        "/safety/registers/oaths",
        data={"csrf_token": csrf_token(client), "year": HUGE, "count": "3"},
    )
    assert page.status_code == 200
    assert 'class="notice notice-error" role="alert"' in page.text
    # The whole-number check (issue 12) refuses it before the year's range is looked at.
    assert "Niet opgeslagen: verwacht een geheel getal" in page.text
    new = client.post(
        "/recruitment/new",
        data={
            "csrf_token": csrf_token(client),
            "title": "Jurist",
            "scale": "11",
            "opened": "2024-03-01",
            "applicants_m": HUGE,
        },
    )
    assert new.status_code == 422 and "Jurist" in new.text  # the form comes back, filled in
    assert HUGE in new.text and "Niet opgeslagen" not in new.text


def test_overflow_behind_the_route_bounds_is_a_clear_422(settings):
    # The last line of defence: a number that slips past every check and overflows a date or a
    # database column is a 422 with a message, on pages and in the API alike.
    app = create_app(settings)

    @app.get("/api/v1/overflow-probe")
    def overflow_probe() -> None:
        raise OverflowError("Python int too large to convert to C long")

    client = TestClient(app, raise_server_exceptions=False)
    answer = client.get("/api/v1/overflow-probe")
    assert answer.status_code == 422
    assert "past niet" in answer.json()["detail"]
