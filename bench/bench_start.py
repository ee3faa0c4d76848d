"""Start-up: `gep --help` and `gep monitor` wall time beside `python -c pass`, in the same run.

Each command runs as a fresh process, as a user's shell starts it, several times in turn (so a
slow spell of a shared machine falls on all three alike); the median is reported. `gep monitor`
runs on a small SQLite organisation (the demo personnel), so its time is start-up plus a small
monitor. The modules `gep --help` imports are listed from `python -X importtime`, heaviest first.
Wall and CPU (user + system) seconds are both reported: on a busy shared machine the wall time
includes waiting for a core, the CPU time much less so. Target: `gep --help` under 0.5 s.

Python runs from compiled bytecode, as an installed package does (pip compiles it on install;
a checkout writes __pycache__ on its first run): the bytecode goes to a temporary folder
(PYTHONPYCACHEPREFIX), written by the first, untimed, run of each command, whatever
PYTHONDONTWRITEBYTECODE the caller has set. Without bytecode every run would first compile
gepmonitor's own modules, a cost no user pays twice.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
TARGET_SECONDS = 0.5
GEP = [sys.executable, "-m", "gepmonitor"]


def _env(folder: str) -> dict[str, str]:
    env = {
        **os.environ,
        "GEP_DATABASE_URL": f"sqlite:///{folder}/start.db",
        "GEP_DATA_DIR": folder,
        "PYTHONPATH": str(ROOT / "src"),
        "PYTHONPYCACHEPREFIX": f"{folder}/pycache",
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _wall(command: list[str], env: dict[str, str]) -> float:
    return _timed(command, env)[0]


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Return (wall, CPU) seconds of one run; CPU time (user + system) depends less on how busy
    a shared machine is than wall time does."""
    cpu = _children_cpu()
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - started, _children_cpu() - cpu


def _heaviest_imports(env: dict[str, str], count: int = 12) -> list[dict[str, Any]]:
    """Return the packages `gep --help` imports, heaviest first (each package's own import)."""
    child = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "gepmonitor", "--help"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    totals: dict[str, int] = {}
    for line in child.stderr.splitlines():
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        module = parts[2].strip()
        if "." not in module and not module.startswith(("gepmonitor", "_")):
            totals[module] = int(parts[1].strip())  # cumulative microseconds
    ordered = sorted(totals.items(), key=lambda item: -item[1])[:count]
    return [{"module": name, "ms": round(us / 1000, 1)} for name, us in ordered]


def run(quick: bool = False) -> dict[str, Any]:
    """Time python -c pass, gep --help and gep monitor; report medians and the heavy imports."""
    runs = 3 if quick else RUNS
    with tempfile.TemporaryDirectory() as folder:
        env = _env(folder)
        subprocess.run([*GEP, "init", "--name", "Start"], env=env, check=True, capture_output=True)
        subprocess.run([*GEP, "demo", "--if-empty"], env=env, check=True, capture_output=True)
        commands = {
            "python_pass": [sys.executable, "-c", "pass"],
            "gep_help": [*GEP, "--help"],
            "gep_monitor": [*GEP, "monitor"],
        }
        for command in commands.values():  # warm the file cache
            _wall(command, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                wall, used = _timed(command, env)
                times[name].append(wall)
                cpu[name].append(used)
        imports = _heaviest_imports(env)
    medians = {name: statistics.median(values) for name, values in times.items()}
    return {
        "runs": runs,
        **{f"{name}_seconds": round(value, 3) for name, value in medians.items()},
        **{
            f"{name}_cpu_seconds": round(statistics.median(values), 3)
            for name, values in cpu.items()
        },
        "gep_help_runs": [round(v, 3) for v in times["gep_help"]],
        "load_average_during": [round(x, 2) for x in os.getloadavg()],
        "bytecode": "compiled once into a temporary PYTHONPYCACHEPREFIX, as installed",
        "gep_help_minus_python_seconds": round(medians["gep_help"] - medians["python_pass"], 3),
        "heaviest_imports_of_gep_help": imports,
        "target_gep_help_under_0.5s": medians["gep_help"] < TARGET_SECONDS,
    }
