"""What every published report shares: the kinds of report, the front matter and the colophon.

Each capability declares the reports it makes in its ``report.py`` as ``REPORTS``, a list of
:class:`ReportKind`; the registry marks which capabilities have them, and the web's reports page
and `gep report` read that list. Every report opens with the organisation's name (and its logo,
setting GEP_LOGO), a title and a summary in words, and closes with a colophon: where the
figures come from, the peildatum, the suppression rule and the date the report was made.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from pathlib import Path

from babel.dates import format_date
from sqlalchemy.orm import Session

from gepmonitor.core import registry
from gepmonitor.core.config import Settings
from gepmonitor.core.errors import ConfigError
from gepmonitor.core.i18n import gettext
from gepmonitor.core.models import Organisation

LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


@dataclass(frozen=True)
class ReportRequest:
    """Which report a user asked for: the choice (a year or a round), language, format."""

    session: Session
    org: Organisation
    settings: Settings
    choice: str
    lang: str
    fmt: str
    exact: bool = False


@dataclass(frozen=True)
class ReportKind:
    """A report a capability makes, as the reports page and the CLI list it.

    ``choices`` returns what the user picks from (years or round names), newest first; an
    empty list means the organisation has no data for it yet. ``build`` returns the file.
    """

    key: str
    title: str  # English msgid
    description: str  # English msgid: what the report holds, for the reports page
    permission: str  # the permission (a capability declares it) needed to make it
    file_stem: str  # start of the download's file name
    choice_label: str  # English msgid: "Year" or "Round"
    choices: Callable[[Session, Organisation], list[str]]
    build: Callable[[ReportRequest], bytes]
    formats: tuple[str, ...] = ("pdf", "html", "docx", "xlsx")
    extra_formats: tuple[str, ...] = ()  # e.g. the infographic's png and svg
    exact_allowed: bool = False  # whether a role that sees small numbers may ask exact counts
    form_path: str = ""  # a page to go to instead of a download form (the self-check upload)

    def all_formats(self) -> tuple[str, ...]:
        """Return every format the report can be made in."""
        return (*self.formats, *self.extra_formats)


def yearly_build(
    builder: Callable[..., bytes], **from_settings: Callable[[Settings], object]
) -> Callable[[ReportRequest], bytes]:
    """Return a ReportKind.build for a report chosen by year.

    It calls ``builder(session, org, year, lang, format, min_cell=, exact=, logo=)`` and passes
    each of ``from_settings`` as a keyword, read from the settings (e.g. a threshold scale).
    """

    def build(request: ReportRequest) -> bytes:
        from gepmonitor.core.rendering import ReportFormat  # Polars and Jinja2 only when building

        extra = {name: read(request.settings) for name, read in from_settings.items()}
        return builder(
            request.session,
            request.org,
            int(request.choice),
            request.lang,
            ReportFormat(request.fmt),
            min_cell=request.settings.min_cell,
            exact=request.exact,
            logo=logo_data_uri(request.settings),
            **extra,
        )

    return build


def report_kinds() -> list[ReportKind]:
    """Return every report of every registered capability, in registry order."""
    kinds: list[ReportKind] = []
    for name in registry.modules("report"):
        kinds.extend(getattr(import_module(name), "REPORTS", []))
    return kinds


def find_kind(key: str) -> ReportKind | None:
    """Return the report kind with this key, or None."""
    return next((kind for kind in report_kinds() if kind.key == key), None)


def long_date(day: date, lang: str) -> str:
    """Return a date in words: '2 januari 2025' or '2 January 2025'."""
    return format_date(day, format="long", locale="nl" if lang == "nl" else "en")


def logo_data_uri(settings: Settings) -> str:
    """Return the logo (setting GEP_LOGO) as a data URI for HTML, or '' when none is set."""
    data, kind = logo_bytes(settings)
    return f"data:{kind};base64,{base64.b64encode(data).decode()}" if data else ""


def logo_bytes(settings: Settings) -> tuple[bytes, str]:
    """Return the logo file's bytes and media type, or (b'', '') when no logo is set."""
    path: Path | None = settings.logo
    if path is None:
        return b"", ""
    kind = LOGO_TYPES.get(path.suffix.lower())
    if kind is None:
        raise ConfigError("GEP_LOGO must be a PNG or JPEG file, not '{path}'.", path=str(path))
    try:
        return path.read_bytes(), kind
    except OSError as error:
        raise ConfigError(
            "GEP_LOGO: cannot read '{path}' ({reason}).",
            path=str(path),
            reason=error.strerror or type(error).__name__,
        ) from error


@dataclass
class FrontMatter:
    """The parts every report shares, ready for the template (report_base.html)."""

    org_name: str
    title: str
    subtitle: str
    logo: str  # data URI or ''
    summary: list[str]  # the summary in words, one sentence or short paragraph each
    colophon: list[tuple[str, str]] = field(default_factory=list)  # (term, text)
    footer: str = ""


def front_matter(
    org_name: str,
    lang: str,
    *,
    title: str,
    subtitle: str,
    summary: Sequence[str],
    sources: str,
    peildatum: str,
    min_cell: int,
    logo: str = "",
    suppression: str = "",
    made: date | None = None,
) -> FrontMatter:
    """Return the front matter and colophon of a report (logo: a data URI, see logo_data_uri)."""
    made = made or date.today()
    rule = suppression or gettext(
        "Counts from 1 to {below} are not shown (*), nor the cells they could be worked out "
        "from; shares of women are of men and women together.",
        lang,
        below=min_cell - 1,
    )
    colophon = [
        (gettext("Organisation", lang), org_name),
        (gettext("Source", lang), sources),
        (gettext("Reference date or period", lang), peildatum),
        (gettext("Small numbers", lang), rule),
        (
            gettext("Made", lang),
            gettext("{date} with gepmonitor", lang, date=long_date(made, lang)),
        ),
    ]
    return FrontMatter(
        org_name=org_name,
        title=title,
        subtitle=subtitle,
        logo=logo,
        summary=list(summary),
        colophon=colophon,
        footer=f"{org_name} · {title}",
    )
