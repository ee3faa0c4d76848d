"""The art. 9 pay-gap report: one template for HTML and PDF, and an XLSX with every table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from gepmonitor.core.cache import cached
from gepmonitor.core.charts import to_svg
from gepmonitor.core.formatting import format_date
from gepmonitor.core.i18n import gettext as _t
from gepmonitor.core.models import Organisation
from gepmonitor.core.rendering import ReportFormat, html_to_pdf, render_html, rows_to_xlsx
from gepmonitor.pay import register as pay_register
from gepmonitor.pay import service
from gepmonitor.pay.charts import category_chart, quartile_chart, trend_chart
from gepmonitor.pay.figures import PayGapFigures
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


def collect(
    session: Session, org: Organisation, year: int, *, min_cell: int, exact: bool = False
) -> PaygapReport:
    """Load the year's figures, the register, the other years' figures and the analysis."""
    figures = service.figures(session, org, year, min_cell=min_cell, exact=exact)
    rows = pay_register.register_rows(session, org, year, date.today())
    trend = [
        figures
        if y.year == year
        else service.figures(session, org, y.year, min_cell=min_cell, exact=exact)
        for y in service.pay_years(session, org)
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
) -> bytes:
    """Return the pay-gap report of a year in the format."""
    content = collect(session, org, year, min_cell=min_cell, exact=exact)
    if fmt == ReportFormat.XLSX:
        return workbook(content, lang)
    html = report_html(content, lang)
    return html.encode("utf-8") if fmt == ReportFormat.HTML else html_to_pdf(html)


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
    "category",
    "women",
    "men",
    "basic hourly, mean",
    "basic hourly, median",
    "complementary, mean",
    "complementary, median",
    "hourly, mean",
    "hourly, median",
    "art. 10",
)
REGISTER_HEAD = ("category", "mean gap", "status", "due", "justification or remedy")
TREND_HEAD = ("year", "mean gap, hourly", "median gap, hourly", "mean gap, annual")
QUARTILE_HEAD = ("quartile", "lowest", "highest", "women", "men", "other", "women %", "men %")


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


def report_html(content: PaygapReport, lang: str) -> str:
    """Render the report's HTML (also the source of the PDF)."""
    return render_html("pay_report.html", lang, **report_html_parts(content, lang))


def report_html_parts(content: PaygapReport, lang: str) -> dict[str, Any]:
    """Return what the report template (and the web page) shows: rows, charts, sentences."""
    figures = content.figures
    head, rows = figure_rows(figures, content.statuses, lang)
    several = len(content.trend) > 1
    context: dict[str, Any] = {
        "org_name": content.org_name,
        "year": content.year,
        "title": _t("Gender pay gap report {year}", lang, year=content.year),
        "generated": format_date(date.today(), lang),
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
        "quartile_chart": to_svg(quartile_chart(figures.quartiles, lang)),
        "quartile_head": _heads(QUARTILE_HEAD, lang),
        "quartile_rows": _quartile_rows(content, lang),
        "category_chart": to_svg(category_chart(figures.categories, lang)),
        "category_head": _heads(CATEGORY_HEAD, lang),
        "category_rows": _category_rows(content, lang),
        "trend_chart": to_svg(
            trend_chart(
                [f.year for f in content.trend],
                [f.hourly.mean_gap for f in content.trend],
                [f.hourly.median_gap for f in content.trend],
                lang,
            )
        )
        if several
        else "",
        "trend_head": _heads(TREND_HEAD, lang),
        "trend_rows": _trend_rows(content, lang),
        "register_head": _heads(REGISTER_HEAD, lang),
        "register_rows": _register_rows(content, lang),
        "analysis": analysis_lines(content.analysis, lang),
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


def workbook(content: PaygapReport, lang: str) -> bytes:
    """Return the report's tables as a workbook, one sheet each."""
    head, rows = figure_rows(content.figures, content.statuses, lang)
    return rows_to_xlsx(
        {
            _t("figures", lang): (head, rows),
            _t("quartiles", lang): (_heads(QUARTILE_HEAD, lang), _quartile_rows(content, lang)),
            _t("categories", lang): (_heads(CATEGORY_HEAD, lang), _category_rows(content, lang)),
            _t("register", lang): (_heads(REGISTER_HEAD, lang), _register_rows(content, lang)),
            _t("trend", lang): (_heads(TREND_HEAD, lang), _trend_rows(content, lang)),
            _t("analysis", lang): (
                [_t("analysis", lang)],
                [[line] for line in analysis_lines(content.analysis, lang)],
            ),
        }
    )
