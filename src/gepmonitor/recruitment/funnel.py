"""The selection funnel by gender: pure functions, counts in, suppressed figures out.

Definitions (docs/recruitment.md, "Funnel by gender"):

- reached(stage): candidates whose furthest stage is this stage or a later one.
- selection rate at a stage: reached(stage) / reached(previous stage), per gender; the last
  line, applied -> appointed, is reached(appointed) / reached(applied).
- adverse-impact ratio (AIR): the women's selection rate / the men's.
- four-fifths rule: one group's rate below 4/5 of the other's (AIR < 0.8 or AIR > 1.25).
- significance: Fisher's exact test (two-sided) on the 2x2 table selected / not selected by
  women and men; exact, so it holds for small numbers.
- signal: the four-fifths rule is broken AND the difference is significant at 5%.

Bands partition the scales (1-10, 11-12, 13 and higher) so that no band is a difference of two
others; "all" is their sum. Only women's and men's counts are published (candidates of gender x
are in no rate: the rules compare women and men). Suppression (core.privacy.protect_cells)
hides every count from 1 to below the minimum cell and enough others that none can be derived:
not from the sums (all = the bands), nor, for the small counts, from the funnel's order (a
stage never holds more candidates than the one before it). A rate, ratio or p-value is shown
only when every count it is computed from is shown.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import cast

from gepmonitor.core.privacy import Relation, protect_cells

STAGES = ("applied", "long_list", "short_list", "interviewed", "offer", "appointed")
BANDS = (("1-10", 1, 10), ("11-12", 11, 12), ("13+", 13, 18))
ALL = "all"
GROUPS = ("v", "m")  # the published counts: women and men
FOUR_FIFTHS = 0.8
ALPHA = 0.05
Cell = tuple[str, str, str]  # (band, group, stage)


def band_of(scale: int) -> str:
    """Return the band code of a salary scale."""
    return next(code for code, low, high in BANDS if low <= scale <= high)


def band_codes() -> list[str]:
    """Return the bands in display order, 'all' first."""
    return [ALL, *(code for code, _, _ in BANDS)]


def reached_counts(furthest: Mapping[tuple[str, str, str], int]) -> dict[Cell, int]:
    """Return reached(stage) of women and men per band from (band, gender, furthest stage)."""
    cells: dict[Cell, int] = {
        (band, group, stage): 0 for band in band_codes() for group in GROUPS for stage in STAGES
    }
    for (band, gender, stage), count in furthest.items():
        if gender not in GROUPS:
            continue  # x: in no rate, since the rules compare women and men
        for earlier in STAGES[: STAGES.index(stage) + 1]:
            for b in (band, ALL):
                cells[(b, gender, earlier)] += count
    return cells


def relations() -> list[Relation]:
    """Return the sums between the published cells: 'all' is the sum of the bands."""
    return [
        [((ALL, group, stage), 1), *(((code, group, stage), -1) for code, _, _ in BANDS)]
        for stage in STAGES
        for group in GROUPS
    ]


def _cost(cell: Hashable) -> tuple[int, ...]:
    """Hide a band's count before the count of all bands."""
    band = cell[0]  # type: ignore[index]
    return (1 if band == ALL else 0,)


def suppress(cells: Mapping[Cell, int], min_cell: int) -> set[Cell]:
    """Return the cells to hide so that no small count can be derived (sums and order).

    protect_cells makes every hidden cell underivable from the sums; the funnel's order can
    still narrow a small count down to one value, so while one is, a neighbouring stage of it
    is hidden too and the sums are protected again.
    """
    sums = relations()
    values = cast(dict[Hashable, int], dict(cells))
    hidden = cast(set[Cell], protect_cells(values, sums, min_cell, _cost))
    small = sorted(cell for cell in hidden if 0 < cells[cell] < min_cell)
    while True:
        exposed = [cell for cell in small if _pinned_by_order(cell, cells, hidden, sums)]
        if not exposed:
            return hidden
        extra = {n for cell in exposed for n in _chain_neighbours(cell)} - hidden
        # The order or the sums pin it through shown cells next to a hidden one.
        extra = extra or {n for cell in hidden for n in _linked(cell, sums)} - hidden
        if not extra:
            return hidden  # pragma: no cover - every cell is hidden already
        cheapest = min(extra, key=lambda c: (_cost(c), c))
        also = cast(set[Hashable], hidden | {cheapest})
        hidden = cast(set[Cell], protect_cells(values, sums, min_cell, _cost, also_hide=also))


def _linked(cell: Cell, sums: list[Relation]) -> set[Cell]:
    """Return the cells next to a cell in the funnel's order or in one of its sums."""
    partners = {c for relation in sums if any(k == cell for k, _ in relation) for c, _ in relation}
    return cast(set[Cell], partners) | set(_chain_neighbours(cell))


def _chain_neighbours(cell: Cell) -> list[Cell]:
    band, group, stage = cell
    index = STAGES.index(stage)
    return [(band, group, STAGES[i]) for i in (index - 1, index + 1) if 0 <= i < len(STAGES)]


