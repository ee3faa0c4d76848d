"""Privacy rules: pseudonymous keys for people and small-cell suppression of aggregates."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl


def normalise_identifier(identifier: str) -> str:
    """Return a personnel number as it is pseudonymised: trimmed, upper case."""
    return identifier.strip().upper()


def pseudonymise(identifier: str, secret: str) -> str:
    """Return the HMAC-SHA256 pseudonym (hex, 32 chars) of a personnel number or similar key."""
    normalised = normalise_identifier(identifier)
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


Relation = Sequence[tuple[Hashable, int]]
"""One linear equation between published cells: sum(coefficient * value) == 0."""


def protect_cells(
    values: Mapping[Hashable, int],
    relations: Sequence[Relation],
    min_cell: int,
    cost: Callable[[Hashable], tuple[Any, ...]] = lambda key: (),
    also_hide: Iterable[Hashable] = (),
    unpublished: Iterable[Hashable] = (),
) -> set[Hashable]:
    """Return the cells to hide: every small count, plus complements so none is derivable.

    Primary suppression hides counts from 1 to below ``min_cell``. Secondary (complementary)
    suppression then hides further cells until no hidden cell follows from the shown cells
    through the ``relations`` (row and column totals, stock = previous stock + in - out, ...),
    alone or combined. Complements are the cheapest shown cells by ``cost`` (lower first),
    positive counts before zeros, so as little as possible is hidden. ``also_hide`` names more
    cells to hide from the start (e.g. zeros of a group that is too small as a whole).
    ``unpublished`` names cells that are not shown for another reason (no data): a reader does
    not know them, so they count as unknowns, but they need no protection themselves.
    """
    blank = set(unpublished)
    hidden = {key for key, value in values.items() if is_small(value, min_cell)} - blank
    hidden |= set(also_hide) - blank
    if not hidden:
        return hidden
    by_cell: dict[Hashable, list[int]] = {}
    for index, relation in enumerate(relations):
        for key, _ in relation:
            by_cell.setdefault(key, []).append(index)

    def rank(key: Hashable) -> tuple[Any, ...]:
        return (*cost(key), values[key] == 0, values[key], repr(key))

    while True:
        _close_single_gaps(relations, hidden, blank, rank)
        exposed = _derivable(relations, hidden | blank) - blank
        complements = {
            _complement(key, relations, by_cell, hidden | blank, rank)
            for key in sorted(exposed, key=repr)
        } - {None}
        if not complements:  # nothing exposed, or nothing left that could be hidden
            return hidden
        # One complement per round: it may protect several exposed cells at once.
        hidden.add(min(complements, key=rank))


def _close_single_gaps(
    relations: Sequence[Relation],
    hidden: set[Hashable],
    blank: set[Hashable],
    rank: Callable[[Hashable], tuple[Any, ...]],
) -> None:
    """Hide a complement in every relation that has exactly one hidden cell, until none has."""
    changed = True
    while changed:
        changed = False
        for relation in relations:
            shown = [key for key, _ in relation if key not in hidden and key not in blank]
            unknown = len(relation) - len(shown)
            if unknown == 1 and shown and any(key in hidden for key, _ in relation):
                hidden.add(min(shown, key=rank))
                changed = True


def _derivable(relations: Sequence[Relation], hidden: set[Hashable]) -> set[Hashable]:
    """Return the hidden cells that the relations pin down together (linear algebra)."""
    touching = [[(k, c) for k, c in r if k in hidden] for r in relations]
    groups: dict[Hashable, Hashable] = {}

    def root(key: Hashable) -> Hashable:
        while groups.setdefault(key, key) != key:
            key = groups[key]
        return key

    for relation in touching:
        for (first, _), (other, _) in zip(relation, relation[1:], strict=False):
            groups[root(other)] = root(first)
    components: dict[Hashable, list[list[tuple[Hashable, int]]]] = {}
    for relation in touching:
        if relation:
            components.setdefault(root(relation[0][0]), []).append(relation)
    pinned: set[Hashable] = set()
    for component in components.values():
        pinned |= _pinned(component)
    return pinned


def _pinned(relations: Sequence[Relation]) -> set[Hashable]:
    """Return the unknowns of a homogeneous linear system that have one possible value."""
    import numpy as np

    cells = sorted({key for r in relations for key, _ in r}, key=repr)
    column = {key: index for index, key in enumerate(cells)}
    matrix = np.zeros((len(relations), len(cells)))
    for row, relation in enumerate(relations):
        for key, coefficient in relation:
            matrix[row, column[key]] += coefficient
    # An unknown is determined iff it is zero in every vector of the null space.
    _, singular, right = np.linalg.svd(matrix, full_matrices=True)
    rank = int((singular > 1e-9).sum())
    null_space = right[rank:]
    if null_space.shape[0] == 0:
        return set(cells)
    fixed = np.all(np.abs(null_space) < 1e-9, axis=0)
    return {cells[index] for index in np.flatnonzero(fixed)}


def _complement(
    key: Hashable,
    relations: Sequence[Relation],
    by_cell: Mapping[Hashable, list[int]],
    hidden: set[Hashable],
    rank: Callable[[Hashable], tuple[Any, ...]],
) -> Hashable | None:
    """Return the cheapest shown cell linked to key (directly, else through hidden cells)."""
    seen, frontier = {key}, [key]
    while frontier:
        linked = {
            other
            for cell in frontier
            for index in by_cell.get(cell, [])
            for other, _ in relations[index]
        }
        shown = [other for other in linked if other not in hidden]
        if shown:
            return min(shown, key=rank)
        frontier = [other for other in linked if other not in seen]
        seen.update(frontier)
    return None


@dataclass(frozen=True)
class GenderSplit:
    """Counts of women, men and x/unknown as published; None is hidden.

    ``total`` is the published total and ``covers`` says of whom: "all" (women + men + other),
    "men_women" (the small x/unknown group left out, labelled "men and women"), or None when no
    total can be shown.
    """

    women: int | None
    men: int | None
    other: int | None
    total: int | None
    covers: str | None


def split_by_gender(
    women: int, men: int, other: int, min_cell: int, *, exact: bool = False
) -> GenderSplit:
    """Publish a women/men/other split without ever hiding women or men to protect x/unknown.

    A small x/unknown count is hidden and the total becomes men + women (labelled so), which
    gives nothing of it away. A small count of women or men is hidden with the total (which
    would give it back); the other figures stay. Zeros are shown: a known zero reveals nothing.
    """
    if exact:
        return GenderSplit(women, men, other, women + men + other, "all")
    hide_women, hide_men = is_small(women, min_cell), is_small(men, min_cell)
    hide_other = is_small(other, min_cell)
    shown_other = None if hide_other else other
    if hide_women or hide_men:
        return GenderSplit(
            None if hide_women else women, None if hide_men else men, shown_other, None, None
        )
    if hide_other:
        return GenderSplit(women, men, None, women + men, "men_women")
    return GenderSplit(women, men, other, women + men + other, "all")
