"""Account pages: login, single sign-on and logout, password, language, tokens, users."""

from fastapi import APIRouter

from gepmonitor.accounts.web import login, sso, tokens, users

router = APIRouter()
for _pages in (login, sso, users, tokens):
    router.include_router(_pages.router)
NAV = users.NAV
