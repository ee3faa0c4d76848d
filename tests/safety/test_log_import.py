"""Importing a past year's conversation log: every problem of every row, then all or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from tests.importutil import assert_command_lists_every_problem, assert_every_problem
from tests.safety.test_cli_checks import conversations
from tests.test_cli_main import gep

from gepmonitor.core.errors import ValidationFailedError
from gepmonitor.core.orgs import ensure_org
from gepmonitor.safety import service
from gepmonitor.safety.importer import import_conversations
from gepmonitor.safety.models import Conversation

HEADER = "counsellor,date,track,themes,person,hierarchical,source,referral,formal,outcome,org"
GOOD = "VP-1,2024-03-01,undesirable_behaviour,bullying,P1,ja,colleague,none,nee,advice,"
# Every bad row has two or more problems; the blank line and the two-line themes cell keep the
# row numbers honest (the real line of the file, not the count of records).
MESSY = [
    GOOD,
    "VP-9,2024-13-01,ongewenst,pesten|fraud,Jan de Vries,misschien,buurman,none,nee,advice,",
    "VP-1,2099-01-01,integrity,fraud|bullying,P3,ja,colleague,nergens,vaag,advice,snn",
    "",
    'VP-1,2024-03-03,undesirable_behaviour,bullying|fraud,P 6,,,,,"afgerond",',
    'VP-I,2023-06-01,integrity,"fraud|\nleaking_information",P7,,,,,adv,',
    "VP-1,2024-03-02,undesirable_behaviour,,P 9,,,,,,",
    "VP-I,2024-06-01,integrity,fraud,P10,nee,external,none,nee,closed,",
]
MESSY_PROBLEMS = {
    (3, "counsellor"): "Counsellor VP-9 does not exist",
    (3, "date"): "is not a date",
    (3, "track"): "'ongewenst' is unknown",
    (3, "themes"): "'pesten' is unknown",
    (3, "person"): "not a name",
    (3, "hierarchical"): "'misschien' is not yes/no",
    (3, "source"): "'buurman' is unknown",
    (4, "date"): "in the future",
    (4, "track"): "serves the track 'undesirable_behaviour'",
    (4, "referral"): "'nergens' is unknown",
    (4, "formal"): "'vaag' is not yes/no",
    (4, "org"): "does not serve 'snn'",
    (6, "themes"): "Theme 'fraud' belongs to the integrity track",
    (6, "person"): "not a name",
    (6, "outcome"): "'afgerond' is unknown",
    (7, "date"): "VP-I was not serving on 1 June 2023",
    (7, "outcome"): "'adv' is unknown",
    (9, "themes"): "Choose at least one theme",
    (9, "person"): "not a name",
}


@pytest.fixture
def counsellors(session, org):
    ensure_org(session, "snn", "SNN")  # exists, but VP-1 does not serve it
    service.add_counsellor(
        session, org, "VP-1", "undesirable_behaviour", actor="t", active_from=date(2020, 1, 1)
    )
    service.add_counsellor(
        session, org, "VP-I", "integrity", actor="t", active_from=date(2024, 1, 1)
    )
    session.commit()


def test_every_problem_of_every_row_is_listed_and_nothing_is_written(
    session, settings, org, counsellors, tmp_path
):
    path = tmp_path / "log-2024.csv"
    path.write_text("\n".join([HEADER, *MESSY]) + "\n", encoding="utf-8")
    with pytest.raises(ValidationFailedError) as caught:
        import_conversations(session, settings, org, path, actor="t")
    # Exactly these: a rule between fields waits for valid fields (row 3's fraud has no valid
    # track to belong to; row 4's themes are not compared with a track that is not VP-1's).
    assert_every_problem(caught.value, "log-2024.csv", MESSY_PROBLEMS)
    english = caught.value.render("en").splitlines()
    assert "log-2024.csv, row 3, column 'person' (value 'Jan de Vries')" in english[5]
    dutch = caught.value.render("nl")
    assert "er is niets opgeslagen" in dutch
    assert "log-2024.csv, rij 7, kolom 'date' (waarde '2023-06-01'): " in dutch
    session.rollback()
    assert session.scalar(select(func.count(Conversation.id))) == 0


def test_a_clean_log_is_imported_whole(session, settings, org, counsellors, tmp_path):
    path = tmp_path / "log-2024.csv"
    path.write_text("\n".join([HEADER, GOOD, "", MESSY[-1]]) + "\n", encoding="utf-8")
    assert import_conversations(session, settings, org, path, actor="t") == 2
    session.commit()
    stored = session.scalars(select(Conversation).order_by(Conversation.held_on)).all()
    assert [(c.held_on, c.themes, c.hierarchical) for c in stored] == [
        (date(2024, 3, 1), "bullying", True),
        (date(2024, 6, 1), "fraud", False),
    ]


def test_the_command_prints_one_block_in_dutch_or_english_with_exit_code_2(
    cli_env, settings, tmp_path
):
    assert gep(cli_env, "init").returncode == 0
    for code, track, since in (
        ("VP-1", "undesirable_behaviour", "2020"),
        ("VP-I", "integrity", "2024"),
    ):
        added = gep(
            cli_env,
            "safety",
            "counsellor-add",
            "--code",
            code,
            "--track",
            track,
            "--from",
            f"{since}-01-01",
        )
        assert added.returncode == 0, added.stderr
    path = tmp_path / "log-2024.csv"
    path.write_text("\n".join([HEADER, *MESSY]) + "\n", encoding="utf-8")
    assert_command_lists_every_problem(cli_env, "conversations", path, MESSY_PROBLEMS)
    assert conversations(settings) == []
