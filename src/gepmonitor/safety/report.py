"""The integrity and social-safety annual report (HTML, PDF, XLSX), with seed 004's sections.

Every count that leaves the system here is suppressed as docs/safety.md describes, unless a
role that may see small numbers asks for exact counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from markupsafe import Markup
from sqlalchemy.orm import Session

from gepmonitor.core.cache import cached
from gepmonitor.core.config import Settings
from gepmonitor.core.formatting import format_count, format_date, format_number
from gepmonitor.core.i18n import N_, gettext
from gepmonitor.core.models import Organisation
from gepmonitor.core.privacy import split_by_gender, suppress_value
from gepmonitor.core.rendering import ReportFormat, charts_for, finish, render_html, rows_to_xlsx
from gepmonitor.core.reporting import ReportKind, ReportRequest, front_matter, logo_data_uri
from gepmonitor.core.retention import refuse_purged
from gepmonitor.safety import registers
from gepmonitor.safety.service import counsellors_serving, yearly_totals
from gepmonitor.safety.totals import TrackTotals, suppress_parts
from gepmonitor.safety.vocab import TEXT_SECTIONS, THEMES, TRACKS, check_year, label

# The figures per track, in the report's order, with their row labels.
FIGURES = {
    "people": N_("people"),
    "conversations": N_("conversations"),
    "with_hierarchical_relation": N_("with a hierarchical relation"),
    "formal_procedures": N_("formal procedures started"),
    "about_sexual_harassment": N_("about sexual harassment"),
    "about_integrity": N_("about integrity"),
    "about_undesirable_behaviour": N_("about undesirable behaviour"),
    "referred_other_track": N_("referred to the other track"),
    "referred_other_help": N_("referred to other help"),
}
TEXT_SECTION_TITLES = {"works_council": N_("Works council involvement"), "policy": N_("Policy")}
NOT_APPLICABLE = "–"
Cell = int | float | str | date | None  # None is a suppressed count


@dataclass(frozen=True)
class CounsellorRow:
    """A counsellor as the report lists them (a code, never a name)."""

    code: str
    track: str
    kind: str
    gender: str
    serves: tuple[str, ...]


@dataclass
class IntegrityReport:
    """Everything the annual report shows, already suppressed unless exact."""

    org_name: str
    year: int
    oaths: int | None
    oath_source: str
    counsellors: list[CounsellorRow]
    totals: dict[str, TrackTotals]
    reports: list[list[int | None]]  # year, undesirable behaviour, integrity, total
    incidents: dict[str, int | None]
    trainings: list[registers.TrainingRow]
    texts: dict[str, str]
    min_cell: int
    exact: bool = False
    trend: list[tuple[int, int | None, int | None]] = field(default_factory=list)  # year, tracks


@dataclass
class ReportTable:
    """One table of the report: the sheet name (msgid), the header and rows of raw cells."""

    sheet: str
    head: list[str]
    rows: list[list[Cell]]


def _suppress_reports(
    rows: list[list[int | None]], min_cell: int, exact: bool
) -> list[list[int | None]]:
    """Suppress each year's two tracks together, keeping a total of at least the minimum."""
    result = []
    for year, behaviour, integrity, total in rows:
        parts, shown = suppress_parts(
            {"b": behaviour or 0, "i": integrity or 0}, min_cell, exact, total=total or 0
        )
        result.append([year, parts["b"], parts["i"], shown])
    return result


def _suppress_trainings(
    trainings: list[registers.TrainingRow], min_cell: int, exact: bool
) -> list[registers.TrainingRow]:
    """Hide small attendance without hiding the women's and men's figures for a small x.

    A small x/unknown attendance is hidden and the total and reach become those of men and
    women (labelled so); a small count of women or men hides itself, the total and the reach.
    """
    result = []
    for t in trainings:
        split = split_by_gender(t.women or 0, t.men or 0, t.other or 0, min_cell, exact=exact)
        reach = t.reach
        if split.covers == "men_women":
            both = (t.women or 0) + (t.men or 0)
            reach = both / t.staff_men_women if t.staff_men_women else None
        elif split.covers is None:
            reach = None
        result.append(
            replace(
                t,
                women=split.women,
                men=split.men,
                other=split.other,
                attendees=split.total,
                reach=reach,
                covers=split.covers,
            )
        )
    return result


def _counsellor_rows(session: Session, org: Organisation, year: int) -> list[CounsellorRow]:
    rows = []
    for c in counsellors_serving(session, org, year):
        home = session.get(Organisation, c.org_id)
        names = [o.name for o in [home, *c.serves] if o is not None]
        rows.append(CounsellorRow(c.code, c.track, c.kind, c.gender, tuple(names)))
    return rows


def gather(
    session: Session, org: Organisation, year: int, lang: str, min_cell: int, exact: bool = False
) -> IntegrityReport:
    """Collect the report's figures for a year, suppressed unless exact.

    Computed once per data version (core.cache); callers must not change the report.
    """
    check_year(year)
    # The report shows the reports of four years.
    refuse_purged(
        session, "counsellor_log", date(year, 12, 31), ("reports", date(year - 3, 12, 31))
    )
    key = ("safety.report", year, lang, min_cell, exact)
    return cached(session, org, key, lambda: _gather(session, org, year, lang, min_cell, exact))


