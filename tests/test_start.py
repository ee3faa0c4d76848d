"""`gep` starts without the heavy libraries only some commands use (bench/bench_start.py times it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Each costs from a tenth of a second to a second to import; `gep --help` needs none of them.
HEAVY = ("scipy", "numpy", "matplotlib", "weasyprint", "statsmodels", "fastapi", "uvicorn")


def _imported_after(code: str) -> list[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    child = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    loaded = json.loads(child.stdout.strip().splitlines()[-1])
    return sorted({name.split(".")[0] for name in loaded} & set(HEAVY))


def test_importing_the_cli_imports_no_heavy_library():
    assert _imported_after("import gepmonitor.cli") == []


def test_gep_help_imports_no_heavy_library():
    code = (
        "import sys\nsys.argv = ['gep', '--help']\nfrom gepmonitor.cli import app\n"
        "try:\n    app(standalone_mode=False)\nexcept SystemExit:\n    pass"
    )
    assert _imported_after(code) == []
