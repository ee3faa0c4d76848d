"""Survey analytics on Polars frames: construct scores, group results, experience rates, signals.

Signals: a group whose mean construct score is lower than that of the rest of the respondents by
at least the threshold (default 0.3 on the answer scale) AND where Welch's t-test gives p < alpha
(default 0.05), both groups having at least the minimum group size; and a construct whose mean
fell by at least the threshold against the previous round, again with Welch's test. Only the
disadvantaged side counts, so a gap between two groups is one signal, not two; a large difference
in small groups that could be chance is not a signal.

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
    """Return per group and construct: n, mean, share favourable; nothing for small groups."""
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
        return pl.DataFrame(
            schema={
                "type": pl.String,
                "source": pl.String,
                "group": pl.String,
                "n": pl.Int64,
                "rate": pl.Float64,
            }
        )
    table = pl.concat(parts, how="diagonal_relaxed").select(
        "type", "source", "group", "n", pl.col("rate").round(SHARE_DECIMALS), "count"
    )
    hidden = hide_small_groups(table, ["type", "source"], ["n", "rate"], min_group, min_cell)
    return sort_groups(hidden, ["type", "source"])


@dataclass(frozen=True)
class Signal:
    """A difference that needs an action in the plan."""

    key: str  # stable identifier, used to link a plan measure
    construct: str
    kind: str  # "group" or "decline"
    group_by: str
    group: str
    difference: float
    p_value: float
    n: int


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
    threshold: float = 0.3,
    alpha: float = 0.05,
) -> list[Signal]:
    """Return group differences and declines that pass both the threshold and the test."""
    signals = []
    for construct in mapping.constructs:
        name = construct.name
        valid = scores.filter(pl.col(name).is_not_null())
        values = valid[name].to_list()
        for column in GROUPS:
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
