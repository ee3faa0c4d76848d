"""Numbers and dates in Dutch and English (Babel): '67,6%', '1.234,5', '2 januari 2025'.

Rounding is half up, as people round by hand (0.6765 -> 67,7%), before Babel lays the number
out in the language's way. English output uses British conventions (en_GB: '2 January 2025'),
matching the British spelling of the English texts. ISO dates are for CSV and JSON only.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal

from gepmonitor.core.lang import normalise_lang

if TYPE_CHECKING:
    from babel import Locale

DateStyle = Literal["long", "short"]
# CLDR's patterns for nl are 'd MMMM y' and 'dd-MM-y'; for en_GB 'd MMMM y' and 'dd/MM/y'.
DATE_PATTERNS = {"long": "d MMMM y", "short": "dd-MM-y"}


@cache
def _locale(lang: str | None) -> Locale:
    from babel import Locale

    return Locale.parse("en_GB" if normalise_lang(lang) == "en" else "nl")


def _rounded(value: float | Decimal, decimals: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


# Pages format the same few hundred values again and again; Babel takes tens of microseconds
# per number, so results are kept.
@lru_cache(maxsize=16384)
def _format(value: float | Decimal, decimals: int, lang: str | None, percent: bool) -> str:
    from babel.numbers import format_decimal, format_percent

    if percent:
        rounded = _rounded(value, decimals + 2)
        return format_percent(rounded, _pattern(decimals) + "%", locale=_locale(lang))
    return format_decimal(_rounded(value, decimals), _pattern(decimals), locale=_locale(lang))


def format_pct(share: float | None, lang: str | None = "nl", decimals: int = 1) -> str:
    """Format a share (0..1) as a percentage: 0.676 -> '67,6%' (nl) or '67.6%' (en)."""
    return "–" if share is None else _format(share, decimals, normalise_lang(lang), True)


def format_number(value: float | None, lang: str | None = "nl", decimals: int = 1) -> str:
    """Format a number with grouping and decimals: 1234.5 -> '1.234,5' (nl), '1,234.5' (en)."""
    return "–" if value is None else _format(value, decimals, normalise_lang(lang), False)


def format_integer(value: int | None, lang: str | None = "nl") -> str:
    """Format a whole number with grouping: 1600 -> '1.600' (nl), '1,600' (en)."""
    return format_number(value, lang, 0)


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


def format_date(day: date | datetime | None, lang: str | None = "nl", style: str = "long") -> str:
    """Format a date for people: '2 januari 2025' / '02-01-2025' (nl), '2 January 2025' (en)."""
    if day is None:
        return "–"
    if isinstance(day, datetime):
        day = day.date()  # the pattern has no time: one cached entry per day
    return _format_day(day, normalise_lang(lang), "short" if style == "short" else "long")


# A register page writes hundreds of dates; Babel takes tens of microseconds per date.
@lru_cache(maxsize=16384)
def _format_day(day: date, lang: str, style: str) -> str:
    from babel.dates import format_date as babel_format_date

    locale = _locale(lang)
    pattern = DATE_PATTERNS[style]
    if style == "short" and locale.language == "en":
        pattern = "dd/MM/y"
    return babel_format_date(day, pattern, locale=locale)


def format_moment(moment: datetime, lang: str | None = "nl") -> str:
    """Return a moment as people write it, in UTC as stored: '2 januari 2025, 13:05 UTC'."""
    from babel.dates import format_datetime

    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    pattern = f"{DATE_PATTERNS['long']}, HH:mm"
    text = format_datetime(moment.astimezone(UTC), pattern, tzinfo=UTC, locale=_locale(lang))
    return f"{text} UTC"
