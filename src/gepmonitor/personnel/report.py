"""The yearly GEP monitor report: one template for HTML and PDF, and an XLSX with every table."""

from __future__ import annotations

from datetime import date

import polars as pl
from matplotlib.figure import Figure
from sqlalchemy.orm import Session

from gepmonitor.core.charts import make_chart, share_trend_chart, to_svg
from gepmonitor.core.errors import InputError
from gepmonitor.core.formatting import format_pct
from gepmonitor.core.i18n import N_, gettext
from gepmonitor.core.models import Organisation
from gepmonitor.core.rendering import ReportFormat, charts_for, finish, render_html
from gepmonitor.core.reporting import (
    FrontMatter,
    ReportKind,
    front_matter,
    long_date,
    yearly_build,
)
from gepmonitor.personnel import service
from gepmonitor.personnel.definitions import definitions
from gepmonitor.personnel.export import (
    ORG_FLOW_KEYS,
    breakdown_rows,
    flow_rows,
    reason_rows,
    status_cells,
    trend_rows,
    window_text,
)
from gepmonitor.personnel.monitor import BandMonitor, Monitor, build_monitor
from gepmonitor.personnel.narrative import (
    band_flow_chart,
    breakdown_chart,
    flows_chart,
    monitor_summary,
    overall_chart,
    reasons_chart,
)
from gepmonitor.personnel.peildatum import PeildatumRule
from gepmonitor.personnel.workbook import monitor_workbook


def build_monitor_report(
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
    """Return the monitor report of the organisation up to the given year in the format."""
    frame = service.load_snapshots(session, org, year_to=year)
    if frame.is_empty() or year not in frame["year"].unique().to_list():
        raise InputError(
            "Organisation '{org}' has no peildatum in {year}; import it first.",
            year=year,
            org=org.slug,
        )
    targets = [t.spec() for t in service.list_targets(session, org)]
    monitor = build_monitor(frame, targets, min_cell=min_cell, exact=exact)
    sources = sorted({s.source_name for s in service.list_snapshots(session, org)})
    terms = monitor_definitions(monitor, lang, service.peildatum_rule(session, org))
    if fmt == ReportFormat.XLSX:
        return monitor_workbook(monitor, year, lang, terms)
    reference = service.reference_snapshots(session, org)
    with charts_for(fmt):
        front = front_matter(
            org.name,
            lang,
            title=gettext("GEP monitor {year}", lang, year=year),
            subtitle=gettext("Gender balance, flows and targets", lang)
            + f" ({monitor.years[0]}–{monitor.years[-1]})",
            summary=monitor_summary(monitor, year, lang),
            sources=", ".join(sources),
            peildatum=long_date(reference.get(year, date(year, 12, 31)), lang),
            min_cell=min_cell,
            logo=logo,
        )
        html = monitor_html(monitor, front, year, lang, terms)
    return finish(html, fmt, front.footer)


def _projections(band: BandMonitor) -> dict[str, tuple[list[int], list[float]]]:
    """Return the projection paths the band's chart draws (a band with a target has them)."""
    return band.paths if not band.trend.is_empty() else {}


def band_chart_lines(band: BandMonitor) -> list[str]:
    """Return what band_chart draws, in order: 'measured', 'linear', 'flow', 'target'."""
    # captions and alt texts describe the chart from this, so they cannot promise a missing line
    lines = ["measured"] if band.trend["share_women"].drop_nulls().len() else []
    lines += list(_projections(band))
    return [*lines, "target"] if band.status else lines


def band_chart(band: BandMonitor, lang: str) -> str:
    """Return the SVG chart of a band's share of women, with its target and projections if any."""
    return to_svg(band_chart_figure(band, lang))


def band_chart_figure(band: BandMonitor, lang: str) -> Figure:
    """Draw a band's share of women, with its target and projections if any."""
    status = band.status
    labels = {
        "linear": gettext("linear projection", lang),
        "flow": gettext("flow projection", lang),
    }
    paths = {labels[k]: v for k, v in _projections(band).items()}
    figure = share_trend_chart(
        band.trend["year"].to_list(),
        band.trend["share_women"].to_list(),
        title=gettext("share of women", lang),
        target_share=status.target.target_share if status else None,
        target_year=status.target.target_year if status else None,
        projections=paths,
    )
    return figure


def monitor_definitions(monitor: Monitor, lang: str, rule: PeildatumRule) -> list[tuple[str, str]]:
    """Return the report's definitions, naming the projection window of its targets."""
    windows = sorted({window_text(b.status) for b in monitor.bands if b.status is not None})
    return definitions(lang, monitor.min_cell, rule, ", ".join(w for w in windows if w != "–"))


def monitor_html(
    monitor: Monitor,
    front: FrontMatter,
    year: int,
    lang: str,
    terms: list[tuple[str, str]] | None = None,
) -> str:
    """Render the report's HTML (also the source of the PDF and the DOCX)."""
    min_cell = monitor.min_cell
    headline = []
    for band in monitor.bands:
        last = band.trend.filter(pl.col("year") == year)
        share = last["share_women"][0] if last.height else None
        headline.append({"label": band.band.label(lang), "value": format_pct(share, lang)})
    bands = [
        {
            "label": band.band.label(lang),
            "chart": make_chart(
                band_chart_figure(band, lang),
                gettext("Share of women in {band} per year", lang, band=band.band.label(lang)),
            ),
            "flow_chart": band_flow_chart(band, lang),
            "trend": trend_rows(band, lang, min_cell),
            "flows": flow_rows(band.flows, min_cell, lang=lang),
            "status": status_cells(band.status, lang) if band.status else None,
        }
        for band in monitor.bands
    ]
    units_caption = gettext(
        "Share of women per unit on the reference date of {year}.", lang, year=year
    )
    ages_caption = gettext(
        "Share of women per age band on the reference date of {year}.", lang, year=year
    )
    return render_html(
        "personnel_monitor_report.html",
        lang,
        front=front,
        year=year,
        headline=headline,
        bands=bands,
        units=breakdown_rows(monitor.units, "unit", lang, min_cell),
        units_chart=breakdown_chart(monitor.units, "unit", units_caption, lang),
        ages=breakdown_rows(monitor.ages, "age_band", lang, min_cell),
        ages_chart=breakdown_chart(monitor.ages, "age_band", ages_caption, lang),
        overall=breakdown_rows(monitor.overall, "year", lang, min_cell, fte=True),
        overall_chart=overall_chart(monitor, lang),
        org_flows=flow_rows(monitor.org_flows, min_cell, ORG_FLOW_KEYS, lang),
        flows_chart=flows_chart(monitor, lang),
        reasons=reason_rows(monitor, year),
        reasons_chart=reasons_chart(monitor, year, lang),
        min_cell=min_cell,
        exact=monitor.exact,
        terms=terms if terms is not None else definitions(lang, min_cell),
        title=front.title,
    )


def _monitor_years(session: Session, org: Organisation) -> list[str]:
    return [
        str(y)
        for y in sorted(
            {s.peildatum.year for s in service.list_snapshots(session, org)}, reverse=True
        )
    ]


REPORTS = [
    ReportKind(
        key="monitor",
        title=N_("GEP monitor"),
        description=N_(
            "Gender balance per salary band against the targets, with hiring, "
            "promotion and leaving, per unit and age band."
        ),
        permission="generate_reports",
        file_stem="gep-monitor",
        choice_label=N_("Year"),
        choices=_monitor_years,
        build=yearly_build(build_monitor_report),
        exact_allowed=True,
    )
]
