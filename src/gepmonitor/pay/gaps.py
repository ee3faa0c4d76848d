"""Gap arithmetic shared by the art. 9 figures, with the conventions of other tools as options.

gepmonitor's own figures use one convention (men are the reference, percentages of the men's
figure, both groups at least the minimum cell); the parameters here also express those of the
British Columbia pay transparency tool and the French egapro index, so their published test
cases run through the same code (tests/pay/test_vectors.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import polars as pl

Statistic = Literal["mean", "median"]
QuartileRule = Literal["directive", "bcgov"]
Basis = Literal["workers", "receivers"]


def gap_pct(men: float | None, women: float | None) -> float | None:
    """Return (men - women) / men x 100, or None when either is missing or men's is 0."""
    if men is None or women is None or men == 0:
        return None
    return (men - women) / men * 100


def difference(reference: float | None, group: float | None) -> float | None:
    """Return group - reference (an absolute difference, e.g. in hours), None when missing."""
    if reference is None or group is None:
        return None
    return group - reference


@dataclass(frozen=True)
class GroupStat:
    """The statistics of one gender group over the values a figure is computed on."""

    count: int  # values the statistic is computed on
    mean: float | None
    median: float | None


def group_stats(
    frame: pl.DataFrame, value: str, *, nonzero_only: bool = False, group: str = "gender"
) -> dict[str, GroupStat]:
    """Return count, mean and median of a value per group (only values > 0 when nonzero_only)."""
    data = frame.filter(pl.col(value) > 0) if nonzero_only else frame
    rows = (
        data.group_by(group)
        .agg(
            pl.len().alias("count"),
            pl.col(value).mean().alias("mean"),
            pl.col(value).median().alias("median"),
        )
        .iter_rows(named=True)
    )
    return {row[group]: GroupStat(row["count"], row["mean"], row["median"]) for row in rows}


def group_gaps(
    stats: Mapping[str, GroupStat],
    *,
    reference_preference: Sequence[str],
    statistic: Statistic,
    min_count: int,
    min_groups: int = 2,
    absolute: bool = False,
) -> tuple[str | None, dict[str, float | None]]:
    """Return the reference group and each group's gap to it, with a tool's conventions.

    The reference is the first group of the preference with at least min_count values; a group
    with fewer values gets None; when fewer than min_groups groups (the reference included) have
    a value, every gap is None. ``absolute`` gives group - reference instead of a percentage.
    """
    reference = next(
        (code for code in reference_preference if stats.get(code, _EMPTY).count >= min_count),
        None,
    )
    gaps: dict[str, float | None] = {code: None for code in stats}
    if reference is None:
        return None, gaps
    ref_value = getattr(stats[reference], statistic)
    for code, stat in stats.items():
        if stat.count >= min_count:
            own = getattr(stat, statistic)
            gaps[code] = difference(ref_value, own) if absolute else gap_pct(ref_value, own)
    if sum(value is not None for value in gaps.values()) < min_groups:
        gaps = {code: None for code in gaps}
    return reference, gaps


_EMPTY = GroupStat(0, None, None)


def quartile_bounds(n: int, rule: QuartileRule = "directive") -> list[tuple[int, int]]:
    """Return each band's 0-based [start, end) ranks for n workers sorted by pay ascending.

    ``directive`` (gepmonitor): band q holds ranks floor(n(q-1)/4) .. floor(nq/4)-1.
    ``bcgov`` (British Columbia's tool): the end ranks ceil(n/4-1), round(n/2-1) and
    floor(3n/4-1) (n even), round(3n/4-1) (n % 4 == 1), or ceil(n/2-1) (n % 4 == 3), so that
    the extra workers go to band 1, then band 4, then band 2.
    """
    if rule == "directive":
        cuts = [n * q // 4 for q in range(5)]
        return [(cuts[q], cuts[q + 1]) for q in range(4)]

    def half_up(x: float) -> int:
        return math.floor(x + 0.5)

    first = math.ceil(n / 4 - 1)
    if n % 4 == 3:
        second, third = math.ceil(n / 2 - 1), math.floor(3 * n / 4 - 1)
    elif n % 4 == 1:
        second, third = half_up(n / 2 - 1), half_up(3 * n / 4 - 1)
    else:
        second, third = half_up(n / 2 - 1), math.floor(3 * n / 4 - 1)
    ends = [first + 1, second + 1, third + 1, n]
    starts = [0, *ends[:3]]
    return list(zip(starts, ends, strict=True))


def receiving_pct(
    frame: pl.DataFrame,
    value: str,
    *,
    min_count: int,
    basis: Basis = "workers",
    reference_preference: Sequence[str] = ("m",),
    min_groups: int = 2,
    group: str = "gender",
) -> dict[str, float | None]:
    """Return per group the percentage of workers with value > 0.

    A group's share is shown when its workers (basis ``workers``) or its receivers (basis
    ``receivers``) number at least min_count, and the reference group's do too; when fewer than
    min_groups groups have a share, none is shown.
    """
    rows = (
        frame.group_by(group)
        .agg(pl.len().alias("n"), (pl.col(value) > 0).sum().alias("r"))
        .iter_rows(named=True)
    )
    counts = {row[group]: (row["n"], row["r"]) for row in rows}

    def enough(code: str) -> bool:
        workers, receivers = counts.get(code, (0, 0))
        return (workers if basis == "workers" else receivers) >= min_count

    shares: dict[str, float | None] = {code: None for code in counts}
    if not any(enough(code) for code in reference_preference[:1]):
        return shares
    for code, (workers, receivers) in counts.items():
        if enough(code) and workers:
            shares[code] = receivers / workers * 100
    if sum(share is not None for share in shares.values()) < min_groups:
        shares = {code: None for code in shares}
    return shares


def exceeds(gap: float | None, threshold: float = 5.0, *, two_sided: bool = True) -> bool:
    """Return whether a gap reaches the threshold (|gap| when two-sided; None never does)."""
    if gap is None:
        return False
    return (abs(gap) if two_sided else gap) >= threshold


def balance(women_share: float, tolerance: float = 0.05) -> str:
    """Return the under-represented side ('women', 'men'), or 'balanced' within 0.5 +- tolerance."""
    if women_share < 0.5 - tolerance - 1e-12:
        return "women"
    if women_share > 0.5 + tolerance + 1e-12:
        return "men"
    return "balanced"


def gap_direction(pairs: Sequence[tuple[float | None, float | None]]) -> str:
    """Return who earns less in more of the (women, men) pairs: 'women', 'men' or 'balanced'.

    Pairs with a missing value are skipped.
    """
    women_lower = sum(1 for w, m in pairs if w is not None and m is not None and w < m)
    men_lower = sum(1 for w, m in pairs if w is not None and m is not None and m < w)
    if women_lower == men_lower:
        return "balanced"
    return "women" if women_lower > men_lower else "men"


def next_band_start(threshold: float | None) -> float | None:
    """Return where the next pay band starts when a band ends at threshold: one cent higher."""
    if threshold is None:
        return None
    return round(threshold + 0.01, 2)
