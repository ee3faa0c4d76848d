"""`gep demo` fills the safety module up to today, with accounts and a partner body."""

from __future__ import annotations

from datetime import date

from gepmonitor.accounts.service import get_user
from gepmonitor.core.db import make_engine, make_session_factory
from gepmonitor.core.orgs import get_org
from gepmonitor.safety import registers, service


def test_demo_adds_safety_data_up_to_this_year(run_cli, settings):
    assert run_cli("init")[0] == 0
    code, out, err = run_cli("demo")
    assert code == 0, err
    assert "password" not in out.lower() and "wachtwoord" not in out.lower()
    engine = make_engine(settings.resolved_database_url())
    try:
        with make_session_factory(engine)() as session:
            org = get_org(session, settings.default_org)
            counsellors = service.counsellors_serving(session, org)
            assert len(counsellors) == 4
            assert all(c.serves for c in counsellors)  # the partner body
            assert all(c.user_id for c in counsellors)  # linked web accounts
            account = get_user(session, f"{org.slug}-vp-og-1")
            assert account is not None and account.role == "counsellor"
            this_year = date.today().year
            assert service.latest_year(session, org) == this_year
            totals = service.yearly_totals(session, org, this_year, 5, exact=True)
            assert totals["undesirable_behaviour"].conversations > 0
            assert registers.list_incidents(session, org, this_year)
            english = registers.texts_for(session, org, this_year, "en")
            assert english["works_council"].startswith("The works council")
    finally:
        engine.dispose()
