"""The monitor's summary in words and its charts, generated from the (protected) figures.

Every sentence is built from a figure the report shows, so a suppressed figure is never
mentioned and a missing one is left out rather than guessed.
"""

from __future__ import annotations

import polars as pl

from gepmonitor.core.charts import Chart, bar_chart, lines_chart, make_chart
from gepmonitor.core.formatting import format_pct
from gepmonitor.core.i18n import N_, gettext
from gepmonitor.personnel.monitor import BandMonitor, Monitor

CHANGE_POINTS = 0.5  # a change smaller than half a percentage point counts as "stayed"


def _share_at(frame: pl.DataFrame, year: int) -> float | None:
    row = frame.filter(pl.col("year") == year)
    return row["share_women"][0] if row.height else None


def _band_sentence(band: BandMonitor, year: int, lang: str) -> str | None:
    measured = band.trend.filter(pl.col("share_women").is_not_null() & (pl.col("year") <= year))
    if measured.height < 2:
        return None
    first_year = int(measured["year"][0])
    first, last = measured["share_women"][0], _share_at(band.trend, year)
    if last is None:
        return None
    params = {
        "band": band.band.label(lang),
        "first": format_pct(first, lang),
        "last": format_pct(last, lang),
        "first_year": first_year,
        "year": year,
    }
    if abs(last - first) * 100 < CHANGE_POINTS:
        text = N_("In {band} the share of women stayed at {last} from {first_year} to {year}.")
    elif last > first:
        text = N_(
            "In {band} the share of women rose from {first} in {first_year} to {last} in {year}."
        )
    else:
        text = N_(
            "In {band} the share of women fell from {first} in {first_year} to {last} in {year}."
        )
    return gettext(text, lang, **params)


def _target_sentences(band: BandMonitor, lang: str) -> list[str]:
    status = band.status
    if status is None or status.flow_projection is None:
        return []
    target = status.target
    params = {
        "flow": format_pct(status.flow_projection, lang),
        "target": format_pct(target.target_share, lang),
        "target_year": target.target_year,
    }
    key = (
        N_(
            "At the current rates of hiring, promotion and leaving the band reaches {flow} in "
            "{target_year}: the target of {target} is within reach."
        )
        if status.on_track
        else N_(
            "At the current rates of hiring, promotion and leaving the band reaches {flow} in "
            "{target_year}, short of the target of {target}."
        )
    )
    sentences = [gettext(key, lang, **params)]
    if not status.on_track and status.reachable and status.required_entry_share is not None:
        sentences.append(
            gettext(
                "To reach it, {required} of the people entering the band from now on must be "
                "women.",
                lang,
                required=format_pct(status.required_entry_share, lang),
            )
        )
    elif not status.on_track and not status.reachable:
        sentences.append(
            gettext(
                "Even if every person entering the band were a woman, the target would not be "
                "reached by {target_year}.",
                lang,
                target_year=target.target_year,
            )
        )
    return sentences


def monitor_summary(monitor: Monitor, year: int, lang: str) -> list[str]:
    """Return the report's opening sentences: staff, the bands' trends, the targets, flows."""
    sentences = []
    overall = monitor.overall.filter(pl.col("year") == year)
    if overall.height and overall["men_women"][0] is not None:
        row = overall.row(0, named=True)
        total = row["men_women"] + (row["other"] or 0)
        sentences.append(
            gettext(
                "On the reference date of {year} the organisation had {total} staff; "
                "{share} of the men and women were women.",
                lang,
                year=year,
                total=total,
                share=format_pct(row["share_women"], lang),
            )
        )
    for band in monitor.bands:
        text = _band_sentence(band, year, lang)
        if text:
            sentences.append(" ".join([text, *_target_sentences(band, lang)]))
    flows = monitor.org_flows.filter(pl.col("year") == year)
    counts = {row["flow"]: row["men_women"] for row in flows.iter_rows(named=True)}
    if counts.get("inflow") is not None and counts.get("outflow") is not None:
        sentences.append(
            gettext(
                "In {year} {inflow} people joined the organisation and {outflow} left it.",
                lang,
                year=year,
                inflow=counts["inflow"],
                outflow=counts["outflow"],
            )
        )
    return sentences


def breakdown_chart(frame: pl.DataFrame, key: str, caption: str, lang: str) -> Chart | None:
    """Return a bar chart of the share of women per group (unit, age band), or None."""
    shown = frame.filter(pl.col("share_women").is_not_null())
    if shown.is_empty():
        return None
    figure = bar_chart(
        [str(v) for v in shown[key].to_list()],
        {gettext("share of women", lang): shown["share_women"].to_list()},
        percent=True,
        horizontal=True,
    )
    return make_chart(figure, caption)


def flows_chart(monitor: Monitor, lang: str) -> Chart | None:
    """Return the organisation's inflow and outflow per year as lines, or None."""
    table = monitor.org_flows
    years = table["year"].unique().sort().to_list()
    series = {}
    for key, label in (("inflow", N_("joined")), ("outflow", N_("left"))):
        values = []
        for year in years:
            match = table.filter((pl.col("year") == year) & (pl.col("flow") == key))
            values.append(match["men_women"][0] if match.height else None)
        series[gettext(label, lang)] = values
    if not years or all(v is None for values in series.values() for v in values):
        return None
    caption = gettext("People who joined and left the organisation per year.", lang)
    return make_chart(lines_chart(years, series), caption)


def _women_share(men: int | None, women: int | None) -> float | None:
    if men is None or women is None or men + women == 0:
        return None
    return women / (men + women)


def band_flow_chart(band: BandMonitor, lang: str) -> Chart | None:
    """Return the share of women among those entering and leaving the band, per year."""
    table = band.flows
    years = table["year"].unique().sort().to_list()
    series: dict[str, list[float | None]] = {}
    for key, label in (
        ("band_entries", N_("entering the band")),
        ("band_exits", N_("leaving the band")),
    ):
        values = []
        for year in years:
            match = table.filter((pl.col("year") == year) & (pl.col("flow") == key))
            values.append(
                _women_share(match["men"][0], match["women"][0]) if match.height else None
            )
        series[gettext(label, lang)] = values
    if all(v is None for values in series.values() for v in values):
        return None
    caption = gettext(
        "Share of women among the people entering and leaving {band}, per year (years with a "
        "hidden count are left out).",
        lang,
        band=band.band.label(lang),
    )
    return make_chart(lines_chart(years, series, percent=True), caption)


def overall_chart(monitor: Monitor, lang: str) -> Chart | None:
    """Return the number of men and women employed on each reference date."""
    frame = monitor.overall
    if frame.is_empty():
        return None
    series = {
        gettext("men", lang): frame["men"].to_list(),
        gettext("women", lang): frame["women"].to_list(),
    }
    caption = gettext("Men and women employed on each year's reference date.", lang)
    return make_chart(lines_chart(frame["year"].to_list(), series), caption)


def reasons_chart(monitor: Monitor, year: int, lang: str) -> Chart | None:
    """Return the reasons for leaving in the year, men and women side by side."""
    frame = monitor.outflow_reasons.filter(pl.col("year") == year)
    if frame.is_empty():
        return None
    series = {
        gettext("men", lang): frame["men"].to_list(),
        gettext("women", lang): frame["women"].to_list(),
    }
    figure = bar_chart(frame["exit_reason"].to_list(), series, horizontal=True, hidden="*")
    caption = gettext(
        "Reasons for leaving in {year}, men and women (a hidden count is marked * and has no bar).",
        lang,
        year=year,
    )
    return make_chart(figure, caption)
