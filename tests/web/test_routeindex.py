"""The route index answers every request exactly as FastAPI's full router does."""

from __future__ import annotations

import asyncio
import re

import pytest
from fastapi.testclient import TestClient

from gepmonitor.web.app import create_app
from gepmonitor.web.routeindex import RouteIndex, path_key, route_paths

PARAM = re.compile(r"\{[^}]+\}")


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/", "/"),
        ("/recruitment", "/recruitment"),
        ("/recruitment/", "/recruitment"),
        ("/recruitment/12/score", "/recruitment"),
        ("/api/v1/me", "/api/v1/me"),
        ("/api/v1/recruitment/vacancies/3/selection", "/api/v1/recruitment"),
        ("/api/v1/", "/api/v1/"),
        ("/api/v1", "/api"),
        ("/api/docs", "/api"),
        ("/static/app.css", "/static"),
    ],
)
def test_path_key(path, key):
    assert path_key(path) == key


def _request_paths(app) -> list[str]:
    """Every route's path with its parameters filled, and paths no route answers as such."""
    paths = {"/", "/nowhere", "/api/v1", "/api/v1/", "/api/v1/nowhere", "/static/nothing.css"}
    for route in app.routes:
        for path in route_paths(route) or ():
            filled = PARAM.sub("1", path)
            paths |= {filled, filled + "/", filled + "/extra"}
            if filled.endswith("/"):
                paths.add(filled.rstrip("/"))
    return sorted(paths)


def _answers(client: TestClient, paths: list[str]) -> list[tuple[str, str, int, str | None]]:
    seen = []
    for path in paths:
        for method in ("GET", "PUT") if path.count("/") < 3 else ("GET",):
            response = client.request(method, path, follow_redirects=False)
            seen.append((method, path, response.status_code, response.headers.get("location")))
    return seen


def test_index_answers_like_the_full_router(settings, org, db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("routing does not depend on the database; one backend is enough")
    indexed = create_app(settings)
    plain = create_app(settings)
    plain.router.middleware_stack = plain.router.app  # FastAPI's own matching
    index = indexed.router.middleware_stack
    assert isinstance(index, RouteIndex)
    api_routes = len(list(indexed.router.routes))
    assert len(index.routers["/api/v1/me"].routes) < api_routes / 3
    paths = _request_paths(indexed)
    assert len(paths) > 150
    with TestClient(indexed) as one, TestClient(plain) as other:
        answers = _answers(one, paths)
        assert answers == _answers(other, paths)
    statuses = {status for _, _, status, _ in answers}
    assert {200, 401, 404, 405} <= statuses  # matched, refused, unknown and wrong method
    assert ("GET", "/healthz", 200, None) in answers


def test_requests_keep_the_full_router_for_url_for(settings, org):
    app = create_app(settings)
    index = app.router.middleware_stack
    assert isinstance(index, RouteIndex)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/healthz",
        "raw_path": b"/healthz",
        "query_string": b"",
        "root_path": "",
        "headers": [],
        "client": ("127.0.0.1", 1),
        "server": ("t", 80),
        "app": app,
        "state": {},
    }
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 200
    assert scope["router"] is app.router  # so url_for finds /login from an /sso page
    assert len(index.routers["/healthz"].routes) < len(app.router.routes)
