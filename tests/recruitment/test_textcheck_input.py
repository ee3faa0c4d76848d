"""Bad input to the vacancy text checker: one clear line, exit code 2, 422 on the web and API."""

from __future__ import annotations

import random
import re

import pytest
from tests.recruitment.test_web import logged_in
from tests.webutil import api_token, csrf_token

from gepmonitor.core.errors import InputError
from gepmonitor.recruitment.textcheck.check import check_text
from gepmonitor.recruitment.textcheck.readers import read_document

TEXT = "Wij zoeken een daadkrachtige collega met café-ervaring."


def random_bytes(size: int = 3000) -> bytes:
    return random.Random(7).randbytes(size)


def corrupt_pdf() -> bytes:
    from weasyprint import HTML

    pdf = HTML(string="<p>Een competitieve omgeving</p>").write_pdf()
    return re.sub(rb"startxref\s+\d+", b"startxref\n99", pdf).replace(b"/Length", b"/Lenxth", 1)


@pytest.mark.parametrize(
    ("args", "data", "expected"),
    [
        (["-"], "", "De tekst is leeg"),
        (["ws.txt"], b"  \n \t ", "De tekst is leeg"),
        (["bin.txt"], random_bytes(), "bin.txt is geen tekstbestand"),
        (["fake.pdf"], random_bytes(), "fake.pdf is niet te lezen"),
    ],
)
def test_cli_refuses_empty_and_binary_input_in_one_line(run_cli, tmp_path, args, data, expected):
    if args != ["-"]:
        (tmp_path / args[0]).write_bytes(data)
        args = [str(tmp_path / args[0])]
    code, out, err = run_cli("check-vacancy", *args, input="" if args == ["-"] else None)
    assert code == 2
    assert expected in err and len(err.strip().splitlines()) == 1
    assert "Flesch" not in out


def test_a_damaged_pdf_gives_only_the_message_not_pypdf_warnings(run_cli, tmp_path, capfd):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(corrupt_pdf())
    code, out, err = run_cli("check-vacancy", str(path))
    captured = capfd.readouterr()
    assert "startxref" not in err + captured.err and "Stream length" not in captured.err
    assert code == 0 and "competitieve" in out  # pypdf still recovers the text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "cp1252"])
def test_text_files_in_utf16_utf8_and_cp1252_are_decoded(encoding):
    assert read_document(TEXT.encode(encoding), "v.txt") == TEXT


def test_empty_text_and_empty_language_in_the_service():
    with pytest.raises(InputError) as error:
        check_text(" \n ")
    assert error.value.key == "The text is empty; give a vacancy text."
    assert check_text("Wij zoeken een collega.", "").language == "nl"


def test_web_and_api_refuse_blank_and_binary_input(settings, session_factory, org):
    client, username = logged_in(settings, session_factory, org, "viewer")
    headers = {"Authorization": f"Bearer {api_token(session_factory, username)}"}
    blank = client.post("/api/v1/check-vacancy", headers=headers, json={"text": "   "})
    assert blank.status_code == 422 and "leeg" in blank.json()["detail"]
    detected = client.post(
        "/api/v1/check-vacancy", headers=headers, json={"text": "We need a leader.", "lang": ""}
    )
    assert detected.status_code == 200 and detected.json()["language"] == "en"
    upload = client.post(
        "/check-vacancy",
        data={"csrf_token": csrf_token(client)},
        files={"file": ("bin.txt", random_bytes(), "text/plain")},
    )
    assert upload.status_code == 422 and "geen tekstbestand" in upload.text
    assert "Flesch" not in upload.text


def test_docx_reader_reads_tables_nested_tables_headers_and_footers():
    import io

    from docx import Document

    document = Document()
    document.sections[0].header.paragraphs[0].text = "Provincie Utrecht zoekt"
    document.add_paragraph("Wij zoeken een collega.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Profiel"
    table.cell(0, 1).text = "Je bent daadkrachtig."
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Aanbod"
    inner = merged.add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Een zorgzame werkgever."
    document.sections[0].footer.paragraphs[0].text = "Reageer voor 1 mei."
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_document(buffer.getvalue(), "v.docx")
    assert text.splitlines() == [
        "Provincie Utrecht zoekt",
        "Wij zoeken een collega.",
        "Profiel",
        "Je bent daadkrachtig.",
        "Aanbod",
        "Een zorgzame werkgever.",
        "Reageer voor 1 mei.",
    ]
    assert [w.word for w in check_text(text).coded_words] == ["daadkrachtig", "zorgzame"]
