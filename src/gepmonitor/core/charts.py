"""Matplotlib charts rendered as SVG text, so web, PDF and PNG show the same picture."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

PALETTE = {
    "women": "#7b2d8e",
    "men": "#1f6f8b",
    "x": "#c77d00",
    "target": "#b00020",
    "grey": "#666",
}


def figure(width: float = 6.4, height: float = 3.2) -> tuple[Figure, plt.Axes]:
    """Return a new figure and axes in the house style."""
    fig, ax = plt.subplots(figsize=(width, height))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#ddd", linewidth=0.6)
    return fig, ax


def to_svg(fig: Figure) -> str:
    """Render a figure to an SVG string and close it."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.find("<svg") :]


def to_png(fig: Figure, dpi: int = 150) -> bytes:
    """Render a figure to PNG bytes and close it."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", dpi=dpi)
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
