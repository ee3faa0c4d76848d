"""The pay-gap figures of the EU Pay Transparency Directive 2023/970, art. 9 (1) a-g.

Pure functions on a Polars frame with one row per worker paid in the reference year:

- ``gender``: v (women), m (men), x or onbekend (counted apart, left out of every gap);
- ``basic``: basic annual gross pay; ``complementary``: the sum of every complementary or variable
  component (art. 3: all pay beyond the basic wage), 0 when none;
- ``hours``: hours paid in the year (> 0);
- ``category``: the category of workers (salary scale by default, or a function group).

Definitions (docs/pay.md repeats them; the report prints them beside each figure):

- hourly pay h = (basic + complementary) / hours; basic hourly pay = basic / hours;
  annual pay = basic + complementary.
- gap = (statistic of men - statistic of women) / statistic of men x 100: positive when women
  earn less, in percent of the men's figure; the statistic is the mean or the median (the middle
  value, the mean of the two middle values for an even count).
- complementary gaps (b, d) are computed over the workers who received any (> 0).
- quartile bands (f): all workers sorted by h ascending; band q (1 = lowest) holds the 0-based
  ranks floor(n(q-1)/4) .. floor(nq/4)-1. Workers with the same h that straddle a boundary are
  split over it in proportion to their gender mix, so band counts may be fractional.
- a category (g) is flagged when |mean gap of hourly pay| >= 5.0 (art. 10).

Suppression: a gap or a share is shown only when women and men each number at least the minimum
cell; counts are protected with core.privacy.protect_cells (small cells and their complements).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import polars as pl

from gepmonitor.core.privacy import Relation, protect_cells
from gepmonitor.pay.gaps import GroupStat, QuartileRule, gap_pct, group_stats, quartile_bounds

WOMEN, MEN = "v", "m"
OTHER = ("x", "onbekend")
FLAG_THRESHOLD = 5.0  # art. 10 (1) a: a gap of at least 5% in a category

PAY_COLUMNS: dict[str, pl.DataType] = {
    "gender": pl.String(),
    "basic": pl.Float64(),
    "complementary": pl.Float64(),
    "hours": pl.Float64(),
    "category": pl.String(),
}


def with_pay_measures(frame: pl.DataFrame) -> pl.DataFrame:
    """Return the frame with hourly, basic_hourly and annual pay added."""
    return frame.with_columns(
        ((pl.col("basic") + pl.col("complementary")) / pl.col("hours")).alias("hourly"),
        (pl.col("basic") / pl.col("hours")).alias("basic_hourly"),
        (pl.col("basic") + pl.col("complementary")).alias("annual"),
    )


@dataclass(frozen=True)
class GapFigure:
    """A mean and a median gap between women and men, with the counts they rest on."""

    women: int
    men: int
    mean_gap: float | None
    median_gap: float | None
    suppressed: bool = False


def shown(women: int, men: int, min_cell: int, exact: bool = False) -> bool:
    """Return whether a gap or share over these groups may be shown (both at least min_cell)."""
    return exact or (women >= min_cell and men >= min_cell)


def gap_figure(
    frame: pl.DataFrame,
    value: str,
    *,
    min_cell: int,
    nonzero_only: bool = False,
    exact: bool = False,
) -> GapFigure:
    """Return the mean and median gap of a value between women and men (suppressed if small)."""
    stats = group_stats(frame, value, nonzero_only=nonzero_only)
    return gap_between(stats.get(WOMEN), stats.get(MEN), min_cell=min_cell, exact=exact)


def gap_between(
    women: GroupStat | None, men: GroupStat | None, *, min_cell: int, exact: bool = False
) -> GapFigure:
    """Return the gap figure of two groups' statistics (suppressed unless both are large)."""
    women = women or GroupStat(0, None, None)
    men = men or GroupStat(0, None, None)
    if not shown(women.count, men.count, min_cell, exact) or not women.count or not men.count:
        return GapFigure(women.count, men.count, None, None, suppressed=True)
    return GapFigure(
        women.count,
        men.count,
        gap_pct(men.mean, women.mean),
        gap_pct(men.median, women.median),
    )


@dataclass(frozen=True)
class ShareFigure:
    """Share of women and of men who received any complementary component (art. 9 e)."""

    women: int
    men: int
    women_receiving: int
    men_receiving: int
    women_pct: float | None
    men_pct: float | None


