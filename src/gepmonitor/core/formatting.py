"""Number formatting in Dutch and English: shares with one decimal, counts with suppression."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def format_pct(share: float | None, lang: str = "nl", decimals: int = 1) -> str:
    """Format a share (0..1) as a percentage: 0.676 -> '67,6%' (nl) or '67.6%' (en)."""
    if share is None:
        return "–"
    quantum = Decimal(1).scaleb(-decimals)
    value = (Decimal(str(share)) * 100).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{value:.{decimals}f}"
    if lang == "nl":
        text = text.replace(".", ",")
    return f"{text}%"


# A hidden cell is either a count below the minimum or a larger one hidden because a small count
# could be worked out from it; '<5' would be false for the second kind, so one neutral mark.
SUPPRESSED_MARK = "*"


def format_count(count: int | None, min_cell: int) -> str:
    """Format a count, showing the suppression mark '*' for a hidden (None) count."""
    return SUPPRESSED_MARK if count is None else str(count)


def format_count_share(count: int | None, share: float | None, lang: str, min_cell: int) -> str:
    """Format a count with its share as in the plans: '200 (67,6%)'."""
    if count is None:
        return format_count(None, min_cell)
    return f"{count} ({format_pct(share, lang)})"


def format_number(value: float | None, lang: str = "nl", decimals: int = 1) -> str:
    """Format a number with a Dutch decimal comma or an English decimal point."""
    if value is None:
        return "–"
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def format_date(day: date, lang: str = "nl") -> str:
    """Format a date in words: '31 december 2025' (nl) or '31 December 2025' (en)."""
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(day, format="d MMMM y", locale="nl" if lang == "nl" else "en"))
