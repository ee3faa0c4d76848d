"""Pay import through the `gep` command and the service, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import func, select
from tests.conftest import TEST_SECRET
from tests.importutil import assert_command_lists_every_problem, assert_every_problem
from tests.test_cli_main import gep

from gepmonitor.core.errors import ConflictError, NotFoundError, ValidationFailedError
from gepmonitor.core.privacy import pseudonymise
from gepmonitor.pay import register, service
from gepmonitor.pay.models import PayAssessment, PayRecord, PayYear
from gepmonitor.personnel import service as personnel

HEADER = "Personeelsnummer;Naam;Geslacht;Schaal;Betaalde uren;Basissalaris;IKB;Toelagen;Bonus"
# A Dutch semicolon export with decimal commas and thousands dots.
ROWS = [
    "1001;Jan;M;11;1.872;52.000,00;8.512,40;;",
    "1002;Els;V;11;1.872;50.000,00;8.185,00;1.200,50;",
    "1003;Sam;X;11;936;26.000,00;€ 4.256,20;;",
    "1004;Kim;V;13;1.664;55.000;9.003,50;;2.000",
    "1005;Ad;M;13;1872;62000.00;10149.40;;500",
]


def write_csv(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode("cp1252"))
    return path


def test_import_stores_pay_per_pseudonym_and_no_names(session, org, tmp_path):
    path = write_csv(tmp_path / "loon.csv", ROWS)
    summary = service.import_pay(session, org, path, 2024, secret=TEST_SECRET, actor="test")
    session.commit()
    assert summary.rows == 5 and summary.by_gender == {"m": 2, "v": 2, "x": 1}
    assert summary.components == ["IKB", "Toelagen", "Bonus"]
    assert summary.dropped_names == ["Naam"]
    frame = service.load_pay(session, org, 2024).sort("basic")
    assert frame["basic"].to_list() == [26_000, 50_000, 52_000, 55_000, 62_000]
    assert frame["hours"].to_list() == [936, 1872, 1872, 1664, 1872]
    assert frame["complementary"].to_list() == pytest.approx(
        [4256.20, 8185 + 1200.50, 8512.40, 9003.50 + 2000, 10149.40 + 500]
    )
    keys = set(frame["employee_key"].to_list())
    assert pseudonymise("1001", TEST_SECRET) in keys
    stored = [r for r in session.scalars(select(PayRecord))]
    for record in stored:
        values = " ".join(str(v) for v in vars(record).values() if not str(v).startswith("<"))
        assert "Jan" not in values and "1001" not in values
    assert json.loads(stored[0].components)  # the components by name


def test_bad_rows_list_every_problem_and_write_nothing(session, org, tmp_path):
    rows = [
        "1001;Jan;M;11;1.872;52.000,00;-5;;",  # negative component
        "1002;Els;Q;11;0;;;;",  # bad gender, zero hours, missing basic pay
        "1001;Jan;M;11;1.872;52.000,00;;;",  # duplicate personnel number
        ";Zonder;V;19;1872;10;;;veel",  # no number, bad scale, unreadable bonus
    ]
    path = write_csv(tmp_path / "fout.csv", rows)
    with pytest.raises(ValidationFailedError) as failed:
        service.import_pay(session, org, path, 2024, secret=TEST_SECRET, actor="test")
    assert_every_problem(
        failed.value,
        "fout.csv",
        {
            (2, "IKB"): "may not be negative",
            (3, "Geslacht"): "gender code",
            (3, "Betaalde uren"): "above 0",
            (3, "Basissalaris"): "above 0",
            (4, "Personeelsnummer"): "duplicate",
            (5, "Personeelsnummer"): "missing",
            (5, "Schaal"): "salary scale",
            (5, "Bonus"): "unreadable pay",
        },
    )
    assert session.scalar(select(func.count(PayRecord.id))) == 0
    assert session.scalar(select(func.count(PayYear.id))) == 0


def test_infinite_nan_and_exponent_amounts_are_refused_naming_row_and_column(
    run_cli, session, tmp_path
):
    """'1e309' was stored as an infinite salary and '1e5' as 100,000 (hours or pay)."""
    rows = [
        "1001;Jan;M;11;1.872;1e309;8.512,40;;",
        "1002;Els;V;11;1e3;50.000,00;8.185,00;1.200,50;",
        "1003;Sam;X;11;936;26.000,00;inf;;",
        "1004;Kim;V;13;1.664;55.000;9.003,50;NaN;1E5",
    ]
    path = write_csv(tmp_path / "loon.csv", rows)
    assert run_cli("init")[0] == 0
    code, _, err = run_cli("--lang", "en", "import", "pay", str(path), "--year", "2024")
    assert code == 2, err
    exponent = "a number with an exponent (such as 1e5) is not read; write it in full"
    for row, column, value, problem in (
        (2, "Basissalaris", "1e309", exponent),
        (3, "Betaalde uren", "1e3", exponent),
        (4, "IKB", "inf", "unreadable pay"),
        (5, "Toelagen", "NaN", "unreadable pay"),
        (5, "Bonus", "1E5", exponent),
    ):
        line = f"loon.csv, row {row}, column '{column}' (value '{value}'): {problem}"
        assert line in err.splitlines(), (line, err)
    assert "5 problems found; nothing was written." in err
    assert session.scalar(select(func.count(PayRecord.id))) == 0
    assert session.scalar(select(func.count(PayYear.id))) == 0
    code, _, err = run_cli("import", "pay", str(path), "--year", "2024")
    assert code == 2 and "(waarde '1e309'): een getal met een exponent" in err, err


def test_missing_required_columns_are_named(session, org, tmp_path):
    path = write_csv(
        tmp_path / "kort.csv", ["1001;M;11"], header="Personeelsnummer;Geslacht;Schaal"
    )
    with pytest.raises(ValidationFailedError) as failed:
        service.import_pay(session, org, path, 2024, secret=TEST_SECRET, actor="test")
    assert sorted(p.column for p in failed.value.problems) == ["basic", "hours"]


def test_gender_and_category_come_from_the_snapshot_with_warnings_for_contradictions(
    session, org, tmp_path
):
    snapshot = tmp_path / "personeel.csv"
    snapshot.write_text(
        "Personeelsnummer;Geslacht;Geboortejaar;Salarisschaal;FTE;Datum in dienst\n"
        "1001;M;1970;11;1,0;2000-01-01\n"
        "1002;V;1985;12;0,8;2010-02-01\n",
        encoding="utf-8",
    )
    personnel.import_personnel(
        session, org, snapshot, date(2024, 12, 31), secret=TEST_SECRET, actor="test"
    )
    path = write_csv(
        tmp_path / "loon.csv",
        ["1001;;;1872;52000;;", "1002;V;11;1498;40000;;"],
        header="Personeelsnummer;Geslacht;Schaal;Uren;Basissalaris;Toelagen;Bonus",
    )
    summary = service.import_pay(
        session, org, path, 2024, secret=TEST_SECRET, actor="test", lang="en"
    )
    frame = service.load_pay(session, org, 2024).sort("basic", descending=True)
    assert frame["gender"].to_list() == ["m", "v"]
    assert frame["category"].to_list() == ["11", "11"]
    assert frame["birth_year"].to_list() == [1970, 1985]
    assert frame["fte"].to_list() == [1.0, 0.8]
    assert summary.from_snapshot == 2
    assert len(summary.warnings) == 1
    assert "row 3, column 'Schaal'" in summary.warnings[0] and "'12'" in summary.warnings[0]
    # a worker in neither the file nor the snapshot is an error on the personnel number
    unknown = write_csv(
        tmp_path / "onbekend.csv",
        ["9999;;;1872;52000;;"],
        header="Personeelsnummer;Geslacht;Schaal;Uren;Basissalaris;Toelagen;Bonus",
    )
    with pytest.raises(ValidationFailedError) as failed:
        service.import_pay(session, org, unknown, 2023, secret=TEST_SECRET, actor="test")
    assert [(p.row, p.column) for p in failed.value.problems] == [
        (2, "Personeelsnummer"),
        (2, "Personeelsnummer"),
    ]


def test_replace_and_conflict(session, org, tmp_path):
    path = write_csv(tmp_path / "loon.csv", ROWS)
    service.import_pay(session, org, path, 2024, secret=TEST_SECRET, actor="test")
    with pytest.raises(ConflictError):
        service.import_pay(session, org, path, 2024, secret=TEST_SECRET, actor="test")
    summary = service.import_pay(
        session, org, path, 2024, secret=TEST_SECRET, actor="test", replace=True
    )
    assert summary.replaced
    assert session.scalar(select(func.count(PayRecord.id))) == 5


def independent_gap(rows: list[tuple[str, float, float]]) -> float:
    """(gender, annual total pay, hours) -> mean hourly gap in percent, computed directly."""
    men = [pay / hours for g, pay, hours in rows if g == "m"]
    women = [pay / hours for g, pay, hours in rows if g == "v"]
    mean_m, mean_w = sum(men) / len(men), sum(women) / len(women)
    return (mean_m - mean_w) / mean_m * 100


def test_gep_import_then_paygap_json_matches_an_independent_computation(cli_env, tmp_path, session):
    assert gep(cli_env, "init").returncode == 0
    rows, expected = [], []
    for i in range(30):
        gender = "V" if i % 2 else "M"
        scale = 11 if i < 20 else 13
        hours = 1872 if i % 3 else 1498
        basic = (4200 + 40 * i) * 12 * hours / 1872 * (0.9 if gender == "V" and scale == 11 else 1)
        ikb = round(basic * 0.1637, 2)
        basic = round(basic, 2)
        rows.append(
            f"{5000 + i};X;{gender};{scale};{hours};{basic:.2f}".replace(".", ",")
            + f";{ikb:.2f};;".replace(".", ",")
        )
        expected.append(("v" if gender == "V" else "m", basic + ikb, hours))
    path = write_csv(tmp_path / "loon.csv", rows)
    result = gep(cli_env, "import", "pay", str(path), "--year", "2024")
    assert result.returncode == 0, result.stderr
    assert "30" in result.stdout
    result = gep(cli_env, "paygap", "--year", "2024", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["year"] == 2024 and data["workers"] == {"women": 15, "men": 15, "other": 0}
    assert data["mean_gap_hourly_pct"] == pytest.approx(independent_gap(expected), abs=0.005)
    assert [q["quartile"] for q in data["quartiles"]] == [1, 2, 3, 4]
    cats = {c["category"]: c for c in data["categories"]}
    assert cats["11"]["flagged"] is True and cats["11"]["status"] == "remedy_due"
    assert cats["13"]["flagged"] is False
    for key in (
        "median_gap_hourly_pct", "mean_gap_annual_pct", "median_gap_annual_pct",
        "mean_gap_complementary_pct", "median_gap_complementary_pct",
        "share_receiving_complementary_pct",
    ):  # fmt: skip
        assert key in data
    for key in ("women", "men", "women_pct"):
        assert key in data["quartiles"][0]
    for key in ("mean_gap_basic_pct", "median_gap_basic_pct", "mean_gap_complementary_pct",
                "median_gap_complementary_pct", "mean_gap_hourly_pct", "flagged", "status"):  # fmt: skip
        assert key in cats["11"]
    csv_out = gep(cli_env, "--lang", "en", "paygap", "--year", "2024", "--format", "csv")
    assert csv_out.returncode == 0 and "Mean gap, hourly pay" in csv_out.stdout


def test_gep_import_pay_lists_every_problem(cli_env, tmp_path, session):
    assert gep(cli_env, "init").returncode == 0
    path = write_csv(
        tmp_path / "fout.csv", ["1001;Jan;M;11;1.872;abc;;;", "1002;Els;V;11;-3;100;;;"]
    )
    assert_command_lists_every_problem(
        cli_env, "pay", path, {(2, "Basissalaris"), (3, "Betaalde uren")}, "--year", "2024"
    )


def test_register_workflow_and_statuses(session, org, tmp_path):
    rows = [
        f"{i};X;{'V' if i % 2 else 'M'};11;1872;{40000 if i % 2 else 45000};;;" for i in range(12)
    ]
    service.import_pay(
        session, org, write_csv(tmp_path / "l.csv", rows), 2024, secret=TEST_SECRET, actor="t"
    )
    entry = session.scalar(select(PayAssessment))
    assert entry.category == "11" and entry.gap_pct == pytest.approx(100 / 9)
    reported = entry.reported_on
    assert register.status_of(entry, reported) == "remedy_due"
    assert register.status_of(entry, register.add_months(reported, 7)) == (
        "joint_assessment_required"
    )
    with pytest.raises(Exception, match="six months"):
        register.plan_remedy(
            session, org, 2024, "11", measure="m", owner="o",
            due_date=register.add_months(reported, 7), actor="t",
        )  # fmt: skip
    from gepmonitor.plan import service as plan

    goal = plan.ensure_default_goals(session, org)[0]
    measure = plan.add_measure(
        session,
        org,
        goal.code,
        "Beloningsbeleid herzien",
        start_year=2024,
        end_year=2025,
        actor="t",
    )
    with pytest.raises(NotFoundError):  # another organisation's or no measure
        register.plan_remedy(
            session, org, 2024, "11", measure="Raise", owner="HR",
            due_date=register.add_months(reported, 3), actor="t", plan_measure_id=999_999,
        )  # fmt: skip
    register.plan_remedy(
        session, org, 2024, "11", measure="Raise", owner="HR",
        due_date=register.add_months(reported, 3), actor="t", plan_measure_id=measure.id,
    )  # fmt: skip
    assert entry.plan_measure_id == measure.id
    assert register.plan_measure_choices(session, org) == [(measure.id, "Beloningsbeleid herzien")]
    register.mark_remedied(session, org, 2024, "11", on=reported, actor="t")
    assert register.status_of(entry, register.add_months(reported, 9)) == "remedied"
    register.justify(
        session, org, 2024, "11", criterion="Labour market", explanation="Scarce skills",
        evidence="note", justified_by="Board", justified_on=reported, actor="t",
    )  # fmt: skip
    assert register.status_of(entry, reported) == "justified"
    from gepmonitor.core.audit import entries

    actions = [e.action for e in entries(session)]
    assert {"open_pay_assessment", "plan_pay_remedy", "remedy_pay_gap", "justify_pay_gap"} <= set(
        actions
    )
    assert register.add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)


def test_frame_round_trip_keeps_types(session, org, tmp_path):
    service.import_pay(
        session, org, write_csv(tmp_path / "l.csv", ROWS), 2024, secret=TEST_SECRET, actor="t"
    )
    frame = service.load_pay(session, org, 2024)
    assert frame.schema["hire_date"] == pl.Date and frame.schema["birth_year"] == pl.Int32


def test_xlsx_with_a_mapping_file_for_other_components(session, org, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(
        ["Persnr", "Sekse", "Functiegroep", "Uren betaald", "Basic pay", "Toeslag ORT", "Code"]
    )
    sheet.append(["A1", "V", "Beleid", 1872, 52000.5, 1250.25, "x"])
    sheet.append(["A2", "M", "Beleid", 1664, 50000, None, "y"])
    path = tmp_path / "loon.xlsx"
    book.save(path)
    mapping = tmp_path / "koppeling.yaml"
    mapping.write_text(
        'columns:\n  "Uren betaald": hours\n  "Toeslag ORT": component\n  "Code": ignore\n',
        encoding="utf-8",
    )
    summary = service.import_pay(
        session, org, path, 2024, secret=TEST_SECRET, actor="t", mapping_path=mapping
    )
    assert summary.components == ["Toeslag ORT"] and summary.category_kind == "function"
    assert summary.ignored == ["Code"]
    frame = service.load_pay(session, org, 2024).sort("hours")
    assert frame["category"].to_list() == ["Beleid", "Beleid"]
    assert frame["complementary"].to_list() == [0.0, 1250.25]
    assert frame["basic"].to_list() == [50000.0, 52000.5]