def interval(
    cell: Cell, cells: Mapping[Cell, int], hidden: set[Cell], sums: list[Relation]
) -> tuple[float, float]:
    """Return the least and greatest value a hidden cell can take given the shown cells.

    Linear programming over the hidden cells: the sums hold, counts are 0 or more, and each
    stage holds no more than the stage before it in its band and group.
    """
    from scipy.optimize import linprog

    unknown = sorted(hidden)
    index = {c: i for i, c in enumerate(unknown)}
    a_eq, b_eq = [], []
    for relation in sums:
        if any(c in index for c, _ in relation):
            row = [0.0] * len(unknown)
            constant = 0.0
            for c, coefficient in relation:
                if c in index:
                    row[index[c]] += coefficient
                else:
                    constant -= coefficient * cells[cast(Cell, c)]
            a_eq.append(row)
            b_eq.append(constant)
    a_ub, b_ub = [], []
    for band in band_codes():
        for group in GROUPS:
            for earlier, later in zip(STAGES, STAGES[1:], strict=False):
                pair = ((band, group, later), 1), ((band, group, earlier), -1)
                if not any(c in index for c, _ in pair):
                    continue
                row = [0.0] * len(unknown)
                bound = 0.0  # later - earlier <= 0
                for c, coefficient in pair:
                    if c in index:
                        row[index[c]] += coefficient
                    else:
                        bound -= coefficient * cells[c]
                a_ub.append(row)
                b_ub.append(bound)
    found = []
    for sign in (1, -1):
        goal = [0.0] * len(unknown)
        goal[index[cell]] = sign
        result = linprog(goal, A_ub=a_ub or None, b_ub=b_ub or None, A_eq=a_eq or None,
                         b_eq=b_eq or None, bounds=(0, None), method="highs")  # fmt: skip
        found.append(sign * result.fun if result.success else float(sign * -1e18))
    return found[0], found[1]


def _pinned_by_order(
    cell: Cell, cells: Mapping[Cell, int], hidden: set[Cell], sums: list[Relation]
) -> bool:
    """Return whether the shown cells leave a hidden cell one whole value."""
    import math

    low, high = interval(cell, cells, hidden, sums)
    return math.ceil(low - 1e-6) >= math.floor(high + 1e-6)


@dataclass(frozen=True)
class Transition:
    """The step from one stage to the next in one band, by gender."""

    band: str
    stage: str  # the stage reached ('appointed' on the overall line)
    previous: str
    rate_v: float | None
    rate_m: float | None
    air: float | None
    p_value: float | None
    four_fifths: bool | None  # True: one group's rate is below 4/5 of the other's
    disadvantaged: str | None  # 'v' or 'm' when four_fifths
    signal: bool  # four-fifths broken and significant (computed on the true counts)

    @property
    def key(self) -> str:
        """Return the stable part of the signal key: band and stage."""
        suffix = "overall" if self.previous == "applied" and self.stage == "appointed" else ""
        return f"{self.band}:{suffix or self.stage}"


def fisher_p(selected_v: int, total_v: int, selected_m: int, total_m: int) -> float:
    """Return the two-sided p-value of Fisher's exact test on the 2x2 table."""
    from scipy.stats import fisher_exact

    table = [[selected_v, total_v - selected_v], [selected_m, total_m - selected_m]]
    return float(fisher_exact(table, alternative="two-sided").pvalue)


def transition(band: str, previous: str, stage: str, cells: Mapping[Cell, int]) -> Transition:
    """Return the rates, AIR, p-value and four-fifths flag of one step (true counts)."""
    before = {g: cells[(band, g, previous)] for g in ("v", "m")}
    after = {g: cells[(band, g, stage)] for g in ("v", "m")}
    rate = {g: after[g] / before[g] if before[g] else None for g in ("v", "m")}
    air = rate["v"] / rate["m"] if rate["v"] is not None and rate["m"] else None
    p_value = four = side = None
    if rate["v"] is not None and rate["m"] is not None:
        p_value = fisher_p(after["v"], before["v"], after["m"], before["m"])
        high = max(rate["v"], rate["m"])
        if high > 0:
            four = min(rate["v"], rate["m"]) / high < FOUR_FIFTHS
            side = ("v" if rate["v"] < rate["m"] else "m") if four else None
    signal = bool(four) and p_value is not None and p_value < ALPHA
    return Transition(band, stage, previous, rate["v"], rate["m"], air, p_value, four, side,
                      signal)  # fmt: skip


def transitions(cells: Mapping[Cell, int]) -> list[Transition]:
    """Return every step of every band, then the overall line applied -> appointed."""
    found = []
    for band in band_codes():
        for previous, stage in zip(STAGES, STAGES[1:], strict=False):
            found.append(transition(band, previous, stage, cells))
        found.append(transition(band, STAGES[0], STAGES[-1], cells))
    return found


def shown(step: Transition, hidden: set[Cell]) -> bool:
    """Return whether every count behind a step's rates is shown."""
    needed = {(step.band, g, s) for g in ("v", "m") for s in (step.previous, step.stage)}
    return not needed & hidden
