"""The Groningen integrity report 2024: the log of seed 004 yields exactly the published figures."""

from __future__ import annotations

import io
import json
import re

from openpyxl import load_workbook
from tests.conftest import REFERENCE
from tests.safety.groningen_log import build_groningen_2024

from gepmonitor.core.rendering import ReportFormat
from gepmonitor.safety.report import build_integrity_report, gather

EXPECTED = json.loads((REFERENCE / "groningen_integrity_2024.json").read_text(encoding="utf-8"))


def test_totals_equal_the_published_figures(session, settings, org):
    build_groningen_2024(session, settings, org)
    report = gather(session, org, 2024, "nl", settings.min_cell)
    assert report.oaths == EXPECTED["oaths_taken"]
    for track in ("undesirable_behaviour", "integrity"):
        assert report.totals[track].counsellors == EXPECTED["counsellors"][track]
        for name, value in EXPECTED[track].items():
            if name != "note":
                assert getattr(report.totals[track], name) == value, (track, name)


def _cell(html: str, label: str) -> list[str]:
    row = re.search(
        rf"<tr><th(?: scope=\"row\")?>{re.escape(label)}</th>(.*?)</tr>", html, re.S
    ).group(1)
    return re.findall(r'<td class="num">(.*?)</td>', row)


def test_report_html_and_xlsx_print_the_figures(session, settings, org):
    build_groningen_2024(session, settings, org)
    html = build_integrity_report(session, settings, org, 2024, "nl", ReportFormat.HTML).decode()
    behaviour, integrity = EXPECTED["undesirable_behaviour"], EXPECTED["integrity"]
    assert "118 medewerkers" in html
    assert _cell(html, "vertrouwenspersonen") == ["2", "2"]
    assert _cell(html, "personen") == [str(behaviour["people"]), str(integrity["people"])]
    assert _cell(html, "gesprekken") == [
        str(behaviour["conversations"]),
        str(integrity["conversations"]),
    ]
    assert _cell(html, "met hiërarchische verhouding")[0] == "6"
    assert _cell(html, "formele procedures gestart") == ["0", "0"]
    assert _cell(html, "over seksuele intimidatie")[0] == "0"
    assert _cell(html, "over integriteit")[1] == "8"
    assert _cell(html, "over ongewenst gedrag")[1] == "7"
    book = load_workbook(
        io.BytesIO(build_integrity_report(session, settings, org, 2024, "en", ReportFormat.XLSX))
    )
    rows = {r[0]: r[1:] for r in book["Conversations"].iter_rows(values_only=True)}
    assert rows["people"] == (19, 10) and rows["conversations"] == (37, 15)  # numbers, not text
    pdf = build_integrity_report(session, settings, org, 2024, "en", ReportFormat.PDF)
    assert pdf.startswith(b"%PDF")


def test_infographic_formats(session, settings, org):
    from gepmonitor.safety.infographic import render_infographic

    build_groningen_2024(session, settings, org)
    report = gather(session, org, 2024, "nl", settings.min_cell)
    assert render_infographic(report, "nl", "png").startswith(b"\x89PNG")
    svg = render_infographic(report, "en", "svg").decode()
    assert "<svg" in svg and "118" in svg
    assert render_infographic(report, "nl", "pdf").startswith(b"%PDF")
