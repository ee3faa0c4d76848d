"""Every report of every capability, in every format, made from the demo organisation.

Each PDF page is rendered (pdftoppm) and looked at: it must hold something (not near-empty),
the first page must be filled most of the way down (not left half empty before a chart that did
not fit), and nothing may run into the side margins (overflow). The DOCX opens in python-docx with the
summary, the charts and page numbers; every workbook holds numbers as numbers.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from matplotlib.figure import Figure
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader
from sqlalchemy.orm import Session
from tests.conftest import TEST_SECRET, unavailable

from gepmonitor.core.config import Settings
from gepmonitor.core.db import make_engine, make_session_factory
from gepmonitor.core.demo import DEMO_NAME, build_demo
from gepmonitor.core.i18n import gettext
from gepmonitor.core.models import Organisation
from gepmonitor.core.orgs import ensure_org
from gepmonitor.core.reporting import ReportKind, ReportRequest, report_kinds

DPI = 30  # A4 is 248 x 351 pixels
MM = DPI / 25.4
SIDE_STRIP = round(7 * MM)  # the outer 7 mm of the 16 mm side margins stay blank
INK = 200  # a pixel darker than this is ink
FIRST_PAGE_FILL = 0.6  # a report of several pages fills its first page at least this far down
LOOKS_NUMERIC = re.compile(r"[-+]?\d[\d.,\s]*%?|\d+\s*/\s*\d+(\s*/\s*\d+)?|\d{4}-\d{2}-\d{2}")
EXPECTED = {"monitor", "integrity", "recruitment", "survey", "plan", "selfcheck", "paygap"}


@pytest.fixture(scope="module")
def demo_org(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[tuple[Session, Organisation, Settings]]:
    """The demo organisation in a SQLite database of this module, with a logo set."""
    folder = tmp_path_factory.mktemp("reports")
    shutil.copy(sqlite_template, folder / "gepmonitor.db")
    logo = folder / "logo.png"
    figure = Figure(figsize=(2, 0.6))
    figure.text(0.05, 0.3, "PV", fontsize=20, color="#1f6f8b")
    figure.savefig(logo, dpi=60)
    settings = Settings(
        data_dir=folder / "data",
        database_url=f"sqlite:///{folder / 'gepmonitor.db'}",
        secret_key=TEST_SECRET,
        default_org="default",
        logo=logo,
    )
    settings.ensure_key_files()
    engine = make_engine(settings.resolved_database_url())
    with make_session_factory(engine)() as session:
        org = ensure_org(session, "default", "Provincie Test")
        build_demo(session, org, settings, 2025)
        session.commit()
        yield session, org, settings
    engine.dispose()


def kinds() -> list[ReportKind]:
    return [kind for kind in report_kinds() if not kind.form_path]


def make(demo: tuple[Session, Organisation, Settings], kind: ReportKind, fmt: str) -> bytes:
    session, org, settings = demo
    choices = kind.choices(session, org)
    assert choices, f"the demo has no data for the {kind.key} report"
    return kind.build(ReportRequest(session, org, settings, choices[0], "nl", fmt))


def page_problems(pdf: bytes, folder: Path) -> list[str]:
    """Render every page and return what is wrong with each: near-empty, or ink in a margin."""
    if shutil.which("pdftoppm") is None:
        unavailable("GEP_REQUIRE_BROWSER", "pdftoppm (poppler-utils) is not installed")
    source = folder / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", str(source), str(folder / "page")],
        check=True,
        timeout=300,
    )
    pages = sorted(folder.glob("page-*.png"))
    assert len(pages) == len(PdfReader(io.BytesIO(pdf)).pages)
    problems = []
    for number, path in enumerate(pages, start=1):
        image = Image.open(path).convert("L")
        width, height = image.size
        ink = image.point(lambda value: 255 if value < INK else 0)
        for left in (0, width - SIDE_STRIP):
            if ink.crop((left, 0, left + SIDE_STRIP, height)).getbbox() is not None:
                problems.append(f"page {number}: ink in the side margin (overflow)")
        body = ink.crop((0, round(18 * MM), width, height - round(20 * MM)))
        rows = sum(1 for y in range(body.height) if body.crop((0, y, width, y + 1)).getbbox())
        if rows < 0.10 * body.height:
            problems.append(f"page {number}: near-empty ({rows} of {body.height} rows hold ink)")
        bottom = (body.getbbox() or (0, 0, 0, 0))[3]
        if number == 1 and len(pages) > 1 and bottom < FIRST_PAGE_FILL * body.height:
            # the first page ends early only when a chart or table would not fit: half empty
            problems.append(f"page 1: ends at {bottom / body.height:.0%} of its height")
    return problems


def test_every_capability_declares_its_reports() -> None:
    keys = [kind.key for kind in report_kinds()]
    assert set(keys) == EXPECTED and len(keys) == len(set(keys))


@pytest.mark.parametrize("kind", kinds(), ids=lambda kind: kind.key)
def test_every_pdf_page_holds_something_and_nothing_overflows(demo_org, kind, tmp_path) -> None:
    pdf = make(demo_org, kind, "pdf")
    first = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert DEMO_NAME in first and gettext("Summary", "nl") in first
    assert page_problems(pdf, tmp_path) == []
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert gettext("Colophon", "nl") in text and "None" not in text


@pytest.mark.parametrize("kind", kinds(), ids=lambda kind: kind.key)
def test_html_has_the_front_matter_charts_and_logo(demo_org, kind) -> None:
    html = make(demo_org, kind, "html").decode("utf-8")
    assert f'<p class="org">{DEMO_NAME}</p>' in html
    assert '<img class="logo" src="data:image/png;base64,' in html
    assert '<section class="summary">' in html and '<section class="colophon">' in html
    assert '<figure class="chart"><div class="chart-svg" role="img"' in html


@pytest.mark.parametrize("kind", kinds(), ids=lambda kind: kind.key)
def test_docx_holds_summary_charts_and_page_numbers(demo_org, kind) -> None:
    document = Document(io.BytesIO(make(demo_org, kind, "docx")))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert DEMO_NAME in paragraphs and gettext("Summary", "nl") in paragraphs
    assert gettext("Colophon", "nl") in paragraphs
    assert len(document.inline_shapes) >= 2  # the logo and at least one chart
    footer = document.sections[0].footer.paragraphs[0]
    assert DEMO_NAME in footer.text and 'w:instr="PAGE"' in footer._p.xml
    assert any(table.rows for table in document.tables)


@pytest.mark.parametrize("kind", kinds(), ids=lambda kind: kind.key)
def test_workbook_holds_numbers_as_numbers(demo_org, kind) -> None:
    workbook = load_workbook(io.BytesIO(make(demo_org, kind, "xlsx")))
    numbers = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    assert not LOOKS_NUMERIC.fullmatch(cell.value.strip()), (
                        sheet.title,
                        cell.coordinate,
                        cell.value,
                    )
                elif isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                    numbers += 1
                    assert cell.number_format != "General", (sheet.title, cell.coordinate)
    assert numbers > 0


def test_integrity_themes_table_shows_figures_from_the_demo(demo_org) -> None:
    """The demo's themes reach the minimum cell (as a province's do), so the table shows them.

    Suppression is unchanged: every shown count is 0 or at least the minimum cell, and the
    themes of a track add up to its conversations.
    """
    import lxml.html

    kind = next(kind for kind in report_kinds() if kind.key == "integrity")
    tree = lxml.html.document_fromstring(make(demo_org, kind, "html").decode("utf-8"))
    (table,) = tree.find_class("themes")
    cells = [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./th | ./td")]
        for row in table.xpath("./tbody/tr")
    ]
    counts = [cell for row in cells for cell in row[1:]]
    assert "*" not in counts, cells
    shown = [int(cell) for cell in counts]
    min_cell = demo_org[2].min_cell
    assert all(n == 0 or n >= min_cell for n in shown)
    assert sum(n > 0 for n in shown) >= 8  # most themes of both tracks show a figure
