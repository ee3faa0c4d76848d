"""No invented or hidden figures in the integrity report and infographic (issue 11), via `gep`."""

from __future__ import annotations

import re

from tests.personnel.exports import demo_frame
from tests.safety.groningen_log import build_groningen_2024

from gepmonitor.personnel import service as personnel


def report_html(run_cli, tmp_path, year: int) -> str:
    path = tmp_path / f"integrity-{year}.html"
    code, _, err = run_cli(
        "--lang", "en", "report", "integrity", "--year", str(year), "--format", "html",
        "-o", str(path),
    )  # fmt: skip
    assert code == 0, err
    return path.read_text(encoding="utf-8")


def test_no_oath_count_without_the_oath_register(run_cli, session, org, tmp_path):
    # The personnel data has an inflow in 2021; that is not a number of oaths.
    personnel.store_frame(session, org, demo_frame(), source_name="demo", actor="t")
    session.commit()
    html = report_html(run_cli, tmp_path, 2021)
    assert "No oath figures for 2021." in html
    assert "inflow" not in html.split("<h2>", 3)[2].replace("inflow is not a number", "")
    assert run_cli("safety", "oaths", "--year", "2021", "--count", "11")[0] == 0
    html = report_html(run_cli, tmp_path, 2021)
    assert "(from the oath register)" in html and '<div class="value">11</div>' in html
    # the register counts oaths, not new employees
    assert "In 2021 11 employees took the oath or affirmation (oath register)." in html
    assert "new employee" not in html


def test_a_single_x_never_hides_the_training_split(run_cli, session, org, tmp_path):
    personnel.store_frame(session, org, demo_frame(), source_name="demo", actor="t")
    session.commit()
    code, _, err = run_cli(
        "safety", "training-add", "--title", "Omstandersinterventie", "--date", "2024-05-01",
        "--attendees", "76,79,1",
    )  # fmt: skip
    assert code == 0, err
    html = report_html(run_cli, tmp_path, 2024)
    row = re.search(r"<tr><td>Omstandersinterventie</td>(.*?)</tr>", html, re.S)
    assert row, html
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))
    # date, attendees (of men and women), women, men, x (hidden), reach of men and women
    assert cells[1:5] == ["155 (men and women)", "79", "76", "*"]
    assert cells[5].endswith("(men and women)")
    # the reach's denominator and the suppression rule are defined in the report
    definitions = html.split("<h2>Definitions</h2>")[1]
    assert "<th>Staff on the peildatum</th>" in definitions
    assert "<th>Suppression</th>" in definitions and "men and women" in definitions


def test_infographic_says_which_track_a_number_counts(run_cli, session, settings, org, tmp_path):
    build_groningen_2024(session, settings, org)
    session.commit()
    path = tmp_path / "info.svg"
    code, _, err = run_cli(
        "--lang", "en", "report", "infographic", "--year", "2024", "--format", "svg",
        "-o", str(path),
    )  # fmt: skip
    assert code == 0, err
    text = " ".join(re.findall(r"<!-- (.*?) -->", path.read_text(encoding="utf-8")))
    text = re.sub(r"\s+", " ", text)
    assert "hierarchical relation, with the counsellors for undesirable behaviour" in text
    assert "formal reports and complaints, both tracks" in text
    assert "(oath register)" in text


def test_a_log_without_the_hierarchical_column_says_no_data(run_cli, tmp_path):
    from tests.safety.test_cli_checks import setup_counsellor

    setup_counsellor(run_cli)
    lines = [
        f"VP-1,2024-03-{day:02d},undesirable_behaviour,bullying,P{day}\n" for day in range(1, 9)
    ]
    log = tmp_path / "log.csv"
    log.write_text("counsellor,date,track,themes,person\n" + "".join(lines), encoding="utf-8")
    code, _, err = run_cli("import", "conversations", str(log))
    assert code == 0, err
    html = report_html(run_cli, tmp_path, 2024)
    row = re.search(r"<tr><th[^>]*>[^<]*hierarchical[^<]*</th>(.*?)</tr>", html, re.S)
    assert row, html
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))
    assert cells[0] == "no data"  # unknown, not 0
    conversations = re.search(r"<tr><th[^>]*>conversations</th>(.*?)</tr>", html, re.S)
    assert conversations and "8" in conversations.group(1)
