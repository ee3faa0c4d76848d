"""`gep purge`: exactly what is past its retention period goes, aggregates stay, all audited.

Issue 12, finding 12: counsellor logs, raw survey answers and old snapshots were kept forever.
Each kind gets records just before and just after its cutoff; with today 1 March 2026 and the
default periods, the cutoff is 1 January 2021 (2016 for person rows).
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from gepmonitor.core import audit
from gepmonitor.core.audit import AuditEntry
from gepmonitor.core.errors import InputError
from gepmonitor.core.retention import RetentionPurge
from gepmonitor.maintenance import retention
from gepmonitor.personnel.models import EmployeeRecord, Snapshot
from gepmonitor.safety.counsellors import add_counsellor
from gepmonitor.safety.models import Conversation, SafetyReport
from gepmonitor.survey.demo import DEMO_MAPPING
from gepmonitor.survey.mapping import parse_mapping
from gepmonitor.survey.models import SurveyResponse, SurveyRound

TODAY = date(2026, 3, 1)
EDGE = datetime(2021, 1, 1, tzinfo=UTC)


def _conversation(counsellor, held_on: date) -> Conversation:
    return Conversation(
        counsellor_id=counsellor.id,
        org_id=counsellor.org_id,
        held_on=held_on,
        track="undesirable_behaviour",
        themes="bullying",
        person_code="p1",
        note_cipher=b"secret",
    )


def _report(org, reference: str, received: date, closed: date | None) -> SafetyReport:
    return SafetyReport(
        org_id=org.id,
        reference=reference,
        track="integrity",
        theme="fraud",
        source="internal",
        received_on=received,
        status="closed" if closed else "received",
        status_since=closed or received,
        closed_on=closed,
    )


def _snapshot(session, org, peildatum: date, people: int) -> Snapshot:
    snapshot = Snapshot(org_id=org.id, peildatum=peildatum, source_name="x", row_count=people)
    session.add(snapshot)
    session.flush()
    for number in range(people):
        session.add(
            EmployeeRecord(
                snapshot_id=snapshot.id,
                employee_key=f"k{number}",
                gender="v",
                scale=10,
                scale_label="10",
                fte=1.0,
                unit="A",
                contract_type="vast",
            )
        )
    return snapshot


def _round(session, org, year: int, people: int) -> SurveyRound:
    round_ = SurveyRound(org_id=org.id, name=f"WBO {year}", year=year, mapping=DEMO_MAPPING)
    session.add(round_)
    session.flush()
    items = parse_mapping(DEMO_MAPPING).items
    for _ in range(people):
        answers = {item: 3 for item in items}
        session.add(SurveyResponse(round_id=round_.id, answers=answers, experiences={}))
    return round_


@pytest.fixture
def aged(session, org, settings):
    """Records of every kind on both sides of their cutoff; returns the expected purge counts."""
    counsellor = add_counsellor(session, org, "VP1", "undesirable_behaviour", actor="t")
    session.add_all(
        [_conversation(counsellor, date(2020, 12, 31)) for _ in range(3)]
        + [_conversation(counsellor, date(2021, 1, 1)) for _ in range(2)]
    )
    session.add_all(
        [
            _report(org, "R1", date(2019, 5, 1), date(2020, 12, 31)),  # goes
            _report(org, "R2", date(2019, 5, 1), date(2021, 1, 1)),  # closed later: stays
            _report(org, "R3", date(2010, 5, 1), None),  # still open: stays
        ]
    )
    _round(session, org, 2020, 4)
    _round(session, org, 2021, 6)
    _snapshot(session, org, date(2015, 12, 31), 7)
    _snapshot(session, org, date(2016, 1, 1), 8)
    for moment, count in ((EDGE.replace(year=2020, month=12, day=31), 2), (EDGE, 1)):
        for _ in range(count):
            entry = audit.record(session, action="view", actor="hr1", org_id=org.id)
            entry.at = moment
    session.commit()
    uploads = settings.data_dir / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    old, new = uploads / "old.bin", uploads / "new.bin"
    old.write_bytes(b"x")
    new.write_bytes(b"y")
    an_hour_ago = time.time() - 61 * 60
    os.utime(old, (an_hour_ago, an_hour_ago))
    return {
        "counsellor_log": 3,
        "reports": 1,
        "survey_answers": 4,
        "personnel_rows": 7,
        "candidates": 0,  # test_the_purge_removes_candidates_... below
        "upload_previews": 1,
        "audit_log": 2,
    }


def _counts(session) -> dict[str, int]:
    def count(model) -> int:  # type: ignore[no-untyped-def]
        return session.scalar(select(func.count()).select_from(model)) or 0

    return {
        "counsellor_log": count(Conversation),
        "reports": count(SafetyReport),
        "survey_answers": count(SurveyResponse),
        "personnel_rows": count(EmployeeRecord),
        "audit_log": count(AuditEntry),
    }


def test_purge_removes_exactly_what_is_past_its_period(session, settings, aged):
    before = _counts(session)
    dry = retention.purge(session, settings, "cli:test", dry_run=True, today=TODAY)
    assert {r.kind: r.rows for r in dry} == aged
    assert _counts(session) == before and (settings.data_dir / "uploads" / "old.bin").exists()

    done = retention.purge(session, settings, "cli:test", dry_run=False, today=TODAY)
    session.commit()
    assert {r.kind: r.rows for r in done} == aged
    after = _counts(session)
    purged = sorted(kind for kind, rows in aged.items() if rows)
    for kind, rows in before.items():  # each kind's purge adds one audit entry
        expected = rows - aged[kind] + (len(purged) if kind == "audit_log" else 0)
        assert after[kind] == expected, kind
    assert not (settings.data_dir / "uploads" / "old.bin").exists()
    assert (settings.data_dir / "uploads" / "new.bin").exists()

    # What stays is exactly what is inside its period.
    held = session.scalars(select(Conversation.held_on)).all()
    assert held == [date(2021, 1, 1)] * 2
    assert sorted(session.scalars(select(SafetyReport.reference))) == ["R2", "R3"]
    remaining = session.scalars(select(AuditEntry).where(AuditEntry.action == "view")).all()
    assert len(remaining) == 1 and remaining[0].at.replace(tzinfo=UTC) == EDGE

    # The aggregates the reports need stay: snapshots with their headcount, survey rounds.
    snapshots = session.scalars(select(Snapshot).order_by(Snapshot.peildatum)).all()
    assert [(s.peildatum.year, s.row_count) for s in snapshots] == [(2015, 7), (2016, 8)]
    assert sorted(session.scalars(select(SurveyRound.name))) == ["WBO 2020", "WBO 2021"]

    # The purge is recorded and audited, kind by kind.
    purges = {p.kind: (p.through, p.rows) for p in session.scalars(select(RetentionPurge))}
    assert purges["counsellor_log"] == (date(2021, 1, 1), 3)
    assert purges["personnel_rows"] == (date(2016, 1, 1), 7)
    audited = session.scalars(select(AuditEntry).where(AuditEntry.action == "purge")).all()
    assert sorted(e.target for e in audited) == purged
    assert all(e.actor == "cli:test" for e in audited)

    again = retention.purge(session, settings, "cli:test", dry_run=False, today=TODAY)
    assert all(r.rows == 0 for r in again)


def test_reports_refuse_purged_periods_instead_of_zeros(session, settings, org, aged):
    from gepmonitor.safety.report import gather
    from gepmonitor.survey.service import round_results

    retention.purge(session, settings, "cli:test", dry_run=False, today=TODAY)
    session.commit()
    with pytest.raises(InputError) as refused:
        round_results(session, org, "WBO 2020", 1)
    assert refused.value.params["through"] == "2021-01-01"
    assert round_results(session, org, "WBO 2021", 1).respondents == 6
    with pytest.raises(InputError):
        gather(session, org, 2020, "nl", 5)
    assert gather(session, org, 2025, "nl", 5).year == 2025


def test_audit_log_stays_append_only_outside_a_purge(session, org, aged):
    old = session.scalars(select(AuditEntry).order_by(AuditEntry.at)).first()
    assert old is not None
    with pytest.raises(DBAPIError):
        session.execute(text("DELETE FROM audit_entry WHERE id = :id"), {"id": old.id})
    session.rollback()
    # A permit lets only rows older than itself go.
    session.execute(
        text("INSERT INTO audit_purge_permit (id, before) VALUES (1, :before)"),
        {"before": EDGE.replace(year=2020, month=6)},
    )
    with pytest.raises(DBAPIError):
        session.execute(text("DELETE FROM audit_entry WHERE id = :id"), {"id": old.id})
    session.rollback()


def test_a_module_adds_its_own_step(session, settings, aged):
    def other(context: retention.PurgeContext) -> retention.PurgeResult:
        return retention.PurgeResult("other_data", context.cutoff(2), 0 if context.dry_run else 1)

    retention.add_step(other)
    try:
        kinds = [r.kind for r in retention.purge(session, settings, "t", dry_run=False)]
    finally:
        retention.PURGE_STEPS.remove(other)
    assert kinds[-2:] == ["other_data", "audit_log"]
    assert session.scalars(select(RetentionPurge.kind).where(RetentionPurge.kind == "other_data"))


def test_the_purge_removes_candidates_past_their_period_in_every_organisation(
    session, settings, org
):
    """Candidates of the selection register go 28 days after their procedure ended (a year with
    consent), in every organisation; the counts per gender and stage stay; audited."""
    from tests.recruitment.selectionutil import vacancy_with_register

    from gepmonitor.core.orgs import ensure_org
    from gepmonitor.recruitment import selection, service
    from gepmonitor.recruitment.models import Candidate, PurgedCount
    from gepmonitor.recruitment.outcomes import furthest_counts

    def vacancy(organisation, genders):  # type: ignore[no-untyped-def]
        opened = date(2025, 2, 3)
        made = service.add_vacancy(
            session, organisation, service.VacancyInput("Jurist", 11, opened), actor="hr"
        )
        for gender in genders:
            selection.add_candidate(session, organisation, made, gender=gender, actor="hr")
        return made

    other = ensure_org(session, "tweede", "Tweede provincie")
    ended = vacancy_with_register(session, org)  # K001-K006 with scores; K002 consented
    selection.set_consent(session, org, ended, "K002", True, actor="hr")
    selection.end_procedure(session, org, ended, date(2025, 3, 1), actor="hr")
    later = vacancy(other, "vm")
    selection.end_procedure(session, other, later, date(2025, 3, 2), actor="hr")
    still_open = vacancy(other, "mv")  # never purged
    session.commit()
    funnel = furthest_counts(session, org, 2025)

    def step(today: date, dry_run: bool) -> int:
        results = retention.purge(session, settings, "cli:test", dry_run=dry_run, today=today)
        return next(r.rows for r in results if r.kind == "candidates")

    assert step(date(2025, 3, 28), dry_run=True) == 0
    assert step(date(2025, 3, 29), dry_run=True) == 5  # 1 March + 28 days: five of six
    assert step(date(2025, 3, 30), dry_run=True) == 7  # and the other organisation's two
    assert session.scalar(select(func.count()).select_from(Candidate)) == 10  # a dry run
    assert step(date(2025, 3, 29), dry_run=False) == 5
    session.commit()
    left = session.execute(select(Candidate.vacancy_id, Candidate.code).order_by(Candidate.id))
    assert [tuple(row) for row in left] == [
        (ended.id, "K002"),
        (later.id, "K001"),
        (later.id, "K002"),
        (still_open.id, "K001"),
        (still_open.id, "K002"),
    ]
    assert session.scalar(select(func.sum(PurgedCount.count))) == 5
    assert furthest_counts(session, org, 2025) == funnel  # the funnel keeps its counts
    audited = session.execute(
        select(AuditEntry.action, AuditEntry.actor, AuditEntry.target, AuditEntry.detail).where(
            AuditEntry.action.in_(["purge", "purge_candidates"])
        )
    ).all()
    assert sorted(tuple(row) for row in audited) == [
        ("purge", "cli:test", "candidates", "5 rows"),
        ("purge_candidates", "cli:test", ended.reference, "5"),
    ]
    assert step(date(2025, 3, 30), dry_run=False) == 2
    assert step(date(2026, 3, 1), dry_run=False) == 1  # the consent's year
    session.commit()
    assert session.scalars(select(Candidate.vacancy_id)).all() == [still_open.id] * 2


def test_cli_purge_dry_run_writes_nothing(run_cli, session, aged):
    code, out, err = run_cli("purge", "--dry-run")
    assert code == 0, err
    assert "counsellor_log" in out and "personnel_rows" in out and "candidates" in out
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(RetentionPurge)) == 0
    code, out, err = run_cli("purge")  # today's date: at least the old upload goes
    assert code == 0, err
    session.expire_all()
    audited = session.scalars(select(AuditEntry.target).where(AuditEntry.action == "purge"))
    assert "upload_previews" in audited.all()
