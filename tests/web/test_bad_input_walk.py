"""Every route of every module, with huge ids, out-of-range years and garbage query values.

Routes are discovered from the app, so a route a module adds later is walked too. Nothing a user
types may give a 5xx; and every integer path id and every year in the query string is bounded
by the shared types of gepmonitor.accounts.deps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fastapi.testclient import TestClient
from tests.webutil import api_token, create_user, csrf_token, login

from gepmonitor.accounts.deps import MAX_RECORD_ID, MAX_YEAR, MIN_YEAR
from gepmonitor.accounts.roles import Role, has_permission
from gepmonitor.web.app import create_app
from gepmonitor.web.routeinfo import RouteInfo, _routes, route_infos

HUGE = "99999999999999999999"
PATH_VALUES = (HUGE, str(MAX_RECORD_ID + 1), "-1", "0", "abc")
QUERY_VALUES = (HUGE, "-5", "0", "9999-12-31", "x" * 300, "2025-13-45", "\u00e9\u0000")
# Calling these with garbage would end the walking client's session.
SKIP = {"/login", "/logout", "/lang/{code}"}


def _dependants(dependant: Any) -> Iterator[Any]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _dependants(sub)


def _params(route: Any, kind: str) -> list[Any]:
    return [p for d in _dependants(route.dependant) for p in getattr(d, kind)]


def _bounds(param: Any) -> tuple[Any, Any]:
    ge = le = None
    for item in param.field_info.metadata:
        ge = getattr(item, "ge", ge)
        le = getattr(item, "le", le)
    return ge, le


def _is_int(annotation: Any) -> bool:
    return annotation is int or int in getattr(annotation, "__args__", ())


def test_every_integer_id_and_year_is_bounded(settings):
    app = create_app(settings)
    for route in _routes(app):
        if getattr(route, "dependant", None) is None:
            continue
        for param in _params(route, "path_params"):
            if _is_int(param.field_info.annotation):
                assert _bounds(param) == (1, MAX_RECORD_ID), (route.path, param.name)
        for param in _params(route, "query_params"):
            if param.name == "year":
                assert _bounds(param) == (MIN_YEAR, MAX_YEAR), (route.path, param.name)


def _client_for(
    info: RouteInfo, clients: dict[Role, tuple[TestClient, dict[str, str], dict[str, str]]]
) -> tuple[TestClient, dict[str, str]]:
    for role, (client, page_headers, api_headers) in clients.items():
        if all(has_permission(role, p) for p in info.permissions):
            return client, api_headers if info.is_api else page_headers
    raise AssertionError(f"no role may call {info.path}")


def _requests(app: Any) -> Iterator[tuple[RouteInfo, str, str, dict[str, str]]]:
    infos = {(i.path, frozenset(i.methods)): i for i in route_infos(app)}
    for route in _routes(app):
        if getattr(route, "dependant", None) is None or route.path in SKIP:
            continue
        info = infos[(route.path, frozenset(route.methods))]
        names = re.findall(r"\{([^}]+)\}", route.path)
        queries = {p.name for p in _params(route, "query_params")} | {"year"}
        for method in sorted(info.methods - {"HEAD", "OPTIONS"}):
            for value in PATH_VALUES:
                url = route.path
                for name in names:
                    url = url.replace("{" + name + "}", value)
                yield info, method, url, {}
            base = re.sub(r"\{[^}]+\}", "1", route.path)
            for name in sorted(queries):
                for value in QUERY_VALUES:
                    yield info, method, base, {name: value}


def test_no_route_gives_a_server_error_on_bad_input(settings, session_factory, demo_org):
    app = create_app(settings)
    clients = {}
    for role in Role:
        username, password = create_user(session_factory, demo_org, role.value)
        client = TestClient(app, base_url="http://testserver", raise_server_exceptions=False)
        login(client, username, password)
        bearer = {"Authorization": f"Bearer {api_token(session_factory, username)}"}
        clients[role] = (client, {"X-CSRF-Token": csrf_token(client)}, bearer)
    failures = []
    walked = 0
    for info, method, url, params in _requests(app):
        client, headers = _client_for(info, clients)
        response = client.request(
            method, url, params=params, headers=headers, follow_redirects=False
        )
        walked += 1
        if response.status_code >= 500 or "Traceback" in response.text:
            failures.append((method, url, params, response.status_code))
    assert walked > 500
    assert failures == [], "\n".join(map(str, failures))
