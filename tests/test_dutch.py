"""Dutch done right (issue 14 item 4): dates, plurals, numbers, audit labels, init's answer."""

from __future__ import annotations

import ast
import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from tests.webutil import logged_in_client, login, make_client, page_text

from gepmonitor.audit.labels import ACTION_LABELS
from gepmonitor.core.errors import InputError, Problem, ValidationFailedError
from gepmonitor.core.formatting import format_date, format_integer, format_number, format_pct
from gepmonitor.recruitment.rules import comply_or_explain_errors
from gepmonitor.recruitment.textcheck.check import check_text
from gepmonitor.recruitment.textcheck.output import result_to_text

SRC = Path(__file__).resolve().parents[1] / "src" / "gepmonitor"


@pytest.mark.parametrize(
    ("lang", "long", "short"),
    [("nl", "2 januari 2025", "02-01-2025"), ("en", "2 January 2025", "02/01/2025")],
)
def test_dates_for_people(lang, long, short):
    day = date(2025, 1, 2)
    assert format_date(day, lang) == long
    assert format_date(day, lang, "short") == short
    assert format_date(datetime(2025, 1, 2, 13, 5), lang, "short") == short
    assert format_date(None, lang) == "–"


def test_numbers_through_babel_in_both_languages():
    assert format_pct(0.6765, "nl") == "67,7%"  # half up, as people round
    assert format_pct(0.676, "en") == "67.6%"
    assert format_pct(None, "nl") == "–"
    assert format_number(1234.55, "nl") == "1.234,6"
    assert format_number(1234.5, "en", 2) == "1,234.50"
    assert format_number(0.0005, "nl", 3) == "0,001"
    assert format_integer(1600, "nl") == "1.600" and format_integer(1600, "en") == "1,600"


def test_problem_counts_are_plural_forms_not_slashes():
    one = ValidationFailedError([Problem("a.csv", 2, "geslacht", "q", "unknown gender")])
    five = ValidationFailedError([Problem("a.csv", r, None, None, "empty row") for r in range(5)])
    assert one.summary("nl") == "1 probleem gevonden; er is niets opgeslagen."
    assert five.summary("nl") == "5 problemen gevonden; er is niets opgeslagen."
    assert five.summary("en") == "5 problems found; nothing was written."
    assert "/" not in one.render("nl").splitlines()[0]


def test_an_error_whose_text_depends_on_a_count():
    def text(women: int) -> str:
        errors = dict(comply_or_explain_errors(13, women, "m", 11, "", "HR"))
        return errors["explanation"].render("nl")

    assert "stond 1 geschikte vrouw op de shortlist" in text(1)
    assert "stonden 3 geschikte vrouwen op de shortlist" in text(3)
    assert "(en)" not in text(1) + text(3)


def test_one_long_sentence_is_one_sentence():
    long = " ".join(["woord"] * 25) + "."
    report = result_to_text(check_text(long, "nl"), "nl")
    assert "1 zin van meer dan 20 woorden: maak die korter." in report
    report = result_to_text(check_text(f"{long} {long}", "nl"), "nl")
    assert "2 zinnen van meer dan 20 woorden: maak ze korter." in report


def test_one_training_and_one_report_on_the_infographic(session, settings, org):
    from gepmonitor.safety import registers
    from gepmonitor.safety.infographic import tiles
    from gepmonitor.safety.report import gather

    registers.add_training(
        session,
        org,
        title="Omgangsvormen",
        held_on=date(2024, 3, 1),
        kind="workshop",
        attendees=(3, 4, 0),
        actor="test",
    )
    report = gather(session, org, 2024, "nl", settings.min_cell)
    labels = dict((label, value) for value, label in tiles(report, "nl"))
    assert labels["training of workshop"] == "1"
    english = dict((label, value) for value, label in tiles(report, "en"))
    assert english["training or workshop"] == "1"


def _constants(node: ast.expr) -> set[str]:
    """Return the action codes an expression can give: a string, or either side of an if."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _constants(node.body) | _constants(node.orelse)
    return set()  # a variable: the helper's callers are checked instead


def test_every_audit_action_written_by_the_code_has_a_label():
    written = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            for keyword in node.keywords:
                if name == "record" and keyword.arg == "action":
                    written |= _constants(keyword.value)
            # helpers that pass their action on: accounts' _audit, pay's register _touch,
            # recruitment's _audit_candidate
            position = {"_audit": 2, "_touch": 4, "_audit_candidate": 3}.get(name)
            if position is not None and len(node.args) > position:
                written |= _constants(node.args[position])
    assert {"login", "user_created", "import_personnel", "view", "break_glass_off"} <= written
    assert {"remedy_pay_gap", "sso_failed"} <= written
    assert written <= set(ACTION_LABELS), written - set(ACTION_LABELS)


def test_the_dutch_audit_log_shows_dutch_actions_roles_and_dates(settings, session_factory, org):
    admin = logged_in_client(settings, session_factory, org, "admin")
    login(make_client(settings), "test-admin", "wrong-password")
    page = admin.get("/admin/audit")
    text = page_text(page.text)
    assert "ingelogd" in text and "mislukte inlogpoging" in text and "beheerder" in text
    assert "login_failed" not in text.replace('value="login_failed"', "")
    today = format_date(datetime.now(), "nl", "short")
    assert today in text
    admin.cookies.set("gep_lang", "en")
    english = admin.get("/admin/audit")
    assert "failed login" in page_text(english.text)
    export = admin.get("/admin/audit.csv")  # the export keeps the codes and ISO times
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert "login_failed" in {row["action"] for row in rows}
    assert rows[0]["at"][:4].isdigit() and rows[0]["at"][4] == "-"


def test_init_answers_with_the_organisation_name(run_cli):
    code, out, _ = run_cli("init", "--name", "Provincie Voorbeeld")
    assert code == 0
    assert "organisatie Provincie Voorbeeld (code 'default')" in out
    assert "organisatie 'default'" not in out
    code, out, _ = run_cli("--lang", "en", "init")
    assert code == 0 and "organisation Provincie Voorbeeld (code 'default')" in out


def test_dutch_cli_output_writes_dates_for_people(run_cli):
    assert run_cli("init")[0] == 0
    assert run_cli("safety", "incident-add", "--date", "2024-01-02", "--kind", "verbal")[0] == 0
    code, out, _ = run_cli("safety", "incidents")
    assert code == 0 and "02-01-2024" in out and "2024-01-02" not in out
    code, out, _ = run_cli("--lang", "en", "safety", "incidents")
    assert code == 0 and "02/01/2024" in out and "verbal" in out


def test_a_domain_error_with_a_date_reads_as_dutch():
    error = InputError("No snapshot with peildatum {peildatum}.", peildatum=date(2024, 12, 31))
    assert error.render("nl") == "Geen gegevens met peildatum 31 december 2024."
    assert error.render("en") == "No snapshot with peildatum 31 December 2024."
