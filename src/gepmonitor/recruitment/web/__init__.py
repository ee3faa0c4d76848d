"""Recruitment pages (the JSON API is in api/).

The appointments register, the selection register of a vacancy, the committee members'
scorecards, the funnel by gender and the weekly overview.
"""

from fastapi import APIRouter

from gepmonitor.core.i18n import N_
from gepmonitor.recruitment.web import outcomes, register, scorecards, vacancy

router = APIRouter()
# Fixed paths (/recruitment/new, /funnel, /week, /scoring) before /recruitment/{vacancy_id}.
for _module in (register, outcomes, scorecards, vacancy):
    router.include_router(_module.router)

NAV = [
    ("view_recruitment", "/recruitment", N_("Recruitment")),
    ("score_candidates", "/recruitment/scoring", N_("Scorecards")),
    ("check_texts", "/check-vacancy", N_("Vacancy text")),
]
