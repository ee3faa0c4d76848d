"""The start page: what the user's role gives access to."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gepmonitor.web.deps import CurrentUser, OrgDep, render_page

router = APIRouter()

NAV = [(None, "/", "nav.home")]


@router.get("/", include_in_schema=False)
def home(request: Request, user: CurrentUser, org: OrgDep) -> Response:
    """Show the start page."""
    return render_page(request, "web_home.html", org=org)
