"""Run every benchmark module (bench/bench_*.py) and write bench/results.json.

Usage: python -m bench.run [--quick] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes only (a smoke run)")
    parser.add_argument("--only", nargs="*", help="benchmark names, e.g. indicators import")
    args = parser.parse_args()
    names = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    if args.only:
        names = [n for n in names if n in args.only]
    results_path = HERE / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    results["machine"] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": __import__("os").cpu_count(),
    }
    for name in names:
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        module = importlib.import_module(f"bench.bench_{name}")
        outcome = module.run(quick=args.quick)
        outcome["ran_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        outcome["wall_seconds"] = round(time.perf_counter() - started, 2)
        results[name] = outcome
        results_path.write_text(json.dumps(results, indent=2) + "\n")
        print(json.dumps(outcome, indent=2), flush=True)
    print(f"written {results_path}")


if __name__ == "__main__":
    main()
