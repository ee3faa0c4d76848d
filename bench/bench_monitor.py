"""The personnel monitor as the application computes it, against a pandas baseline.

What is timed is `build_monitor` with suppression (personnel.monitor), the function behind
`gep monitor`, the yearly report, the dashboard and the personnel API: every band's trend and
flows, the organisation's trend, flows, units, age bands and reasons for leaving, the targets'
projections, and the disclosure control over all of it. The baseline (bench/pandas_monitor.py)
computes the same tables in pandas and passes them through the same disclosure control; every
published cell and every target status must be equal, or the benchmark fails.

Each size runs in a child process so its peak memory (max RSS) is its own. Beside the pure
function, `dashboard_path` times the dashboard's first request after a data change on a stored
organisation: the data-version query, loading the snapshots from SQLite, build_monitor and the
page's view. Targets: build_monitor on 1M rows under 0.3 s; 10M rows under 10 s and 4 GB.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

from bench.pandas_monitor import pandas_monitor, to_pandas
from bench.synthetic import synthetic_snapshots
from gepmonitor.personnel.bands import DEFAULT_BANDS, parse_band
from gepmonitor.personnel.monitor import Monitor, build_monitor
from gepmonitor.personnel.target_spec import TargetSpec

SIZES = (10_000, 100_000, 1_000_000, 10_000_000)
TARGETS = (TargetSpec("13+", 0.5, 2028), TargetSpec("11+", 0.45, 2027), TargetSpec("9+", 0.5, 2030))
MIN_CELL = 5
REPEATS = 5


def _bands() -> list[Any]:
    bands = list(DEFAULT_BANDS)
    bands += [
        parse_band(t.band_code) for t in TARGETS if t.band_code not in {b.code for b in bands}
    ]
    return bands


def published(monitor: Monitor) -> dict[str, pl.DataFrame]:
    """Return every table build_monitor publishes, by the names the disclosure control uses."""
    tables = {
        "overall": monitor.overall,
        "org_flows": monitor.org_flows,
        "units": monitor.units,
        "ages": monitor.ages,
        "reasons": monitor.outflow_reasons,
    }
    for band in monitor.bands:
        tables[f"trend:{band.band.code}"] = band.trend
        tables[f"flows:{band.band.code}"] = band.flows
        if band.rates is not None:
            tables[f"rates:{band.band.code}"] = band.rates
    return tables


def _same_cells(name: str, ours: pl.DataFrame, theirs: pl.DataFrame) -> None:
    """Fail unless both tables have the same rows and cells (FTE to the cent, shares to 1e-9)."""
    theirs = theirs.select(ours.columns)
    if ours.height != theirs.height:
        raise AssertionError(f"{name}: {ours.height} rows against {theirs.height}")
    for column in ours.columns:
        left, right = ours[column].to_list(), theirs[column].to_list()
        tolerance = 0.0101 if column.startswith("fte") else 1e-9
        for row, (a, b) in enumerate(zip(left, right, strict=True)):
            if a is None or b is None or isinstance(a, str) or isinstance(b, str):
                equal = a == b
            else:
                equal = math.isclose(float(a), float(b), rel_tol=0, abs_tol=tolerance)
            if not equal:
                raise AssertionError(f"{name}, row {row}, {column}: {a!r} against {b!r}")


def assert_equal(monitor: Monitor, baseline: dict[str, Any]) -> int:
    """Fail unless the baseline publishes what build_monitor publishes; return cells compared."""
    ours = published(monitor)
    theirs = baseline["tables"]
    if set(ours) != set(theirs):
        raise AssertionError(f"tables differ: {sorted(set(ours) ^ set(theirs))}")
    cells = 0
    for name, table in ours.items():
        _same_cells(name, table, theirs[name])
        cells += table.height * table.width
    for band in monitor.bands:
        if band.status is None:
            continue
        other = baseline["statuses"][band.band.code]
        for field in (
            "current_share",
            "linear_projection",
            "flow_projection",
            "required_entry_share",
        ):
            a, b = getattr(band.status, field), getattr(other, field)
            if (a is None) != (b is None) or (
                a is not None and not math.isclose(a, b, abs_tol=1e-9)
            ):
                raise AssertionError(f"status {band.band.code}.{field}: {a!r} against {b!r}")
    counts = dict(monitor.banenafspraak.iter_rows())
    if counts != baseline["banenafspraak"]:
        raise AssertionError(f"banenafspraak: {counts} against {baseline['banenafspraak']}")
    return cells


def _timed(function: Any) -> tuple[float, Any, float]:
    """Return wall seconds, the value and CPU seconds (all threads: less moved by other load)."""
    started, cpu = time.perf_counter(), time.process_time()
    value = function()
    return time.perf_counter() - started, value, time.process_time() - cpu


def measure(rows: int) -> dict[str, Any]:
    """Time build_monitor and the pandas baseline on one synthetic frame; compare the results."""
    frame = synthetic_snapshots(rows)
    build_monitor(frame.head(2000), TARGETS, min_cell=MIN_CELL)  # warm up
    repeats = 1 if rows >= 10_000_000 else REPEATS
    runs = [
        _timed(lambda: build_monitor(frame, TARGETS, min_cell=MIN_CELL)) for _ in range(repeats)
    ]
    seconds = statistics.median(run[0] for run in runs)
    peak_polars = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    data = to_pandas(frame)
    pandas_seconds, baseline, pandas_cpu = _timed(
        lambda: pandas_monitor(data, _bands(), TARGETS, MIN_CELL)
    )
    cells = assert_equal(runs[0][1], baseline)
    return {
        "hidden_rows": _hidden_rows(runs[0][1]),
        "rows": len(data),
        "build_monitor_seconds": round(seconds, 3),
        "build_monitor_runs": [round(run[0], 3) for run in runs],
        "build_monitor_cpu_seconds": round(statistics.median(run[2] for run in runs), 3),
        "build_monitor_cpu_runs": [round(run[2], 3) for run in runs],
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "rows_per_second": round(len(data) / seconds),
        "pandas_seconds": round(pandas_seconds, 3),
        "pandas_cpu_seconds": round(pandas_cpu, 3),
        "speedup_vs_pandas": round(pandas_seconds / seconds, 1),
        "equal_cells": cells,
        "peak_rss_mb_polars": round(peak_polars),
        "peak_rss_mb_process": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def demo_equality() -> dict[str, Any]:
    """Compare on the demo organisation, where real suppression happens (small units, x)."""
    from gepmonitor.personnel.demo import generate_demo_frame

    frame = generate_demo_frame()
    monitor = build_monitor(frame, TARGETS, min_cell=MIN_CELL)
    cells = assert_equal(monitor, pandas_monitor(to_pandas(frame), _bands(), TARGETS, MIN_CELL))
    return {"rows": frame.height, "equal_cells": cells, "hidden_rows": _hidden_rows(monitor)}


def _hidden_rows(monitor: Monitor) -> int:
    """Return how many published rows the disclosure control hid (their count of men empty)."""
    return sum(
        table.select(pl.col("men").is_null().sum()).item() for table in published(monitor).values()
    )


def dashboard_path(rows: int) -> dict[str, Any]:
    """Time the dashboard's first request after a data change, in the application's functions."""
    from gepmonitor.core.cache import Cache
    from gepmonitor.core.config import Settings
    from gepmonitor.core.db import make_engine, make_session_factory, transaction, upgrade_schema
    from gepmonitor.core.orgs import ensure_org
    from gepmonitor.personnel import service
    from gepmonitor.personnel.web.dashboard import dashboard_view

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url)
        upgrade_schema(engine)
        factory = make_session_factory(engine)
        frame = synthetic_snapshots(rows)
        with transaction(factory) as session:
            org = ensure_org(session, "bench", "Bench")
            service.store_frame(session, org, frame, source_name="bench", actor="bench")
            for target in TARGETS:
                service.save_target(
                    session,
                    org,
                    target.band_code,
                    target.target_share,
                    target.target_year,
                    actor="bench",
                )
        settings = Settings(database_url=url)
        timings: dict[str, list[float]] = {"load": [], "build": [], "view": [], "total": []}
        for _ in range(REPEATS):
            with factory() as session:
                org = ensure_org(session, "bench", "Bench")
                started = time.perf_counter()
                loaded = service.load_snapshots(session, org)
                timings["load"].append(time.perf_counter() - started)
                started = time.perf_counter()
                _version, monitor = service.monitor(
                    session, org, min_cell=settings.min_cell, exact=False, cache=Cache()
                )
                timings["build"].append(time.perf_counter() - started - timings["load"][-1])
                mid = time.perf_counter()
                dashboard_view(monitor, monitor.years[-1], "nl", lambda chart: chart)
                timings["view"].append(time.perf_counter() - mid)
                timings["total"].append(time.perf_counter() - started)
                del loaded
        engine.dispose()
    return {"rows": rows} | {
        f"{name}_seconds": round(statistics.median(values), 3) for name, values in timings.items()
    }


def _child(*arguments: str) -> dict[str, Any]:
    child = subprocess.run(
        [sys.executable, "-m", "bench.bench_monitor", *arguments],
        capture_output=True,
        text=True,
    )
    if child.returncode != 0:
        raise RuntimeError(f"bench_monitor {' '.join(arguments)} failed:\n{child.stderr}")
    return json.loads(child.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def run(quick: bool = False) -> dict[str, Any]:
    """Measure every size in its own child process, compare with pandas, check the targets."""
    sizes = SIZES[:3] if quick else SIZES  # quick still measures the 1M goal
    measurements = []
    for rows in sizes:
        measurements.append(_child("size", str(rows)))
        print(measurements[-1], flush=True)
    by_rows = {m["rows"]: m for m in measurements}
    outcome: dict[str, Any] = {
        "what": f"build_monitor with suppression (personnel.monitor), median of {REPEATS} runs",
        "targets_by_band": [t.band_code for t in TARGETS],
        "demo_equality": _child("demo"),
        "sizes": measurements,
        "dashboard_path": [
            _child("dashboard", str(n)) for n in ((15_000,) if quick else (15_000, 100_000))
        ],
    }
    targets = {}
    million = next((m for rows, m in by_rows.items() if 900_000 <= rows <= 1_100_000), None)
    if million:
        targets["1M_build_monitor_under_0.3s"] = million["build_monitor_seconds"] < 0.3
    big = next((m for rows, m in by_rows.items() if rows >= 9_000_000), None)
    if big:
        targets["10M_under_10s"] = big["build_monitor_seconds"] < 10
        targets["10M_polars_under_4GB"] = big["peak_rss_mb_polars"] < 4096
    targets["equal_to_pandas"] = True  # a difference fails the run above
    outcome["targets_met"] = targets
    return outcome


def main() -> None:
    """Run the benchmark (printed, not written: bench.run writes results.json) or one part."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_monitor",
        description="build_monitor with suppression against the pandas baseline (equal cells).",
    )
    parser.add_argument("--quick", action="store_true", help="10k, 100k and 1M rows only")
    parts = parser.add_subparsers(dest="part", help="one measurement (what each child runs)")
    size = parts.add_parser("size", help="time build_monitor and pandas on N synthetic rows")
    size.add_argument("rows", type=int)
    parts.add_parser("demo", help="compare with pandas on the demo organisation")
    dashboard = parts.add_parser("dashboard", help="the dashboard's first request, N rows")
    dashboard.add_argument("rows", type=int)
    args = parser.parse_args()
    if args.part == "size":
        print(json.dumps(measure(args.rows)))
    elif args.part == "demo":
        print(json.dumps(demo_equality()))
    elif args.part == "dashboard":
        print(json.dumps(dashboard_path(args.rows)))
    else:
        print(json.dumps(run(quick=args.quick), indent=2))


if __name__ == "__main__":
    main()
