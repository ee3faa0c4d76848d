"""The data version: every write to an organisation's records replaces its stamp, in the writer's
transaction; the cache keyed by it never serves stale, uncommitted or another organisation's data.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from tests.web.sample import good_rows, personnel_csv

from gepmonitor.core.cache import Cache, cached, data_stamp
from gepmonitor.core.models import Organisation
from gepmonitor.core.orgs import ensure_org
from gepmonitor.core.versions import DataVersion
from gepmonitor.personnel import service as personnel


def _stamp(session_factory, org: Organisation):  # type: ignore[no-untyped-def]
    with session_factory() as session:
        return data_stamp(session, org)


def _version(session_factory, org: Organisation) -> int:  # type: ignore[no-untyped-def]
    with session_factory() as session:
        return session.scalar(select(DataVersion.version).where(DataVersion.org_id == org.id))


@pytest.fixture
def two_orgs(session_factory):  # type: ignore[no-untyped-def]
    with session_factory() as session:
        first = ensure_org(session, "default", "Eerste")
        second = ensure_org(session, "second", "Tweede")
        session.commit()
        return first, second


def test_a_new_organisation_has_a_stamp_and_each_its_own(two_orgs, session_factory) -> None:
    first, second = two_orgs
    one, two = _stamp(session_factory, first), _stamp(session_factory, second)
    assert one is not None and two is not None
    assert one[0] == first.id and two[0] == second.id and one[1] != two[1]


def test_a_committed_write_replaces_only_its_organisations_stamp(two_orgs, session_factory) -> None:
    first, second = two_orgs
    before = (_stamp(session_factory, first), _stamp(session_factory, second))
    with session_factory() as session:
        personnel.save_target(session, first, "13+", 0.5, 2030, actor="test")
        session.commit()
    assert _stamp(session_factory, first) != before[0]
    assert _stamp(session_factory, second) == before[1]
    assert _version(session_factory, first) == 2


def test_a_rolled_back_write_changes_nothing(two_orgs, session_factory) -> None:
    first, _second = two_orgs
    before = _stamp(session_factory, first)
    with session_factory() as session:
        personnel.save_target(session, first, "13+", 0.5, 2030, actor="test")
        session.flush()
        session.rollback()
    assert _stamp(session_factory, first) == before
    assert _version(session_factory, first) == 1


def test_a_session_that_wrote_reads_around_the_cache(two_orgs, session_factory) -> None:
    first, _second = two_orgs
    with session_factory() as session:
        assert data_stamp(session, first) is not None
        personnel.save_target(session, first, "13+", 0.5, 2030, actor="test")
        assert data_stamp(session, first) is None  # its own writes may still roll back
        session.commit()
        assert data_stamp(session, first) is not None  # a new transaction: cached again


def test_an_unflushed_change_reads_around_the_cache(two_orgs, session_factory) -> None:
    first, _second = two_orgs
    with session_factory() as session:
        personnel.save_target(session, first, "13+", 0.5, 2030, actor="test")
        session.commit()
    with session_factory() as session:
        target = personnel.list_targets(session, first)[0]
        target.target_share = 0.6
        assert data_stamp(session, first) is None


def test_bulk_inserts_and_deletes_of_child_rows_replace_the_stamp(
    two_orgs, session_factory, tmp_path
) -> None:
    """Employee rows carry no org_id: the snapshot they belong to says whose they are."""
    first, second = two_orgs
    path = tmp_path / "personeel.csv"
    path.write_bytes(personnel_csv(good_rows()))
    mine, other = _stamp(session_factory, first), _stamp(session_factory, second)
    with session_factory() as session:
        personnel.import_personnel(
            session, first, path, date(2024, 12, 31), secret="s" * 32, actor="test"
        )
        session.commit()
    assert _stamp(session_factory, first) != mine
    assert _stamp(session_factory, second) == other
    mine = _stamp(session_factory, first)
    with session_factory() as session:
        personnel.delete_snapshot(session, first, date(2024, 12, 31), actor="test")
        session.commit()
    assert _stamp(session_factory, first) != mine
    # A bulk delete without an organisation in it raises every organisation: never stale.
    assert _stamp(session_factory, second) != other


def test_cached_computes_once_per_version_and_never_across_organisations(
    two_orgs, session_factory
) -> None:
    first, second = two_orgs
    cache = Cache()
    calls: list[str] = []

    def compute(name: str):  # type: ignore[no-untyped-def]
        def run() -> str:
            calls.append(name)
            return f"{name}-{len(calls)}"

        return run

    with session_factory() as session:
        a1 = cached(session, first, ("x",), compute("first"), cache=cache)
        a2 = cached(session, first, ("x",), compute("first"), cache=cache)
        b1 = cached(session, second, ("x",), compute("second"), cache=cache)
    assert a1 == a2 == "first-1" and b1 == "second-2"
    with session_factory() as session:
        personnel.save_target(session, first, "13+", 0.5, 2030, actor="test")
        written = cached(session, first, ("x",), compute("first"), cache=cache)
        assert written == "first-3"  # computed, not stored: the write may still roll back
        session.commit()
    with session_factory() as session:
        assert cached(session, first, ("x",), compute("first"), cache=cache) == "first-4"
        assert cached(session, first, ("x",), compute("first"), cache=cache) == "first-4"
        assert cached(session, second, ("x",), compute("second"), cache=cache) == "second-2"
    assert len(cache) == 3  # the entry from before the write stays (unreachable) until evicted


def test_two_databases_never_share_a_stamp(tmp_path) -> None:
    from gepmonitor.core.db import make_engine, make_session_factory, upgrade_schema

    stamps = []
    for name in ("one", "two"):
        engine = make_engine(f"sqlite:///{tmp_path / name}.db")
        upgrade_schema(engine)
        with make_session_factory(engine)() as session:
            org = ensure_org(session, "default", "Zelfde")
            session.commit()
            stamps.append(data_stamp(session, org))
        engine.dispose()
    assert stamps[0] is not None and stamps[0][0] == stamps[1][0]  # same organisation id
    assert stamps[0] != stamps[1]


def test_an_account_write_raises_only_its_own_organisation(two_orgs, session_factory) -> None:
    """An account belongs to one organisation (its 'org' relationship is many-to-one)."""
    from gepmonitor.accounts import service as accounts
    from gepmonitor.core.db import utcnow

    first, second = two_orgs
    with session_factory() as session:
        user, _password = accounts.create_user(
            session, first, "viewer", actor=accounts.Actor("test")
        )
        session.commit()
        user_id = user.id
    mine, other = _stamp(session_factory, first), _stamp(session_factory, second)
    with session_factory() as session:
        user = accounts.user_in_org(session, first, user_id)
        user.last_login_at = utcnow()
        session.commit()
    assert _stamp(session_factory, first) != mine
    assert _stamp(session_factory, second) == other


def test_a_database_error_reading_the_stamp_is_raised_as_sqlalchemy_raises_it(tmp_path) -> None:
    # The token is read straight from the driver's cursor; its errors still reach the app's
    # handlers as SQLAlchemy's (here: a database without the table).
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    from gepmonitor.core.db import make_engine
    from gepmonitor.core.versions import stamp

    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with Session(engine) as session, pytest.raises(OperationalError, match="data_version"):
        stamp(session, 1)
    engine.dispose()


def test_lookup_returns_only_what_is_cached_and_computes_nothing(two_orgs, session_factory) -> None:
    from gepmonitor.core.cache import MISSING

    first, _ = two_orgs
    cache = Cache()
    with session_factory() as session:
        key = (data_stamp(session, first), "figure")
        assert cache.lookup(key) is MISSING
        assert cached(session, first, ("figure",), lambda: 41, cache=cache) == 41
        assert cache.lookup(key) == 41 and len(cache) == 1


def test_every_stamp_is_read_once_per_transaction_and_a_write_forgets_it(
    two_orgs, session_factory
) -> None:
    from gepmonitor.core.versions import all_stamps

    first, second = two_orgs
    with session_factory() as session:
        stamps = all_stamps(session)
        assert stamps == (_stamp(session_factory, first), _stamp(session_factory, second))
        assert all_stamps(session) is stamps  # kept for the transaction
        personnel.save_target(session, first, "13+", 0.5, 2030, actor="test")
        assert all_stamps(session) is None  # its own writes may still roll back
        session.commit()
        after = all_stamps(session)  # a new transaction: read again
    assert after is not None and after != stamps
    assert after == (_stamp(session_factory, first), _stamp(session_factory, second))
    assert after[1] == stamps[1]  # only the written organisation's token changed