def receiving_share(
    frame: pl.DataFrame, *, min_cell: int, value: str = "complementary", exact: bool = False
) -> ShareFigure:
    """Return the share of women and men with any complementary pay (> 0), in percent."""
    counts = (
        frame.group_by("gender")
        .agg(pl.len().alias("n"), (pl.col(value) > 0).sum().alias("r"))
        .iter_rows(named=True)
    )
    by = {row["gender"]: (row["n"], row["r"]) for row in counts}
    women, women_r = by.get(WOMEN, (0, 0))
    men, men_r = by.get(MEN, (0, 0))
    visible = shown(women, men, min_cell, exact)
    return ShareFigure(
        women,
        men,
        women_r,
        men_r,
        women_r / women * 100 if visible and women else None,
        men_r / men * 100 if visible and men else None,
    )


@dataclass(frozen=True)
class QuartileBand:
    """One quartile pay band (f): its workers by gender (fractional where ties were split)."""

    quartile: int
    workers: float | None
    women: float | None
    men: float | None
    other: float | None
    women_pct: float | None
    men_pct: float | None
    lower: float | None  # lowest and highest hourly pay in the band (None when empty)
    upper: float | None


GENDER_GROUPS: dict[str, tuple[str, ...]] = {"women": (WOMEN,), "men": (MEN,)}


def quartile_counts(
    frame: pl.DataFrame,
    value: str = "hourly",
    rule: QuartileRule = "directive",
    groups: Mapping[str, Sequence[str]] = GENDER_GROUPS,
) -> pl.DataFrame:
    """Return per band the (tie-split) counts of each group and of the rest ('other').

    Workers with the same pay form one tie group; a group that straddles a band boundary is
    divided over the bands by the number of its ranks on each side, each part with the tie
    group's gender mix. Also returns the lowest and highest pay in each band.
    """
    import numpy as np

    ordered = frame.select(
        pl.col(value),
        *(pl.col("gender").is_in(list(codes)).alias(name) for name, codes in groups.items()),
    ).sort(value)
    pay = ordered[value].to_numpy()
    n = len(pay)
    # Tie groups of the sorted pay: start index and size of each run of equal values.
    starts = np.flatnonzero(np.r_[True, pay[1:] != pay[:-1]]) if n else np.array([], int)
    sizes = np.diff(np.r_[starts, n])
    members = {
        name: np.add.reduceat(ordered[name].to_numpy().astype(float), starts) if n else starts
        for name in groups
    }
    rows = []
    for quartile, (low, high) in enumerate(quartile_bounds(n, rule), start=1):
        overlap = np.clip(np.minimum(starts + sizes, high) - np.maximum(starts, low), 0, None)
        share = overlap / np.where(sizes == 0, 1, sizes)
        inside = pay[starts[overlap > 0]] if n else pay
        row: dict[str, object] = {"quartile": quartile, "workers": float(overlap.sum())}
        row.update({name: float((share * members[name]).sum()) for name in groups})
        row["lower"] = float(inside.min()) if inside.size else None
        row["upper"] = float(inside.max()) if inside.size else None
        rows.append(row)
    schema = {"quartile": pl.Int32, "workers": pl.Float64}
    schema |= {name: pl.Float64 for name in groups}
    schema |= {"lower": pl.Float64, "upper": pl.Float64}
    bands = pl.DataFrame(rows, schema=schema)
    return bands.with_columns(
        (pl.col("workers") - pl.sum_horizontal(*(pl.col(name) for name in groups))).alias("other")
    )


def quartile_bands(
    frame: pl.DataFrame,
    *,
    min_cell: int,
    value: str = "hourly",
    rule: QuartileRule = "directive",
    exact: bool = False,
    counts: pl.DataFrame | None = None,
    hidden: set[Hashable] | None = None,
) -> list[QuartileBand]:
    """Return the four quartile bands with counts and shares, small cells protected.

    ``counts`` and ``hidden`` let a caller that protects several tables together pass the
    band counts and the cells it decided to hide.
    """
    counts = quartile_counts(frame, value, rule) if counts is None else counts
    rows = list(counts.iter_rows(named=True))
    if hidden is None:
        values, relations = quartile_cells(counts)
        hidden = set() if exact else _protect(values, relations, min_cell)
    bands = []
    for row in rows:
        q = row["quartile"]

        def cell(kind: str, row: dict = row, q: int = q) -> float | None:
            return None if (kind, q) in hidden else _round_count(row[kind])

        total, women, men = cell("workers"), cell("women"), cell("men")
        bands.append(
            QuartileBand(
                q,
                total,
                women,
                men,
                cell("other"),
                women / total * 100 if women is not None and total else None,
                men / total * 100 if men is not None and total else None,
                row["lower"],
                row["upper"],
            )
        )
    return bands


