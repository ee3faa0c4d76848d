"""Disclosure control of the monitor: one rule for every table the monitor publishes.

The monitor's tables are linked: men + women = men/women total in every row; appointments into
a band = hired + promoted and exits = left + moved out; a band's (or the organisation's) size
this year = last year's + entries - exits; the reasons for leaving add up to the outflow; units
and age bands add up to the organisation; a band's projection rates come from the sums of its
flows over the years (table "rates:<band>": band size at the start of the periods, entries and
exits, each summed). Hiding only the small cells would let a reader recover them from these sums,
so ``protect_tables`` hides complements too (core.privacy.protect_cells) and every output (CLI,
report, dashboard, API) shows the same protected tables. A count that is null before protection
is not published (no data): it is unknown to a reader but needs no protection.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import polars as pl

from gepmonitor.core.privacy import Relation, is_small, protect_cells
from gepmonitor.personnel.indicators.flows import FLOW_ORDER

COUNTS = ("men", "women", "men_women", "other")
# band_start is left out: it is last year's band size, already in the trend.
BAND_FLOWS = tuple(f for f in FLOW_ORDER if f.startswith("band_") and f != "band_start")
ORG_FLOWS = ("inflow", "outflow")
# Which columns a hidden count takes with it: shares and FTE would give the count back.
_DEPENDENT = {
    "share_women": ("men", "women", "men_women"),
    "share_men": ("men", "women", "men_women"),
    "fte_men": ("men",),
    "fte_women": ("women",),
    "fte_other": ("other",),
}
# Complements are taken from flow tables first, then breakdowns, the trend tables last.
# The rates behind a projection are hidden last of all: without them there is no projection.
_TIER = {
    "flows": 0,
    "org_flows": 0,
    "reasons": 0,
    "units": 1,
    "ages": 1,
    "trend": 2,
    "overall": 2,
    "rates": 3,
}
RATE_FLOWS = ("band_start", "band_entries", "band_exits")


@dataclass(frozen=True)
class Published:
    """One table as it will be published: the frame and the columns that identify a row."""

    frame: pl.DataFrame
    keys: tuple[str, ...]


def protect_tables(tables: Mapping[str, Published], min_cell: int) -> dict[str, pl.DataFrame]:
    """Return the tables with small counts and every cell they could be derived from nulled."""
    values: dict[Hashable, int] = {}
    small_groups: list[Hashable] = []
    blank: list[Hashable] = []
    for name, table in tables.items():
        for row in table.frame.iter_rows(named=True):
            row_id = tuple(row[k] for k in table.keys)
            cells = [(name, row_id, column) for column in COUNTS]
            for cell, column in zip(cells, COUNTS, strict=True):
                values[cell] = int(row[column] or 0)
                if row[column] is None:
                    blank.append(cell)
            # A group smaller than the minimum is hidden whole: even its zeros would tell
            # every member's gender.
            if is_small(values[cells[2]] + values[cells[3]], min_cell):
                small_groups += cells
    relations = [r for r in _relations(tables) if all(key in values for key, _ in r)]
    hidden = protect_cells(
        values, relations, min_cell, cost=_cost, also_hide=small_groups, unpublished=blank
    )
    touched = {key[0] for key in hidden if isinstance(key, tuple)}
    return {
        name: _apply(name, table, hidden) if name in touched else table.frame
        for name, table in tables.items()
    }


def rate_sums(band_flows: pl.DataFrame, trend: pl.DataFrame) -> pl.DataFrame:
    """Return the sums a band's projection rates come from, as a table keyed by flow.

    band_start is the band's size on each period's first peildatum (from the trend); entries and
    exits are summed over the periods.
    """
    rows = []
    periods = known_periods(band_flows)
    band_flows = band_flows.join(periods, on=["year", "from_year"], how="semi")
    starts = trend.join(periods.select(pl.col("from_year").alias("year")), on="year", how="semi")
    for flow in RATE_FLOWS:
        part = starts if flow == "band_start" else band_flows.filter(pl.col("flow") == flow)
        sums = {c: int(part[c].fill_null(0).sum()) if part.height else 0 for c in COUNTS}
        rows.append({"flow": flow, **sums})
    return pl.DataFrame(rows, schema={"flow": pl.String, **{c: pl.Int64 for c in COUNTS}})


def _cost(key: Hashable) -> tuple[int]:
    name = str(key[0]) if isinstance(key, tuple) else ""  # type: ignore[index]
    return (_TIER.get(name.split(":")[0], 1),)


def _apply(name: str, table: Published, hidden: set[Hashable]) -> pl.DataFrame:
    """Null the hidden cells of one table and the columns that depend on them."""
    frame = table.frame
    ids = [tuple(row) for row in frame.select(table.keys).iter_rows()]
    masks = {column: [(name, i, column) in hidden for i in ids] for column in COUNTS}
    updates = []
    for column in frame.columns:
        sources = (column,) if column in COUNTS else _DEPENDENT.get(column, ())
        if not sources:
            continue
        mask = [any(masks[s][i] for s in sources) for i in range(len(ids))]
        updates.append(
            pl.when(pl.Series(mask, dtype=pl.Boolean))
            .then(None)
            .otherwise(pl.col(column))
            .alias(column)
        )
    return frame.with_columns(updates) if updates else frame


def _relations(tables: Mapping[str, Published]) -> Iterable[Relation]:
    """Yield every linear relation between the published cells."""
    for name, table in tables.items():
        for row in table.frame.select(table.keys).iter_rows():
            yield [
                ((name, row, "men"), 1),
                ((name, row, "women"), 1),
                ((name, row, "men_women"), -1),
            ]
    for name in tables:
        if name.startswith("flows:"):
            code = name.removeprefix("flows:")
            yield from _band_relations(tables, name, f"trend:{code}")
        if name.startswith("rates:"):
            code = name.removeprefix("rates:")
            yield from _rate_relations(tables, name, f"flows:{code}", f"trend:{code}")
    yield from _org_relations(tables)


def known_periods(band_flows: pl.DataFrame) -> pl.DataFrame:
    """Return (year, from_year) of the flow periods with data (a null count: no data)."""
    return (
        band_flows.filter((pl.col("flow") == "band_entries") & pl.col("men").is_not_null())
        .select("year", "from_year")
        .unique()
        .sort("year")
    )


def _rate_relations(
    tables: Mapping[str, Published], rates: str, flows: str, trend: str
) -> Iterable[Relation]:
    """Yield per flow and count column: the sum over the periods minus the rates cell."""
    if flows not in tables or trend not in tables:
        return
    periods = known_periods(tables[flows].frame).rows()
    for flow in RATE_FLOWS:
        parts: list[tuple[str, tuple[object, ...]]] = (
            [(trend, (start,)) for _, start in periods]
            if flow == "band_start"
            else [(flows, (year, flow)) for year, _ in periods]
        )
        yield from _sum(parts, (rates, (flow,)))


def _years(table: Published) -> list[int]:
    return sorted(table.frame["year"].unique().to_list())


def _sum(
    parts: Iterable[tuple[str, tuple[object, ...]]], total: tuple[str, tuple[object, ...]]
) -> list[Relation]:
    """Return per count column: sum of the part rows minus the total row ((table, row) pairs)."""
    rows = list(parts)
    return [[*(((t, r, c), 1) for t, r in rows), ((total[0], total[1], c), -1)] for c in COUNTS]


def _stock(
    trend: str, flows: str, year: int, previous: int, entries: str, exits: str
) -> list[Relation]:
    """Return per count column: size(year) - size(previous) - entries + exits = 0."""
    return [
        [
            ((trend, (year,), c), 1),
            ((trend, (previous,), c), -1),
            ((flows, (year, entries), c), -1),
            ((flows, (year, exits), c), 1),
        ]
        for c in COUNTS
    ]


def _band_relations(tables: Mapping[str, Published], flows: str, trend: str) -> Iterable[Relation]:
    years = _years(tables[trend]) if trend in tables else []
    for year in _years(tables[flows]):
        hired, promoted = (flows, (year, "band_hired")), (flows, (year, "band_promoted"))
        yield from _sum([hired, promoted], (flows, (year, "band_entries")))
        left, moved = (flows, (year, "band_left_org")), (flows, (year, "band_moved_out"))
        yield from _sum([left, moved], (flows, (year, "band_exits")))
        if year in years and years.index(year) > 0:
            previous = years[years.index(year) - 1]
            yield from _stock(trend, flows, year, previous, "band_entries", "band_exits")


def _org_relations(tables: Mapping[str, Published]) -> Iterable[Relation]:
    years = _years(tables["overall"]) if "overall" in tables else []
    if "org_flows" in tables:
        for year in _years(tables["org_flows"]):
            if year in years and years.index(year) > 0:
                previous = years[years.index(year) - 1]
                yield from _stock("overall", "org_flows", year, previous, "inflow", "outflow")
    if "reasons" in tables and "org_flows" in tables:
        reasons = tables["reasons"].frame
        for year in _years(tables["reasons"]):
            rows = reasons.filter(pl.col("year") == year)["exit_reason"]
            yield from _sum(
                [("reasons", (year, r)) for r in rows], ("org_flows", (year, "outflow"))
            )
    last = years[-1] if years else None
    for name in ("units", "ages"):
        if name in tables and last is not None:
            table = tables[name]
            parts = [(name, tuple(row)) for row in table.frame.select(table.keys).iter_rows()]
            yield from _sum(parts, ("overall", (last,)))
