"""The full indicator suite on 10k to 10M employee-years: Polars (ours) against plain pandas.

Each size runs in a child process so its peak memory (max RSS) is its own; inside the child the
Polars suite and the pandas suite run one after the other on the same data, so the speed ratio is
fair. Targets: 1M rows < 1 s, 10M rows < 10 s and < 4 GB, at least 5x faster than pandas.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

import pandas as pd
import polars as pl

from bench.synthetic import synthetic_snapshots
from gepmonitor.personnel.bands import DEFAULT_BANDS, parse_band
from gepmonitor.personnel.indicators import composition, flows, projection
from gepmonitor.personnel.target_spec import TargetSpec

SIZES = (10_000, 100_000, 1_000_000, 10_000_000)
TARGETS = (TargetSpec("13+", 0.5, 2028), TargetSpec("11+", 0.45, 2027))


def polars_suite(frame: pl.DataFrame) -> dict[str, float]:
    """Run trend, bands, units, ages, flows and projections; return a checksum."""
    last = int(frame["year"].max())  # type: ignore[arg-type]
    checksum = 0.0
    trends = composition.band_trends(frame, DEFAULT_BANDS)
    checksum += sum(float(trend["women"].sum()) for trend in trends.values())
    checksum += float(composition.by_unit(frame, last)["men"].sum())
    checksum += float(composition.by_age_band(frame, last)["women"].sum())
    checksum += float(composition.by_band(frame, last, DEFAULT_BANDS)["men"].sum())
    band_flows = flows.flows_for_bands(frame, [parse_band(t.band_code) for t in TARGETS])
    for target in TARGETS:
        status = projection.target_status(
            trends[target.band_code], band_flows[target.band_code], target
        )
        checksum += status.flow_projection or 0.0
    return {"checksum": checksum}


def _pd_counts(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    table = pd.crosstab([frame[k] for k in keys], frame["gender"])
    for gender in ("m", "v"):
        if gender not in table:
            table[gender] = 0
    table["share_women"] = table["v"] / (table["m"] + table["v"])
    return table


def _pd_band(frame: pd.DataFrame, code: str) -> pd.Series:
    band = parse_band(code)
    mask = pd.Series(True, index=frame.index)
    if band.min_scale is not None:
        mask &= frame["scale"] >= band.min_scale
    if band.managers_only:
        mask &= frame["is_manager"]
    return mask.fillna(False)


def pandas_suite(frame: pd.DataFrame) -> dict[str, float]:
    """The same suite written plainly in pandas."""
    frame = frame[frame["exit_date"].isna() | (frame["exit_date"] > frame["peildatum"])]
    last = int(frame["year"].max())
    checksum = 0.0
    for band in DEFAULT_BANDS:
        checksum += float(_pd_counts(frame[_pd_band(frame, band.code)], ["year"])["v"].sum())
    now = frame[frame["year"] == last]
    checksum += float(_pd_counts(now, ["unit"])["m"].sum())
    ages = pd.cut(now["year"] - now["birth_year"], [0, 24, 34, 44, 54, 200])
    checksum += float(pd.crosstab(ages, now["gender"]).get("v", pd.Series([0])).sum())
    for band in DEFAULT_BANDS:
        checksum += float((_pd_band(now, band.code) & (now["gender"] == "m")).sum())
    years = sorted(frame["year"].unique())
    for target in TARGETS:
        frame = frame.assign(in_band=_pd_band(frame, target.band_code))
        trend = _pd_counts(frame[frame["in_band"]], ["year"])
        exits_w = exits_m = start_w = start_m = entries_w = entries_m = 0
        for before_year, after_year in zip(years, years[1:], strict=False):
            before = frame[frame["year"] == before_year][["employee_key", "gender", "in_band"]]
            after = frame[frame["year"] == after_year][["employee_key", "in_band"]]
            merged = before.merge(after, on="employee_key", how="left", suffixes=("", "_after"))
            in_before = merged[merged["in_band"]]
            left = in_before[in_before["in_band_after"].ne(True)]
            start_w += int((in_before["gender"] == "v").sum())
            start_m += int((in_before["gender"] == "m").sum())
            exits_w += int((left["gender"] == "v").sum())
            exits_m += int((left["gender"] == "m").sum())
            came = after.merge(before, on="employee_key", how="left", suffixes=("", "_before"))
            came = came[came["in_band"] & came["in_band_before"].ne(True)]
            genders = frame[frame["year"] == after_year].set_index("employee_key")["gender"]
            came_gender = genders.reindex(came["employee_key"])
            entries_w += int((came_gender == "v").sum())
            entries_m += int((came_gender == "m").sum())
        women, men = float(trend["v"].iloc[-1]), float(trend["m"].iloc[-1])
        entries = (entries_w + entries_m) / max(1, len(years) - 1)
        share = entries_w / max(1, entries_w + entries_m)
        for _ in range(target.target_year - last):
            women = women * (1 - exits_w / max(1, start_w)) + share * entries
            men = men * (1 - exits_m / max(1, start_m)) + (1 - share) * entries
        checksum += women / (women + men)
    return {"checksum": checksum}


def measure(rows: int, with_pandas: bool) -> dict[str, object]:
    """Time both suites on one synthetic frame (in this process) and report peak RSS."""
    frame = synthetic_snapshots(rows)
    polars_suite(frame.head(1000))  # warm up
    started = time.perf_counter()
    polars_suite(frame)
    polars_seconds = time.perf_counter() - started
    result: dict[str, object] = {
        "rows": frame.height,
        "polars_seconds": round(polars_seconds, 3),
        "rows_per_second": round(frame.height / polars_seconds),
    }
    result["peak_rss_mb_polars"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if with_pandas:
        pandas_frame = frame.to_pandas()
        started = time.perf_counter()
        pandas_suite(pandas_frame)
        pandas_seconds = time.perf_counter() - started
        result["pandas_seconds"] = round(pandas_seconds, 3)
        result["speedup_vs_pandas"] = round(pandas_seconds / polars_seconds, 1)
    result["peak_rss_mb_process"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result


def run(quick: bool = False) -> dict[str, object]:
    """Measure every size in its own child process and check the targets."""
    sizes = SIZES[:2] if quick else SIZES
    measurements = []
    for rows in sizes:
        child = subprocess.run(
            [sys.executable, "-m", "bench.bench_indicators", str(rows)],
            capture_output=True,
            text=True,
            check=True,
        )
        measurements.append(json.loads(child.stdout.strip().splitlines()[-1]))
        print(measurements[-1], flush=True)
    by_rows = {m["rows"]: m for m in measurements}
    targets = {}
    if 1_000_000 in by_rows:
        targets["1M_under_1s"] = by_rows[1_000_000]["polars_seconds"] < 1
    if 10_000_000 in by_rows:
        big = by_rows[10_000_000]
        targets["10M_under_10s"] = big["polars_seconds"] < 10
        targets["10M_polars_under_4GB"] = big["peak_rss_mb_polars"] < 4096
    targets["5x_faster_than_pandas_from_100k"] = all(
        m.get("speedup_vs_pandas", 0) >= 5 for m in measurements if m["rows"] >= 100_000
    )
    return {"sizes": measurements, "targets_met": targets}


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]), with_pandas=True)))
