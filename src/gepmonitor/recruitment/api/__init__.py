"""JSON API of the recruitment module under /api/v1.

The appointments register, the selection register of a vacancy, scorecards, the funnel by
gender and the weekly overview.
"""

from fastapi import APIRouter

from gepmonitor.recruitment.api import register, selection
from gepmonitor.recruitment.api.common import (
    Checker,
    Manager,
    Scorer,
    Viewer,
    year_asked,
    year_or_latest,
)

api_router = APIRouter(tags=["recruitment"])
for _module in (register, selection):
    api_router.include_router(_module.api_router)

__all__ = ["Checker", "Manager", "Scorer", "Viewer", "api_router", "year_asked", "year_or_latest"]
