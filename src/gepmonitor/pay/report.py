"""The art. 9 pay-gap report: one template for HTML and PDF, and an XLSX with every table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from gepmonitor.core.cache import cached
from gepmonitor.core.charts import make_chart
from gepmonitor.core.formatting import SUPPRESSED_MARK, format_date
from gepmonitor.core.i18n import N_
from gepmonitor.core.i18n import gettext as _t
from gepmonitor.core.models import Organisation
from gepmonitor.core.rendering import (
    DATE,
    DECIMAL,
    INTEGER,
    PERCENT,
    ReportFormat,
    Sheet,
    charts_for,
    finish,
    render_html,
    sheets_to_xlsx,
)
from gepmonitor.core.reporting import ReportKind, front_matter, yearly_build
from gepmonitor.pay import register as pay_register
from gepmonitor.pay import service
from gepmonitor.pay.charts import category_chart, quartile_chart, trend_chart
from gepmonitor.pay.definitions import pay_definitions
from gepmonitor.pay.figures import GapFigure, PayGapFigures
from gepmonitor.pay.narrative import paygap_summary
from gepmonitor.pay.text import DEFINITIONS, analysis_lines, count, figure_rows, pct, status_label


@dataclass
class PaygapReport:
    """Everything the report shows, computed once for every format."""

    org_name: str
    year: int
    figures: PayGapFigures
    statuses: dict[str, str]
    register: list[pay_register.RegisterRow]
    trend: list[PayGapFigures]
    analysis: service.Analysis
    source: str = ""  # the imported file's name
    category_kind: str = "scale"  # or "function": what the categories (g) are


def collect(
    session: Session, org: Organisation, year: int, *, min_cell: int, exact: bool = False
) -> PaygapReport:
    """Load the year's figures, the register, the other years' figures and the analysis."""
    figures = service.figures(session, org, year, min_cell=min_cell, exact=exact)
    rows = pay_register.register_rows(session, org, year, date.today())
    years = service.pay_years(session, org)
    this_year = next((y for y in years if y.year == year), None)
    trend = [
        figures
        if y.year == year
        else service.figures(session, org, y.year, min_cell=min_cell, exact=exact)
        for y in years
        if y.year <= year
    ]
    return PaygapReport(
        org.name,
        year,
        figures,
        {row.entry.category: row.status for row in rows},
        rows,
        trend,
        service.analyse(session, org, year, min_cell=min_cell),
        this_year.source_name if this_year else "",
        this_year.category_kind if this_year else "scale",
    )


def build_paygap_report(
    session: Session,
    org: Organisation,
    year: int,
    lang: str,
    fmt: ReportFormat,
    *,
    min_cell: int,
    exact: bool = False,
    logo: str = "",
) -> bytes:
    """Return the pay-gap report of a year in the format (PDF, HTML, DOCX or XLSX)."""
    content = collect(session, org, year, min_cell=min_cell, exact=exact)
    if fmt == ReportFormat.XLSX:
        return workbook(content, lang)
    with charts_for(fmt):
        front = front_matter(
            content.org_name,
            lang,
            title=_t("Gender pay gap report {year}", lang, year=year),
            subtitle=_t(
                "EU Pay Transparency Directive 2023/970, article 9; reference year {year}",
                lang,
                year=year,
            ),
            summary=paygap_summary(content.figures, content.trend, content.analysis, lang),
            sources=_t("pay records imported from {source}", lang, source=content.source)
            if content.source
            else _t("imported pay records", lang),
            peildatum=_t("calendar year {year} (pay of 1 January to 31 December)", lang, year=year),
            min_cell=min_cell,
            logo=logo,
            suppression=_t(
                "A gap or share is shown only when women and men each number at least {min}; "
                "counts from 1 to {below} are not shown (*), nor the cells they could be "
                "worked out from.",
                lang,
                min=min_cell,
                below=min_cell - 1,
            ),
        )
        html = render_html("pay_report.html", lang, front=front, **report_html_parts(content, lang))
    return finish(html, fmt, front.footer)


def _register_rows(content: PaygapReport, lang: str) -> list[list[str]]:
    return [
        [
            row.entry.category,
            pct(row.entry.gap_pct, lang),
            status_label(row.status, lang),
            format_date(row.due, lang, "short"),
            row.entry.criterion or row.entry.measure or "–",
        ]
        for row in content.register
    ]


def _trend_rows(content: PaygapReport, lang: str) -> list[list[str]]:
    return [
        [
            str(f.year),
            pct(f.hourly.mean_gap, lang, suppressed=f.hourly.suppressed),
            pct(f.hourly.median_gap, lang, suppressed=f.hourly.suppressed),
            pct(f.annual.mean_gap, lang, suppressed=f.annual.suppressed),
        ]
        for f in content.trend
    ]


def _category_rows(content: PaygapReport, lang: str) -> list[list[str]]:
    rows = []
    for c in content.figures.categories:
        status = content.statuses.get(c.category)
        rows.append(
            [
                c.category,
                count(c.women, lang),
                count(c.men, lang),
                pct(c.basic.mean_gap, lang, suppressed=c.basic.suppressed),
                pct(c.basic.median_gap, lang, suppressed=c.basic.suppressed),
                pct(c.complementary.mean_gap, lang, suppressed=c.complementary.suppressed),
                pct(c.complementary.median_gap, lang, suppressed=c.complementary.suppressed),
                pct(c.hourly.mean_gap, lang, suppressed=c.hourly.suppressed),
                pct(c.hourly.median_gap, lang, suppressed=c.hourly.suppressed),
                status_label(status, lang) if c.flagged and status else "",
            ]
        )
    return rows


CATEGORY_HEAD = (
    N_("category"),
    N_("women"),
    N_("men"),
    N_("basic hourly, mean"),
    N_("basic hourly, median"),
    N_("complementary, mean"),
    N_("complementary, median"),
    N_("hourly, mean"),
    N_("hourly, median"),
    N_("art. 10"),
)
REGISTER_HEAD = (
    N_("category"),
    N_("mean gap"),
    N_("status"),
    N_("due"),
    N_("justification or remedy"),
)
TREND_HEAD = (N_("year"), N_("mean gap, hourly"), N_("median gap, hourly"), N_("mean gap, annual"))
QUARTILE_HEAD = (
    N_("quartile"),
    N_("lowest"),
    N_("highest"),
    N_("women"),
    N_("men"),
    N_("other"),
    N_("women %"),
    N_("men %"),
)


def _quartile_rows(content: PaygapReport, lang: str) -> list[list[str]]:
    return [
        [
            str(b.quartile),
            _money(b.lower, lang),
            _money(b.upper, lang),
            count(b.women, lang),
            count(b.men, lang),
            count(b.other, lang),
            pct(b.women_pct, lang, suppressed=True),
            pct(b.men_pct, lang, suppressed=True),
        ]
        for b in content.figures.quartiles
    ]


def _money(value: float | None, lang: str) -> str:
    from gepmonitor.core.formatting import format_number

    return "–" if value is None else f"€ {format_number(value, lang, 2)}"


def _heads(head: tuple[str, ...], lang: str) -> list[str]:
    return [_t(h, lang) for h in head]


def report_html_parts(content: PaygapReport, lang: str) -> dict[str, Any]:
    """Return what the report template (and the web page) shows: rows, charts, sentences."""
    figures = content.figures
    head, rows = figure_rows(figures, content.statuses, lang)
    several = len(content.trend) > 1
    context: dict[str, Any] = {
        "year": content.year,
        "min_cell": figures.min_cell,
        "exact": figures.exact,
        "headline": [
            (_t("mean gap, hourly pay", lang), pct(figures.hourly.mean_gap, lang, suppressed=True)),
            (
                _t("median gap, hourly pay", lang),
                pct(figures.hourly.median_gap, lang, suppressed=True),
            ),
            (
                _t("women receiving complementary pay", lang),
                pct(figures.receiving.women_pct, lang, suppressed=True),
            ),
            (
                _t("men receiving complementary pay", lang),
                pct(figures.receiving.men_pct, lang, suppressed=True),
            ),
        ],
        "definitions": [(code, _t(text, lang)) for code, text in DEFINITIONS.items()],
        "figure_head": head,
        "figure_rows": [r for r in rows if r[0] != "g"],
        "quartile_chart": make_chart(
            quartile_chart(figures.quartiles, lang),
            _t(
                "Share of women and of men (of the two together) in each quarter of workers by "
                "hourly pay (Q1 = lowest).",
                lang,
            ),
        ),
        "quartile_head": _heads(QUARTILE_HEAD, lang),
        "quartile_rows": _quartile_rows(content, lang),
        "category_chart": make_chart(
            category_chart(figures.categories, lang),
            _t(
                "Mean gap of hourly pay per category; red bars are 5% or more either way "
                "(art. 10), dashed lines mark 5%.",
                lang,
            ),
        ),
        "category_head": _heads(CATEGORY_HEAD, lang),
        "category_rows": _category_rows(content, lang),
        "trend_chart": make_chart(
            trend_chart(
                [f.year for f in content.trend],
                [f.hourly.mean_gap for f in content.trend],
                [f.hourly.median_gap for f in content.trend],
                lang,
            ),
            _t("Mean and median gap of hourly pay per year.", lang),
        )
        if several
        else "",
        "trend_head": _heads(TREND_HEAD, lang),
        "trend_rows": _trend_rows(content, lang),
        "register_head": _heads(REGISTER_HEAD, lang),
        "register_rows": _register_rows(content, lang),
        "analysis": analysis_lines(content.analysis, lang),
        "terms": pay_definitions(lang, figures.min_cell, content.year, content.category_kind),
    }
    return context


def page_parts(
    session: Session, org: Organisation, year: int, lang: str, *, min_cell: int, exact: bool
) -> dict[str, Any]:
    """Return report_html_parts of the year for the web page, once per data version and day.

    The figures, the analysis and three charts take seconds; core.cache keeps them until the
    organisation's data changes (or the day does: the register's statuses depend on it).
    Callers must not change the parts.
    """
    today = date.today()

    def compute() -> dict[str, Any]:
        return report_html_parts(collect(session, org, year, min_cell=min_cell, exact=exact), lang)

    return cached(session, org, ("pay.page", year, lang, min_cell, exact, today), compute)


def _share(value: float | None, suppressed: bool) -> float | str | None:
    """A percentage (0-100) as a workbook fraction; '*' when hidden, empty when there is none."""
    if value is None:
        return SUPPRESSED_MARK if suppressed else None
    return value / 100


def _number(value: float | None) -> float | str:
    return SUPPRESSED_MARK if value is None else value


def _category_key(name: str) -> int | str:
    """A category named by its scale ('11') is a number in the workbook."""
    return int(name) if name.isdigit() else name


def _figures_sheet(content: PaygapReport, lang: str) -> Sheet:
    figures = content.figures
    rows: list[list[object]] = []
    formats: dict[tuple[int, int], str] = {}

    def add(code: str, what: str, value: object, number_format: str) -> None:
        formats[(len(rows), 2)] = number_format
        rows.append([code, what, value])

    for label, value in (
        (N_("Workers: women"), figures.women),
        (N_("Workers: men"), figures.men),
        (N_("Workers: other"), figures.other),
    ):
        add("", _t(label, lang), _number(value), INTEGER)

    def gaps(code: str, label: str, gap: GapFigure) -> None:
        what = _t(label, lang)
        add(
            code,
            _t("Mean gap, {what}", lang, what=what),
            _share(gap.mean_gap, gap.suppressed),
            PERCENT,
        )
        add(
            code,
            _t("Median gap, {what}", lang, what=what),
            _share(gap.median_gap, gap.suppressed),
            PERCENT,
        )

    gaps("a, c", N_("hourly pay"), figures.hourly)
    gaps("a, c", N_("annual pay"), figures.annual)
    gaps("b, d", N_("complementary pay"), figures.complementary)
    receiving = figures.receiving
    add(
        "e",
        _t("Women receiving complementary pay", lang),
        _share(receiving.women_pct, True),
        PERCENT,
    )
    add("e", _t("Men receiving complementary pay", lang), _share(receiving.men_pct, True), PERCENT)
    head = [_t("figure", lang), _t("what", lang), _t("value", lang)]
    return Sheet(head, rows, cell_formats=formats)


def workbook(content: PaygapReport, lang: str) -> bytes:
    """Return the report's tables as a workbook, one sheet each, numbers as numbers.

    Gaps and shares are fractions with a percentage format, counts numbers (a count split over
    a quartile boundary keeps its decimal), pay in euros; a hidden figure is the mark '*'.
    """
    figures = content.figures
    money = "#,##0.00"
    quartiles: list[list[object]] = [
        [
            b.quartile,
            b.lower,
            b.upper,
            _number(b.women),
            _number(b.men),
            _number(b.other),
            _share(b.women_pct, True),
            _share(b.men_pct, True),
        ]
        for b in figures.quartiles
    ]
    categories: list[list[object]] = []
    for c in figures.categories:
        status = content.statuses.get(c.category)
        categories.append(
            [
                _category_key(c.category),
                _number(c.women),
                _number(c.men),
                _share(c.basic.mean_gap, c.basic.suppressed),
                _share(c.basic.median_gap, c.basic.suppressed),
                _share(c.complementary.mean_gap, c.complementary.suppressed),
                _share(c.complementary.median_gap, c.complementary.suppressed),
                _share(c.hourly.mean_gap, c.hourly.suppressed),
                _share(c.hourly.median_gap, c.hourly.suppressed),
                status_label(status, lang) if c.flagged and status else "",
            ]
        )
    register: list[list[object]] = [
        [
            _category_key(row.entry.category),
            _share(row.entry.gap_pct, False),
            status_label(row.status, lang),
            row.due,
            row.entry.criterion or row.entry.measure or "–",
        ]
        for row in content.register
    ]
    trend: list[list[object]] = [
        [
            f.year,
            _share(f.hourly.mean_gap, f.hourly.suppressed),
            _share(f.hourly.median_gap, f.hourly.suppressed),
            _share(f.annual.mean_gap, f.annual.suppressed),
        ]
        for f in content.trend
    ]
    percent = dict.fromkeys(range(1, 10), PERCENT)
    return sheets_to_xlsx(
        {
            _t("figures", lang): _figures_sheet(content, lang),
            _t("quartiles", lang): Sheet(
                _heads(QUARTILE_HEAD, lang),
                quartiles,
                {
                    0: INTEGER,
                    1: money,
                    2: money,
                    3: DECIMAL,
                    4: DECIMAL,
                    5: DECIMAL,
                    6: PERCENT,
                    7: PERCENT,
                },
            ),
            _t("categories", lang): Sheet(
                _heads(CATEGORY_HEAD, lang),
                categories,
                {0: INTEGER, 1: INTEGER, 2: INTEGER} | {i: PERCENT for i in range(3, 9)},
            ),
            _t("register", lang): Sheet(
                _heads(REGISTER_HEAD, lang), register, {0: INTEGER, 1: PERCENT, 3: DATE}
            ),
            _t("trend", lang): Sheet(_heads(TREND_HEAD, lang), trend, {0: "0"} | percent),
            _t("analysis", lang): Sheet(
                [_t("analysis", lang)],
                [[line] for line in analysis_lines(content.analysis, lang)],
            ),
            _t("Definitions", lang): Sheet(
                [_t("term", lang), _t("meaning", lang)],
                [
                    list(pair)
                    for pair in pay_definitions(
                        lang, figures.min_cell, content.year, content.category_kind
                    )
                ],
            ),
        }
    )


def _pay_years(session: Session, org: Organisation) -> list[str]:
    return [str(y.year) for y in reversed(service.pay_years(session, org))]


REPORTS = [
    ReportKind(
        key="paygap",
        title=N_("Gender pay gap report"),
        description=N_(
            "The pay-gap figures of the EU Pay Transparency Directive (art. 9) with quartiles, "
            "the gap per category, the joint pay assessment register and what explains the gap."
        ),
        permission="view_pay",
        file_stem="paygap",
        choice_label=N_("Year"),
        choices=_pay_years,
        build=yearly_build(build_paygap_report),
        exact_allowed=True,
    )
]
