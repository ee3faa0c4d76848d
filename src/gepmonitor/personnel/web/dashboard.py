"""The personnel dashboard: share of women per band against targets, trends, flows, units."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import urlencode

import polars as pl
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from gepmonitor.accounts.deps import (
    CurrentUser,
    LangDep,
    OrgDep,
    SessionDep,
    SettingsDep,
    YearQuery,
    check_exact,
    record_exact_view,
    require,
)
from gepmonitor.accounts.models import User
from gepmonitor.accounts.pages import request_lang, visible_nav
from gepmonitor.accounts.roles import has_permission
from gepmonitor.accounts.shared import Blocks, cached_async, page_blocks, send_page
from gepmonitor.core.charts import share_trend_chart, to_svg
from gepmonitor.core.errors import InputError, NotFoundError
from gepmonitor.core.formatting import format_pct
from gepmonitor.core.i18n import N_, gettext, normalise_lang
from gepmonitor.core.templating import render
from gepmonitor.personnel import service
from gepmonitor.personnel.export import (
    FLOW_HEADS,
    ORG_FLOW_KEYS,
    STATUS_HEADS,
    TARGET_KEYS,
    breakdown_rows,
    flow_rows,
    status_cells,
    trend_rows,
)
from gepmonitor.personnel.monitor import Monitor
from gepmonitor.personnel.report import band_chart, band_chart_lines

router = APIRouter()

NAV = [("view_dashboard", "/dashboard", N_("Dashboard"))]

Viewer = Annotated[User, Depends(require("view_dashboard"))]
# The targets table's columns in order (the band is the section's title), with their heads.
STATUS_COLUMNS = {key: STATUS_HEADS[key] for key in TARGET_KEYS if key != "band"}


def chart_svg(monitor: Monitor, chart: str, lang: str) -> str:
    """Return the SVG of a band's chart (target and projections if any) or of the whole org."""
    if chart == "overall":
        overall = monitor.overall
        figure = share_trend_chart(
            overall["year"].to_list(),
            overall["share_women"].to_list(),
            title=gettext("share of women", lang),
        )
        return to_svg(figure)
    for band in monitor.bands:
        if band.band.code == chart:
            return band_chart(band, lang)
    raise NotFoundError("Chart '{chart}' does not exist.", chart=chart)


def version_of(stamp: str) -> str:
    """Return a short fingerprint of a data version, for cache-safe chart URLs ('' for none)."""
    return hashlib.sha256(stamp.encode()).hexdigest()[:12] if stamp else ""


# How captions and alt texts name the projections a band chart draws (see band_chart_lines).
PROJECTION_CAPTIONS = {
    ("linear",): N_("Dotted line: projection by trend."),
    ("flow",): N_("Dotted line: projection by flows."),
    ("linear", "flow"): N_("Dotted lines: projection by trend and by flows."),
}
PROJECTION_ALTS = {
    ("linear",): N_("the projection by trend"),
    ("flow",): N_("the projection by inflow, promotion and outflow"),
    ("linear", "flow"): N_("the projections by trend and by inflow, promotion and outflow"),
}


def _projections(lines: list[str]) -> tuple[str, ...]:
    return tuple(line for line in ("linear", "flow") if line in lines)


def chart_caption(lines: list[str], lang: str) -> str:
    """Return a band chart's caption: a sentence for each kind of line it draws, and no other."""
    projections = _projections(lines)
    keys = [N_("Solid line: measured share of women.")] if "measured" in lines else []
    keys += [PROJECTION_CAPTIONS[projections]] if projections else []
    keys += (
        [N_("Horizontal line and star: the target in the target year.")]
        if "target" in lines
        else []
    )
    return " ".join(
        gettext(key, lang)
        for key in keys or [N_("No shares to draw; the figures are in the table below.")]
    )


def chart_alt(band: str, years: list[int], lines: list[str], lang: str) -> str:
    """Return a band chart's alt text, naming the target and projections only when drawn."""
    projections = _projections(lines)
    parts = [gettext("the target", lang)] if "target" in lines else []
    parts += [gettext(PROJECTION_ALTS[projections], lang)] if projections else []
    items = gettext(" and ", lang).join(parts)
    drawn = gettext(", with {items}", lang, items=items) if parts else ""
    return gettext(
        "Chart: share of women in {band}, {first}–{last}{drawn}. The figures are in the "
        "tables below.",
        lang,
        band=band,
        first=years[0],
        last=years[-1],
        drawn=drawn,
    )


def dashboard_view(
    monitor: Monitor, year: int, lang: str, chart_url: Callable[[str], str]
) -> dict[str, Any]:
    """Return everything the dashboard shows, as display strings (cached per data version)."""
    min_cell = monitor.min_cell
    bands = []
    for band in monitor.bands:
        last = band.trend.filter(pl.col("year") == year)
        share = last["share_women"][0] if last.height else None
        status = status_cells(band.status, lang) if band.status else None
        lines = band_chart_lines(band)
        bands.append(
            {
                "code": band.band.code,
                "label": band.band.label(lang),
                "share": format_pct(share, lang),
                "status": status,
                "chart": chart_url(band.band.code),
                "chart_alt": chart_alt(band.band.label(lang), monitor.years, lines, lang),
                "chart_caption": chart_caption(lines, lang),
                "trend": trend_rows(band, lang, min_cell),
                "flows": flow_rows(band.flows, min_cell, lang=lang),
                "rates": status["rates"] if status else None,
            }
        )
    units = breakdown_rows(monitor.units, "unit", lang, min_cell)
    overall = breakdown_rows(monitor.overall, "year", lang, min_cell, fte=True)
    org_flows = flow_rows(monitor.org_flows, min_cell, ORG_FLOW_KEYS, lang)
    return {
        "year": year,
        "years": monitor.years,
        "bands": bands,
        "units": units,
        "overall": overall,
        "org_flows": org_flows,
        "overall_chart": chart_url("overall"),
    }


