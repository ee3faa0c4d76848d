"""Command line: the log import reads yes/no columns, bad years/paths/tracks give one line."""

from __future__ import annotations

from gepmonitor.core.db import make_engine, make_session_factory
from gepmonitor.safety.models import Conversation

HEADER = "counsellor,date,track,themes,person,hierarchical,formal\n"


def setup_counsellor(run_cli, code="VP-1", track="undesirable_behaviour", *extra):
    run_cli("init")
    args = ("safety", "counsellor-add", "--code", code, "--track", track)
    code_, _, err = run_cli(*args, "--from", "2020-01-01", *extra)
    assert code_ == 0, err


def conversations(settings) -> list[Conversation]:
    engine = make_engine(settings.resolved_database_url())
    try:
        with make_session_factory(engine)() as session:
            return list(session.query(Conversation).order_by(Conversation.id))
    finally:
        engine.dispose()


def test_import_reads_every_usual_yes_no_spelling(run_cli, settings, tmp_path):
    setup_counsellor(run_cli)
    spellings = ["true", "ja", "yes", "1", "x", "J", "false", "nee", "no", "0", ""]
    lines = [
        f"VP-1,2024-03-{i + 1:02d},undesirable_behaviour,bullying,P{i},{word},{word}\n"
        for i, word in enumerate(spellings)
    ]
    log = tmp_path / "log.csv"
    log.write_text(HEADER + "".join(lines), encoding="utf-8")
    code, _, err = run_cli("import", "conversations", str(log))
    assert code == 0, err
    rows = conversations(settings)
    assert [c.hierarchical for c in rows] == [True] * 6 + [False] * 5
    assert [c.formal_procedure for c in rows] == [True] * 6 + [False] * 5


def test_import_rejects_an_unknown_yes_no_value_and_writes_nothing(run_cli, settings, tmp_path):
    setup_counsellor(run_cli)
    log = tmp_path / "log.csv"
    log.write_text(
        HEADER
        + "VP-1,2024-03-01,undesirable_behaviour,bullying,P1,true,no\n"
        + "VP-1,2024-03-02,undesirable_behaviour,bullying,P2,misschien,no\n",
        encoding="utf-8",
    )
    code, _, err = run_cli("import", "conversations", str(log))
    assert code == 2
    assert "log.csv, rij 3, kolom 'hierarchical'" in err and "misschien" in err
    assert conversations(settings) == []


def test_bad_years_and_paths_are_one_line_with_exit_2(run_cli, tmp_path):
    run_cli("init")
    for command in ("integrity", "infographic"):
        for year in ("99999", "0"):
            code, _, err = run_cli("report", command, "--year", year)
            assert code == 2 and "2000-2100" in err, (command, year, err)
    missing = tmp_path / "nowhere" / "x.html"
    code, _, err = run_cli(
        "report", "integrity", "--year", "2024", "--format", "html", "-o", str(missing)
    )
    assert code == 2 and str(missing) in err and "\n" not in err.strip()
    for year in ("0", "99999"):
        code, _, err = run_cli("safety", "oaths", "--year", year, "--count", "3")
        assert code == 2 and "2000-2100" in err


def test_track_and_account_must_match_the_counsellor(run_cli):
    setup_counsellor(run_cli, "VP-OG-1")
    code, _, err = run_cli(
        "safety",
        "log",
        "--counsellor",
        "VP-OG-1",
        "--date",
        "2024-02-01",
        "--track",
        "integrity",
        "--themes",
        "fraud",
        "--person",
        "X1",
    )
    assert code == 2 and "VP-OG-1" in err
    assert run_cli("user", "add", "--role", "hr", "--username", "hilde", "--generate")[0] == 0
    code, _, err = run_cli(
        "safety", "counsellor-add", "--code", "VP-2", "--track", "integrity", "--user", "hilde"
    )
    assert code == 2 and "hilde" in err


def test_person_code_must_not_be_a_name(run_cli):
    setup_counsellor(run_cli)
    args = ["safety", "log", "--counsellor", "VP-1", "--date", "2024-02-01"]
    args += ["--track", "undesirable_behaviour", "--themes", "bullying", "--person"]
    code, _, err = run_cli(*args, "Jan de Vries")
    assert code == 2 and "zonder spaties" in err
    assert run_cli(*args, "JdV-01")[0] == 0


def test_future_dates_are_refused_for_reports_and_incidents(run_cli):
    run_cli("init")
    code, _, err = run_cli(
        "safety",
        "report-add",
        "--track",
        "integrity",
        "--theme",
        "fraud",
        "--received",
        "2099-01-01",
    )
    assert code == 2 and "toekomst" in err
    code, _, err = run_cli("safety", "incident-add", "--date", "2099-01-01", "--kind", "verbal")
    assert code == 2 and "toekomst" in err


def test_counsellors_and_incidents_are_listed_in_dutch(run_cli):
    setup_counsellor(
        run_cli, "VP-1", "undesirable_behaviour", "--kind", "internal", "--gender", "v"
    )
    code, out, _ = run_cli("safety", "counsellors")
    assert code == 0 and "intern" in out and "vrouw" in out and "internal" not in out
    added = run_cli(
        "safety",
        "incident-add",
        "--date",
        "2024-05-01",
        "--kind",
        "threat",
        "--follow-up",
        "Nazorg",
    )
    assert added[0] == 0
    code, out, _ = run_cli("safety", "incidents", "--year", "2024")
    assert code == 0 and "01-05-2024" in out and "bedreiging" in out and "Nazorg" in out


def test_stopping_a_counsellor_keeps_past_years(run_cli, tmp_path):
    setup_counsellor(run_cli, "VP-1")
    setup_counsellor(run_cli, "VP-2")
    assert run_cli("safety", "counsellor-stop", "VP-2", "--until", "2024-06-30")[0] == 0
    code, out, _ = run_cli("safety", "counsellors")
    assert "VP-1" in out and "VP-2" not in out
    code, out, _ = run_cli("safety", "counsellors", "--year", "2024")
    assert "VP-1" in out and "VP-2" in out
    code, out, _ = run_cli("safety", "counsellors", "--year", "2025")
    assert "VP-2" not in out
