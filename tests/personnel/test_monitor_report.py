"""The yearly monitor report prints the published Groningen strings in HTML, PDF and XLSX."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from tests.personnel.groningen import groningen_frame, published

from gepmonitor.core.errors import InputError
from gepmonitor.core.formatting import format_pct
from gepmonitor.core.rendering import ReportFormat
from gepmonitor.personnel import service
from gepmonitor.personnel.report import build_monitor_report


@pytest.fixture
def groningen(session, org):
    service.store_frame(session, org, groningen_frame(), source_name="test", actor="t")
    service.save_target(session, org, "11+", 50, 2026, actor="t")
    session.commit()
    return org


def expected_strings() -> list[str]:
    rows = published()
    return [f"{r['men']} ({r['men_pct_published']})" for r in rows] + [
        f"{r['women']} ({r['women_pct_published']})" for r in rows
    ]


def test_html_report_has_every_published_string(session, groningen):
    html = build_monitor_report(
        session, groningen, 2021, "nl", ReportFormat.HTML, min_cell=5
    ).decode()
    for text in expected_strings():
        assert f">{text}<" in html
    assert "<svg" in html and "GEP-monitor 2021" in html
    english = build_monitor_report(
        session, groningen, 2021, "en", ReportFormat.HTML, min_cell=5
    ).decode()
    assert "GEP monitor 2021" in english and ">200 (67.6%)<" in english


def test_xlsx_report_has_every_published_figure_as_numbers(session, groningen):
    data = build_monitor_report(session, groningen, 2021, "nl", ReportFormat.XLSX, min_cell=5)
    book = load_workbook(io.BytesIO(data))
    sheet = book["schaal 11 en hoger"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for r in published():
        year, men, share_men, women, share_women, total = rows[int(r["year"])][:6]
        assert (men.value, women.value, total.value) == (
            int(r["men"]),
            int(r["women"]),
            int(r["total"]),
        )
        for cell, text in (
            (share_men, r["men_pct_published"]),
            (share_women, r["women_pct_published"]),
        ):
            assert format_pct(cell.value, "nl") == text and cell.number_format == "0.0%"
    assert {"Kerncijfers", "Streefwaarden", "Redenen van uitstroom", "Definities"} <= set(
        book.sheetnames
    )
    targets = book["Streefwaarden"]
    assert [c.value for c in targets[1]][:3] == ["band", "streefwaarde", "streefjaar"]
    assert targets["B2"].value == 0.5 and targets["B2"].number_format == "0.0%"
    last = next(r for r in published() if r["year"] == "2021")
    assert book["Kerncijfers"]["B2"].value == pytest.approx(int(last["women"]) / int(last["total"]))


def test_pdf_report_renders_the_table(session, groningen):
    data = build_monitor_report(session, groningen, 2021, "nl", ReportFormat.PDF, min_cell=5)
    assert data.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    text = re.sub(r"\s+", " ", text)
    for r in published():
        assert (
            f"{r['year']} {r['men']} ({r['men_pct_published']}) "
            f"{r['women']} ({r['women_pct_published']}) {r['total']}" in text
        )


def test_small_units_are_suppressed_in_the_report(session, org):
    frame = groningen_frame()
    frame = frame.with_columns(frame["unit"].scatter([0, 1, 2], "Klein team").alias("unit"))
    service.store_frame(session, org, frame, source_name="t", actor="t")
    session.commit()
    html = build_monitor_report(session, org, 2016, "nl", ReportFormat.HTML, min_cell=5).decode()
    row = re.search(r"<tr><td>Klein team</td>(.*?)</tr>", html).group(1)
    assert ">*<" in row and "(" not in row
    exact = build_monitor_report(
        session, org, 2016, "nl", ReportFormat.HTML, min_cell=5, exact=True
    ).decode()
    assert "niet voor publicatie" in exact


def test_report_for_a_missing_year_is_a_clear_error(session, groningen):
    with pytest.raises(InputError) as caught:
        build_monitor_report(session, groningen, 2030, "nl", ReportFormat.PDF, min_cell=5)
    assert "2030" in caught.value.render("nl")


def test_cli_report_writes_file(run_cli, tmp_path):
    run_cli("init")
    assert run_cli("demo")[0] == 0
    target = tmp_path / "r.xlsx"
    code, out, err = run_cli(
        "report", "monitor", "--year", "2025", "--format", "xlsx", "--output", str(target)
    )
    assert code == 0, err
    assert load_workbook(target).sheetnames[0] == "schaal 11 en hoger"
    memo = tmp_path / "r.docx"
    code, _, err = run_cli(
        "report",
        "monitor",
        "--year",
        "2025",
        "--format",
        "docx",
        "--output",
        str(memo),
        "--lang",
        "en",
    )
    assert code == 0, err
    assert "Summary" in [p.text for p in Document(str(memo)).paragraphs]
    code, _, err = run_cli("report", "monitor", "--year", "2025", "--format", "odt")
    assert code == 2 and "odt" in err


def test_pdf_opens_with_summary_and_targets_and_keeps_target_rows_whole(session, groningen):
    data = build_monitor_report(session, groningen, 2021, "nl", ReportFormat.PDF, min_cell=5)
    pages = PdfReader(io.BytesIO(data)).pages
    first = pages[0].extract_text()
    assert first.startswith("Provincie Test\nGEP-monitor 2021")
    assert "schaal 11 en hoger 50,0% (2026)" in first  # band name and target on one line
    assert "Verloop: schaal 11 en hoger" in first + pages[1].extract_text()


def test_band_flows_hold_band_figures_and_the_organisation_has_its_own(session, groningen):
    html = build_monitor_report(session, groningen, 2021, "nl", ReportFormat.HTML, min_cell=5)
    text = html.decode()
    band_part = text[text.index("Stromen: schaal 11 en hoger") : text.index("Hele organisatie")]
    assert "instroom" not in band_part and "in band aangenomen" in band_part
    assert "Hele organisatie: in- en uitstroom" in text and "fte vrouw" in text


def test_band_chart_lines_are_what_band_chart_draws(session, groningen, monkeypatch):
    # Captions and alt texts are written from band_chart_lines: it must match the drawing.
    from gepmonitor.personnel import report as monitor_report
    from gepmonitor.personnel.monitor import build_monitor

    calls = []
    real = monitor_report.share_trend_chart

    def spy(years, shares, **options):  # type: ignore[no-untyped-def]
        calls.append((shares, options))
        return real(years, shares, **options)

    monkeypatch.setattr(monitor_report, "share_trend_chart", spy)
    targets = [t.spec() for t in service.list_targets(session, groningen)]
    monitor = build_monitor(service.load_snapshots(session, groningen), targets, min_cell=5)
    seen = {}
    for band in monitor.bands:
        assert monitor_report.band_chart(band, "nl").startswith("<svg")
        shares, options = calls[-1]
        drawn = ["measured"] if any(share is not None for share in shares) else []
        drawn += ["projection"] * len(options["projections"])
        drawn += ["target"] if options["target_share"] is not None else []
        lines = monitor_report.band_chart_lines(band)
        assert ["projection" if line in ("linear", "flow") else line for line in lines] == drawn
        seen[band.band.code] = lines
    assert seen == {  # only 11+ has a target; the managers' shares are all too small to show
        "11+": ["measured", "linear", "flow", "target"],
        "13+": ["measured"],
        "lg": [],
    }
