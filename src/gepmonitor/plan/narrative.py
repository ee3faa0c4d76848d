"""The plan report's summary in words and its KPI chart, from the measures' KPI values."""

from __future__ import annotations

from collections import Counter

from gepmonitor.core.charts import Chart, bar_chart, make_chart
from gepmonitor.core.i18n import N_, gettext, ngettext
from gepmonitor.plan.kpis import MeasureView
from gepmonitor.plan.service import STATUSES

SHARE_KINDS = ("reach", "appointments_13", "women_13")
# A status counted in a sentence ("4 lopend"): the table label ("loopt") does not follow a number.
STATUS_COUNTS = {
    "planned": N_("{count} planned"),
    "running": N_("{count} running"),
    "done": N_("{count} done"),
    "stopped": N_("{count} stopped"),
}


def is_share(view: MeasureView) -> bool:
    """Return whether a measure's KPI is a share (shown as a percentage)."""
    return view.kpi_kind in SHARE_KINDS or (view.target is not None and view.target <= 1)


def plan_summary(views: list[MeasureView], year: int, reach: str, lang: str) -> list[str]:
    """Return the opening sentences: measures by status, KPIs against targets, reach."""
    statuses = Counter(v.status for v in views)
    parts = [gettext(STATUS_COUNTS[s], lang, count=statuses[s]) for s in STATUSES if statuses[s]]
    sentences = [
        ngettext(
            "The plan has {count} measure: {parts}.",
            "The plan has {count} measures: {parts}.",
            len(views),
            lang,
            count=len(views),
            parts=", ".join(parts),
        )
    ]
    measured = [v for v in views if v.measured is not None and v.target is not None]
    if measured:
        met = [v for v in measured if (v.measured or 0) + 1e-9 >= (v.target or 0)]
        sentences.append(
            ngettext(
                "Of the {count} KPI with a value for {year}, {met} reaches its target.",
                "Of the {count} KPIs with a value for {year}, {met} reach their target.",
                len(measured),
                lang,
                count=len(measured),
                year=year,
                met=len(met),
            )
        )
    missing = [v for v in views if v.measured is None and v.kpi]
    if missing:
        sentences.append(
            ngettext(
                "{count} KPI has no value yet: {kpis}.",
                "{count} KPIs have no value yet: {kpis}.",
                len(missing),
                lang,
                count=len(missing),
                kpis="; ".join(v.kpi for v in missing),
            )
        )
    sentences.append(reach)
    return sentences


def kpi_chart(views: list[MeasureView], year: int, lang: str) -> Chart | None:
    """Return each share KPI's measured value next to its target."""
    shown = [v for v in views if is_share(v) and v.measured is not None]
    if not shown:
        return None
    series = {
        gettext("measured", lang): [v.measured for v in shown],
        gettext("target", lang): [v.target for v in shown],
    }
    figure = bar_chart([v.kpi for v in shown], series, percent=True, horizontal=True)
    caption = gettext("KPIs measured for {year} against their targets.", lang, year=year)
    return make_chart(figure, caption)
