"""Privacy rules: pseudonymous keys for people and small-cell suppression of aggregates."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

import polars as pl


def pseudonymise(identifier: str, secret: str) -> str:
    """Return the HMAC-SHA256 pseudonym (hex, 32 chars) of a personnel number or similar key."""
    normalised = identifier.strip().upper()
    digest = hmac.new(secret.encode("utf-8"), normalised.encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()[:32]


def is_small(count: int | None, min_cell: int) -> bool:
    """Return whether a count must be suppressed: more than zero but below the minimum."""
    return count is not None and 0 < count < min_cell


def suppress_group_counts(
    frame: pl.DataFrame,
    count_columns: Sequence[str],
    min_cell: int,
    *,
    total_column: str | None = None,
    dependent_columns: Sequence[str] = (),
    exact: bool = False,
) -> pl.DataFrame:
    """Null out small counts per row, with complementary suppression inside the row.

    If any count in ``count_columns`` of a row is small, all of that row's counts and its
    ``dependent_columns`` (shares derived from them) become null, because with the total shown
    one small cell could be recovered from the others. A total below the minimum is nulled too.
    Nothing changes when ``exact`` is true (a role that may see small numbers asked for them).
    """
    if exact or frame.is_empty():
        return frame
    any_small = pl.any_horizontal(
        [(pl.col(c) > 0) & (pl.col(c) < min_cell) for c in count_columns]
    ).fill_null(False)
    hide = any_small
    if total_column is not None:
        hide = hide | ((pl.col(total_column) > 0) & (pl.col(total_column) < min_cell))
    nulled = [
        pl.when(hide).then(None).otherwise(pl.col(c)).alias(c)
        for c in [*count_columns, *dependent_columns]
    ]
    if total_column is not None:
        small_total = (pl.col(total_column) > 0) & (pl.col(total_column) < min_cell)
        nulled.append(
            pl.when(small_total).then(None).otherwise(pl.col(total_column)).alias(total_column)
        )
    return frame.with_columns(nulled)


def suppress_value(count: int | None, min_cell: int, *, exact: bool = False) -> int | None:
    """Return the count, or None when it must be suppressed."""
    if exact or not is_small(count, min_cell):
        return count
    return None
