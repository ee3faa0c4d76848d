"""Safety privacy rules, suppression and the reports workflow."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from gepmonitor.core.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from gepmonitor.safety import registers, service
from gepmonitor.safety.models import Conversation
from gepmonitor.safety.service import ConversationInput, SafetyActor

NOTE = "Medewerker twijfelt over melding bij teamleider"


def two_counsellors(session, org):
    anna = service.add_counsellor(
        session, org, "VP-1", "undesirable_behaviour", actor="t", user_id=101
    )
    bert = service.add_counsellor(
        session, org, "VP-2", "undesirable_behaviour", actor="t", user_id=102
    )
    return (
        anna,
        bert,
        SafetyActor("anna", "counsellor", 101),
        SafetyActor("bert", "counsellor", 102),
    )


def entry(**kwargs):
    data = {
        "held_on": date(2024, 5, 1),
        "track": "undesirable_behaviour",
        "themes": ["bullying"],
        "person_code": "A1",
    } | kwargs
    return ConversationInput(**data)


def test_counsellor_sees_only_own_records_and_notes_are_ciphertext(session, settings, org):
    anna, bert, as_anna, as_bert = two_counsellors(session, org)
    mine = service.log_conversation(session, settings, as_anna, anna, entry(note=NOTE))
    session.commit()
    with pytest.raises(PermissionDeniedError):
        service.log_conversation(session, settings, as_anna, bert, entry())
    assert [c.id for c in service.my_conversations(session, as_anna)] == [mine.id]
    assert service.my_conversations(session, as_bert) == []
    with pytest.raises(NotFoundError):
        service.get_conversation(session, as_bert, mine.id)
    with pytest.raises(NotFoundError):
        service.read_note(session, settings, as_bert, mine.id)
    assert service.read_note(session, settings, as_anna, mine.id) == NOTE
    stored = session.scalar(select(Conversation.note_cipher).where(Conversation.id == mine.id))
    assert NOTE.encode() not in stored
    admin = SafetyActor("root", "admin", 1)
    with pytest.raises(ConflictError):  # admin has no counsellor record, so no notes
        service.read_note(session, settings, admin, mine.id)


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"themes": []}, "Choose at least one theme."),
        ({"themes": ["gossip"]}, "{field}: '{value}' is unknown; choose from {allowed}."),
        (
            {"person_code": ""},
            "Give a person code of 1 to 20 letters, digits or dashes, without spaces (not a name), to count people.",
        ),
        ({"track": "hr"}, "{field}: '{value}' is unknown; choose from {allowed}."),
        ({"held_on": date(2999, 1, 1)}, "The date is in the future."),
    ],
)
def test_conversation_validation(session, settings, org, kwargs, key):
    anna, _, as_anna, _ = two_counsellors(session, org)
    with pytest.raises(InputError) as caught:
        service.log_conversation(session, settings, as_anna, anna, entry(**kwargs))
    assert caught.value.key == key


def test_small_totals_are_suppressed_unless_exact(session, settings, org):
    anna, _, as_anna, _ = two_counsellors(session, org)
    for person in ("A", "B", "C"):
        service.log_conversation(session, settings, as_anna, anna, entry(person_code=person))
    session.commit()
    totals = service.yearly_totals(session, org, 2024, min_cell=5)["undesirable_behaviour"]
    assert totals.people is None and totals.conversations is None
    assert totals.themes["bullying"] is None and totals.formal_procedures == 0
    assert totals.counsellors == 2  # counsellors are not people counted in the log
    exact = service.yearly_totals(session, org, 2024, min_cell=5, exact=True)
    assert exact["undesirable_behaviour"].people == 3


def test_reports_workflow_and_deadlines(session, org):
    report = registers.add_report(
        session,
        org,
        track="undesirable_behaviour",
        theme="aggression_violence",
        source="citizen",
        received_on=date(2024, 3, 1),
        actor="t",
    )
    assert report.reference == "M2024-001" and report.deadline == date(2024, 3, 15)
    assert [r.reference for r in registers.overdue_reports(session, org, date(2024, 3, 20))] == [
        "M2024-001"
    ]
    with pytest.raises(InputError) as caught:
        registers.advance_report(
            session, org, "M2024-001", "board_decision", date(2024, 3, 5), actor="t"
        )
    assert "in_progress" in caught.value.render("en")
    registers.advance_report(session, org, "M2024-001", "in_progress", date(2024, 3, 5), actor="t")
    registers.advance_report(
        session, org, "M2024-001", "committee_advice", date(2024, 5, 1), actor="t"
    )
    registers.advance_report(
        session, org, "M2024-001", "board_decision", date(2024, 5, 20), actor="t"
    )
    with pytest.raises(InputError):
        registers.advance_report(session, org, "M2024-001", "closed", date(2024, 6, 1), actor="t")
    closed = registers.advance_report(
        session,
        org,
        "M2024-001",
        "closed",
        date(2024, 6, 1),
        actor="t",
        outcome="Gegrond; maatregel opgelegd",
    )
    assert closed.deadline is None and closed.closed_on == date(2024, 6, 1)
    assert registers.overdue_reports(session, org, date(2025, 1, 1)) == []
    assert registers.reports_by_year(session, org, [2023, 2024]) == [
        [2023, 0, 0, 0],
        [2024, 1, 0, 1],
    ]


def test_cli_log_and_report(run_cli, tmp_path):
    run_cli("init")
    assert (
        run_cli(
            "safety",
            "counsellor-add",
            "--code",
            "VP-1",
            "--track",
            "undesirable_behaviour",
            "--from",
            "2020-01-01",
        )[0]
        == 0
    )
    code, out, err = run_cli(
        "safety",
        "log",
        "--counsellor",
        "VP-1",
        "--date",
        "2024-02-01",
        "--track",
        "undesirable_behaviour",
        "--themes",
        "bullying,conflict",
        "--person",
        "X1",
        "--hierarchical",
    )
    assert code == 0, err
    code, _, err = run_cli(
        "safety",
        "log",
        "--counsellor",
        "VP-1",
        "--date",
        "2024-02-01",
        "--track",
        "undesirable_behaviour",
        "--themes",
        "roddel",
        "--person",
        "X1",
    )
    assert code == 2 and "roddel" in err
    target = tmp_path / "r.html"
    code, _, err = run_cli(
        "report", "integrity", "--year", "2024", "--format", "html", "--output", str(target)
    )
    assert code == 0, err
    assert ">*<" in target.read_text(encoding="utf-8")
