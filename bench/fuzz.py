"""Fuzz every importer and the vacancy checker; write the result to bench/results.json.

Usage: python -m bench.fuzz [--cases 10000] [--first 0]

Goal: 0 tracebacks, 0 internal errors and 0 changed rows after a refused file (tests/fuzzing.py
says how cases are made and judged). The same case number always makes the same file.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.fuzzing import run_fuzz

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--first", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        summary = run_fuzz(Path(folder), args.first, args.cases)
    outcome = summary.as_dict()
    outcome["first_case"] = args.first
    outcome["goal"] = "0 tracebacks, 0 internal errors, 0 changed rows after a refused file"
    outcome["goal_met"] = not (
        outcome["tracebacks"] or outcome["internal_errors"] or outcome["changed_rows_after_refusal"]
    )
    outcome["ran_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    outcome["wall_seconds"] = round(time.perf_counter() - started, 2)
    path = HERE / "results.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results["fuzz"] = outcome
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(outcome, indent=2))


if __name__ == "__main__":
    main()