def _gather(
    session: Session, org: Organisation, year: int, lang: str, min_cell: int, exact: bool
) -> IntegrityReport:
    oaths, source = registers.oaths_for(session, org, year)
    reports = registers.reports_by_year(session, org, list(range(year - 3, year + 1)))
    incidents = registers.incidents_by_kind(session, org, year)
    return IntegrityReport(
        org_name=org.name,
        year=year,
        oaths=oaths,
        oath_source=source,
        counsellors=_counsellor_rows(session, org, year),
        totals=yearly_totals(session, org, year, min_cell, exact),
        reports=_suppress_reports(reports, min_cell, exact),
        incidents={k: suppress_value(v, min_cell, exact=exact) for k, v in incidents.items()},
        trainings=_suppress_trainings(registers.trainings_for(session, org, year), min_cell, exact),
        texts=registers.texts_for(session, org, year, lang),
        min_cell=min_cell,
        exact=exact,
        trend=_trend(session, org, year, min_cell, exact),
    )


def _trend(
    session: Session, org: Organisation, year: int, min_cell: int, exact: bool
) -> list[tuple[int, int | None, int | None]]:
    """Return the conversations per track of the report year and the three before it."""
    rows = []
    for earlier in range(year - 3, year + 1):
        totals = yearly_totals(session, org, earlier, min_cell, exact)
        behaviour, integrity = totals["undesirable_behaviour"], totals["integrity"]
        if behaviour.counsellors or integrity.counsellors:
            rows.append((earlier, behaviour.conversations, integrity.conversations))
    return rows


def figure_rows(report: IntegrityReport, lang: str) -> list[list[Cell]]:
    """Return one row per figure: label, undesirable behaviour, integrity ('–' = n/a)."""
    rows: list[list[Cell]] = [
        [gettext("counsellors", lang), *[report.totals[t].counsellors for t in TRACKS]]
    ]
    for name, text in FIGURES.items():
        cells: list[Cell] = [
            NOT_APPLICABLE
            if not report.totals[t].applies(name)
            else gettext("no data", lang)
            if name in report.totals[t].no_data
            else getattr(report.totals[t], name)
            for t in TRACKS
        ]
        rows.append([gettext(text, lang), *cells])
    return rows


def theme_rows(report: IntegrityReport, lang: str) -> list[list[Cell]]:
    """Return one row per theme with conversations per track (only themes that occurred)."""
    rows: list[list[Cell]] = []
    for theme in THEMES:
        counts = [report.totals[t].themes.get(theme) for t in TRACKS]
        if all(c == 0 for c in counts):
            continue
        rows.append([label("theme", theme, lang), *counts])
    return rows


def report_tables(report: IntegrityReport, lang: str) -> dict[str, ReportTable]:
    """Return every table of the report with raw cells (numbers stay numbers)."""

    def t(key: str) -> str:
        return gettext(key, lang)

    tracks = [label("track", track, lang) for track in TRACKS]
    counsellor_head = (N_("code"), N_("track"), N_("internal/external"), N_("gender"))
    return {
        "figures": ReportTable(
            N_("Conversations"), [t("term"), *tracks], figure_rows(report, lang)
        ),
        "counsellors": ReportTable(
            N_("Counsellors"),
            [*(t(h) for h in counsellor_head), t("serves")],
            [
                [
                    c.code,
                    label("track", c.track, lang),
                    label("counsellor_kind", c.kind, lang),
                    label("gender", c.gender, lang),
                    ", ".join(c.serves),
                ]
                for c in report.counsellors
            ],
        ),
        "themes": ReportTable(N_("Themes"), [t("theme"), *tracks], theme_rows(report, lang)),
        "reports": ReportTable(
            N_("Formal reports"),
            [t("year"), *tracks, t("total")],
            [list(row) for row in report.reports],
        ),
        "incidents": ReportTable(
            N_("Aggression"),
            [t("Kind"), t("count")],
            [[label("incident", k, lang), v] for k, v in report.incidents.items()],
        ),
        "trainings": _training_table(report, lang),
        "oaths": ReportTable(
            N_("Oaths"),
            [t("year"), t("Oath and affirmation"), t("source")],
            [[report.year, report.oaths, label("oath_source", report.oath_source, lang)]],
        ),
        "texts": ReportTable(
            N_("Texts"),
            [t("Section"), t("Text")],
            [
                [t(TEXT_SECTION_TITLES[s]), report.texts[s]]
                for s in TEXT_SECTIONS
                if report.texts.get(s)
            ],
        ),
    }


