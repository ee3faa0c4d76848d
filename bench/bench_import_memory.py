"""Peak memory of a personnel import for the largest files the limits let through, and for
crafted files they must stop. Goal: every import under 1 GB (issue 12: a 6.7 MB crafted XLSX
took the server from 0.44 to 4.77 GB).

The files: plain exports of the most rows an import takes (GEP_IMPORT_MAX_ROWS, 200,000), the
same padded with long names to just under the 50 MB request body limit (CSV and XLSX, whose
random names barely compress), a workbook with one cell at the far corner of the sheet, and a
zip bomb. Each goes through `gep import personnel`; the files near the body limit also through
the web API (`POST /api/v1/personnel/imports`, in-process with the test client, so the peak
includes the client's copy of the body). Each import runs in its own process; its peak resident
size (VmHWM) is reported next to the peak of a process that only starts the command (baseline).
"""

from __future__ import annotations

import io
import json
import os
import random
import string
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
BODY_LIMIT = 50 * 1024 * 1024  # web.bodylimit.MAX_BODY
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


# The same through the web API: an account with a token, then one upload, in this process.
API_PROBE = """
import json, re, sys
from pathlib import Path
from fastapi.testclient import TestClient
from gepmonitor.accounts.service import Actor, create_token, create_user
from gepmonitor.cli import run
from gepmonitor.core.config import get_settings
from gepmonitor.core.db import make_engine, make_session_factory
from gepmonitor.core.orgs import ensure_org
from gepmonitor.web.app import create_app
assert run(["init"]) == 0
settings = get_settings()
engine = make_engine(settings.resolved_database_url())
with make_session_factory(engine)() as session:
    org = ensure_org(session, settings.default_org)
    user, _ = create_user(session, org, "hr", Actor("bench"), username="bench")
    _, secret = create_token(session, user, "bench", Actor("bench"), scope="write")
    session.commit()
engine.dispose()
path = Path(sys.argv[1])
client = TestClient(create_app(settings), base_url="http://testserver")
answer = client.post(
    "/api/v1/personnel/imports",
    data={"peildatum": sys.argv[2]},
    files={"file": (path.name, path.read_bytes(), "application/octet-stream")},
    headers={"Authorization": "Bearer " + secret},
)
status = open("/proc/self/status").read()
peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1))
code = 0 if answer.status_code in (200, 201) else answer.status_code
out = {"code": code, "peak_mb": round(peak / 1024, 1)}
if code:
    out["message"] = answer.text[:200]
print(json.dumps(out))
"""


def _name(rng: random.Random, length: int) -> str:
    """Return a random name of the length (random letters: a workbook cannot compress them)."""
    return "".join(rng.choices(string.ascii_letters, k=length))


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


def write_csv(path: Path, rows: int, name_length: int = 0) -> None:
    """Write a semicolon CSV export with the given number of employees (names padded)."""
    rng = random.Random(1)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(";".join(HEADER) + "\n")
        for number in range(rows):
            row = _row(rng, number)
            if name_length:
                row[1] = _name(rng, name_length)
            handle.write(";".join(str(cell) for cell in row) + "\n")


def write_xlsx(path: Path, rows: int, name_length: int = 0) -> None:
    """Write an XLSX export with the given number of employees (names padded)."""
    rng = random.Random(2)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for number in range(rows):
        row = _row(rng, number)
        if name_length:
            row[1] = _name(rng, name_length)
        sheet.append(row)
    book.save(path)


def csv_near_limit(path: Path, rows: int) -> None:
    """Write a CSV of `rows` employees whose names pad it to just under the body limit."""
    write_csv(path, rows)
    plain = path.stat().st_size
    room = BODY_LIMIT - 64 * 1024 - plain  # leave room for the form around the file
    write_csv(path, rows, name_length=len("Medewerker 1") + room // rows)


def xlsx_near_limit(path: Path, rows: int) -> None:
    """Write an XLSX of `rows` employees whose random names pad it to just under the limit."""
    write_xlsx(path, rows, name_length=100)
    per_char = (path.stat().st_size - _xlsx_plain_size(rows)) / (100 * rows)
    length = int((BODY_LIMIT - 64 * 1024 - _xlsx_plain_size(rows)) / (per_char * rows))
    write_xlsx(path, rows, name_length=length)
    while path.stat().st_size > BODY_LIMIT - 64 * 1024:  # compression varies a little
        length = int(length * 0.98)
        write_xlsx(path, rows, name_length=length)


_PLAIN_SIZES: dict[int, int] = {}


def _xlsx_plain_size(rows: int) -> int:
    if rows not in _PLAIN_SIZES:
        with tempfile.TemporaryDirectory() as folder:
            plain = Path(folder) / "plain.xlsx"
            write_xlsx(plain, rows)
            _PLAIN_SIZES[rows] = plain.stat().st_size
    return _PLAIN_SIZES[rows]


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


def _probe(env: dict[str, str], *args: str, script: str = PROBE) -> dict[str, object]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, check=False
    )
    lines = result.stdout.strip().splitlines()
    outcome = json.loads(lines[-1]) if lines else {"code": result.returncode}
    outcome["seconds"] = round(time.perf_counter() - started, 2)
    if outcome.get("code") not in (0,) and "message" not in outcome:
        outcome["message"] = result.stderr.strip().splitlines()[-1][:200] if result.stderr else ""
    return outcome


def run(quick: bool = False, only: set[str] | None = None) -> dict[str, object]:
    """Measure the peak memory of each import (those named in only); the goal is under 1 GB."""
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
            "csv_near_body_limit": (base / "big.csv", lambda p: csv_near_limit(p, rows)),
            "xlsx_near_body_limit": (base / "big.xlsx", lambda p: xlsx_near_limit(p, rows)),
            "xlsx_far_cell": (base / "far.xlsx", write_far_cell),
            "xlsx_zip_bomb": (base / "bomb.xlsx", write_zip_bomb),
        }
        results: dict[str, object] = {"baseline": _probe(env, "init")}
        for name, (path, write) in files.items():
            if only is not None and name not in only:
                continue
            write(path)
            day = f"{2000 + len(results)}-12-31"
            outcome = _probe(env, "import", "personnel", str(path), "--peildatum", day)
            outcome["file_mb"] = round(path.stat().st_size / 1e6, 2)
            results[name] = outcome
            if "near_body_limit" in name:  # the same file uploaded to a fresh web instance
                api_env = {**env, "GEP_DATA_DIR": str(base / f"web-{name}")}
                api = _probe(api_env, str(path), "2024-12-31", script=API_PROBE)
                api["file_mb"] = outcome["file_mb"]
                results[f"{name}_api"] = api
            path.unlink()
    measured = [v for v in results.values() if isinstance(v, dict) and "peak_mb" in v]
    peaks = [float(v["peak_mb"]) for v in measured]  # type: ignore[arg-type]
    return {
        "goal_mb": GOAL_MB,
        "body_limit_mb": round(BODY_LIMIT / 1e6, 2),
        "imports": results,
        "max_peak_mb": max(peaks),
        "goal_met": max(peaks) < GOAL_MB,
    }
