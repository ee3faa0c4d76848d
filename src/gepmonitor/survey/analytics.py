"""Survey analytics on Polars frames: construct scores, group results, experience rates, signals.

Signals: a group whose mean construct score is lower than that of the rest of the respondents by
at least the threshold (default 0.3 on the answer scale) AND where Welch's t-test gives p < alpha
(default 0.05), both groups having at least the minimum group size; and a construct whose mean
fell by at least the threshold against the previous round, again with Welch's test. Only the
disadvantaged side counts, so a gap between two groups is one signal, not two; a large difference
in small groups that could be chance is not a signal.

Experience signals: a group whose share that experienced something (bullying by colleagues, ...)
is at least EXPERIENCE_THRESHOLD (5 percentage points) above that of the rest of the respondents
AND a two-sided test for two proportions gives p < alpha (0.05): the z-test with the pooled
proportion, or Fisher's exact test when an expected count is below 5; both groups need the
minimum group size.

Gender groups other than women and men (x, onbekend) are published only when they reach the
minimum group size in every figure of the round; otherwise their respondents are left out of
every figure, totals included (published_population), so the totals are of the groups shown
("men and women") and no hidden group can be worked out, while the women's and men's figures
are never hidden to protect them.

Suppression: a group below the minimum size shows no n, mean or share. The overall figures minus
the visible groups give the hidden groups taken together, so within a breakdown more groups are
hidden (the 'onbekend' group first, then the smallest) until the hidden groups together have at
least the minimum group size and, for every construct or experience, a count of favourable
answers or experiences of zero or at least the minimum cell size; or until no group is left. A
hidden group is hidden in every row of its breakdown. Published means are rounded to two decimals
and shares to a tenth of a percent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polars as pl

from gepmonitor.core.privacy import is_small
from gepmonitor.survey.mapping import SurveyMapping

GROUPS = ("gender", "age_band", "unit", "is_manager")
BINARY_GENDERS = ("v", "m")
EXPERIENCE_THRESHOLD = 0.05
SCALE_THRESHOLD = 0.3  # points on the answer scale
ALPHA = 0.05
MEAN_DECIMALS = 2
UNKNOWN_GROUPS = ("onbekend",)
SHARE_DECIMALS = 3  # a share 0..1 with three decimals is a percentage with one


def responses_frame(rows: Sequence[dict[str, object]], mapping: SurveyMapping) -> pl.DataFrame:
    """Return one row per respondent: background columns and one column per item/experience."""
    records = []
    for row in rows:
        answers = row["answers"] if isinstance(row["answers"], dict) else {}
        experiences = row["experiences"] if isinstance(row["experiences"], dict) else {}
        record = {key: row[key] for key in ("gender", "age_band", "unit", "is_manager")}
        record.update({item: answers.get(item) for item in mapping.items})
        record.update({column: experiences.get(column) for column in mapping.experiences})
        records.append(record)
    schema = {
        "gender": pl.String,
        "age_band": pl.String,
        "unit": pl.String,
        "is_manager": pl.Boolean,
        **{i: pl.Int64 for i in mapping.items},
        **{c: pl.Boolean for c in mapping.experiences},
    }
    return pl.DataFrame(records, schema=schema)


def construct_scores(frame: pl.DataFrame, mapping: SurveyMapping) -> pl.DataFrame:
    """Return per respondent the mean of each construct's answered items (reversed flipped)."""
    flip = mapping.scale_min + mapping.scale_max
    columns = []
    for construct in mapping.constructs:
        items = [
            (flip - pl.col(i)) if i in construct.reversed else pl.col(i) for i in construct.items
        ]
        columns.append(pl.mean_horizontal(items).alias(construct.name))
    return frame.select(*GROUPS, *columns)


