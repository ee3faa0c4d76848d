"""Peak memory of `gep import personnel` for the largest files the limits let through, and for
crafted files they must stop. Goal: every import under 1 GB (issue 12: a 6.7 MB crafted XLSX
took the server from 0.44 to 4.77 GB).

Each import runs in its own process; its peak resident size (ru_maxrss) is reported next to the
peak of a process that only starts the command (the baseline).
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from openpyxl import Workbook

HEADER = [
    "Personeelsnummer",
    "Naam",
    "Geslacht",
    "Geboortejaar",
    "Salarisschaal",
    "Trede",
    "FTE",
    "Afdeling",
    "Leidinggevende",
    "Contractsoort",
    "Datum in dienst",
    "Reden uit dienst",
    "Salaris",
]
GOAL_MB = 1024
# VmHWM is the peak of this process's own memory since exec (ru_maxrss would carry over the
# peak of the parent it was forked from).
PROBE = """
import json, re, sys
from gepmonitor.cli import run
code = run(sys.argv[1:]) if len(sys.argv) > 1 else 0
status = open("/proc/self/status").read()
peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1))
print(json.dumps({"code": code, "peak_mb": round(peak / 1024, 1)}))
"""


def _row(rng: random.Random, number: int) -> list[object]:
    return [
        100000 + number,
        f"Medewerker {number}",
        rng.choice("VM"),
        rng.randint(1960, 2002),
        rng.randint(4, 18),
        rng.randint(0, 12),
        rng.choice([1, 0.8, 0.9]),
        rng.choice(["Mobiliteit", "Natuur", "Financiën", "Ruimte en Wonen"]),
        rng.choice(["ja", "nee"]),
        "vast",
        "2015-03-01",
        "",
        rng.randint(2500, 9000),
    ]


def write_csv(path: Path, rows: int) -> None:
    """Write a semicolon CSV export with the given number of employees."""
    rng = random.Random(1)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(";".join(HEADER) + "\n")
        for number in range(rows):
            handle.write(";".join(str(cell) for cell in _row(rng, number)) + "\n")


def write_xlsx(path: Path, rows: int) -> None:
    """Write an XLSX export with the given number of employees."""
    rng = random.Random(2)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for number in range(rows):
        sheet.append(_row(rng, number))
    book.save(path)


def _with_sheet(path: Path, sheet_xml: bytes) -> None:
    """Write a workbook whose first sheet is the given XML (other parts from a real one)."""
    base = io.BytesIO()
    book = Workbook()
    book.save(base)
    source = zipfile.ZipFile(base)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = sheet_xml
            target.writestr(item.filename, content)


def write_far_cell(path: Path) -> None:
    """Write a tiny workbook with one cell at the last row and column (a dense-grid bomb)."""
    _with_sheet(
        path,
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>',
    )


def write_zip_bomb(path: Path) -> None:
    """Write a workbook whose sheet unpacks to about 400 MB of XML."""
    padding = b"<row><c><v>0</v></c></row>" * 16_000_000
    _with_sheet(
        path,
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + padding + b"</sheetData></worksheet>",
    )


def _probe(env: dict[str, str], *args: str) -> dict[str, object]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, check=False
    )
    lines = result.stdout.strip().splitlines()
    outcome = json.loads(lines[-1]) if lines else {"code": result.returncode}
    outcome["seconds"] = round(time.perf_counter() - started, 2)
    if outcome.get("code") not in (0,):
        outcome["message"] = result.stderr.strip().splitlines()[-1][:200] if result.stderr else ""
    return outcome


def run(quick: bool = False) -> dict[str, object]:
    """Measure the peak memory of each import; the goal is under 1 GB each."""
    rows = 20_000 if quick else 200_000
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        env = {
            **os.environ,
            "GEP_DATA_DIR": str(base / "data"),
            "GEP_SECRET_KEY": "bench-secret",
            "GEP_LANG": "en",
        }
        files = {
            f"csv_{rows}_rows": (base / "export.csv", lambda p: write_csv(p, rows)),
            f"xlsx_{rows}_rows": (base / "export.xlsx", lambda p: write_xlsx(p, rows)),
            "xlsx_far_cell": (base / "far.xlsx", write_far_cell),
            "xlsx_zip_bomb": (base / "bomb.xlsx", write_zip_bomb),
        }
        results: dict[str, object] = {"baseline": _probe(env, "init")}
        for name, (path, write) in files.items():
            write(path)
            day = f"{2000 + len(results)}-12-31"
            outcome = _probe(env, "import", "personnel", str(path), "--peildatum", day)
            outcome["file_mb"] = round(path.stat().st_size / 1e6, 2)
            results[name] = outcome
            path.unlink()
    peaks = [float(v["peak_mb"]) for v in results.values() if isinstance(v, dict)]  # type: ignore[arg-type]
    return {
        "goal_mb": GOAL_MB,
        "imports": results,
        "max_peak_mb": max(peaks),
        "goal_met": max(peaks) < GOAL_MB,
    }
