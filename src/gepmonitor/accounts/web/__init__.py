"""Account pages: login and logout, password and language, API tokens, user administration."""

from fastapi import APIRouter

from gepmonitor.accounts.web import login, tokens, users

router = APIRouter()
for _pages in (login, users, tokens):
    router.include_router(_pages.router)
NAV = users.NAV
