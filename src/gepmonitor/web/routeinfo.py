"""What the app serves: every route with its methods and the access it declares."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI


@dataclass(frozen=True)
class RouteInfo:
    """One route of the app: path, methods and what it requires."""

    path: str
    methods: frozenset[str]
    name: str
    needs_login: bool
    permissions: frozenset[str]  # permission names

    @property
    def is_api(self) -> bool:
        """Return whether the route belongs to the JSON API."""
        return self.path.startswith("/api/")


def _routes(app: FastAPI) -> Iterator[Any]:
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI: included routers are flattened already
        yield from app.routes
        return
    yield from iter_route_contexts(app.routes)


def _walk(dependant: Any) -> Iterator[Any]:
    for sub in getattr(dependant, "dependencies", []) or []:
        yield sub.call
        yield from _walk(sub)


def route_infos(app: FastAPI) -> list[RouteInfo]:
    """Return every HTTP route of the app with the login and permissions it declares."""
    from gepmonitor.accounts.deps import PermissionCheck, current_user

    infos = []
    for route in _routes(app):
        methods = getattr(route, "methods", None)
        path = getattr(route, "path", None)
        if not methods or not path:
            continue
        dependant = getattr(route, "dependant", None)
        calls = list(_walk(dependant)) if dependant is not None else []
        permissions = frozenset(c.permission for c in calls if isinstance(c, PermissionCheck))
        needs_login = bool(permissions) or any(c is current_user for c in calls)
        infos.append(
            RouteInfo(
                path=str(path),
                methods=frozenset(methods),
                name=str(getattr(route, "name", "")),
                needs_login=needs_login,
                permissions=permissions,
            )
        )
    return infos
