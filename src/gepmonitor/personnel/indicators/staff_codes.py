"""The staff rows as small integer codes, and every person matched across consecutive snapshots.

The monitor counts from these (personnel.indicators.tables): one pass gives each staff row
(personnel.schema.active_expr) a gender code ``g`` and one bit per band (``flags``), together its
state ``s = g + flags * 8``; a second, a sort of one 64-bit integer per row, pairs each person's
state on a peildatum with their state on the previous one. Counting the pairs by (year, state
before, state after) gives every flow of every band in a table of a few hundred rows.

Matching by sort: the integer packs a hash of ``employee_key`` (high bits), the row's year
(offset from the first year) and its state (low bits). Sorted, a person's rows lie together by
year, so each row's predecessor in the previous snapshot is the row before it, if that row has
the same person bits and the previous snapshot's year. Two rows with the same person bits and
year (a duplicate key, or two people whose hashes share their high bits) make the sort give up
and the pairs come from a join on the full key instead (``pair_states_by_join``, which is also the
plain definition the sort must equal). Two people whose hashes share their high bits (at least 48)
but who are never staff on the same snapshot, one leaving just before the other comes, would be
taken for one person: for 200,000 people the chance is below one in a million, about what the
earlier 64-bit hash join risked too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from gepmonitor.personnel.bands import Band

GENDER_CODES = {"m": 0, "v": 1, "x": 2, "onbekend": 3}
OTHER_GENDER = 4  # a gender text that is none of the codes: counted in totals only
NO_GENDER = 5  # a staff row with a null gender: not present in the flows (as before)
ABSENT = 6  # no staff row on that peildatum
GENDER_BITS = 3
SEED = 7
# The sort keeps at least this many bits of the person's hash; with more bands or years than
# leave room for them, the pairs come from the join.
MIN_HASH_BITS = 48
PAIR_SCHEMA = {"year": pl.Int32, "s0": pl.UInt32, "s1": pl.UInt32, "n": pl.Int64}
GONE_SCHEMA = {"year": pl.Int32, "person": pl.UInt64, "g0": pl.UInt32}


def gender_code() -> pl.Expr:
    """Return a row's gender code (GENDER_CODES, OTHER_GENDER, NO_GENDER) as UInt32."""
    gender = pl.col("gender")
    expr: pl.Expr = pl.lit(OTHER_GENDER, dtype=pl.UInt32)
    for text, code in reversed(GENDER_CODES.items()):
        expr = pl.when(gender == text).then(pl.lit(code, dtype=pl.UInt32)).otherwise(expr)
    return pl.when(gender.is_null()).then(pl.lit(NO_GENDER, dtype=pl.UInt32)).otherwise(expr)


def band_flags(bands: Sequence[Band]) -> pl.Expr:
    """Return a row's band membership: bit i set when the row is in bands[i] (UInt64)."""
    flags: pl.Expr = pl.lit(0, dtype=pl.UInt64)
    for index, band in enumerate(bands):
        flags = flags + band.expr().cast(pl.UInt64) * pl.lit(1 << index, dtype=pl.UInt64)
    return flags


def state_expr(bands: Sequence[Band]) -> pl.Expr:
    """Return a row's state: gender code + band flags shifted past the gender bits (UInt64)."""
    return gender_code().cast(pl.UInt64) + band_flags(bands) * pl.lit(
        1 << GENDER_BITS, dtype=pl.UInt64
    )


def person_hash() -> pl.Expr:
    """Return a 64-bit hash of employee_key (stable within one process, which is all we need)."""
    return pl.col("employee_key").hash(seed=SEED)


@dataclass(frozen=True)
class Layout:
    """How the sort packs a row into 64 bits: person hash | year offset | state."""

    first_year: int
    year_bits: int
    state_bits: int

    @property
    def low_bits(self) -> int:
        """Return the bits below the person's hash."""
        return self.year_bits + self.state_bits

    @staticmethod
    def of(years: Sequence[int], bands: int) -> Layout | None:
        """Return the layout for these years and number of bands; None when it does not fit."""
        if not years:
            return None
        layout = Layout(
            first_year=years[0],
            year_bits=max(1, (years[-1] - years[0]).bit_length()),
            state_bits=GENDER_BITS + bands,
        )
        return layout if 64 - layout.low_bits >= MIN_HASH_BITS else None

    def person(self) -> pl.Expr:
        """Return the person bits of a row's hash (what gone rows are matched on)."""
        return person_hash() // pl.lit(1 << self.low_bits, dtype=pl.UInt64)

    def packed(self, state: pl.Expr) -> pl.Expr:
        """Return a staff row's 64 bits: person bits | year offset | state (UInt64)."""
        offset = (pl.col("year") - self.first_year).cast(pl.UInt64)
        return (
            self.person() * pl.lit(1 << self.low_bits, dtype=pl.UInt64)
            + offset * pl.lit(1 << self.state_bits, dtype=pl.UInt64)
            + state
        )


@dataclass(frozen=True)
class Pairs:
    """Every person's states on consecutive snapshots, counted, and the people who left.

    ``counts``: year (the later snapshot), s0 (state on the previous snapshot, ABSENT if none),
    s1 (state on this one, ABSENT if none), n. ``gone``: one row per person on a snapshot who is
    not staff on the next: year (the next snapshot), person (the person bits of the hash,
    Layout.person; employee_key when the pairs came from the join), g0 (gender code before).
    """

    counts: pl.DataFrame
    gone: pl.DataFrame
    by_sort: bool  # False: the pairs came from the join


