"""Imports are bounded before parsing; previews never lie on disk in the clear; files are private.

Issue 12, findings 4 and 5: a 6.7 MB crafted XLSX took the server from 0.44 to 4.77 GB (a zip
bomb under a memory limit ended in a Rust panic); each web preview wrote the raw file (personnel
numbers and names) to data/uploads/<token>.csv with mode 0644 and kept it up to a day; the signed
session cookie carried the upload's file name; the database file was 0644.
"""

from __future__ import annotations

import base64
import io
import json
import os
import stat
import time
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import func, select
from tests.web.sample import good_rows, personnel_csv
from tests.webutil import (
    create_user,
    csrf_token,
    logged_in_client,
    login,
    make_client,
    post_form,
)

from gepmonitor.core.config import Settings
from gepmonitor.core.errors import InputError
from gepmonitor.core.limits import ImportLimits
from gepmonitor.core.reader import UploadedFile, read_table, text_lines
from gepmonitor.personnel.models import Snapshot

HEADER = ["Personeelsnummer", "Geslacht", "Salarisschaal", "FTE"]


def _workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewrite_sheet(data: bytes, sheet_xml: bytes) -> bytes:
    """Return the workbook with its first sheet's XML replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = sheet_xml
            target.writestr(item, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


SHEET = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>Personeelsnummer</t></is></c></row>'
    b"%s</sheetData></worksheet>"
)


def test_a_far_away_cell_is_refused_before_the_grid_is_built(run_cli, tmp_path):
    far = SHEET % b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = tmp_path / "crafted.xlsx"
    path.write_bytes(_rewrite_sheet(_workbook([]), far))
    assert path.stat().st_size < 20_000
    assert run_cli("init")[0] == 0
    started = time.perf_counter()
    code, _, err = run_cli("import", "personnel", str(path), "--peildatum", "2024-12-31")
    assert code == 2 and "crafted.xlsx" in err and "GEP_IMPORT_MAX_ROWS" in err, err
    assert time.perf_counter() - started < 10


def test_a_zip_bomb_is_refused_by_what_it_unpacks_to(run_cli, cli_env, tmp_path):
    padding = b"<row><c><v>0</v></c></row>" * 1_000_000  # 25 MB of XML, deflated to ~50 kB
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_rewrite_sheet(_workbook([]), SHEET % padding))
    del padding
    assert path.stat().st_size < 200_000
    assert run_cli("init")[0] == 0
    cli_env["GEP_IMPORT_MAX_UNCOMPRESSED_BYTES"] = str(20 * 1024 * 1024)
    code, _, err = run_cli("import", "personnel", str(path), "--peildatum", "2024-12-31")
    assert code == 2 and "bomb.xlsx" in err and "GEP_IMPORT_MAX_UNCOMPRESSED_BYTES" in err, err


def test_cells_without_references_count_too():
    rows = b"".join(b"<row>" + b"<c><v>1</v></c>" * 30 + b"</row>" for _ in range(40))
    data = _rewrite_sheet(_workbook([]), SHEET % rows)
    limits = ImportLimits(max_rows=100, max_columns=20, max_cells=10_000)
    with pytest.raises(Exception, match="more than 20 columns"):
        read_table(UploadedFile("wide.xlsx", data), limits=limits)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_max_rows_counts_data_rows_below_the_header(suffix):
    """GEP_IMPORT_MAX_ROWS data rows pass in either format, one more is refused (a workbook of
    200,000 employees and its header row was refused as 'more than 200000 rows')."""
    limits = ImportLimits(max_rows=20)

    def table(rows: int) -> bytes:
        people = [["1001", "V", "10", "1"]] * rows
        if suffix == ".xlsx":
            return _workbook(people)  # type: ignore[arg-type]
        return "\n".join(";".join(row) for row in [HEADER, *people]).encode()

    read = read_table(UploadedFile(f"hr{suffix}", table(20)), limits=limits)
    assert len(read.rows) == 20 and read.headers == HEADER
    with pytest.raises(InputError, match="more than 20 rows"):
        read_table(UploadedFile(f"hr{suffix}", table(21)), limits=limits)


@pytest.mark.parametrize(
    ("setting", "value", "content", "needle"),
    [
        ("GEP_IMPORT_MAX_ROWS", "20", "\n".join(["a;b"] + ["1;2"] * 21), "GEP_IMPORT_MAX_ROWS"),
        ("GEP_IMPORT_MAX_COLUMNS", "10", ";".join(["h"] * 11) + "\n1", "GEP_IMPORT_MAX_COLUMNS"),
        ("GEP_IMPORT_MAX_CELLS", "100", "\n".join(["a,b"] + ["1,2"] * 60), "GEP_IMPORT_MAX_CELLS"),
        ("GEP_IMPORT_MAX_BYTES", "2000", "a;b\n" + "1;2\n" * 600, "GEP_IMPORT_MAX_BYTES"),
    ],
)
def test_csv_limits_are_settings(run_cli, cli_env, tmp_path, setting, value, content, needle):
    path = tmp_path / "big.csv"
    path.write_text(content, "utf-8")
    assert run_cli("init")[0] == 0
    assert run_cli("plan", "event-add", "--title", "Dag", "--date", "2024-06-12")[0] == 0
    cli_env[setting] = value
    for command in (
        ("import", "personnel", str(path), "--peildatum", "2024-12-31"),
        ("import", "vacancies", str(path)),
        ("import", "conversations", str(path)),
        # An attendee list read 3.2 million rows before it had limits (one column, commas).
        *([("plan", "attendance", "1", str(path))] if "COLUMNS" not in setting else []),
    ):
        code, _, err = run_cli(*command)
        assert code == 2 and needle in err and "big.csv" in err, (command, err)


def _session_cookie(client) -> dict[str, object]:
    """Return what the signed session cookie carries (readable by anyone who holds it)."""
    raw = client.cookies.get("gep_session")
    payload = raw.split(".")[0]
    return json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))


def test_a_preview_is_encrypted_private_short_lived_and_unnamed(
    settings, session_factory, org, session
):
    hr = logged_in_client(settings, session_factory, org, "hr")
    content = personnel_csv(good_rows())
    page = hr.post(
        "/personnel/imports/preview",
        data={"csrf_token": csrf_token(hr), "peildatum": "2024-12-31"},
        files={"file": ("personeel-met-namen.csv", content, "text/csv")},
    )
    assert page.status_code == 200, page.text
    token = page.text.split('name="token" value="')[1].split('"')[0]
    stored = list((settings.data_dir / "uploads").iterdir())
    assert [p.name for p in stored] == [token]
    assert stat.S_IMODE(stored[0].stat().st_mode) == 0o600
    raw = stored[0].read_bytes()
    assert b"5001" not in raw and b"Persoon" not in raw and b"personeel-met-namen" not in raw
    cookie = json.dumps(_session_cookie(hr))
    assert "personeel-met-namen" not in cookie and "csv" not in cookie

    # After its lifetime the upload is gone: refused, and the file deleted.
    old = time.time() - 60 * settings.upload_preview_minutes - 5
    os.utime(stored[0], (old, old))
    expired = post_form(
        hr, "/personnel/imports/commit", {"token": token, "peildatum": "2024-12-31"}
    )
    assert expired.status_code == 422 and "upload het opnieuw" in expired.text
    again = hr.post(
        "/personnel/imports/preview",
        data={"csrf_token": csrf_token(hr), "peildatum": "2024-12-31"},
        files={"file": ("personeel-met-namen.csv", content, "text/csv")},
    )
    assert not stored[0].exists()  # cleaned at the next upload
    token = again.text.split('name="token" value="')[1].split('"')[0]
    done = post_form(hr, "/personnel/imports/commit", {"token": token, "peildatum": "2024-12-31"})
    assert done.status_code == 200 and "personeel-met-namen.csv" in done.text
    assert list((settings.data_dir / "uploads").iterdir()) == []
    assert session.scalar(select(func.count()).select_from(Snapshot)) == 1


def test_another_session_cannot_use_the_token(settings, session_factory, org):
    hr = logged_in_client(settings, session_factory, org, "hr")
    page = hr.post(
        "/personnel/imports/preview",
        data={"csrf_token": csrf_token(hr), "peildatum": "2024-12-31"},
        files={"file": ("hr.csv", personnel_csv(good_rows()), "text/csv")},
    )
    token = page.text.split('name="token" value="')[1].split('"')[0]
    other = make_client(settings)
    username, password = create_user(session_factory, org, "hr", username="hr2")
    assert login(other, username, password).status_code == 200
    stolen = post_form(
        other, "/personnel/imports/commit", {"token": token, "peildatum": "2024-12-31"}
    )
    assert stolen.status_code == 422


def test_database_key_and_backup_files_are_private(tmp_path):
    from gepmonitor.core.db import make_engine, upgrade_schema

    settings = Settings(data_dir=tmp_path / "data")
    settings.ensure_key_files()
    engine = make_engine(settings.resolved_database_url())
    upgrade_schema(engine)
    engine.dispose()
    for path in (
        settings.data_dir / "gepmonitor.db",
        settings.secret_key_file(),
        settings.resolved_notes_key_file(),
    ):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(settings.data_dir.stat().st_mode) == 0o700


@given(st.text(alphabet=st.sampled_from(list('ab;,"\r\n\x85\u2028\x0b\x1c')), max_size=40))
def test_csv_lines_split_as_python_does_without_copying_the_text(text):
    """The CSV reader takes its lines from text_lines, not from io.StringIO (which holds the
    whole text at four bytes a character: 200 MB for a 50 MB export): the same lines, so the
    same rows and row numbers."""
    assert list(text_lines(text)) == list(io.StringIO(text, newline=""))
