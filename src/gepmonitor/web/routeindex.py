"""Route index: send each request only to the routers that can answer its path.

FastAPI matches a request by trying every route of every included router in order, and it does
so twice (once to find the router, once inside it). With about a hundred routes, a request for
one of the last routes (every `/api/v1/...` route) spent some 2 ms of CPU on matching alone.

The index groups the app's top-level routes by the *key* of their paths: the first path segment
(`/recruitment`), or the first segment after the API prefix (`/api/v1/recruitment`). A request
is dispatched by a router that holds, in the app's own order, only the top-level routes whose
paths have the request's key, plus those whose key is a path parameter. Whatever that router
does not match (a 404, a redirect to the path with or without a trailing slash) goes to the
app's full router, so answers are the same as without the index.
"""

from __future__ import annotations

from collections.abc import Iterable

from fastapi.routing import APIRouter
from starlette._utils import get_route_path
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import Receive, Scope, Send

API_PREFIX = "/api/v1/"
ANY = "{"  # a key holding a path parameter matches every request key


def path_key(path: str) -> str:
    """Return the dispatch key of a request path or a route's path format."""
    if path.startswith(API_PREFIX):
        return API_PREFIX + path[len(API_PREFIX) :].split("/", 1)[0]
    return "/" + path[1:].split("/", 1)[0]


def route_paths(route: BaseRoute) -> Iterable[str] | None:
    """Return the path formats a top-level route answers, or None when unknown (all paths)."""
    if isinstance(route, Route | Mount):
        return [route.path]
    contexts = getattr(route, "effective_route_contexts", None)
    low = getattr(route, "effective_low_priority_routes", None)
    if contexts is None or low is None or low():
        return None
    paths = [getattr(context, "path_format", None) for context in contexts()]
    if any(not isinstance(path, str) for path in paths):
        return None
    return [str(path) for path in paths]


def _route_keys(route: BaseRoute) -> set[str] | None:
    """Return the keys of a top-level route, or None when it may answer any path."""
    paths = route_paths(route)
    if paths is None:
        return None
    keys = {path_key(path) for path in paths}
    return None if any(ANY in key for key in keys) else keys


class RouteIndex:
    """The innermost ASGI app of a FastAPI app: dispatch by path key, else the full router."""

    def __init__(self, full: APIRouter) -> None:
        self.full = full
        self.routers: dict[str, APIRouter] = {}
        keyed = [(route, _route_keys(route)) for route in full.routes]
        every_key = set().union(*(keys for _, keys in keyed if keys is not None))
        for key in every_key:
            sub = APIRouter(redirect_slashes=False, default=full.app)
            sub.form_limits = full.form_limits
            sub.routes.extend(route for route, keys in keyed if keys is None or key in keys)
            sub._mark_routes_changed()
            self.routers[key] = sub

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Dispatch one request (lifespan and unknown keys go to the full router)."""
        if scope["type"] == "lifespan":
            await self.full.app(scope, receive, send)
            return
        router = self.routers.get(path_key(get_route_path(scope)))
        if router is None:
            await self.full.app(scope, receive, send)
            return
        scope.setdefault("router", self.full)  # url_for must see every route
        await router.app(scope, receive, send)


def install_route_index(full: APIRouter) -> bool:
    """Make the router dispatch through a RouteIndex; False (and no change) if it cannot."""
    if full.middleware_stack != full.app:
        return False
    full.middleware_stack = RouteIndex(full)
    return True
