"""The foundation: schema on both backends, organisations, settings documentation, formatting."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import inspect

from gepmonitor.core.config import Settings
from gepmonitor.core.db import schema_is_current
from gepmonitor.core.errors import NotFoundError
from gepmonitor.core.formatting import format_count_share, format_pct
from gepmonitor.core.orgs import ensure_org, get_org
from gepmonitor.core.privacy import pseudonymise, suppress_group_counts

ROOT = Path(__file__).resolve().parents[1]


def test_schema_is_current_on_fresh_database(engine):
    assert schema_is_current(engine)
    assert inspect(engine).has_table("organisation")


def test_the_schema_check_reads_the_revisions_alembic_reads(engine):
    """gep reads the migrations' revisions without Alembic; Alembic finds the same, the same
    head, and the database's revision as the schema check does."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from gepmonitor.core.db import _code_revisions, alembic_config, schema_state

    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    head, revisions = _code_revisions()
    assert revisions == {script.revision for script in scripts.walk_revisions()}
    assert head == scripts.get_current_head() and len(revisions) >= 15
    with engine.connect() as connection:
        stored = MigrationContext.configure(connection).get_current_revision()
    state = schema_state(engine)
    assert state.current == stored == head and state.known and state.at_head


def test_the_revisions_are_read_by_one_thread_at_a_time():
    """/readyz on PostgreSQL answered 503 once in a benchmark: its first requests, each in a
    worker thread, parsed the migrations at once, and CPython 3.11's ast module failed with
    "SystemError: AST constructor recursion depth mismatch" (python/cpython#106905)."""
    import threading

    from gepmonitor.core.db import _code_revisions, _read_code_revisions

    expected = _code_revisions()
    _read_code_revisions.cache_clear()
    start, answers = threading.Barrier(16), []

    def ask() -> None:
        start.wait()
        answers.append(_code_revisions())

    threads = [threading.Thread(target=ask) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [expected] * 16
    assert _read_code_revisions.cache_info().misses == 1  # parsed once, by one thread


def test_models_match_migrations(engine):
    """Alembic's autogenerate finds no difference between models and the migrated schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from gepmonitor.core.db import Base, load_all_models

    load_all_models()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_organisations_are_separate(session):
    ensure_org(session, "snn", "Samenwerkingsverband Noord-Nederland")
    session.commit()
    assert get_org(session, "snn").name == "Samenwerkingsverband Noord-Nederland"
    with pytest.raises(NotFoundError) as caught:
        get_org(session, "nope")
    assert "default" in caught.value.render("en") and "snn" in caught.value.render("en")


def test_every_setting_is_documented():
    docs = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        assert field.description, f"setting {name} has no description"
        assert f"GEP_{name.upper()}" in docs, f"GEP_{name.upper()} missing from docs/settings.md"


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [(200, 296, "200 (67,6%)"), (96, 296, "96 (32,4%)"), (123, 345, "123 (35,7%)")],
)
def test_dutch_count_share(count, total, expected):
    assert format_count_share(count, count / total, "nl", 5) == expected


def test_pct_rounds_half_up_in_both_languages():
    assert format_pct(0.3765, "nl") == "37,7%"
    assert format_pct(0.3765, "en") == "37.7%"
    assert format_pct(None) == "–"


def test_pseudonym_is_keyed_and_stable():
    first = pseudonymise(" 012345 ", "k1")
    assert first == pseudonymise("012345", "k1")
    assert first != pseudonymise("012345", "k2")
    assert re.fullmatch(r"[0-9a-f]{32}", first)


def test_group_suppression_hides_whole_row():
    frame = pl.DataFrame(
        {"unit": ["A", "B", "C"], "men": [10, 3, 0], "women": [12, 9, 2], "total": [22, 12, 2]}
    )
    out = suppress_group_counts(frame, ["men", "women"], 5, total_column="total")
    assert out.row(0) == ("A", 10, 12, 22)
    assert out.row(1) == ("B", None, None, 12)
    assert out.row(2) == ("C", None, None, None)
    assert suppress_group_counts(frame, ["men", "women"], 5, exact=True).equals(frame)


def test_audit_log_is_append_only(session, engine):
    from sqlalchemy import text

    from gepmonitor.core.audit import AuditLogIsAppendOnlyError, entries, record

    record(session, action="login", actor="anna", role="hr", ip="127.0.0.1")
    session.commit()
    entry = entries(session)[0]
    entry.actor = "someone else"
    with pytest.raises(AuditLogIsAppendOnlyError):
        session.flush()
    session.rollback()
    for statement in ("UPDATE audit_entry SET actor = 'x'", "DELETE FROM audit_entry"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    assert [e.actor for e in entries(session)] == ["anna"]
