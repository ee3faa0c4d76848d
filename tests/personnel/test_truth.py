"""Truth of the personnel figures (issue 11), through the `gep` command on both databases.

The demo province's personnel (seed 2025) is written out as HR exports and imported, as a user
would: its 2025 figures for scale 13+ are 40,6% women now and 82,1% of appointments required.
"""

from __future__ import annotations

import json
import re
from datetime import date

import polars as pl
import pytest
from openpyxl import load_workbook
from tests.personnel.exports import ALL_COLUMNS, demo_frame, demo_year, write_export

from gepmonitor.personnel import service
from gepmonitor.personnel.demo import DEMO_TARGETS


def store_demo(session, org, years: list[int] | None = None) -> None:
    frame = demo_frame()
    if years is not None:
        frame = frame.filter(pl.col("year").is_in(years))
    service.store_frame(session, org, frame, source_name="demo", actor="test")
    for band, share, year, start, note in DEMO_TARGETS:
        service.save_target(session, org, band, share, year, actor="t", start_year=start, note=note)
    session.commit()


def flat(text: str) -> str:
    """Return table output as one line: cell borders and line breaks become single spaces."""
    return re.sub(r"[│┃\s]+", " ", text)


def band_json(run_cli, *args: str) -> dict:
    code, out, err = run_cli("--lang", "en", "monitor", "--band", "13+", "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)["bands"][0]


def test_a_second_peildatum_in_a_year_does_not_double_it(run_cli, session, org, tmp_path):
    store_demo(session, org)
    before = band_json(run_cli)
    june = demo_year(2025).with_columns(pl.lit(date(2025, 6, 30)).alias("peildatum"))
    path = write_export(june, tmp_path / "hr-2025-06.csv")
    code, out, err = run_cli(
        "--lang", "en", "import", "personnel", str(path), "--peildatum", "2025-06-30"
    )
    assert code == 0, err
    assert "2025 has 2 snapshots; the yearly figures (trend, flows, reports) use the one of" in out
    assert "31 December 2025" in out
    after = band_json(run_cli)
    assert after["trend"] == before["trend"] and after["flows"] == before["flows"]
    last = after["trend"][-1]
    assert last["year"] == 2025 and round(last["share_women"], 3) == 0.406
    exits = [r for r in after["flows"] if r["year"] == 2025 and r["flow"] == "band_exits"][0]
    assert exits["men_women"] and exits["men_women"] > 0  # not 0/0
    code, out, _ = run_cli("--lang", "en", "monitor", "--band", "13+")
    assert "40.6%" in out and "82.1%" in out
    code, out, _ = run_cli("--lang", "en", "snapshots")
    rows = {line.split()[1]: line for line in out.splitlines() if line.startswith("│ ")}
    assert "yes" in rows["31/12/2025"] and "no" in rows["30/06/2025"]


def test_who_is_staff_on_the_peildatum(run_cli, session, org, tmp_path):
    # The demo's 2025 export has 1,750 rows: 1,635 staff and 115 who left during 2025.
    path = write_export(demo_year(2025), tmp_path / "hr-2025.csv")
    code, out, err = run_cli(
        "--lang", "en", "import", "personnel", str(path), "--peildatum", "2025-12-31"
    )
    assert code == 0, err
    assert "1750 rows, of which 1635 staff on the peildatum" in out
    assert "115 left before it and 0 start after it" in out
    code, out, _ = run_cli("--lang", "en", "snapshots")
    line = [row for row in out.splitlines() if "31/12/2025" in row][0]
    assert re.search(r"31/12/2025\s*│\s*1635\s*│\s*115\s*│\s*0\s*│\s*yes", line), line
    code, out, _ = run_cli("--lang", "en", "monitor", "--format", "json")
    overall = json.loads(out)["overall"][-1]
    assert overall["men_women"] + overall["other"] == 1635


def test_hired_after_or_left_on_the_peildatum(run_cli, tmp_path):
    head = "Personeelsnummer;Geslacht;Salarisschaal;Datum in dienst;Datum uit dienst"
    rows = [f"{n};V;8;2010-01-01;" for n in range(1, 8)]
    rows += [f"{n};M;8;2010-01-01;" for n in range(8, 15)]
    rows += ["20;V;8;2026-02-01;", "21;M;8;2010-01-01;2025-12-31", "22;M;8;2010-01-01;2025-06-30"]
    path = tmp_path / "hr.csv"
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    assert run_cli("init")[0] == 0
    code, out, err = run_cli(
        "--lang", "en", "import", "personnel", str(path), "--peildatum", "2025-12-31"
    )
    assert code == 0, err
    # the exit on the peildatum is staff (the person is employed that day); the later hire is not
    assert "17 rows, of which 15 staff" in out and "1 left before it and 1 start after it" in out
    code, out, _ = run_cli("--lang", "en", "peildatum", "--exit-on-peildatum", "left")
    assert code == 0 and "does not count as staff" in out
    code, out, _ = run_cli("--lang", "en", "snapshots")
    assert re.search(r"31/12/2025\s*│\s*14\s*│\s*2\s*│\s*1\s*│", out), out
    code, out, _ = run_cli("--lang", "en", "peildatum")
    assert "the last one of each year" in out


def test_snapshots_years_apart_give_period_flows_and_annualised_rates(run_cli, session, org):
    store_demo(session, org, [2016, 2019, 2022, 2025])
    code, out, err = run_cli("--lang", "en", "monitor", "--band", "13+")
    assert code == 0, err
    for period in ("2016\u20132019", "2019\u20132022", "2022\u20132025"):
        assert period in out
    assert "rates 2016\u20132025" in flat(out)
    data = band_json(run_cli)
    required = data["target"]["required_share_of_appointments"]
    # yearly snapshots give 82,1%; dividing three-year flows by the number of pairs gave 61,2%
    assert abs(required - 0.821) < 0.05, required
    assert data["target"]["rates"]["first_year"] == 2016 and data["target"]["rates"]["periods"] == 3


def test_annualised_rate_by_hand_through_the_command(run_cli, tmp_path):
    head = "Personeelsnummer;Geslacht;Salarisschaal"
    years = {
        2019: [f"w{i};V;11" for i in range(1, 11)] + [f"m{i};M;11" for i in range(1, 31)],
        2022: [f"w{i};V;11" for i in range(1, 11)] + [f"m{i};M;11" for i in range(1, 31)],
        # three years later: 3 of 10 women and 6 of 30 men gone, 6 women and 3 men appointed
        2025: [f"w{i};V;11" for i in range(1, 8)]
        + [f"nw{i};V;11" for i in range(1, 7)]
        + [f"m{i};M;11" for i in range(1, 25)]
        + [f"nm{i};M;11" for i in range(1, 4)],
    }
    assert run_cli("init")[0] == 0
    for year, rows in years.items():
        path = tmp_path / f"hr-{year}.csv"
        path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
        assert run_cli("import", "personnel", str(path), "--peildatum", f"{year}-12-31")[0] == 0
    assert run_cli("target", "set", "--band", "11+", "--share", "40", "--year", "2028")[0] == 0
    # exact: three women leaving is a small count, and the rates would give it away
    args = ("--lang", "en", "monitor", "--band", "11+", "--exact")
    code, out, err = run_cli(*args, "--format", "json")
    assert code == 0, err
    rates = json.loads(out)["bands"][0]["target"]["rates"]
    # two three-year periods of 10 women each, 3 left in all: 20·(1 - (1 - e)³) = 3
    assert rates["exit_rate_women"] == pytest.approx(1 - 0.85 ** (1 / 3))
    assert rates["exit_rate_men"] == pytest.approx(1 - 0.9 ** (1 / 3))  # 6 of 2·30
    assert rates["appointments_per_year"] == pytest.approx(1.5)  # 9 in six years
    assert rates["share_of_women_among_appointments"] == pytest.approx(6 / 9)
    code, out, err = run_cli(*args)
    assert "2019\u20132022" in out and "2022\u20132025" in out
    assert "exits per year women 5.3%, men 3.5%; 1.5 appointments per year" in flat(out)
    code, out, err = run_cli("--lang", "en", "monitor", "--band", "11+")
    assert "too little data" in out.split("Targets")[1]  # the hidden 3 leaves no projection


def test_projection_does_not_depend_on_from_and_names_its_years(run_cli, session, org):
    store_demo(session, org)
    everything = band_json(run_cli)["target"]
    narrow = band_json(run_cli, "--from", "2020")["target"]
    assert everything["required_share_of_appointments"] == narrow["required_share_of_appointments"]
    assert narrow["projection_window"] == [2016, 2025]
    code, out, _ = run_cli("--lang", "en", "monitor", "--band", "13+", "--from", "2020")
    assert "82.1%" in out and "2016\u20132025" in out and "rates 2016\u20132025" in flat(out)


def test_fewer_than_three_years_is_too_little_data(run_cli, session, org):
    store_demo(session, org, [2024, 2025])
    code, out, err = run_cli("--lang", "en", "monitor", "--band", "13+")
    assert code == 0, err
    targets = out.split("Targets")[1]
    assert "too little data" in targets
    assert "on track" not in targets and "off track" not in targets
    data = band_json(run_cli)["target"]
    assert data["too_little_data"] and data["required_share_of_appointments"] is None


def test_a_missing_manager_column_is_no_data_not_zero(run_cli, tmp_path):
    columns = tuple(c for c in ALL_COLUMNS if c not in ("Leidinggevende", "FTE", "Afdeling"))
    assert run_cli("init")[0] == 0
    for year in (2024, 2025):
        path = write_export(demo_year(year), tmp_path / f"hr-{year}.csv", columns)
        code, out, err = run_cli(
            "--lang", "en", "import", "personnel", str(path), "--peildatum", f"{year}-12-31"
        )
        assert code == 0, err
        assert "No column for: trede, fte, afdeling, leidinggevende" in flat(out)
    code, out, err = run_cli("--lang", "en", "monitor", "--band", "lg", "--format", "json")
    trend = json.loads(out)["bands"][0]["trend"]
    assert all(row["no_data"] and row["men"] is None for row in trend)
    code, out, _ = run_cli("--lang", "en", "monitor", "--band", "lg")
    trend_table = out.split("Flows")[0]
    assert trend_table.count("no data") >= 8 and "0 (" not in trend_table
    code, out, _ = run_cli("--lang", "en", "monitor", "--format", "json")
    data = json.loads(out)
    assert data["overall"][-1]["fte_women"] is None and data["units"] == []


def test_the_demo_kpi_for_13_plus_appointments_is_computed_not_typed_in(run_cli, tmp_path):
    assert run_cli("init")[0] == 0
    code, _, err = run_cli("demo", "--seed", "2025")
    assert code == 0, err
    path = tmp_path / "plan.html"
    code, _, err = run_cli(
        "--lang", "en", "report", "plan", "--year", "2025", "--format", "html", "-o", str(path)
    )
    assert code == 0, err
    html = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
    row = re.search(
        r"<tr>(?:(?!</tr>).)*aandeel vrouwen bij benoemingen in schaal 13\+.*?</tr>", html
    )
    assert row, html
    assert "48.0%" not in row.group(0)  # the number the demo used to type in
    assert re.search(
        r"\d+\.\d% \(\d+ of \d+ appointments into scale 13 and higher, 2025\)", row.group(0)
    )
    # a KPI no data computes says it was entered by hand
    manual = re.search(r"<tr>(?:(?!</tr>).)*aandeel teamleiders getraind.*?</tr>", html)
    assert manual and re.search(r"\d+\.\d% \(entered by hand\)", manual.group(0))
    # the report defines the personnel figures its KPIs are computed from
    definitions = html.split("<h2>Definitions</h2>")[1]
    for term in ("Staff on the peildatum", "Which snapshot counts for a year", "Bands", "Flows"):
        assert f"<th>{term}" in definitions, term
    path = tmp_path / "plan.xlsx"
    code, _, err = run_cli(
        "--lang", "en", "report", "plan", "--year", "2025", "--format", "xlsx", "-o", str(path)
    )
    assert code == 0, err
    sheet = load_workbook(path, read_only=True)["Definitions"]
    terms = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Staff on the peildatum" in terms and "Suppression" in terms


def test_the_monitor_report_names_years_rates_and_the_same_kind_of_number(
    run_cli, session, org, tmp_path
):
    store_demo(session, org)
    path = tmp_path / "monitor.html"
    code, _, err = run_cli(
        "--lang", "en", "report", "monitor", "--year", "2025", "--format", "html", "-o", str(path)
    )
    assert code == 0, err
    html = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
    heads = re.search(r'<table class="targets">.*?</thead>', html)
    assert heads and "years used" in heads.group(0)
    assert "share of women among appointments (same years)" in heads.group(0)
    row = re.search(r"<tr><td[^>]*>scale 13 and higher</td>.*?</tr>", html)
    assert row, html
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0))
    # band, target, now, gap, years used, linear, flow, required, observed, verdict
    assert cells[4] == "2016–2025" and cells[7] == "82.1%"
    assert cells[8] == "48.7% (185 of 380)" and cells[9] == "off track"
    assert "scale 13 and higher: rates 2016–2025: exits per year women 8.7%, men 7.2%" in html
    definitions = html.split("<h2>Definitions</h2>")[1]
    assert "every observed year up to the report year (2016–2025)" in definitions
