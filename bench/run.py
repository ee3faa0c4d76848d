"""Run the benchmarks and write bench/results.json.

Usage: python -m bench.run [--quick] [--only NAME ...]

Each benchmark is a module bench/bench_NAME.py with run(quick) -> dict; to add one, write the
module and add its NAME to BENCHMARKS. Every result records the load average before and after,
since the machine may be shared.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent

BENCHMARKS = [
    "start",  # gep --help and gep monitor start-up beside python -c pass
    "import",  # a 100,000-row XLSX import
    "import_memory",  # peak memory of imports at the limits (up to the body limit) and bombs
    "monitor",  # build_monitor with suppression against pandas, 10k to 10M rows
    "textcheck",  # vacancy texts checked per second
    "textcorpus",  # the text checker's precision and recall on the annotated corpus
    "pay",  # pay figures and the equal-pay analysis against pandas and statsmodels
    "web",  # every page and API route per role, cold and warm, 20 clients
    "deploy",  # the production set-up behind nginx
]


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _commit() -> str:
    """Return the checked-out commit the figures are of ('+changes' when files differ from it)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=HERE.parent, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    changed = git(
        "status",
        "--porcelain",
        "--untracked-files=no",
        "--",
        "src",
        "bench",
        ":!bench/results.json",
    )
    return commit + ("+changes" if changed else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes only (a smoke run)")
    parser.add_argument("--only", nargs="*", help="benchmark names, e.g. monitor web")
    args = parser.parse_args()
    names = [n for n in BENCHMARKS if not args.only or n in args.only]
    results_path = HERE / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    results["machine"] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
    for name in names:
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        load_before = _load()
        module = importlib.import_module(f"bench.bench_{name}")
        outcome = module.run(quick=args.quick)
        outcome["ran_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        outcome["wall_seconds"] = round(time.perf_counter() - started, 2)
        outcome["load_average"] = {"before": load_before, "after": _load()}
        outcome["quick"] = args.quick
        outcome["commit"] = _commit()
        results[name] = outcome
        results_path.write_text(json.dumps(results, indent=2) + "\n")
        print(json.dumps(outcome, indent=2)[:4000], flush=True)
    print(f"written {results_path}")


if __name__ == "__main__":
    main()
