"""Read a vacancy text from .txt, .docx, .pdf or .html (or standard input)."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

from gepmonitor.core.errors import InputError

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
            self.parts.append("\n")

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
    try:
        if suffix == ".docx":
            from docx import Document

            document = Document(io.BytesIO(data))
            return "\n".join(p.text for p in document.paragraphs)
        if suffix == ".pdf":
            from pypdf import PdfReader

            return "\n".join(
                page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages
            )
        text = data.decode("utf-8-sig") if _is_utf8(data) else data.decode("cp1252", "replace")
        if suffix in (".html", ".htm") or text.lstrip().lower().startswith(("<!doctype", "<html")):
            return html_to_text(text)
        if suffix not in ("", ".txt", ".md", "-"):
            raise InputError("textcheck.bad_type", file=name, allowed=", ".join(SUFFIXES))
        return text
    except InputError:
        raise
    except Exception as error:  # noqa: BLE001 - each reader raises its own error types
        raise InputError("textcheck.unreadable", file=name, error=str(error)) from error


def read_path(path: Path) -> str:
    """Return the text of a file, with a clear error when it is missing or unreadable."""
    if not path.is_file():
        raise InputError("textcheck.no_file", file=str(path))
    return read_document(path.read_bytes(), path.name)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


from gepmonitor.core.i18n import register as _register  # noqa: E402

_register(
    {
        "textcheck.bad_type": (
            "{file}: dit bestandstype kan niet gelezen worden; gebruik {allowed}.",
            "{file}: this file type cannot be read; use {allowed}.",
        ),
        "textcheck.no_file": ("Bestand {file} bestaat niet.", "File {file} does not exist."),
        "textcheck.unreadable": (
            "{file} is niet te lezen: {error}",
            "{file} cannot be read: {error}",
        ),
    }
)
