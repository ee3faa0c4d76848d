"""Errors become clean pages or {"detail": ...}; nothing a user sends produces a 500."""

from __future__ import annotations

from tests.webutil import csrf_token, logged_in_client, make_client


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
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/api/v1/me").json()["detail"].startswith("Niet ingelogd")
    assert client.get("/admin/audit", follow_redirects=False).status_code == 303
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "gepmonitor"
