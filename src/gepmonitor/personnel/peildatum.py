"""Who counts as staff on a peildatum, and which snapshot counts for a year (pure rules).

Staff on a peildatum: hired on or before it (or no hire date) and not left before it. Whether an
exit dated on the peildatum itself still counts is the organisation's choice; the default follows
the inter-provincial Personeelsmonitor Provincies, which counts the people employed ("in dienst")
on its peildatum, 31 December: an exit date is the last day of employment, so a person whose exit
date is the peildatum is still employed on it and counts (and is outflow of the next period).

One snapshot counts for a year (its reference snapshot): the last one in the year, or, when the
organisation sets a reference month-day, the one on that day (a year without a snapshot on that
day has no yearly figures). Other snapshots stay stored for their own date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import polars as pl


@dataclass(frozen=True)
class PeildatumRule:
    """An organisation's rules: reference month-day (None = last in the year), exits on the day."""

    reference_day: tuple[int, int] | None = None
    exit_on_peildatum_is_staff: bool = True

    def reference_text(self) -> str:
        """Return the reference month-day as 'MM-DD', or '' for 'the last one in the year'."""
        if self.reference_day is None:
            return ""
        return f"{self.reference_day[0]:02d}-{self.reference_day[1]:02d}"


DEFAULT_RULE = PeildatumRule()


def parse_month_day(text: str) -> tuple[int, int] | None:
    """Return (month, day) from 'MM-DD' text, or None when it is not a day of the year."""
    parts = text.strip().split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    month, day = int(parts[0]), int(parts[1])
    try:
        date(2024, month, day)  # a leap year, so 02-29 is a valid reference day
    except ValueError:
        return None
    return month, day


def staff_expr(rule: PeildatumRule = DEFAULT_RULE) -> pl.Expr:
    """Return an expression that is true for rows that are staff on their row's peildatum."""
    peildatum = pl.col("peildatum")
    hired = pl.col("hire_date").is_null() | (pl.col("hire_date") <= peildatum)
    if rule.exit_on_peildatum_is_staff:
        stays = pl.col("exit_date").is_null() | (pl.col("exit_date") >= peildatum)
    else:
        stays = pl.col("exit_date").is_null() | (pl.col("exit_date") > peildatum)
    return (hired & stays).fill_null(False)


def reference_peildata(
    peildata: Iterable[date], rule: PeildatumRule = DEFAULT_RULE
) -> dict[int, date]:
    """Return per year the peildatum whose snapshot counts for that year."""
    result: dict[int, date] = {}
    for day in sorted(peildata):
        if rule.reference_day is None:
            result[day.year] = day  # sorted: the last one in the year wins
        elif (day.month, day.day) == rule.reference_day:
            result[day.year] = day
    return result
