"""Matplotlib charts rendered as SVG text, so web, PDF and PNG show the same picture."""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
# The same data gives the same SVG: fixed element ids and no creation date in the file, so a
# report can be compared byte for byte with an earlier run.
matplotlib.rcParams["svg.hashsalt"] = "gepmonitor"
import matplotlib.pyplot as plt  # noqa: E402
from markupsafe import Markup  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

PALETTE = {
    "women": "#7b2d8e",
    "men": "#1f6f8b",
    "x": "#c77d00",
    "target": "#b00020",
    "grey": "#666",
}


def figure(width: float = 6.4, height: float = 2.8) -> tuple[Figure, plt.Axes]:
    """Return a new figure and axes in the house style."""
    fig, ax = plt.subplots(figsize=(width, height))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#ddd", linewidth=0.6)
    return fig, ax


def to_svg(fig: Figure) -> str:
    """Render a figure to an SVG string and close it."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.find("<svg") :]


def to_png(fig: Figure, dpi: int = 150) -> bytes:
    """Render a figure to PNG bytes and close it."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def share_trend_chart(
    years: Sequence[int],
    shares: Sequence[float | None],
    *,
    title: str,
    target_share: float | None = None,
    target_year: int | None = None,
    projections: Mapping[str, tuple[Sequence[int], Sequence[float]]] | None = None,
) -> Figure:
    """Plot the share of women over years, with an optional target point and projections."""
    fig, ax = figure()
    points = [(y, s) for y, s in zip(years, shares, strict=True) if s is not None]
    if points:
        ax.plot(
            [p[0] for p in points],
            [p[1] * 100 for p in points],
            marker="o",
            color=PALETTE["women"],
            label=title,
        )
    for index, (label, (proj_years, proj_shares)) in enumerate((projections or {}).items()):
        ax.plot(
            list(proj_years),
            [s * 100 for s in proj_shares],
            linestyle="--" if index == 0 else ":",
            color=PALETTE["grey"],
            label=label,
        )
    if target_share is not None:
        ax.axhline(
            target_share * 100, color=PALETTE["target"], linewidth=1, label=f"{target_share:.0%}"
        )
        if target_year is not None:
            ax.plot(
                [target_year],
                [target_share * 100],
                marker="*",
                markersize=12,
                color=PALETTE["target"],
            )
    ax.set_ylim(0, 100)
    ax.set_ylabel("%")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if ax.get_legend_handles_labels()[0]:
        ax.legend(frameon=False, fontsize=8, loc="lower right")
    return fig


SERIES_COLOURS = ("#1f6f8b", "#7b2d8e", "#c77d00", "#2e6b3f", "#b00020", "#666")
# While set (the DOCX version of a report), charts come out as PNG images: Word shows no SVG.
_RASTER: ContextVar[bool] = ContextVar("gepmonitor_raster_charts", default=False)


@contextmanager
def raster_charts() -> Iterator[None]:
    """Within the block, chart_markup gives PNG images instead of SVG."""
    token = _RASTER.set(True)
    try:
        yield
    finally:
        _RASTER.reset(token)


def chart_markup(fig: Figure, alt: str) -> Markup:
    """Return a chart as HTML: inline SVG with its text alternative (PNG for a DOCX)."""
    if _RASTER.get():
        data = base64.b64encode(to_png(fig, dpi=200)).decode()
        return Markup('<img class="chart-image" src="data:image/png;base64,{}" alt="{}">').format(
            Markup(data), alt
        )
    svg = to_svg(fig)
    return Markup('<div class="chart-svg" role="img" aria-label="{}">{}</div>').format(
        alt, Markup(svg)
    )


def bar_chart(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    percent: bool = False,
    horizontal: bool = False,
    stacked: bool = False,
    colours: Sequence[str] = SERIES_COLOURS,
    target: float | None = None,
    width: float = 6.4,
    height: float | None = None,
    hidden: str = "",
) -> Figure:
    """Draw bars per category, one bar (or stack part) per series; None draws no bar.

    With `hidden` (e.g. "*"), a None value is a suppressed count: no bar, and the mark where the
    bar would end, so a reader never takes it for zero.
    """
    if height is None:
        height = max(1.8, 0.24 * len(categories) + 0.8) if horizontal else 2.8
    fig, ax = figure(width, height)
    count = max(1, len(series))
    step = 0.8 if stacked else 0.8 / count
    base = [0.0] * len(categories)
    for index, (label, values) in enumerate(series.items()):
        shown = [(v or 0.0) * (100 if percent else 1) for v in values]
        offset = 0.0 if stacked else (index - (count - 1) / 2) * step
        positions = [i + offset for i in range(len(categories))]
        draw = ax.barh if horizontal else ax.bar
        bars = draw(
            positions, shown, step, base if stacked else 0.0,
            color=colours[index % len(colours)], label=label,
        )  # fmt: skip
        every_label = not stacked and len(categories) * count <= 24
        if every_label or (hidden and None in values):
            labels = [
                hidden if v is None else (_bar_label(v, percent) if every_label else "")
                for v in values
            ]
            ax.bar_label(bars, labels=labels, fontsize=7, padding=2)
        if stacked:
            base = [b + s for b, s in zip(base, shown, strict=True)]
    ticks = list(range(len(categories)))
    if horizontal:
        ax.set_yticks(ticks, list(categories), fontsize=8)
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", color="#ddd", linewidth=0.6)
    else:
        ax.set_xticks(ticks, list(categories), fontsize=8)
    if percent:
        top = max((v or 0.0 for values in series.values() for v in values), default=0.0)
        upper = 100 if top > 0.5 else max(5, math.ceil(top * 125 / 5) * 5)
        (ax.set_xlim if horizontal else ax.set_ylim)(0, upper)
        (ax.set_xlabel if horizontal else ax.set_ylabel)("%")
    if target is not None:
        line = ax.axvline if horizontal else ax.axhline
        line(target * (100 if percent else 1), color=PALETTE["target"], linewidth=1)
    if len(series) > 1:
        ax.legend(frameon=False, fontsize=8, loc="best")
    return fig


def _bar_label(value: float | None, percent: bool) -> str:
    if value is None:
        return ""
    return f"{value * 100:.0f}%" if percent else f"{value:g}"


def lines_chart(
    years: Sequence[int],
    series: Mapping[str, Sequence[float | None]],
    *,
    percent: bool = False,
    colours: Sequence[str] = SERIES_COLOURS,
    width: float = 6.4,
    height: float = 2.5,
) -> Figure:
    """Draw one line per series over the years; None leaves a gap."""
    fig, ax = figure(width, height)
    for index, (label, values) in enumerate(series.items()):
        points = [(y, v) for y, v in zip(years, values, strict=True) if v is not None]
        ax.plot(
            [p[0] for p in points],
            [p[1] * (100 if percent else 1) for p in points],
            marker="o",
            color=colours[index % len(colours)],
            label=label,
        )
    if years:  # the whole period on the axis, even where hidden values leave one point
        ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if percent:
        ax.set_ylim(0, 100)
        ax.set_ylabel("%")
    else:
        ax.set_ylim(bottom=0)
    if len(series) > 1:
        ax.legend(frameon=False, fontsize=8, loc="best")
    return fig


@dataclass(frozen=True)
class Chart:
    """A chart for a report or page: its markup and the caption that says what it shows."""

    markup: Markup
    caption: str


def make_chart(fig: Figure, caption: str) -> Chart:
    """Return the figure as a captioned chart (the caption is also its text alternative)."""
    return Chart(chart_markup(fig, caption), caption)