@router.get("/", include_in_schema=False)
async def home(request: Request, user: CurrentUser, org: OrgDep) -> Response:
    """Go to the dashboard, or show the start page to roles without one.

    Async: the start page's blocks are kept per language, organisation name, user name and the
    menu the role sees (_home_blocks); the layout around them per reader (send_page).
    """
    if has_permission(user.role, "view_dashboard"):
        return RedirectResponse("/dashboard", status_code=303)
    menu = tuple((str(item["href"]), str(item["key"])) for item in visible_nav(request, user))
    blocks = _home_blocks(request_lang(request), org.name, user.username, menu)
    return send_page(request, blocks)


@lru_cache(maxsize=256)
def _home_blocks(
    lang: str, org_name: str, username: str, menu: tuple[tuple[str, str], ...]
) -> Blocks:
    return page_blocks(
        "web_home.html",
        lang,
        org={"name": org_name},
        user={"username": username},
        nav=[{"href": href, "key": key} for href, key in menu],
    )


@router.get("/dashboard", include_in_schema=False)
async def dashboard(
    request: Request,
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    lang: LangDep,
    year: YearQuery = None,
    exact: bool = False,
) -> Response:
    """Show the personnel dashboard up to a year (default: the latest).

    The page's blocks are laid out once per data version and everything else they show (year,
    exact, language, what the role may do), as the plan and pay pages are; an exact view is
    audited on every read.
    """
    exact = check_exact(user, exact)
    may_exact = has_permission(user.role, "see_small_cells")
    may_import = has_permission(user.role, "import_personnel")

    def page() -> tuple[int | None, Blocks]:
        stamp, monitor = service.monitor(
            session, org, min_cell=settings.min_cell, exact=exact, year=year
        )
        if not monitor.years:
            if year is not None:
                raise InputError("There is no data for the year {year}.", year=year)
            body = _body(lang, org=org, view=None, exact=exact, may_import=may_import)
            return None, page_blocks("personnel_dashboard.html", lang, body=body)
        shown = year if year is not None else monitor.years[-1]
        if shown not in monitor.years:
            raise InputError("There is no data for the year {year}.", year=year)
        query = {"exact": str(exact).lower(), "lang": lang, "v": version_of(stamp)}
        if year is not None:
            query["year"] = str(year)

        def chart_url(chart: str) -> str:
            return "/dashboard/chart.svg?" + urlencode({"chart": chart, **query})

        years = sorted({s.peildatum.year for s in service.list_snapshots(session, org)})
        body = _body(
            lang,
            org=org,
            view=dashboard_view(monitor, shown, lang, chart_url),
            exact=exact,
            may_exact=may_exact,
            all_years=years,
            min_cell=settings.min_cell,
            status_heads=STATUS_COLUMNS,
            flow_heads=FLOW_HEADS,
        )
        return shown, page_blocks("personnel_dashboard.html", lang, body=body)

    key = ("page.dashboard", org.name, settings.min_cell, exact, year, lang, may_exact, may_import)
    shown, blocks = await cached_async(session, org, key, page)
    if exact and shown is not None:
        record_exact_view(session, user, org, "dashboard", f"year {shown}")
    return send_page(request, blocks)


def _body(lang: str, **context: object) -> Markup:
    """Render the dashboard's content (cached by the caller, so rendered once per version)."""
    return Markup(render("personnel_dashboard_body.html", lang, **context))


@router.get("/dashboard/chart.svg", include_in_schema=False)
async def dashboard_chart(
    request: Request,
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    chart: str = "overall",
    year: YearQuery = None,
    exact: bool = False,
    lang: str = "nl",
    v: str = "",
) -> Response:
    """Send a dashboard chart as SVG; its URL carries the data version, so browsers keep it.

    Async: the SVG and the data version it was drawn from are kept per data version (the
    monitor under it too, core.cache), so a kept chart costs no thread hop; an exact chart is
    audited on every read.
    """
    exact = check_exact(user, exact)
    lang = normalise_lang(lang)

    def draw() -> tuple[str, str]:
        stamp, monitor = service.monitor(
            session, org, min_cell=settings.min_cell, exact=exact, year=year
        )
        return stamp, chart_svg(monitor, chart, lang)

    key = ("chart.svg", settings.min_cell, exact, year, lang, chart)
    stamp, svg = await cached_async(session, org, key, draw)
    if exact:
        record_exact_view(
            session, user, org, "dashboard/chart.svg", f"chart {chart}, year {year or 'latest'}"
        )
    current = bool(v) and v == version_of(stamp)
    caching = "private, max-age=31536000, immutable" if current else "private, no-cache"
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": caching})
