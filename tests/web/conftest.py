"""Fixtures shared by the web tests that walk every route of the app."""

from __future__ import annotations

import pytest

from gepmonitor.core.demo import build_demo


@pytest.fixture
def demo_org(session_factory, org, settings, db_url):
    """The default organisation filled with the demo data (SQLite only: the walks are long)."""
    if not db_url.startswith("sqlite"):
        pytest.skip("the walk over every route runs on SQLite; auth tests cover both backends")
    with session_factory() as session:
        organisation = session.merge(org)
        build_demo(session, organisation, settings, 2025)
        session.commit()
    return org