def _training_table(report: IntegrityReport, lang: str) -> ReportTable:
    head = [N_("title"), N_("date"), N_("attendees"), N_("women"), N_("men"), "x", N_("reach (%)")]
    men_women = gettext("men and women", lang)
    rows: list[list[Cell]] = [
        [
            r.title,
            r.held_on,
            r.attendees if r.covers != "men_women" else f"{r.attendees} ({men_women})",
            r.women,
            r.men,
            r.other,
            NOT_APPLICABLE
            if r.reach is None
            else round(r.reach * 100, 1)
            if r.covers != "men_women"
            else f"{format_number(r.reach * 100, lang)} ({men_women})",
        ]
        for r in report.trainings
    ]
    return ReportTable(N_("Trainings"), [gettext(h, lang) for h in head], rows)


def html_cell(value: Cell, lang: str, min_cell: int) -> str:
    """Format a cell for the page: suppressed counts as '*', decimals in the language."""
    if value is None:
        return format_count(None, min_cell)
    if isinstance(value, float):
        return format_number(value, lang)
    if isinstance(value, date):
        return format_date(value, lang, "short")
    return str(value)


def _xlsx_cell(value: Cell, min_cell: int) -> Cell:
    return format_count(None, min_cell) if value is None else value


def integrity_definitions(
    session: Session, org: Organisation, lang: str, min_cell: int
) -> list[tuple[str, str]]:
    """Return the definitions of the personnel figures the report uses (training reach)."""
    from gepmonitor.personnel.definitions import definitions
    from gepmonitor.personnel.service import peildatum_rule

    keys = ("staff", "snapshot", "headcount", "suppression")
    return definitions(lang, min_cell, peildatum_rule(session, org), keys=keys)


def build_integrity_report(
    session: Session,
    settings: Settings,
    org: Organisation,
    year: int,
    lang: str,
    fmt: ReportFormat,
    exact: bool = False,
) -> bytes:
    """Return the annual report in the requested format."""
    report = gather(session, org, year, lang, settings.min_cell, exact)
    tables = report_tables(report, lang)
    terms = integrity_definitions(session, org, lang, settings.min_cell)
    if fmt == ReportFormat.XLSX:
        sheets = {
            gettext(table.sheet, lang): (
                table.head,
                [[_xlsx_cell(c, report.min_cell) for c in row] for row in table.rows],
            )
            for table in tables.values()
        }
        head = [gettext("term", lang), gettext("meaning", lang)]
        sheets[gettext("Definitions", lang)] = (head, [list(pair) for pair in terms])
        return rows_to_xlsx(sheets)
    from gepmonitor.safety import narrative
    from gepmonitor.safety.infographic import render_infographic

    with charts_for(fmt):
        front = front_matter(
            org.name,
            lang,
            title=gettext("Integrity and social-safety annual report {year}", lang, year=year),
            subtitle=gettext("Integrity and social safety: counsellors, reports, oaths", lang),
            summary=narrative.integrity_summary(report, lang),
            sources=gettext(
                "the counsellors' log, the registers of reports, incidents, oaths and trainings",
                lang,
            ),
            peildatum=gettext("the year {year}", lang, year=year),
            min_cell=report.min_cell,
            logo=logo_data_uri(settings),
        )
        infographic = ""
        if fmt != ReportFormat.DOCX:
            svg = render_infographic(report, lang, "svg").decode("utf-8")
            infographic = svg[svg.find("<svg") :]
        html = render_html(
            "safety_integrity_report.html",
            lang,
            front=front,
            report=report,
            tables={
                name: [[html_cell(c, lang, report.min_cell) for c in row] for row in table.rows]
                for name, table in tables.items()
            },
            heads={name: table.head for name, table in tables.items()},
            charts={
                "themes": narrative.themes_chart(report, lang),
                "reports": narrative.reports_chart(report, lang),
                "trend": narrative.trend_chart(report, lang),
                "incidents": narrative.incidents_chart(report, lang),
            },
            infographic=Markup(infographic),
            terms=terms,
            title=front.title,
        )
    return finish(html, fmt, front.footer)


def _integrity_years(session: Session, org: Organisation) -> list[str]:
    from gepmonitor.safety.service import latest_year

    last = latest_year(session, org)
    return [str(year) for year in range(last, last - 6, -1)]


def _build_integrity(request: ReportRequest) -> bytes:
    year = int(request.choice)
    if request.fmt in ("png", "svg"):
        from gepmonitor.safety.infographic import render_infographic

        report = gather(
            request.session,
            request.org,
            year,
            request.lang,
            request.settings.min_cell,
            request.exact,
        )
        return render_infographic(report, request.lang, request.fmt)
    return build_integrity_report(
        request.session,
        request.settings,
        request.org,
        year,
        request.lang,
        ReportFormat(request.fmt),
        request.exact,
    )


REPORTS = [
    ReportKind(
        key="integrity",
        title=N_("Integrity and social-safety annual report"),
        description=N_(
            "The counsellors' yearly totals, reports and complaints, incidents, oaths "
            "and trainings, with the one-page infographic for the website."
        ),
        permission="view_safety_totals",
        file_stem="integriteit",
        choice_label=N_("Year"),
        choices=_integrity_years,
        build=_build_integrity,
        extra_formats=("png", "svg"),
        exact_allowed=True,
    )
]