def summary(
    scores: pl.DataFrame,
    mapping: SurveyMapping,
    by: str | None,
    min_group: int,
    min_cell: int = 5,
) -> pl.DataFrame:
    """Return per group and construct: n, mean, share favourable; nothing for small groups.

    A breakdown by a background variable the round has no column for has no rows (no data).
    """
    if by and not known(scores, by):
        return _empty_summary()
    parts = []
    for construct in mapping.constructs:
        name = construct.name
        rows = scores.filter(pl.col(name).is_not_null())
        keys = [by] if by else []
        aggregated = rows.group_by(keys) if keys else rows.group_by(pl.lit("all").alias("group"))
        result = aggregated.agg(
            pl.len().alias("n"),
            pl.col(name).mean().alias("mean"),
            (pl.col(name) >= mapping.favourable_from).mean().alias("share_favourable"),
            (pl.col(name) >= mapping.favourable_from).sum().alias("count"),
        )
        if by:
            result = result.rename({by: "group"}).with_columns(pl.col("group").cast(pl.String))
        parts.append(result.with_columns(pl.lit(name).alias("construct")))
    table = pl.concat(parts, how="diagonal_relaxed").select(
        "construct",
        "group",
        "n",
        pl.col("mean").round(MEAN_DECIMALS),
        pl.col("share_favourable").round(SHARE_DECIMALS),
        "count",
    )
    figures = ["n", "mean", "share_favourable"]
    hidden = hide_small_groups(table, ["construct"], figures, min_group, min_cell)
    return sort_groups(hidden, ["construct"])


def known(frame: pl.DataFrame, column: str) -> bool:
    """Return whether the round has the background variable (a value for some respondent)."""
    return frame.height > 0 and frame[column].null_count() < frame.height


def _empty_summary() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "construct": pl.String,
            "group": pl.String,
            "n": pl.Int64,
            "mean": pl.Float64,
            "share_favourable": pl.Float64,
        }
    )


def published_population(
    frame: pl.DataFrame, scores: pl.DataFrame, mapping: SurveyMapping, min_group: int
) -> tuple[pl.Series, tuple[str, ...]]:
    """Return which respondents are published, and the gender groups left out.

    A gender group other than women and men is left out of every figure when it is below the
    minimum group size in any figure (construct or experience) of the round.
    """
    left_out = []
    genders = frame["gender"]
    for value in genders.drop_nulls().unique().sort().to_list():
        if value in BINARY_GENDERS:
            continue
        inside = genders == value
        sizes = [int(inside.sum())]
        sizes += [int((inside & scores[c.name].is_not_null()).sum()) for c in mapping.constructs]
        sizes += [int((inside & frame[c].is_not_null()).sum()) for c in mapping.experiences]
        if any(is_small(n, min_group) for n in sizes):
            left_out.append(value)
    keep = ~genders.is_in(left_out).fill_null(False)
    return keep, tuple(left_out)


def group_order(value: object) -> tuple[int, float, str]:
    """Return a natural sort key: age bands by lower bound ('<25' first), unknown last."""
    if value is None or str(value).lower() in UNKNOWN_GROUPS:
        return (2, 0.0, "")
    text = str(value).strip()
    match = re.match(r"^(<)?\s*(\d+)", text)
    if match:
        return (0, -1.0 if match.group(1) else float(match.group(2)), text)
    return (1, 0.0, text.lower())


def sort_groups(table: pl.DataFrame, within: list[str]) -> pl.DataFrame:
    """Sort a table by its figures, then by group in natural order."""
    rows = sorted(
        table.to_dicts(),
        key=lambda r: (tuple(str(r[c]) for c in within), group_order(r["group"])),
    )
    return pl.DataFrame(rows, schema=table.schema)