def quartile_cells(counts: pl.DataFrame) -> tuple[dict[Hashable, float], list[Relation]]:
    """Return the published band counts and their relations (women + men + other = workers)."""
    values: dict[Hashable, float] = {}
    relations: list[Relation] = []
    for row in counts.iter_rows(named=True):
        q = row["quartile"]
        for kind in ("women", "men", "other", "workers"):
            values[(kind, q)] = row[kind]
        relations.append(
            [(("women", q), 1), (("men", q), 1), (("other", q), 1), (("workers", q), -1)]
        )
    return values, relations


def _round_count(value: float) -> float:
    """Return a tie-split count without float noise (whole counts stay whole)."""
    return round(value, 6) + 0.0


def _protect(values: Mapping[Hashable, float], relations: list[Relation], min_cell: int) -> set:
    """Return the cells to hide; fractional counts are judged by their whole-worker ceiling."""
    whole = {key: math.ceil(round(value, 6)) for key, value in values.items()}

    def cost(key: Hashable) -> tuple[int]:
        # Hide others and totals before the women's and men's cells the figures are about.
        kind = key[0] if isinstance(key, tuple) else ""
        return (0 if kind in ("other", "workers") else 1,)

    return protect_cells(whole, relations, min_cell, cost=cost)


@dataclass(frozen=True)
class CategoryFigures:
    """The figures of one category of workers (g)."""

    category: str
    women: int | None
    men: int | None
    other: int | None
    basic: GapFigure  # basic hourly pay
    complementary: GapFigure  # complementary pay of the receivers
    hourly: GapFigure  # hourly pay
    flagged: bool | None  # None when the hourly gap is suppressed in this output
    mean_gap_hourly_exact: float | None = field(default=None, repr=False)  # for the register


def category_figures(
    frame: pl.DataFrame,
    *,
    min_cell: int,
    exact: bool = False,
    threshold: float = FLAG_THRESHOLD,
    hidden: set[Hashable] | None = None,
) -> list[CategoryFigures]:
    """Return each category's counts and gaps; flagged when |mean hourly gap| >= threshold.

    The gaps (mean and median) are those of basic hourly pay, of complementary pay (receivers
    only) and of hourly pay.
    The flag rests on the exact gap (the art. 10 register needs it); an output that suppresses
    the gap shows no flag either.
    """
    basic = _stats_by_category(frame, "basic_hourly")
    hourly_stats = _stats_by_category(frame, "hourly")
    complementary = _stats_by_category(frame.filter(pl.col("complementary") > 0), "complementary")
    counts = (
        frame.group_by("category", "gender").len().iter_rows()
    )  # every category, whatever its genders
    by: dict[object, dict[str, int]] = {}
    for category, gender, count in counts:
        by.setdefault(category, {})[gender] = count
    result = []
    for category in sorted(by, key=category_order):
        genders = by[category]

        def pair(stats: dict, category: object = category) -> GapFigure:
            return gap_between(
                stats.get((category, WOMEN)), stats.get((category, MEN)), min_cell=1, exact=True
            )

        hourly = pair(hourly_stats)
        gap = hourly.mean_gap
        result.append(
            CategoryFigures(
                category=str(category),
                women=genders.get(WOMEN, 0),
                men=genders.get(MEN, 0),
                other=sum(genders.get(code, 0) for code in OTHER),
                basic=pair(basic),
                complementary=pair(complementary),
                hourly=hourly,
                flagged=None if gap is None else abs(gap) >= threshold,
                mean_gap_hourly_exact=gap,
            )
        )
    return result if exact else suppress_categories(result, min_cell, hidden)


def _stats_by_category(frame: pl.DataFrame, value: str) -> dict[tuple[object, str], GroupStat]:
    """Return count, mean and median of a value per (category, gender), women and men only."""
    rows = (
        frame.filter(pl.col("gender").is_in([WOMEN, MEN]))
        .group_by("category", "gender")
        .agg(
            pl.len().alias("count"),
            pl.col(value).mean().alias("mean"),
            pl.col(value).median().alias("median"),
        )
        .iter_rows()
    )
    return {
        (category, gender): GroupStat(n, mean, median) for category, gender, n, mean, median in rows
    }


def limit(gap: GapFigure, min_cell: int) -> GapFigure:
    """Return an exact gap figure as shown to all: suppressed unless both groups are large."""
    if gap.suppressed or shown(gap.women, gap.men, min_cell):
        return gap
    return GapFigure(gap.women, gap.men, None, None, suppressed=True)


