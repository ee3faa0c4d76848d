"""Every route of the app, with every role: 403 where the matrix forbids, nothing leaked.

Routes are discovered from the app itself, so a route added by any module is covered: it must
either be on the short public list below or declare its access through CurrentUser/require().
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.webutil import api_token, create_user, csrf_token, login, make_client

from gepmonitor.accounts.matrix import MATRIX_FILES, matrix_block
from gepmonitor.accounts.roles import Role, has_permission
from gepmonitor.web.routeinfo import RouteInfo, route_infos

ROOT = Path(__file__).resolve().parents[2]
# Routes anyone may call without logging in.
PUBLIC = {
    "/login",
    "/logout",
    "/lang/{code}",
    "/healthz",
    "/readyz",
    "/login/sso",
    "/login/sso/callback",
    "/api/docs",
    "/api/docs/oauth2-redirect",
    "/docs/oauth2-redirect",
    "/api/v1/openapi.json",
}
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
# API routes only a logged-in person may call (an API token gets 403 whatever its role).
PERSON_ONLY = {("POST", "/api/v1/tokens")}


def _url(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def _protected(app) -> list[tuple[RouteInfo, str]]:
    pairs = []
    for info in route_infos(app):
        for method in sorted(info.methods - {"HEAD", "OPTIONS"}):
            pairs.append((info, method))
    return pairs


def _main(html: str) -> str:
    match = re.search(r"<main.*?</main>", html, re.S)
    return match.group(0) if match else html


def test_every_route_declares_its_access(settings):
    from gepmonitor.web.app import create_app

    for info in route_infos(create_app(settings)):
        if info.path in PUBLIC or info.path.startswith("/static"):
            continue
        assert info.needs_login, f"{info.path} neither public nor behind CurrentUser/require()"


def test_every_route_with_every_role(settings, session_factory, demo_org):
    app_routes = _protected(make_client(settings).app)
    assert len(app_routes) >= 15
    # Path parameters are "1": make record 1 a bystander's, so that an allowed unsafe request
    # (deactivate user 1, reset its password) never locks out the clients walking the routes.
    create_user(session_factory, demo_org, "viewer", username="bystander")
    api_token(session_factory, "bystander")
    clients = {}
    for role in Role:
        username, password = create_user(session_factory, demo_org, role.value)
        client = make_client(settings)
        login(client, username, password)
        clients[role] = (client, csrf_token(client), api_token(session_factory, username))
    anonymous = make_client(settings)
    forbidden_pages: set[str] = set()
    checked = 0
    for info, method in app_routes:
        if info.path in PUBLIC or info.path.startswith("/static"):
            continue
        url = _url(info.path)
        response = anonymous.request(method, url, follow_redirects=False)
        # Anonymous unsafe requests have no session, so the CSRF check refuses them first.
        expected_anon = 403 if method in UNSAFE else (401 if info.is_api else 303)
        assert response.status_code == expected_anon, (method, url, response.status_code)
        for role, (client, token, bearer) in clients.items():
            allowed = all(has_permission(role, p) for p in info.permissions)
            person_only = (method, info.path) in PERSON_ONLY
            bearer_used = info.is_api and not person_only
            headers = {"Authorization": f"Bearer {bearer}"} if bearer_used else {}
            if method in UNSAFE and not bearer_used:
                headers["X-CSRF-Token"] = token
            response = client.request(method, url, headers=headers, follow_redirects=False)
            checked += 1
            if allowed:
                assert response.status_code != 403, (role, method, url, response.text[:300])
                assert response.status_code < 500, (role, method, url)
                continue
            assert response.status_code == 403, (role, method, url, response.status_code)
            if info.is_api:
                assert response.json() == {
                    "detail": "Uw rol heeft geen toegang tot deze pagina of gegevens."
                }
            else:
                forbidden_pages.add(_main(response.text))
    assert checked > 50
    # Every forbidden page is the same generic page: nothing of the route's data leaks.
    assert len(forbidden_pages) == 1
    page = forbidden_pages.pop()
    assert "Geen toegang" in page and "<table" not in page and "%" not in page


@pytest.mark.parametrize("name", MATRIX_FILES)
def test_the_docs_show_the_current_permission_matrix(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    assert matrix_block() in text, (
        f"{name}: the permission matrix is out of date; run `make docs-matrix` "
        "(tools/docs_matrix.py writes it from every capability's permissions.py)"
    )