def hide_small_groups(
    table: pl.DataFrame,
    within: list[str],
    columns: list[str],
    min_group: int,
    min_cell: int = 5,
    count: str = "count",
) -> pl.DataFrame:
    """Null small groups' figures, and more groups until the hidden ones together are safe.

    ``within`` names the rows of one figure (a construct, an experience); every group of the
    table belongs to one breakdown, so the overall figure is the sum over its groups. ``count``
    is the exact number behind a share (favourable answers, experiences); it is dropped.
    """
    rows = table.to_dicts()
    figures: dict[tuple[object, ...], list[dict[str, object]]] = {}
    for row in rows:
        figures.setdefault(tuple(row[c] for c in within), []).append(row)
    hidden = {row["group"] for row in rows if is_small(_int(row["n"]), min_group)}
    sizes: dict[object, int] = {}
    for row in rows:
        sizes[row["group"]] = sizes.get(row["group"], 0) + _int(row["n"])
    while hidden and not _combined_safe(figures.values(), hidden, min_group, min_cell, count):
        shown = sorted(
            (g for g in sizes if g not in hidden),
            key=lambda g: (g not in UNKNOWN_GROUPS, sizes[g], str(g)),
        )
        if not shown:
            break
        hidden.add(shown[0])  # complementary suppression: the 'unknown' group, else the smallest
    flags = pl.Series("hidden", [row["group"] in hidden for row in rows], dtype=pl.Boolean)
    kept = table.with_columns(
        pl.when(flags).then(None).otherwise(pl.col(c)).alias(c) for c in columns
    )
    return kept.drop(count) if count in kept.columns else kept


def _int(value: object) -> int:
    return int(value) if isinstance(value, int | float) else 0


def _combined_safe(
    figures: Iterable[list[dict[str, object]]],
    hidden: set[object],
    min_group: int,
    min_cell: int,
    count: str,
) -> bool:
    """Return whether no figure lets the hidden groups together be derived as a small number."""
    for members in figures:
        inside = [row for row in members if row["group"] in hidden]
        if not inside:
            continue
        if is_small(sum(_int(row["n"]) for row in inside), min_group):
            return False
        if is_small(sum(_int(row.get(count)) for row in inside), min_cell):
            return False
    return True


def experience_rates(
    frame: pl.DataFrame,
    mapping: SurveyMapping,
    by: str | None,
    min_group: int,
    min_cell: int = 5,
) -> pl.DataFrame:
    """Return per experience type, source and group the share who experienced it."""
    if by and not known(frame, by):
        return _empty_rates()
    parts = []
    for column, (kind, source) in mapping.experiences.items():
        rows = frame.filter(pl.col(column).is_not_null())
        grouped = rows.group_by(by) if by else rows.group_by(pl.lit("all").alias("group"))
        result = grouped.agg(
            pl.len().alias("n"),
            pl.col(column).mean().alias("rate"),
            pl.col(column).sum().alias("count"),
        )
        if by:
            result = result.rename({by: "group"}).with_columns(pl.col("group").cast(pl.String))
        parts.append(
            result.with_columns(pl.lit(kind).alias("type"), pl.lit(source).alias("source"))
        )
    if not parts:
        return _empty_rates()
    table = pl.concat(parts, how="diagonal_relaxed").select(
        "type", "source", "group", "n", pl.col("rate").round(SHARE_DECIMALS), "count"
    )
    hidden = hide_small_groups(table, ["type", "source"], ["n", "rate"], min_group, min_cell)
    return sort_groups(hidden, ["type", "source"])


def _empty_rates() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "type": pl.String,
            "source": pl.String,
            "group": pl.String,
            "n": pl.Int64,
            "rate": pl.Float64,
        }
    )


@dataclass(frozen=True)
class Signal:
    """A difference that needs an action in the plan."""

    key: str  # stable identifier, used to link a plan measure
    construct: str
    kind: str  # "group" or "decline"
    group_by: str
    group: str
    difference: float  # mean score difference; percentage points for an experience signal
    p_value: float
    n: int
    rate: float | None = None  # experience signals: the group's share that experienced it
    rate_rest: float | None = None  # ... and the rest's


def _welch(a: list[float], b: list[float]) -> float:
    from scipy import stats  # imported here: it costs about a second, and only signals need it

    result = stats.ttest_ind(a, b, equal_var=False)
    return float(result.pvalue)


