"""Personnel import: every validation error names file, row, column; nothing half-written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from tests.conftest import TEST_SECRET

from gepmonitor.core.errors import ConflictError, InputError, ValidationFailedError
from gepmonitor.core.formatting import format_date
from gepmonitor.core.privacy import pseudonymise
from gepmonitor.personnel import service
from gepmonitor.personnel.models import EmployeeRecord, Snapshot

HEADER = (
    "Personeelsnummer;Naam;Geslacht;Geboortedatum;Salarisschaal;FTE;Afdeling;Leidinggevende;"
    "Datum in dienst;Datum uit dienst;Reden uit dienst;Contractsoort"
)
GOOD_ROWS = [
    "1001;Jan Jansen;M;12-03-1970;11;1,0;Ruimte;ja;01-01-2000;;;vast",
    "1002;Els de Vries;Vrouw;1985;13;0,8;Ruimte;nee;01-02-2010;;;vast",
    "1003;Sam;X;1990-05-01;9;0,9;Mobiliteit;nee;2015-01-01;;;tijdelijk",
    "1004;Kim;;1992;trainee;1;Mobiliteit;nee;2024-09-01;;;trainee",
    "1005;Ad;man;1960;12;1;Ruimte;nee;1990-01-01;2024-06-30;pensioen;vast",
]
PEILDATUM = date(2024, 12, 31)


def write_csv(path: Path, rows: list[str], header: str = HEADER, encoding: str = "utf-8") -> Path:
    path.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode(encoding))
    return path


def do_import(session, org, path: Path, **kwargs):
    summary = service.import_personnel(
        session,
        org,
        path,
        kwargs.pop("peildatum", PEILDATUM),
        secret=TEST_SECRET,
        actor="test",
        **kwargs,
    )
    session.commit()
    return summary


def employee_count(session) -> int:
    return session.scalar(select(func.count(EmployeeRecord.id)))


def test_import_stores_pseudonyms_and_no_names(session, org, tmp_path):
    summary = do_import(session, org, write_csv(tmp_path / "p.csv", GOOD_ROWS))
    assert summary.rows == 5
    # 1005 left on 30 June: stored for the flows, not staff on the peildatum
    assert summary.by_gender == {"m": 1, "v": 1, "x": 1, "onbekend": 1}
    assert (summary.staff, summary.leavers, summary.future_hires) == (4, 1, 0)
    assert summary.dropped_names == ["Naam"]
    frame = service.load_snapshots(session, org)
    assert frame.height == 5
    assert set(frame["employee_key"]) == {
        pseudonymise(str(n), TEST_SECRET) for n in range(1001, 1006)
    }
    row = frame.filter(frame["employee_key"] == pseudonymise("1001", TEST_SECRET)).row(
        0, named=True
    )
    assert (row["birth_year"], row["scale"], row["fte"], row["is_manager"]) == (1970, 11, 1.0, True)
    trainee = frame.filter(frame["scale_label"] == "trainee").row(0, named=True)
    assert trainee["scale"] is None and trainee["gender"] == "onbekend"
    leaver = frame.filter(frame["exit_reason"] == "pensioen").row(0, named=True)
    assert leaver["exit_date"] == date(2024, 6, 30)
    # Every stored column value (not the ORM's bookkeeping, whose memory addresses and the
    # random-looking pseudonyms may contain any digits): no name, no personnel number.
    records = session.execute(select(EmployeeRecord)).scalars().all()
    values = [
        str(getattr(r, column.key)) for r in records for column in EmployeeRecord.__table__.columns
    ]
    for name in ("Jan Jansen", "Els de Vries"):
        assert not any(name in value for value in values)
    for number in ("1001", "1002"):
        assert number not in values


@pytest.mark.parametrize(
    ("row", "column", "value", "message"),
    [
        ("1001;A;V;1980;13a;1;X;nee;;;;vast", "Salarisschaal", "13a", "salary scale"),
        ("1001;A;V;1980;11;3,5;X;nee;;;;vast", "FTE", "3,5", "FTE"),
        ("1001;A;Q;1980;11;1;X;nee;;;;vast", "Geslacht", "Q", "unknown gender code"),
        (
            "1001;A;V;1980;11;1;X;nee;2020-01-01;2019-01-01;;vast",
            "Datum uit dienst",
            "2019-01-01",
            "exit date is before the hire date",
        ),
        (
            "1001;A;V;1980;11;1;X;nee;31-31-2020;;;vast",
            "Datum in dienst",
            "31-31-2020",
            "unreadable date",
        ),
        ("1001;A;V;1980;11;1;X;misschien;;;;vast", "Leidinggevende", "misschien", "yes or no"),
        ("1001;A;V;1980;19;1;X;nee;;;;vast", "Salarisschaal", "19", "salary scale"),
    ],
)
def test_bad_value_names_file_row_column_and_writes_nothing(
    session, org, tmp_path, row, column, value, message
):
    path = write_csv(tmp_path / "bad.csv", [GOOD_ROWS[1], row])
    with pytest.raises(ValidationFailedError) as caught:
        do_import(session, org, path)
    text = caught.value.render("en")
    assert f"bad.csv, row 3, column '{column}' (value '{value}')" in text
    assert message in text
    session.rollback()
    assert employee_count(session) == 0
    assert session.scalar(select(func.count(Snapshot.id))) == 0


def test_duplicate_number_and_every_problem_listed(session, org, tmp_path):
    rows = [GOOD_ROWS[0], "1001;B;V;1980;11;1;X;nee;;;;vast", "1007;C;Q;1980;13a;9;X;nee;;;;vast"]
    with pytest.raises(ValidationFailedError) as caught:
        do_import(session, org, write_csv(tmp_path / "dup.csv", rows))
    text = caught.value.render("nl")
    assert "dup.csv, rij 3, kolom 'Personeelsnummer' (waarde '1001')" in text
    assert "eerder in rij 2" in text
    assert len(caught.value.problems) == 4  # duplicate + gender + scale + FTE
    assert "rij 4, kolom 'Geslacht'" in text and "rij 4, kolom 'FTE'" in text


def test_missing_required_column(session, org, tmp_path):
    path = write_csv(tmp_path / "m.csv", ["1001;V;1980"], header="Personeelsnummer;Geslacht;Jaar")
    with pytest.raises(ValidationFailedError) as caught:
        do_import(session, org, path)
    assert (
        "m.csv, row 1, column 'scale': required column for 'scale' is missing"
        in caught.value.render("en")
    )


def test_windows_1252_comma_csv_and_bom(session, org, tmp_path):
    header = "Employee ID,Gender,Birth year,Scale,FTE,Unit"
    cp = write_csv(
        tmp_path / "cp.csv", ["1,Female,1980,11,1,Zuidoost-Drenthe é"], header, encoding="cp1252"
    )
    do_import(session, org, cp, peildatum=date(2023, 12, 31))
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + f"{header}\n2,Male,1970,12,1,Noord\n".encode())
    do_import(session, org, bom)
    frame = service.load_snapshots(session, org)
    assert sorted(frame["unit"].to_list()) == ["Noord", "Zuidoost-Drenthe é"]


def test_xlsx_and_mapping_file(session, org, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Pers.nr", "M/V code", "Schaal", "Deeltijdfactor", "Datum in dienst"])
    sheet.append([5001, "1", 11, 0.8, date(2010, 1, 1)])
    sheet.append([5002, "2", 14, 1, date(2012, 3, 1)])
    book.save(tmp_path / "hr.xlsx")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "columns:\n  Pers.nr: personnel_number\n  M/V code: gender\n"
        "values:\n  gender:\n    '1': m\n    '2': v\n",
        encoding="utf-8",
    )
    do_import(session, org, tmp_path / "hr.xlsx", mapping_path=mapping)
    frame = service.load_snapshots(session, org).sort("scale")
    assert frame["gender"].to_list() == ["m", "v"]
    assert frame["hire_date"].to_list() == [date(2010, 1, 1), date(2012, 3, 1)]


def test_existing_peildatum_refused_and_replace_is_atomic(session, org, tmp_path):
    do_import(session, org, write_csv(tmp_path / "a.csv", GOOD_ROWS))
    with pytest.raises(ConflictError):
        do_import(session, org, write_csv(tmp_path / "b.csv", GOOD_ROWS[:2]))
    session.rollback()
    with pytest.raises(ValidationFailedError):
        do_import(
            session, org, write_csv(tmp_path / "c.csv", ["9;x;Q;1;1;1;x;nee;;;;vast"]), replace=True
        )
    session.rollback()
    assert employee_count(session) == 5
    summary = do_import(session, org, write_csv(tmp_path / "d.csv", GOOD_ROWS[:2]), replace=True)
    assert summary.replaced and employee_count(session) == 2
    assert [s.source_name for s in service.list_snapshots(session, org)] == ["d.csv"]


def test_cli_import_errors_are_lines_and_exit_2(run_cli, tmp_path, session):
    code, _, _ = run_cli("init")
    assert code == 0
    bad = write_csv(tmp_path / "bad.csv", ["1001;A;V;1980;13a;1;X;nee;;;;vast"])
    code, out, err = run_cli("import", "personnel", str(bad), "--peildatum", "2024-12-31")
    assert code == 2
    assert "bad.csv, rij 2, kolom 'Salarisschaal' (waarde '13a')" in err
    assert "Traceback" not in out + err
    code, out, err = run_cli("import", "personnel", str(bad), "--peildatum", "31-12-2024")
    assert code == 2 and "JJJJ-MM-DD" in err
    good = write_csv(tmp_path / "good.csv", GOOD_ROWS)
    code, out, err = run_cli("import", "personnel", str(good), "--peildatum", "2024-12-31")
    assert code == 0, err
    assert "5 rijen, waarvan 4 medewerkers in dienst op de peildatum" in out and "Naam" in out
    code, out, err = run_cli(
        "--org", "elders", "import", "personnel", str(good), "--peildatum", "2024-12-31"
    )
    assert code == 2 and "elders" in err


def test_targets_validate_and_save(session, org):
    target = service.save_target(session, org, "13+", 50, 2028, actor="t", start_year=2025)
    assert (target.target_share, target.spec().band_code) == (0.5, "13+")
    service.save_target(session, org, "13+", 0.45, 2028, actor="t")
    assert [t.target_share for t in service.list_targets(session, org)] == [0.45]
    from gepmonitor.core.errors import InputError

    with pytest.raises(InputError):
        service.save_target(session, org, "12b", 50, 2028, actor="t")
    with pytest.raises(InputError):
        service.save_target(session, org, "13+", 150, 2028, actor="t")


def problems_of(session, org, path: Path, **kwargs) -> str:
    with pytest.raises(ValidationFailedError) as caught:
        do_import(session, org, path, **kwargs)
    session.rollback()
    return caught.value.render("nl")


def test_duplicate_found_when_its_first_row_is_bad_and_case_is_ignored(session, org, tmp_path):
    rows = [
        "2001;A;V;1980;13a;1;X;nee;;;;vast",
        "2002;B;M;1980;11;1;X;nee;;;;vast",
        "2001;C;M;1980;11;1;X;nee;;;;vast",
        "a100;D;M;1980;11;1;X;nee;;;;vast",
        " A100;E;V;1980;11;1;X;nee;;;;vast",
    ]
    text = problems_of(session, org, write_csv(tmp_path / "d.csv", rows))
    assert "rij 4, kolom 'Personeelsnummer' (waarde '2001'): personeelsnummer komt dubbel" in text
    assert "eerder in rij 2" in text
    assert "rij 6, kolom 'Personeelsnummer' (waarde 'A100')" in text and "eerder in rij 5" in text


def test_row_numbers_count_blank_lines_in_csv_and_xlsx(session, org, tmp_path):
    path = tmp_path / "blank.csv"
    bad = "1002;B;Q;1980;11;1;X;nee;;;;vast"
    path.write_text("\n".join([HEADER, GOOD_ROWS[0], "", ";;;;", bad]) + "\n", encoding="utf-8")
    assert "blank.csv, rij 5, kolom 'Geslacht'" in problems_of(session, org, path)
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    sheet.append(GOOD_ROWS[0].split(";"))
    sheet.append([])
    sheet.append(bad.split(";"))
    book.save(tmp_path / "blank.xlsx")
    assert "blank.xlsx, rij 4, kolom 'Geslacht'" in problems_of(
        session, org, tmp_path / "blank.xlsx"
    )


def test_blank_lines_before_the_header_change_neither_separator_nor_row_numbers(
    session, org, tmp_path
):
    path = tmp_path / "lead.csv"
    bad = "1002;B;Q;1980;11;1;X;nee;;;;vast"
    path.write_text("\n".join(["", "  ", HEADER, GOOD_ROWS[0], bad]) + "\n", encoding="utf-8")
    assert "lead.csv, rij 5, kolom 'Geslacht'" in problems_of(session, org, path)
    good = tmp_path / "lead_good.csv"
    good.write_text("\n".join(["", HEADER, *GOOD_ROWS]) + "\n", encoding="utf-8")
    assert do_import(session, org, good).rows == len(GOOD_ROWS)


def test_utf16_csv_from_excel_unicode_text(session, org, tmp_path):
    rows = [row.replace(";", "\t") for row in GOOD_ROWS]
    path = write_csv(tmp_path / "u.txt", rows, header=HEADER.replace(";", "\t"), encoding="utf-16")
    assert do_import(session, org, path).rows == 5


def test_true_problem_count_when_the_list_is_cut(session, org, tmp_path):
    rows = [f"{3000 + n};A;Q;1980;11;1;X;nee;;;;vast" for n in range(250)]
    with pytest.raises(ValidationFailedError) as caught:
        do_import(session, org, write_csv(tmp_path / "many.csv", rows))
    text = caught.value.render("nl")
    assert text.startswith("250 problemen gevonden") and "eerste 200" in text
    assert len(caught.value.problems) == 200


def test_missing_file_and_impossible_peildatum_are_clear(session, org, tmp_path):
    do_import(session, org, write_csv(tmp_path / "p.csv", GOOD_ROWS))
    with pytest.raises(InputError) as caught:
        do_import(session, org, tmp_path / "nonexist.csv")
    assert caught.value.render("nl") == "Bestand nonexist.csv bestaat niet."
    for day in (date(1, 1, 1), date(date.today().year + 3, 12, 31)):
        with pytest.raises(InputError) as caught:
            do_import(session, org, tmp_path / "p.csv", peildatum=day)
        assert format_date(day, "nl") in caught.value.render("nl")  # "31 december 2028"
    with pytest.raises(InputError):
        service.parse_peildatum("2030-12-31")


def test_api_and_preview_page_give_the_true_problem_count(settings, session_factory, org):
    from tests.webutil import api_token, create_user, login, make_client, post_form

    rows = [f"{3000 + n};A;Q;1980;11;1;X;nee;;;;vast" for n in range(250)]
    content = ("\n".join([HEADER, *rows]) + "\n").encode()
    username, password = create_user(session_factory, org, "hr")
    client = make_client(settings)
    client.headers["Authorization"] = f"Bearer {api_token(session_factory, username)}"
    answer = client.post(
        "/api/v1/personnel/imports",
        files={"file": ("many.csv", content, "text/csv")},
        data={"peildatum": "2024-12-31", "dry_run": "true"},
    )
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("250 problemen gevonden")
    assert len(answer.json()["problems"]) == 200
    page = make_client(settings)
    login(page, username, password)
    preview = post_form(
        page,
        "/personnel/imports/preview",
        {"peildatum": "2024-12-31"},
        files={"file": ("many.csv", content, "text/csv")},
    )
    assert preview.status_code == 422 and "250 problemen gevonden" in preview.text
