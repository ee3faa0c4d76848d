"""Personnel pages: dashboard, imports, targets and the reports page."""

from fastapi import APIRouter

from gepmonitor.personnel.web import dashboard, imports, reports, targets

router = APIRouter()
NAV = []
for _pages in (dashboard, imports, targets, reports):
    router.include_router(_pages.router)
    NAV += _pages.NAV