def find_signals(
    scores: pl.DataFrame,
    mapping: SurveyMapping,
    round_name: str,
    min_group: int,
    previous: pl.DataFrame | None = None,
    threshold: float = SCALE_THRESHOLD,
    alpha: float = ALPHA,
) -> list[Signal]:
    """Return group differences and declines that pass both the threshold and the test."""
    signals = []
    for construct in mapping.constructs:
        name = construct.name
        valid = scores.filter(pl.col(name).is_not_null())
        values = valid[name].to_list()
        for column in GROUPS:
            if not known(valid, column):
                continue
            labels = valid[column].cast(pl.String)
            in_group = labels.to_list()  # partitioned in Python: one filter per group is slow
            for value in labels.unique().drop_nulls().to_list():
                inside = [v for v, label in zip(values, in_group, strict=True) if label == value]
                outside = [
                    v
                    for v, label in zip(values, in_group, strict=True)
                    if label is not None and label != value  # no group: in neither
                ]
                if len(inside) < min_group or len(outside) < min_group:
                    continue
                difference = sum(inside) / len(inside) - sum(outside) / len(outside)
                if difference > -threshold:
                    continue  # only the group that scores lower is a signal
                p_value = _welch(inside, outside)
                if p_value < alpha:
                    signals.append(
                        Signal(
                            f"{round_name}:{name}:{column}={value}",
                            name,
                            "group",
                            column,
                            value,
                            round(difference, MEAN_DECIMALS),
                            p_value,
                            len(inside),
                        )
                    )
        if previous is not None and name in previous.columns:
            before = previous[name].drop_nulls().to_list()
            now = valid[name].to_list()
            if len(before) >= min_group and len(now) >= min_group:
                difference = sum(now) / len(now) - sum(before) / len(before)
                if difference <= -threshold:
                    p_value = _welch(now, before)
                    if p_value < alpha:
                        signals.append(
                            Signal(
                                f"{round_name}:{name}:decline",
                                name,
                                "decline",
                                "",
                                "",
                                round(difference, MEAN_DECIMALS),
                                p_value,
                                len(now),
                            )
                        )
    return signals


def two_proportion_p(k1: int, n1: int, k2: int, n2: int) -> float:
    """Return the two-sided p-value that k1/n1 and k2/n2 differ.

    The z-test with the pooled proportion; Fisher's exact test when an expected count is below
    5 (the normal approximation does not hold there).
    """
    from scipy import stats  # imported here: it costs about a second, and only signals need it

    pooled = (k1 + k2) / (n1 + n2)
    expected = [n * share for n in (n1, n2) for share in (pooled, 1 - pooled)]
    if min(expected) < 5:
        table = [[k1, n1 - k1], [k2, n2 - k2]]
        return float(stats.fisher_exact(table, alternative="two-sided").pvalue)
    spread = (pooled * (1 - pooled) * (1 / n1 + 1 / n2)) ** 0.5
    if spread == 0:
        return 1.0
    z = (k1 / n1 - k2 / n2) / spread
    return float(2 * stats.norm.sf(abs(z)))


def find_experience_signals(
    frame: pl.DataFrame,
    mapping: SurveyMapping,
    round_name: str,
    min_group: int,
    threshold: float = EXPERIENCE_THRESHOLD,
    alpha: float = ALPHA,
) -> list[Signal]:
    """Return groups that experienced something more often than the rest (test, threshold)."""
    signals = []
    for column in mapping.experiences:
        answered = frame.filter(pl.col(column).is_not_null())
        for by in GROUPS:
            if not known(answered, by):
                continue
            values = answered[by].cast(pl.String)
            for value in values.unique().drop_nulls().sort().to_list():
                inside = answered.filter(values == value)[column]
                outside = answered.filter((values != value).fill_null(True))[column]
                n1, n2 = inside.len(), outside.len()
                if n1 < min_group or n2 < min_group:
                    continue
                k1, k2 = int(inside.sum()), int(outside.sum())
                rate, rest = k1 / n1, k2 / n2
                if rate - rest < threshold - 1e-12:
                    continue  # only the group that experiences it more often is a signal
                p_value = two_proportion_p(k1, n1, k2, n2)
                if p_value < alpha:
                    signals.append(
                        Signal(
                            f"{round_name}:exp:{column}:{by}={value}",
                            column,
                            "experience",
                            by,
                            value,
                            round((rate - rest) * 100, 1),
                            p_value,
                            n1,
                            round(rate, SHARE_DECIMALS),
                            round(rest, SHARE_DECIMALS),
                        )
                    )
    return signals
