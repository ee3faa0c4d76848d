"""The art. 9 figures as plain data: the JSON of `gep paygap` and the API, and table rows."""

from __future__ import annotations

from typing import Any

from gepmonitor.pay.figures import PayGapFigures


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def figures_json(figures: PayGapFigures, statuses: dict[str, str] | None = None) -> dict[str, Any]:
    """Return the figures with the documented keys; gaps in percent, suppressed values null."""
    statuses = statuses or {}
    return {
        "year": figures.year,
        "min_cell": figures.min_cell,
        "exact": figures.exact,
        "workers": {"women": figures.women, "men": figures.men, "other": figures.other},
        "mean_gap_hourly_pct": _round(figures.hourly.mean_gap),
        "median_gap_hourly_pct": _round(figures.hourly.median_gap),
        "mean_gap_annual_pct": _round(figures.annual.mean_gap),
        "median_gap_annual_pct": _round(figures.annual.median_gap),
        "mean_gap_complementary_pct": _round(figures.complementary.mean_gap),
        "median_gap_complementary_pct": _round(figures.complementary.median_gap),
        "share_receiving_complementary_pct": {
            "women": _round(figures.receiving.women_pct),
            "men": _round(figures.receiving.men_pct),
        },
        "quartiles": [
            {
                "quartile": band.quartile,
                "workers": band.workers,
                "women": band.women,
                "men": band.men,
                "other": band.other,
                "women_pct": _round(band.women_pct),
                "men_pct": _round(band.men_pct),
            }
            for band in figures.quartiles
        ],
        "categories": [
            {
                "category": c.category,
                "women": c.women,
                "men": c.men,
                "other": c.other,
                "mean_gap_basic_pct": _round(c.basic.mean_gap),
                "median_gap_basic_pct": _round(c.basic.median_gap),
                "mean_gap_complementary_pct": _round(c.complementary.mean_gap),
                "median_gap_complementary_pct": _round(c.complementary.median_gap),
                "mean_gap_hourly_pct": _round(c.hourly.mean_gap),
                "median_gap_hourly_pct": _round(c.hourly.median_gap),
                "flagged": c.flagged,
                "status": statuses.get(c.category) if c.flagged is not None else None,
            }
            for c in figures.categories
        ],
    }
