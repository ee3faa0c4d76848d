"""The art. 9 report in HTML, PDF and XLSX, Dutch and English, from imported pay."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from tests.conftest import TEST_SECRET
from tests.pay.test_import import write_csv
from tests.test_cli_main import gep

from gepmonitor.core.formatting import format_number
from gepmonitor.core.rendering import ReportFormat
from gepmonitor.pay import service
from gepmonitor.pay.report import build_paygap_report


def rows(year_factor: float = 1.0) -> list[str]:
    out = []
    for i in range(40):
        gender = "V" if i % 2 else "M"
        scale = 11 if i < 24 else 13
        basic = (4300 + 30 * i) * 12 * year_factor * (0.92 if gender == "V" and scale == 11 else 1)
        bonus = "1000" if i % 5 == 0 else ""
        out.append(f"{7000 + i};N;{gender};{scale};1872;{basic:.2f};{basic * 0.1637:.2f};;{bonus}")
    return out


def test_html_and_xlsx_reports_show_every_figure(session, org, tmp_path):
    for year, factor in ((2023, 0.97), (2024, 1.0)):
        path = write_csv(tmp_path / f"l{year}.csv", rows(factor))
        service.import_pay(session, org, path, year, secret=TEST_SECRET, actor="t")
    figures = service.figures(session, org, 2024, min_cell=5)
    html = build_paygap_report(session, org, 2024, "en", ReportFormat.HTML, min_cell=5).decode(
        "utf-8"
    )
    assert "Gender pay gap report 2024" in html and 'lang="en"' in html
    mean = f"{figures.hourly.mean_gap:.1f}%"
    assert mean in html
    assert "Quartile pay bands (f)" in html and "<svg" in html
    assert "remedy due" in html  # scale 11 is flagged
    assert "Trend" in html  # two years
    assert "Kennedy" in html
    book = load_workbook(
        io.BytesIO(build_paygap_report(session, org, 2024, "en", ReportFormat.XLSX, min_cell=5))
    )
    assert {"figures", "quartiles", "categories", "register", "trend", "analysis"} <= set(
        book.sheetnames
    )
    cats = [row for row in book["categories"].iter_rows(values_only=True)]
    assert cats[0][0] == "category" and [r[0] for r in cats[1:]] == [11, 13]
    # gaps are fractions with a percentage format, the hourly mean gap as on the page
    figures_sheet = {row[1]: row[2] for row in book["figures"].iter_rows(values_only=True)}
    assert figures_sheet["Mean gap, hourly pay"] == pytest.approx(figures.hourly.mean_gap / 100)
    assert figures_sheet["Workers: women"] == 20 and figures_sheet["Workers: men"] == 20
    gap_cell = next(
        c for c in book["figures"]["C"] if c.value == figures_sheet["Mean gap, hourly pay"]
    )
    assert gap_cell.number_format == "0.0%"
    scale_11 = next(row for row in book["categories"].iter_rows() if row[0].value == 11)
    assert isinstance(scale_11[7].value, float) and scale_11[7].number_format == "0.0%"
    assert scale_11[7].value == pytest.approx(figures.categories[0].hourly.mean_gap / 100)


def test_report_opens_with_a_summary_in_words_from_the_figures(session, org, tmp_path):
    for year, factor in ((2023, 0.97), (2024, 1.0)):
        path = write_csv(tmp_path / f"l{year}.csv", rows(factor))
        service.import_pay(session, org, path, year, secret=TEST_SECRET, actor="t")
    figures = service.figures(session, org, 2024, min_cell=5)
    html = build_paygap_report(session, org, 2024, "nl", ReportFormat.HTML, min_cell=5).decode()
    summary = html[html.index('<section class="summary">') : html.index("</section>")]
    mean = format_number(figures.hourly.mean_gap, "nl", 1)
    assert f"In 2024 verdienden vrouwen gemiddeld {mean}% minder per uur dan mannen" in summary
    assert (
        "1 van de 2 categorieën heeft een gemiddeld verschil in uurloon van 5% of meer" in summary
    )
    assert "(11)" in summary
    assert '<section class="colophon">' in html and "l2024.csv" in html
    document = Document(io.BytesIO(
        build_paygap_report(session, org, 2024, "nl", ReportFormat.DOCX, min_cell=5)
    ))  # fmt: skip
    text = [paragraph.text for paragraph in document.paragraphs]
    assert "Samenvatting" in text and any(t.startswith("In 2024 verdienden vrouwen") for t in text)
    assert len(document.inline_shapes) >= 3  # quartiles, categories, trend


def test_gep_report_paygap_pdf(cli_env, tmp_path, session):
    assert gep(cli_env, "init").returncode == 0
    path = write_csv(tmp_path / "loon.csv", rows())
    assert gep(cli_env, "import", "pay", str(path), "--year", "2024").returncode == 0
    target = tmp_path / "paygap.pdf"
    result = gep(
        cli_env, "report", "paygap", "--year", "2024", "--format", "pdf", "-o", str(target)
    )
    assert result.returncode == 0, result.stderr
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "2023/970" in text and "Q4" in text or "4" in text
    result = gep(
        cli_env, "report", "paygap", "--year", "2019", "--format", "pdf", "-o", str(target)
    )
    assert result.returncode == 2 and "2019" in result.stderr


def test_the_trend_sentence_speaks_dutch_in_the_dutch_summary():
    from types import SimpleNamespace

    from gepmonitor.pay.narrative import _trend_sentence

    def year(value: int, gap: float) -> SimpleNamespace:
        return SimpleNamespace(year=value, hourly=SimpleNamespace(mean_gap=gap))

    narrowed = _trend_sentence([year(2023, 15.8), year(2025, 13.6)], "nl")
    assert narrowed == (
        "Het gemiddelde verschil in uurloon werd kleiner: van 15,8% in 2023 tot 13,6% in 2025."
    )
    widened = _trend_sentence([year(2023, 10.0), year(2025, 13.6)], "nl")
    assert widened is not None and widened.startswith(
        "Het gemiddelde verschil in uurloon werd groter"
    )
    assert _trend_sentence([year(2023, 10.0), year(2025, 13.6)], "en").startswith(
        "The mean gap of hourly pay widened from 10.0% in 2023"
    )


def test_the_report_defines_population_period_pay_gap_and_the_5_percent_rule(run_cli, tmp_path):
    assert run_cli("init")[0] == 0
    path = write_csv(tmp_path / "loon.csv", rows())
    assert run_cli("import", "pay", str(path), "--year", "2024")[0] == 0

    def report(fmt: str, *lang: str):  # type: ignore[no-untyped-def]
        target = tmp_path / f"paygap.{fmt}"
        code, _, err = run_cli(
            *lang, "report", "paygap", "--year", "2024", "--format", fmt, "-o", str(target)
        )
        assert code == 0, err
        return target

    html = report("html", "--lang", "en").read_text(encoding="utf-8")
    section = html.split("<h2>Definitions</h2>")[1].split("</table>")[0]
    terms = dict(re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)</td>', section))
    assert list(terms) == [
        "Workers counted",
        "Reference period",
        "Headcount",
        "Pay components",
        "Gap (mean and median)",
        "Categories of workers",
        "The 5% rule (art. 10)",
        "Suppression",
        "What explains the gap",
    ]
    assert "x or unknown are counted apart and left out of every gap" in terms["Workers counted"]
    assert "The calendar year 2024" in terms["Reference period"]
    assert "not FTE" in terms["Headcount"]
    assert "(basic + complementary) / paid hours" in terms["Pay components"]
    assert "mean or the median" in terms["Gap (mean and median)"]
    assert "salary scale" in terms["Categories of workers"]
    assert "5% or more, either way" in terms["The 5% rule (art. 10)"]
    assert "at least 5; counts from 1 to 4" in terms["Suppression"]
    docx = Document(str(report("docx")))
    cells = {c.text for table in docx.tables for row in table.rows for c in row.cells}
    assert {"Wie er meetellen", "De 5%-regel (art. 10)", "Afscherming"} <= cells
    text = " ".join(p.extract_text() for p in PdfReader(report("pdf")).pages)
    assert "Definities" in text and "Referentieperiode" in text
    sheet = load_workbook(report("xlsx", "--lang", "en"), read_only=True)["Definitions"]
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == list(terms)
