"""Vectorised synthetic snapshots of any size for the benchmarks (canonical schema)."""

from __future__ import annotations

import numpy as np
import polars as pl

from gepmonitor.personnel.schema import conform

YEARS = 10


def synthetic_snapshots(rows: int, seed: int = 1) -> pl.DataFrame:
    """Return about `rows` employee-years over ten peildata with 8% yearly turnover."""
    rng = np.random.default_rng(seed)
    per_year = max(10, rows // YEARS)
    turnover = max(1, int(per_year * 0.08))
    people = per_year + turnover * YEARS
    gender = rng.choice(np.array(["m", "v", "x", "onbekend"]), people, p=[0.52, 0.46, 0.01, 0.01])
    base_scale = rng.integers(4, 16, people)
    unit = rng.integers(0, 40, people)
    # A small unit of two or three people in every year, as a real organisation has (a staff
    # office, a board secretariat): its cells are suppressed at every size, so the benchmark
    # times the disclosure control hiding cells, not only checking them.
    unit[np.arange(people) % max(2, per_year // 2) == 3] = 40
    birth = rng.integers(1960, 2003, people)
    frames = []
    for index in range(YEARS):
        ids = np.arange(index * turnover, index * turnover + per_year)
        scale = np.minimum(18, base_scale[ids] + (index - ids // max(1, turnover)).clip(0) // 4)
        frames.append(
            pl.DataFrame(
                {
                    "year": np.full(per_year, 2016 + index, dtype=np.int32),
                    "employee_key": ids.astype(str),
                    "gender": gender[ids],
                    "birth_year": birth[ids].astype(np.int32),
                    "scale": scale.astype(np.int32),
                    "fte": np.where(ids % 3 == 0, 0.8, 1.0),
                    "unit": np.char.add("unit-", unit[ids].astype(str)),
                    "is_manager": (scale >= 12) & (ids % 9 == 0),
                }
            )
        )
    frame = pl.concat(frames).with_columns(
        pl.date(pl.col("year"), 12, 31).alias("peildatum"),
        pl.col("scale").cast(pl.String).alias("scale_label"),
        pl.lit("vast").alias("contract_type"),
        pl.lit(False).alias("banenafspraak"),
    )
    return conform(frame)
