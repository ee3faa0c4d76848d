"""Fuzz every importer and the vacancy checker; write the result to bench/results.json.

Usage: python -m bench.fuzz [--cases 10000] [--first 0] [--failures FILE]

The totals so far are written to bench/results.json every 250 cases ("complete": false until
the last case), so a run stopped early still records how many cases ran. bench/results.json
keeps the first 20 failures; --failures FILE writes every one (case number,
target, mutations, message) as JSON, to rerun them one by one with tests.fuzzing.make_case.

Goal: 0 tracebacks, 0 internal errors and 0 changed rows after a refused file (tests/fuzzing.py
says how cases are made and judged). The same case number always makes the same file.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.fuzzing import Summary, run_fuzz

HERE = Path(__file__).resolve().parent


def _write(
    summary: Summary, args: argparse.Namespace, started: float, complete: bool
) -> dict[str, object]:
    """Write the totals so far into bench/results.json (and every failure to --failures)."""
    outcome = summary.as_dict()
    if args.failures:
        everything = summary.as_dict(limit=None)["failures"]
        args.failures.write_text(json.dumps(everything, indent=2) + "\n")
    outcome["first_case"] = args.first
    outcome["cases_planned"] = args.cases
    outcome["complete"] = complete
    outcome["goal"] = "0 tracebacks, 0 internal errors, 0 changed rows after a refused file"
    outcome["goal_met"] = not (
        outcome["tracebacks"] or outcome["internal_errors"] or outcome["changed_rows_after_refusal"]
    )
    outcome["ran_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    outcome["wall_seconds"] = round(time.perf_counter() - started, 2)
    outcome["load_average"] = [round(x, 2) for x in os.getloadavg()]
    path = HERE / "results.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results["fuzz"] = outcome
    path.write_text(json.dumps(results, indent=2) + "\n")
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--failures", type=Path, help="write every failing case here (JSON)")
    args = parser.parse_args()
    started = time.perf_counter()

    def progress(summary: Summary) -> None:
        _write(summary, args, started, complete=False)

    with tempfile.TemporaryDirectory() as folder:
        summary = run_fuzz(Path(folder), args.first, args.cases, progress)
    print(json.dumps(_write(summary, args, started, complete=True), indent=2))


if __name__ == "__main__":
    main()
