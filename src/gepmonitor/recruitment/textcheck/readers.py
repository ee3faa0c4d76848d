"""Read a vacancy text from .txt, .docx, .pdf or .html (or standard input)."""

from __future__ import annotations

import codecs
import io
import logging
import warnings
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from gepmonitor.core.errors import InputError
from gepmonitor.core.limits import ImportLimits

SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".html", ".htm")


class _TextExtractor(HTMLParser):
    """Collect the visible text of an HTML document, with line breaks at block elements."""

    BLOCKS = {
        "p",
        "div",
        "li",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "ul",
        "ol",
        "table",
    }
    HIDDEN = {"script", "style", "head", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n- " if tag == "li" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Return the visible text of an HTML document."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line)


def read_document(data: bytes, name: str) -> str:
    """Return the text of a document given its bytes and file name."""
    suffix = Path(name).suffix.lower()
    limits = ImportLimits.current()
    limits.check_size(len(data), name)
    try:
        if suffix == ".docx":
            limits.check_zip(data, name).close()  # what it unpacks to, before python-docx
            return docx_text(data)
        if suffix == ".pdf":
            return _pdf_text(data)
        text = decode_plain_text(data, name)
        if suffix in (".html", ".htm") or text.lstrip().lower().startswith(("<!doctype", "<html")):
            return html_to_text(text)
        if suffix not in ("", ".txt", ".md", "-"):
            raise InputError(
                "{file}: this file type cannot be read; use {allowed}.",
                file=name,
                allowed=", ".join(SUFFIXES),
            )
        return text
    except InputError:
        raise
    except Exception as error:  # noqa: BLE001 - each reader raises its own error types
        raise InputError("{file} cannot be read: {error}", file=name, error=str(error)) from error


def decode_plain_text(data: bytes, name: str) -> str:
    """Decode UTF-8, UTF-16 (by BOM or its zero bytes) or Windows-1252; refuse binary data."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    elif (encoding := _utf16_without_bom(data)) is not None:
        text = data.decode(encoding, "replace")
    elif _is_utf8(data):
        text = data.decode("utf-8-sig")
    else:
        text = data.decode("cp1252", "replace")
    if _looks_binary(text):
        raise InputError(
            "{file} is not a text file (binary data); choose a .txt, .docx, .pdf or .html.",
            file=name,
        )
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    # ASCII-range text in UTF-16 has a zero byte in every other position.
    sample = data[:4000]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    if sample[1::2].count(0) > 0.4 * pairs and sample[0::2].count(0) == 0:
        return "utf-16-le"
    if sample[0::2].count(0) > 0.4 * pairs and sample[1::2].count(0) == 0:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    """Return whether decoded text holds control or undecodable characters, as binary data does."""
    sample = text[:20000]
    if "\x00" in sample:
        return True
    odd = sum(1 for ch in sample if ch == "\ufffd" or (ch < " " and ch not in "\t\n\r\f"))
    return odd > max(2, len(sample) // 100)


def docx_text(data: bytes) -> str:
    """Return the text of a .docx: headers, body paragraphs and tables (nested too), footers."""
    from docx import Document

    document = Document(io.BytesIO(data))
    lines: list[str] = []
    for section in document.sections:
        _block_lines(section.header, lines)
    _block_lines(document, lines)
    for section in document.sections:
        _block_lines(section.footer, lines)
    return "\n".join(lines)


def _block_lines(container: Any, lines: list[str]) -> None:
    """Append the paragraphs and table cells of a document part in reading order."""
    from docx.table import Table

    if getattr(container, "is_linked_to_previous", False):
        return  # the same header as the previous section's, already read
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            seen: set[Any] = set()  # the cell elements (kept alive, so identity holds)
            for row in block.rows:
                for cell in row.cells:
                    if cell._tc not in seen:  # a merged cell repeats in every column it spans
                        seen.add(cell._tc)
                        _block_lines(cell, lines)
        elif block.text.strip():
            lines.append(("- " if _is_list_item(block) else "") + block.text)


def _is_list_item(paragraph: Any) -> bool:
    """Return whether a .docx paragraph is a bulleted or numbered list item."""
    properties = paragraph._p.pPr
    if properties is not None and properties.numPr is not None:
        return True
    return str(getattr(paragraph.style, "name", "")).startswith("List")


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # a damaged file gives one clear message, not warnings
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return "\n".join(
                page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages
            )
    finally:
        logger.setLevel(level)


def read_path(path: Path) -> str:
    """Return the text of a file, with a clear error when it is missing or unreadable."""
    if not path.is_file():
        raise InputError("File {file} does not exist.", file=str(path))
    ImportLimits.current().check_size(path.stat().st_size, path.name)
    return read_document(path.read_bytes(), path.name)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
