"""The DOCX version of a report, for the board memo: the report's own HTML, written as Word.

A report is one Jinja2 template; its HTML (with charts as PNG images, see
core.charts.raster_charts) is walked element by element into python-docx: headings, paragraphs,
lists, tables (numbers right-aligned, header rows repeated), images and key figures. The footer
carries the organisation, the title and the page number, so the memo can be edited in Word and
still read as the published report.
"""

from __future__ import annotations

import base64
import io

import lxml.html
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml.html import HtmlElement

HEADINGS = {"h1": 0, "h2": 1, "h3": 2, "h4": 3}
CONTAINERS = {"div", "section", "header", "footer", "main", "article", "figure", "body", "span"}
GREY = RGBColor(0x55, 0x55, 0x55)


def html_to_docx(html: str, footer: str) -> bytes:
    """Return the report's HTML as a DOCX document (A4) with the footer on every page."""
    tree = lxml.html.document_fromstring(html)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    document.styles["Normal"].font.size = Pt(10)
    _footer(section.footer.paragraphs[0], footer)
    body = tree.find("body")
    _walk(document, body if body is not None else tree)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _classes(element: HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def _text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _walk(document: DocumentType, element: HtmlElement) -> None:
    for child in element:
        if not isinstance(child.tag, str) or child.tag in ("style", "script", "title", "head"):
            continue
        _element(document, child)


def _element(document: DocumentType, child: HtmlElement) -> None:  # noqa: C901 - one tag each
    tag, classes = child.tag, _classes(child)
    if tag in HEADINGS:
        document.add_heading(_text(child), HEADINGS[tag])
    elif "kpi" in classes:
        _key_figure(document, child)
    elif tag == "p":
        _paragraph(document.add_paragraph(), child, note="note" in classes)
    elif tag in ("ul", "ol"):
        style = "List Bullet" if tag == "ul" else "List Number"
        for item in child.iterfind("li"):
            _paragraph(document.add_paragraph(style=style), item)
    elif tag == "blockquote":
        document.add_paragraph(_text(child), style="Quote")
    elif tag == "table":
        _table(document, child)
    elif tag == "img":
        _image(document, child)
    elif tag == "figcaption":
        _paragraph(document.add_paragraph(), child, note=True)
    elif tag in ("dl",):
        for term, meaning in zip(child.iterfind("dt"), child.iterfind("dd"), strict=False):
            paragraph = document.add_paragraph()
            paragraph.add_run(_text(term) + ": ").bold = True
            paragraph.add_run(_text(meaning))
    elif tag in CONTAINERS or tag in ("a", "strong", "em"):
        if "chart-svg" in classes:
            return  # only in the browser version; the DOCX has the PNG
        if len(child) == 0:
            if _text(child):
                document.add_paragraph(_text(child))
            return
        _walk(document, child)


def _paragraph(paragraph: Paragraph, element: HtmlElement, note: bool = False) -> None:
    """Fill a paragraph with the element's text, keeping bold and italic parts."""

    def add(text: str | None, bold: bool = False, italic: bool = False) -> None:
        if not text:
            return
        run = paragraph.add_run(" ".join(text.split()) + (" " if text.endswith(" ") else ""))
        run.bold, run.italic = bold or None, italic or None
        if note:
            run.font.size, run.font.color.rgb = Pt(8), GREY

    add(element.text)
    for part in element:
        if not isinstance(part.tag, str):
            add(part.tail)
            continue
        if part.tag == "br":
            paragraph.add_run().add_break()
        elif part.tag in ("ul", "ol", "blockquote", "table"):
            add(_text(part))
        else:
            add(_text(part) + " ", bold=part.tag in ("strong", "b"), italic=part.tag in ("em", "i"))
        add(part.tail)


def _key_figure(document: DocumentType, element: HtmlElement) -> None:
    value = element.find_class("value")
    label = element.find_class("label")
    paragraph = document.add_paragraph()
    run = paragraph.add_run(_text(value[0]) if value else _text(element))
    run.bold, run.font.size = True, Pt(16)
    if label:
        paragraph.add_run("  " + _text(label[0]))


def _table(document: DocumentType, element: HtmlElement) -> None:
    rows = element.xpath("./thead/tr | ./tbody/tr | ./tr")
    if not rows:
        return
    width = max(len(row.xpath("./th | ./td")) for row in rows)
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in rows:
        cells = row.xpath("./th | ./td")
        header = row.getparent().tag == "thead"
        added = table.add_row()
        if header:
            _repeat_header(added)
        for index, cell in enumerate(cells[:width]):
            paragraph = added.cells[index].paragraphs[0]
            run = paragraph.add_run(_text(cell))
            run.font.size = Pt(8.5)
            run.bold = header or cell.tag == "th" or None
            if "num" in _classes(cell):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()


def _repeat_header(row: object) -> None:
    """Mark a table row as a header row that Word repeats on every page."""
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    properties.append(mark)


def _image(document: DocumentType, element: HtmlElement) -> None:
    source = element.get("src") or ""
    if not source.startswith("data:image/") or ";base64," not in source:
        return
    data = base64.b64decode(source.split(";base64,", 1)[1])
    width = Cm(4) if "logo" in _classes(element) else Cm(16)
    document.add_picture(io.BytesIO(data), width=width)
    alt = element.get("alt")
    if alt and "logo" not in _classes(element):
        caption = document.add_paragraph()
        run = caption.add_run(alt)
        run.italic, run.font.size, run.font.color.rgb = True, Pt(8), GREY


def _field(paragraph: Paragraph, instruction: str) -> None:
    """Add a Word field (PAGE, NUMPAGES) that Word fills in."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _footer(paragraph: Paragraph, text: str) -> None:
    """Write 'organisation · title    page N / M' in small grey type."""
    run = paragraph.add_run(f"{text}    ")
    run.font.size, run.font.color.rgb = Pt(8), GREY
    _field(paragraph, "PAGE")
    paragraph.add_run(" / ").font.size = Pt(8)
    _field(paragraph, "NUMPAGES")
