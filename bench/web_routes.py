"""Every page and API route each role can open, with real ids and the parameters the UI sends.

The routes come from the app itself (as tests/web/test_route_matrix.py walks them): every GET
route, for every role whose permissions allow it, and the public ones for an anonymous visitor.
Path parameters are filled with a real record of the demo organisation; a route with a parameter
this module does not know makes the benchmark fail, so a new route is never silently left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gepmonitor.accounts.roles import Role, has_permission
from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation

PASSWORD = "bench-password-1"
ANONYMOUS = "anonymous"
LANGUAGE = "en"  # /lang/{code}: the language switch
# Not measured: the OAuth2 redirect helpers of the API docs, static files, and single sign-on's
# routes (the benchmark's server has no identity provider, so they answer 404).
SKIP = ("/docs/oauth2-redirect", "/api/docs/oauth2-redirect", "/login/sso", "/login/sso/callback")
# Downloads: generated files (reports, PDF by default, and the audit log's CSV export of up to
# 5,000 entries), measured like pages but named apart: the latency goal is for pages and the API.
DOWNLOADS = (
    "/admin/audit.csv",
    "/reports/{key}",
    "/reports/monitor",
    "/plan/report",
    "/recruitment/report",
    "/safety/report",
    "/survey/report",
    "/pay/report",
)


@dataclass(frozen=True)
class Target:
    """One GET request to measure: who sends it, the URL, how it authenticates."""

    role: str
    route: str  # the route's path as declared, e.g. /safety/mine/{conversation_id}
    url: str
    auth: str  # cookie, bearer or none

    @property
    def name(self) -> str:
        """Return 'role GET url' for the results."""
        return f"{self.role} {self.url}"

    @property
    def download(self) -> bool:
        """Return whether the route sends a generated file (a report or an export)."""
        return self.route in DOWNLOADS


def prepare_accounts(session: Session, org: Organisation) -> dict[str, str]:
    """Create an account per role (the counsellor: a demo counsellor's); return API tokens."""
    from gepmonitor.accounts.auth import hash_password
    from gepmonitor.accounts.models import User
    from gepmonitor.accounts.service import Actor, create_token, create_user
    from gepmonitor.safety.models import Counsellor

    tokens = {}
    for role in Role:
        if role is Role.COUNSELLOR:
            # A counsellor sees only their own records: take one that has some.
            user_id = session.scalar(
                select(Counsellor.user_id)
                .where(Counsellor.org_id == org.id, Counsellor.user_id.is_not(None))
                .order_by(Counsellor.id)
            )
            user = session.get(User, user_id)
            assert user is not None, "the demo has no counsellor account"
            user.username = f"bench-{role.value}"
            user.password_hash = hash_password(PASSWORD)
            user.must_change_password = False
        else:
            user, _ = create_user(
                session, org, role.value, Actor("bench"), f"bench-{role.value}", PASSWORD
            )
        session.flush()
        _token, tokens[role.value] = create_token(session, user, "bench", Actor("bench"))
    return tokens


def _parameters(session: Session, org: Organisation) -> dict[str, str]:
    """Return a real value for every path and query parameter the measured routes need.

    The vacancy is the one with the most scorecards, the candidate one of its scored ones, and
    every bench account whose role may score joins its committee (as an HR adviser on a
    committee does), so the scoring pages and APIs answer as for a member, not with a 404.
    """
    from gepmonitor.accounts.models import User
    from gepmonitor.recruitment.models import Candidate, CommitteeMember, Scorecard, Vacancy
    from gepmonitor.safety.models import Conversation, Counsellor
    from gepmonitor.survey.models import SurveyRound

    counsellor = session.scalar(select(User.id).where(User.username == "bench-counsellor"))
    conversation = session.scalar(
        select(Conversation.id)
        .join(Counsellor, Conversation.counsellor_id == Counsellor.id)
        .where(Counsellor.user_id == counsellor)
        .order_by(Conversation.id)
    )
    # The vacancy with the most scorecards (the demo's are closed procedures), its candidate
    # with scorecards first.
    scored = (
        select(Vacancy, Candidate.code)
        .join(Candidate, Candidate.vacancy_id == Vacancy.id)
        .outerjoin(Scorecard, Scorecard.candidate_id == Candidate.id)
        .where(Vacancy.org_id == org.id)
        .group_by(Vacancy.id, Candidate.code)
        .order_by(func.count(Scorecard.id).desc(), Vacancy.id, Candidate.code)
    )
    found = session.execute(scored).first()
    vacancy, candidate = found if found is not None else (None, "-")  # not the demo: 404s
    for role in Role:
        if vacancy is not None and has_permission(role, "score_candidates"):
            session.add(  # as the committee form adds a member with an account
                CommitteeMember(
                    vacancy_id=vacancy.id, name=f"Bench {role.value}", role="colleague",
                    gender="x", username=f"bench-{role.value}",
                )
            )  # fmt: skip
    session.flush()
    survey_round = session.scalar(
        select(SurveyRound.name)
        .where(SurveyRound.org_id == org.id)
        .order_by(SurveyRound.year.desc())
    )
    return {
        "conversation_id": str(conversation),
        "vacancy_id": str(vacancy.id if vacancy is not None else 0),
        "code": candidate,  # a candidate's code; /lang/{code} is filled apart (LANGUAGE)
        "round": str(survey_round),
        "key": "monitor",  # /reports/{key}: the report every role that makes reports may make
    }


def _query(route: str, values: dict[str, str], year: int) -> str:
    """Return the query string the application's own links and forms send to the route."""
    if route in (
        "/reports/{key}",
        "/reports/monitor",
        "/plan/report",
        "/recruitment/report",
        "/safety/report",
    ):
        return f"?year={year}&format=pdf"
    if route == "/survey/report":
        return f"?round={quote(values['round'])}&format=pdf"
    if route == "/pay/report":
        return f"?year={year}&format=pdf"
    if route in ("/api/v1/pay/figures", "/api/v1/pay/analysis"):
        return f"?year={year}"
    if route == "/api/v1/survey/results":
        return f"?round={quote(values['round'])}"
    return ""


def targets(app: Any, session: Session, org: Organisation, year: int) -> list[Target]:
    """Return one Target per role and GET route the role may open."""
    from gepmonitor.web.routeinfo import route_infos

    values = _parameters(session, org)
    found = []
    for info in route_infos(app):
        if "GET" not in info.methods or info.path.startswith("/static") or info.path in SKIP:
            continue
        names = re.findall(r"\{([^}]+)\}", info.path)
        unknown = [n for n in names if n not in values]
        if unknown:
            raise RuntimeError(f"bench/web_routes.py: no value for {unknown} of {info.path}")
        given = {**values, "code": LANGUAGE} if info.path == "/lang/{code}" else values
        url = _fill(info.path, given)
        url += _query(info.path, values, year)
        if not info.needs_login:
            found.append(Target(ANONYMOUS, info.path, url, "none"))
            continue
        for role in Role:
            if all(has_permission(role, p) for p in info.permissions):
                found.append(
                    Target(role.value, info.path, url, "bearer" if info.is_api else "cookie")
                )
    return found


def _fill(path: str, values: dict[str, str]) -> str:
    """Return the route's path with each {parameter} replaced by its value."""
    return re.sub(r"\{([^}]+)\}", lambda match: values[match.group(1)], path)


def settings_for(url: str, secret: str) -> Settings:
    """Return the settings the measured server runs with."""
    return Settings(database_url=url, secret_key=secret)