def suppress_categories(
    categories: list[CategoryFigures], min_cell: int, hidden: set[Hashable] | None = None
) -> list[CategoryFigures]:
    """Return exact category figures with small gaps and counts (and their complements) hidden."""
    if hidden is None:
        values, relations = category_cells(categories)
        hidden = _protect(values, relations, min_cell)
    shown_categories = []
    for c in categories:
        hourly = limit(c.hourly, min_cell)
        shown_categories.append(
            replace(
                c,
                women=None if ("women", c.category) in hidden else c.women,
                men=None if ("men", c.category) in hidden else c.men,
                other=None if ("other", c.category) in hidden else c.other,
                basic=limit(c.basic, min_cell),
                complementary=limit(c.complementary, min_cell),
                hourly=hourly,
                flagged=c.flagged if hourly.mean_gap is not None else None,
            )
        )
    return shown_categories


def category_order(category: object) -> tuple[int, float, str]:
    """Sort key of categories: numbers (salary scales) numerically first, then text."""
    text = str(category)
    try:
        return (0, float(text), text)
    except ValueError:
        return (1, 0.0, text)


def _gender_counts(frame: pl.DataFrame) -> dict[str, int]:
    """Return the number of women, men and others (x and unknown) in a frame."""
    genders = frame["gender"].value_counts()
    by = dict(zip(genders["gender"].to_list(), genders["count"].to_list(), strict=True))
    return {
        "women": by.get(WOMEN, 0),
        "men": by.get(MEN, 0),
        "other": sum(by.get(code, 0) for code in OTHER),
    }


def category_cells(
    categories: Sequence[CategoryFigures],
) -> tuple[dict[Hashable, float], list[Relation]]:
    """Return the published category counts and their relations (each column sums to a total)."""
    values: dict[Hashable, float] = {}
    relations: list[Relation] = []
    for kind in ("women", "men", "other"):
        for c in categories:
            values[(kind, c.category)] = getattr(c, kind) or 0
        relations.append([*(((kind, c.category), 1) for c in categories), ((kind, TOTAL), -1)])
    return values, relations


TOTAL = "_total"  # key of the whole organisation's counts in the protected cells


@dataclass(frozen=True)
class PayGapFigures:
    """Every art. 9 figure of one reference year."""

    year: int
    women: int | None
    men: int | None
    other: int | None
    hourly: GapFigure  # (a) and (c)
    annual: GapFigure
    complementary: GapFigure  # (b) and (d), receivers only
    receiving: ShareFigure  # (e)
    quartiles: list[QuartileBand]  # (f)
    categories: list[CategoryFigures]  # (g)
    min_cell: int
    exact: bool


def paygap_figures(
    frame: pl.DataFrame, year: int, *, min_cell: int, exact: bool = False
) -> PayGapFigures:
    """Return the figures a-g for one year's pay frame (see the module docstring).

    The counts of the whole organisation, the quartile bands and the categories are protected
    together: each band's and each category's counts add up to the organisation's.
    """
    data = with_pay_measures(frame) if "hourly" not in frame.columns else frame
    totals = _gender_counts(data)
    bands = quartile_counts(data)
    categories = category_figures(data, min_cell=min_cell, exact=True)
    hidden: set[Hashable] = set()
    if not exact:
        band_values, band_relations = quartile_cells(bands)
        cat_values, cat_relations = category_cells(categories)
        values = {**band_values, **cat_values}
        values.update({(kind, TOTAL): count for kind, count in totals.items()})
        relations = [*band_relations, *cat_relations]
        for kind in ("women", "men", "other"):
            relations.append([*(((kind, q), 1) for q in range(1, 5)), ((kind, TOTAL), -1)])
        hidden = _protect(values, relations, min_cell)
    return PayGapFigures(
        year=year,
        women=None if ("women", TOTAL) in hidden else totals["women"],
        men=None if ("men", TOTAL) in hidden else totals["men"],
        other=None if ("other", TOTAL) in hidden else totals["other"],
        hourly=gap_figure(data, "hourly", min_cell=min_cell, exact=exact),
        annual=gap_figure(data, "annual", min_cell=min_cell, exact=exact),
        complementary=gap_figure(
            data, "complementary", min_cell=min_cell, nonzero_only=True, exact=exact
        ),
        receiving=receiving_share(data, min_cell=min_cell, exact=exact),
        quartiles=quartile_bands(data, min_cell=min_cell, exact=exact, counts=bands, hidden=hidden),
        categories=categories if exact else suppress_categories(categories, min_cell, hidden),
        min_cell=min_cell,
        exact=exact,
    )
