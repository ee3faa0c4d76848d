"""Fuzzed files through every importer: refused with one clear line, never a traceback.

Issue 12, findings 6 and 7: a cell '[/]' made the CLI's error report raise MarkupError, a stored
round or vacancy with such a name broke `gep survey list` and `gep vacancy list`, '[bold]Q' was
printed as 'Q'; UTF-16 with an odd byte count or a UTF-16 byte order mark before UTF-8 text, the
attendance importer's CSV errors and XLSX integers beyond any column ended in "Internal error".
Each finding has its own test below on both databases; then a fixed corpus of 720 generated
cases (80 per target: every importer, the mapping files and the vacancy checker) runs through
the real commands, in-process through `gep`'s entry point on one SQLite instance
(tests/fuzzing.py; `make fuzz` runs 10,000). It costs about 30 s of CPU: the command tree is
built once per process, and the corpus lowers GEP_IMPORT_MAX_ROWS to 20,000 so that a case
which multiplies its rows a million times is refused after 20,000 of them (make fuzz keeps the
default 200,000; tests/test_bounded_imports.py tests the limits themselves).
"""

from __future__ import annotations

import io
import time

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from tests.fuzzing import PERSONNEL_HEADER, TARGETS, run_fuzz

from gepmonitor.personnel.models import Snapshot
from gepmonitor.plan.models import PlanEventAttendee

ROW = ["100001", "V", "1980", "11", "3", "1", "Natuur", "nee", "vast", "2015-03-01", "", "", ""]


def _csv(*rows: list[str]) -> str:
    return "\n".join(";".join(row) for row in [PERSONNEL_HEADER, *rows]) + "\n"


def _snapshots(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Snapshot)) or 0


def _refused(result: tuple[int, str, str], *needles: str) -> None:
    code, out, err = result
    assert code == 2, (code, out, err)
    assert "Internal error" not in err and "Interne fout" not in err
    for needle in needles:
        assert needle in err, (needle, err)