def pair_states(
    packed: pl.Series, years: Sequence[int], layout: Layout | None, staff: pl.LazyFrame
) -> Pairs:
    """Return the pairs of the staff rows, from their ``packed`` codes (Layout.packed).

    ``years`` are every peildatum year of the data, ascending (a year without staff still links
    its neighbours). When the sort cannot tell people apart, or there is no layout, the pairs
    come from joining ``staff`` (year, employee_key, s) instead.
    """
    if layout is not None:
        pairs = _pairs_by_sort(packed.to_numpy(), years, layout)
        if pairs is not None:
            return pairs
    return pair_states_by_join(staff, years)


def _pairs_by_sort(packed: np.ndarray, years: Sequence[int], layout: Layout) -> Pairs | None:
    packed = np.sort(packed)
    key = packed >> np.uint64(layout.state_bits)  # person | year offset
    gaps = np.diff(key)
    if not gaps.all():
        return None  # a duplicate person-year, or two hashes alike in their high bits
    states, size = 1 << layout.state_bits, 1 << layout.year_bits
    block = states * states  # the codes of one period: (state after, state before)
    # Codes run to (size + 1) blocks: the last block takes what is no pair (thrown away). With
    # many bands that is too many to tally in an array: then the codes are counted by np.unique.
    wide = (size + 1) * block > 1 << 23
    dtype: type[np.signedinteger[Any]] = np.int64 if wide else np.int32
    low: np.ndarray[Any, np.dtype[np.signedinteger[Any]]] = (
        packed & np.uint64((1 << layout.low_bits) - 1)
    ).astype(dtype)
    state, offset = low & (states - 1), low >> layout.state_bits
    # Per year offset: the step to the next snapshot (0: none), and the first code of the pairs
    # ending on it / leaving it (a code is period, state after, state before).
    step = np.zeros(size, np.uint64)
    ending_at = np.full(size, size * block, dtype)
    leaving_at = np.full(size, size * block, dtype)
    gone_year = np.zeros(size, np.int32)
    offsets_of = [y - layout.first_year for y in years]
    for earlier, later in zip(offsets_of, offsets_of[1:], strict=False):
        step[earlier] = later - earlier
        ending_at[later] = later * block
        leaving_at[earlier] = later * block + ABSENT * states
        gone_year[earlier] = later + layout.first_year
    # Row i+1 continues row i: the same person on the next snapshot (a step of 0 never matches:
    # no two rows have the same key).
    linked = gaps == step[offset[:-1]]
    before = np.full(len(packed), ABSENT, dtype)
    np.copyto(before[1:], state[:-1], where=linked)
    # Every row on a snapshot with a previous one ends a pair: (its year, state, state before).
    ending = ending_at[offset] + state * states + before
    # Every row on a snapshot with a next one but without a row there: (next year, ABSENT, state).
    stays = np.zeros(len(packed), bool)
    stays[:-1] = linked
    leaving = np.where(stays, size * block, leaving_at[offset] + state)
    if wide:
        codes = np.concatenate((ending, leaving))
        found, occurrences = np.unique(codes[codes < size * block], return_counts=True)
    else:
        tally = np.bincount(ending, minlength=(size + 1) * block)[: size * block]
        tally += np.bincount(leaving, minlength=(size + 1) * block)[: size * block]
        found = np.flatnonzero(tally)
        occurrences = tally[found]
    period, rest = np.divmod(found, block)
    s1, s0 = np.divmod(rest, states)
    counts = pl.DataFrame(
        {"year": period + layout.first_year, "s0": s0, "s1": s1, "n": occurrences},
        schema=PAIR_SCHEMA,
    )
    gone_rows = np.flatnonzero(leaving < size * block)
    gone = pl.DataFrame(
        {
            "year": gone_year[offset[gone_rows]],
            "person": key[gone_rows] >> np.uint64(layout.year_bits),
            "g0": state[gone_rows] & ((1 << GENDER_BITS) - 1),
        },
        schema=GONE_SCHEMA,
    )
    return Pairs(counts=counts, gone=gone, by_sort=True)


def pair_states_by_join(staff: pl.LazyFrame, years: Sequence[int]) -> Pairs:
    """Return the pairs by joining each snapshot's staff to the next one's on employee_key.

    Needs columns year, employee_key, s. ``gone`` then has employee_key instead of person: the
    reasons for leaving are looked up by it.
    """
    links = pl.LazyFrame(
        {"year": years[:-1], "next_year": years[1:]},
        schema={"year": pl.Int32, "next_year": pl.Int32},
    )
    rows = staff.select("year", "employee_key", "s")
    before = rows.join(links, on="year", how="inner").select(
        pl.col("next_year").alias("year"), "employee_key", pl.col("s").alias("s0")
    )
    after = rows.join(links.select(pl.col("next_year").alias("year")), on="year", how="semi")
    both = before.join(
        after.select("year", "employee_key", pl.col("s").alias("s1")),
        on=["year", "employee_key"],
        how="full",
        coalesce=True,
    ).with_columns(pl.col("s0", "s1").fill_null(ABSENT).cast(pl.UInt32))
    counts, gone = pl.collect_all(
        [
            both.group_by("year", "s0", "s1").agg(pl.len().cast(pl.Int64).alias("n")),
            both.filter(pl.col("s1") == ABSENT).select(
                "year",
                "employee_key",
                (pl.col("s0") % (1 << GENDER_BITS)).alias("g0"),
            ),
        ]
    )
    return Pairs(
        counts=counts.select(pl.col(c).cast(t) for c, t in PAIR_SCHEMA.items()),
        gone=gone.with_columns(pl.col("year").cast(pl.Int32)),
        by_sort=False,
    )
