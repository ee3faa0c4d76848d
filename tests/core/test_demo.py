"""`gep demo`: one login per role that works, the first-admin rule, and no demo on real data."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from tests.core.demo_checks import check_demo_agrees_with_itself

from gepmonitor.accounts.demo import DEMO_ACCOUNTS
from gepmonitor.accounts.service import authenticate, ensure_first_admin
from gepmonitor.core.db import make_engine, make_session_factory
from gepmonitor.core.demo import DEMO_NAME
from gepmonitor.core.models import Organisation
from gepmonitor.core.orgs import get_org
from gepmonitor.personnel.models import Snapshot
from gepmonitor.safety import service as safety


def printed_logins(out: str) -> dict[str, str]:
    """Return username -> password of the login lines `gep demo` printed."""
    names = {account.username for account in DEMO_ACCOUNTS}
    logins = {}
    for line in out.splitlines():
        words = line.split()
        if len(words) >= 3 and words[-2] in names:
            logins[words[-2]] = words[-1]
    return logins


def test_demo_prints_a_working_login_per_role_once(run_cli, settings):
    assert run_cli("init")[0] == 0
    code, out, err = run_cli("--lang", "en", "demo", "--seed", "3")
    assert code == 0, err
    assert "http://127.0.0.1:8000/" in out and DEMO_NAME in out
    logins = printed_logins(out)
    assert logins == {a.username: a.password for a in DEMO_ACCOUNTS}
    engine = make_engine(settings.resolved_database_url())
    try:
        with make_session_factory(engine)() as session:
            org = get_org(session, settings.default_org)
            assert org.is_demo and org.name == DEMO_NAME
            roles = set()
            for username, password in logins.items():
                result = authenticate(session, username, password, "127.0.0.1", datetime.now(UTC))
                assert result.user is not None, (username, result.error)
                assert not result.user.must_change_password
                roles.add(result.user.role)
            assert roles == {"admin", "hr", "board", "viewer", "counsellor"}
            assert ensure_first_admin(session, org) is None  # the demo made the administrator
            linked = {c.code for c in safety.counsellors_serving(session, org) if c.user_id}
            assert linked == {"VP-OG-1", "VP-INT-1"}
            partners = session.scalars(select(Organisation).where(Organisation.id != org.id))
            assert all(partner.is_demo for partner in partners)
            check_demo_agrees_with_itself(session, org, settings, seed=3)
            session.commit()
    finally:
        engine.dispose()
    # A second run builds nothing: it refuses, or with --if-empty prints the same logins.
    code, out, err = run_cli("--lang", "en", "demo")
    assert code == 2 and "already built" in err
    code, out, err = run_cli("--lang", "en", "demo", "--if-empty")
    assert code == 0 and printed_logins(out) == logins
    assert "confidential counsellor, integrity" in out
    code, out, err = run_cli("demo", "--if-empty")  # Dutch, the default: every label Dutch
    assert code == 0 and printed_logins(out) == logins
    labels = [line.rsplit(maxsplit=2)[0].strip() for line in out.splitlines() if line[:2] == "  "]
    assert labels == [
        "beheerder",
        "HR-/D&I-adviseur",
        "bestuur",
        "lezer (ondernemingsraad)",
        "vertrouwenspersoon ongewenst gedrag",
        "vertrouwenspersoon integriteit",
    ]


def test_demo_refuses_a_database_with_real_data(run_cli, settings):
    assert run_cli("init")[0] == 0
    code, _, err = run_cli("user", "add", "--role", "hr", "--username", "hanneke", "--generate")
    assert code == 0, err
    code, out, err = run_cli("--lang", "en", "demo", "--if-empty")
    assert code == 2 and "real data" in err and "web_user" in err
    assert printed_logins(out) == {}
    engine = make_engine(settings.resolved_database_url())
    try:
        with make_session_factory(engine)() as session:
            assert session.scalar(select(func.count()).select_from(Snapshot)) == 0
            assert not get_org(session, settings.default_org).is_demo
    finally:
        engine.dispose()