def test_utf16_with_an_odd_byte_count_is_refused(run_cli, session, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(_csv(ROW).encode("utf-16")[:-1])
    assert run_cli("init")[0] == 0
    _refused(run_cli("import", "personnel", str(path), "--peildatum", "2024-12-31"), "export.csv")
    assert _snapshots(session) == 0


def test_a_utf16_mark_before_utf8_text_is_refused(run_cli, session, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"\xff\xfe" + _csv(ROW, ROW).encode("utf-8") + b"x")
    assert run_cli("init")[0] == 0
    _refused(run_cli("import", "personnel", str(path), "--peildatum", "2024-12-31"), "export.csv")
    assert _snapshots(session) == 0


def test_markup_in_a_cell_is_printed_as_written(run_cli, session, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(_csv(ROW[:1] + ["[/]"] + ROW[2:], ROW[:1] + ["[bold]Q"] + ROW[2:]), "utf-8")
    assert run_cli("init")[0] == 0
    _refused(
        run_cli("import", "personnel", str(path), "--peildatum", "2024-12-31"),
        "'[/]'",
        "'[bold]Q'",
    )


def test_stored_names_with_markup_do_not_break_the_lists(run_cli, tmp_path):
    assert run_cli("init")[0] == 0
    mapping = tmp_path / "wbo.yaml"
    mapping.write_text("background: {gender: G}\nconstructs: {wp: {items: [a]}}\n", "utf-8")
    answers = tmp_path / "wbo.csv"
    answers.write_text("G;a\nv;4\nm;3\n", "utf-8")
    code, _, err = run_cli(
        "import",
        "survey",
        str(answers),
        "--round",
        "[/]WBO [bold]",
        "--year",
        "2025",
        "--mapping",
        str(mapping),
    )
    assert code == 0, err
    code, out, err = run_cli("survey", "list")
    assert code == 0, err
    assert "[/]WBO [bold]" in out
    code, _, err = run_cli(
        "vacancy", "add", "--title", "[/]Jurist [red]", "--scale", "11", "--opened", "2025-01-06"
    )
    assert code == 0, err
    code, out, err = run_cli("vacancy", "list")
    assert code == 0, err
    assert "[/]Jurist [red]" in out


def test_attendance_lists_with_broken_csv_are_refused(run_cli, session, tmp_path):
    assert run_cli("init")[0] == 0
    assert run_cli("plan", "event-add", "--title", "Dag", "--date", "2024-06-12")[0] == 0
    huge = tmp_path / "huge.csv"
    huge.write_text("nummer\n" + "1" * 200_000 + "\n", "utf-8")
    _refused(run_cli("plan", "attendance", "1", str(huge)), "huge.csv")
    stray = tmp_path / "stray.csv"
    stray.write_bytes(b'nummer\r100001\r"100002\r100003')
    code, _, err = run_cli("plan", "attendance", "1", str(stray))
    assert code in (0, 2) and "Internal error" not in err and "Interne fout" not in err
    odd = tmp_path / "odd.csv"
    odd.write_bytes("nummer\n100001\n".encode("utf-16")[:-1])
    _refused(run_cli("plan", "attendance", "1", str(odd)), "odd.csv")
    session.expire_all()
    assert (session.scalar(select(func.count()).select_from(PlanEventAttendee)) or 0) == (
        2 if code == 0 else 0
    )


@pytest.mark.parametrize("value", [10**20, -(10**20), 2**40, 2**31])
def test_xlsx_integers_beyond_any_column_are_refused(run_cli, session, tmp_path, value):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(PERSONNEL_HEADER)
    sheet.append([100001, "V", 1980, 11, value, 1, "Natuur", "nee", "vast"])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "export.xlsx"
    path.write_bytes(buffer.getvalue())
    assert run_cli("init")[0] == 0
    _refused(run_cli("import", "personnel", str(path), "--peildatum", "2024-12-31"), "Trede")
    assert _snapshots(session) == 0


def test_mapping_files_of_the_wrong_shape_or_encoding_are_refused(run_cli, tmp_path):
    assert run_cli("init")[0] == 0
    data = tmp_path / "export.csv"
    data.write_text(_csv(ROW), "utf-8")
    answers = tmp_path / "wbo.csv"
    answers.write_text("G;a\nv;4\n", "utf-8")
    bomb = (
        'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
        + "".join(
            f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]\n"
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "columns: {x: *i}\nvalues: {gender: *i}\nconstructs: *i\n"
    )
    for text in ("columns: [1, 2]\n", "values: {gender: [1]}\n", bomb):
        mapping = tmp_path / "mapping.yaml"
        mapping.write_text(text, "utf-8")
        started = time.perf_counter()
        _refused(
            run_cli(
                "import",
                "personnel",
                str(data),
                "--peildatum",
                "2024-12-31",
                "--mapping",
                str(mapping),
            ),
            "mapping.yaml",
        )
        _refused(
            run_cli(
                "import",
                "survey",
                str(answers),
                "--round",
                "R",
                "--year",
                "2025",
                "--mapping",
                str(mapping),
            ),
            "mapping.yaml",
        )
        assert time.perf_counter() - started < 10
    mapping.write_bytes(b"\xff\xfe\x00\x00constructs: {}")
    args = ("--round", "R", "--year", "2025", "--mapping", str(mapping))
    _refused(run_cli("import", "survey", str(answers), *args), "mapping.yaml")


CORPUS = 720


def test_a_fixed_corpus_of_720_fuzzed_files(tmp_path):
    summary = run_fuzz(tmp_path, 0, CORPUS, settings={"GEP_IMPORT_MAX_ROWS": "20000"})
    result = summary.as_dict()
    assert result["tracebacks"] == 0, result["failures"]
    assert result["internal_errors"] == 0, result["failures"]
    assert result["changed_rows_after_refusal"] == 0, result["failures"]
    assert result["cases"] == CORPUS
    assert sorted(result["by_target"]) == sorted(TARGETS)
    assert all(count == CORPUS // len(TARGETS) for count in result["by_target"].values())
    assert result["accepted"] > 150 and result["refused"] > 400  # both paths are exercised


def _newer_zip_version(data: bytes) -> bytes:
    """Return the workbook with its first directory entry asking for zip version 17.0."""
    at = data.index(b"PK\x01\x02")  # the central directory's first entry
    return data[: at + 6] + (170).to_bytes(2, "little") + data[at + 8 :]


def test_a_zip_asking_for_a_newer_version_is_refused(run_cli, session, tmp_path):
    """make fuzz case 6435: one flipped byte in a workbook's zip directory made Python's zipfile
    raise NotImplementedError('zip file version 17.0'), reported as an internal error. The same
    file in a vacancy check (DOCX) and a pay import goes through the same check."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(PERSONNEL_HEADER)
    sheet.append([100001, "V", 1980, 11, 3, 1, "Natuur", "nee", "vast"])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "export.xlsx"
    path.write_bytes(_newer_zip_version(buffer.getvalue()))
    assert run_cli("init")[0] == 0
    _refused(
        run_cli("import", "personnel", str(path), "--peildatum", "2024-12-31"),
        "export.xlsx",
        "17.0",
    )
    _refused(run_cli("import", "pay", str(path), "--year", "2024"), "export.xlsx")
    assert _snapshots(session) == 0
    letter = tmp_path / "vacature.docx"
    letter.write_bytes(path.read_bytes())  # not a Word file, but its zip is read first
    _refused(run_cli("check-vacancy", str(letter)), "vacature.docx")
