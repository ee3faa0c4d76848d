"""Charts of the pay-gap report: quartile bands, gap per category, trend (matplotlib, SVG)."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from gepmonitor.core.charts import PALETTE, figure
from gepmonitor.core.i18n import gettext as _t
from gepmonitor.pay.figures import CategoryFigures, QuartileBand


def quartile_chart(bands: Sequence[QuartileBand], lang: str) -> Figure:
    """Stacked bars: women and men as shares of the women and men in each quartile band.

    Shares are of women and men together (as everywhere in the reports), so a band whose
    small count of other workers is hidden still shows; a band with a hidden count of women
    or men shows no bar.
    """
    fig, ax = figure(6.4, 2.6)
    labels = [_t("Q{q}", lang, q=b.quartile) for b in bands]
    women, men = [], []
    for band in bands:
        both = (band.women or 0.0) + (band.men or 0.0)
        known = band.women is not None and band.men is not None and both > 0
        women.append(band.women / both * 100 if known and band.women is not None else 0.0)
        men.append(band.men / both * 100 if known and band.men is not None else 0.0)
    ax.bar(labels, women, color=PALETTE["women"], label=_t("women", lang))
    ax.bar(labels, men, bottom=women, color=PALETTE["men"], label=_t("men", lang))
    for index, share in enumerate(women):
        if share:
            ax.text(index, share / 2, f"{share:.0f}%", ha="center", color="white", fontsize=8)
    ax.set_ylim(0, 100)
    ax.set_ylabel("%")
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
    return fig


def category_chart(categories: Sequence[CategoryFigures], lang: str) -> Figure:
    """Horizontal bars: mean gap of hourly pay per category, with the 5% lines of art. 10."""
    shown = [c for c in categories if c.hourly.mean_gap is not None]
    fig, ax = figure(6.4, max(1.6, 0.28 * len(shown) + 0.8))
    names = [c.category for c in shown]
    gaps = [c.hourly.mean_gap or 0.0 for c in shown]
    colours = [PALETTE["target"] if c.flagged else PALETTE["grey"] for c in shown]
    ax.barh(names, gaps, color=colours)
    for limit in (-5, 5):
        ax.axvline(limit, color=PALETTE["target"], linewidth=0.8, linestyle="--")
    ax.axvline(0, color="#333", linewidth=0.6)
    ax.invert_yaxis()
    ax.grid(axis="x", color="#ddd", linewidth=0.6)
    ax.set_xlabel(_t("mean gap of hourly pay (%)", lang))
    return fig


def trend_chart(
    years: Sequence[int], means: Sequence[float | None], medians: Sequence[float | None], lang: str
) -> Figure:
    """Lines: the mean and median gap of hourly pay over the years."""
    fig, ax = figure(6.4, 2.6)
    for label, values, style in (
        (_t("mean", lang), means, "-"),
        (_t("median", lang), medians, "--"),
    ):
        points = [(y, v) for y, v in zip(years, values, strict=True) if v is not None]
        ax.plot(
            [p[0] for p in points],
            [p[1] for p in points],
            style,
            marker="o",
            color=PALETTE["women"],
            label=label,
        )
    ax.axhline(0, color="#333", linewidth=0.6)
    ax.set_xticks(list(years))
    ax.set_ylabel("%")
    ax.legend(frameon=False, fontsize=8)
    return fig
