"""Schemathesis over the OpenAPI description, as each role, on both databases (issue 12).

Every operation of /api/v1 gets a bounded number of generated requests (valid and invalid
bodies, parameters, uploads) with each role's API token on an instance filled with the demo
data: no answer may be a server error, and no documented answer may break its schema. The
examples are derandomised, so a run is the same every time.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance
from tests.conftest import TEST_SECRET, copied_database
from tests.webutil import ROLES, api_token, create_user

from gepmonitor.accounts.service import get_user
from gepmonitor.core.config import Settings
from gepmonitor.core.db import make_engine, make_session_factory
from gepmonitor.core.demo import build_demo
from gepmonitor.core.orgs import ensure_org
from gepmonitor.safety import service as safety
from gepmonitor.web.app import create_app

EXAMPLES = 4  # per operation and role: 34 operations x 5 roles x 4 = 680 requests
CHECKS = (not_a_server_error, response_schema_conformance)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(request, tmp_path_factory, sqlite_template, postgres_admin, postgres_template):
    """The URL of a fresh migrated database for the module: SQLite, then PostgreSQL."""
    with copied_database(
        request.param,
        tmp_path_factory.mktemp("apifuzz"),
        f"gep_apifuzz_{os.getpid()}",
        sqlite_template,
        postgres_admin,
        postgres_template,
    ) as url:
        yield url


@pytest.fixture(scope="module")
def instance(tmp_path_factory, database):
    """A demo instance with one user and one read-write token per role."""
    folder = tmp_path_factory.mktemp("apifuzz")
    config = Settings(
        data_dir=folder / "data",
        database_url=database,
        secret_key=TEST_SECRET,
        default_org="default",
    )
    config.ensure_key_files()
    engine = make_engine(config.resolved_database_url())
    factory = make_session_factory(engine)
    with factory() as session:
        org = ensure_org(session, "default", "Provincie Test")
        build_demo(session, org, config, 2025)
        session.commit()
    tokens = {}
    for role in ROLES:
        username, _ = create_user(factory, org, role)
        tokens[role] = api_token(factory, username)
    with factory() as session:
        account = get_user(session, "test-counsellor")
        safety.add_counsellor(
            session, org, "VP-FUZZ", "undesirable_behaviour", actor="t", user_id=account.id
        )
        session.commit()
    engine.dispose()
    app = create_app(config)
    yield app, tokens
    app.state.engine.dispose()


@pytest.mark.parametrize("role", ROLES)
def test_no_server_error_and_no_broken_schema(instance, role):
    app, tokens = instance
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {tokens[role]}", "Accept-Language": "en"}
    failures: list[str] = []
    statuses: list[int] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30
    for operation in operations:
        # The role's own token must stay valid for the rest of the run.
        if operation.method.upper() == "DELETE" and operation.path.startswith("/api/v1/tokens"):
            continue

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call(headers=headers)
            statuses.append(response.status_code)
            case.validate_response(response, checks=CHECKS)

        try:
            run()
        except Exception as error:  # noqa: BLE001 - every operation is tried; all failures listed
            failures.append(f"{operation.method.upper()} {operation.path}: {error}"[:2000])
    assert failures == []
    # The token works: the role reached its own data, and was refused elsewhere.
    assert sum(200 <= code < 300 for code in statuses) >= 5, sorted(set(statuses))
    assert 500 not in statuses
