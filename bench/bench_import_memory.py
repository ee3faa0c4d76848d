"""Peak memory of a personnel import for the largest files the limits let through, and for
crafted files they must stop. Goal: every import under 1 GB (issue 12: a 6.7 MB crafted XLSX
took the server from 0.44 to 4.77 GB).

The files: plain exports of the most rows an import takes (GEP_IMPORT_MAX_ROWS, 200,000), the
same padded with long names to just under the 50 MB request body limit (CSV and XLSX, whose
random names barely compress), a workbook with one cell at the far corner of the sheet, and a
zip bomb. Each goes through `gep import personnel` in its own process; its peak resident size
(VmHWM) is reported next to the peak of a process that only starts the command (baseline). The
files near the body limit are also uploaded to the web API (`POST /api/v1/personnel/imports`)
of a `gep serve` running in its own process: the peak is that server process's alone (the
client streams the file from disk), beside the server's peak before the upload. CPU seconds
are given beside the wall time (the machine may be shared).
"""

from __future__ import annotations

import io
import json
import os
import random
import socket
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
import json, re, sys, time
from gepmonitor.cli import run
code = run(sys.argv[1:]) if len(sys.argv) > 1 else 0
status = open("/proc/self/status").read()
peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1))
cpu = round(time.process_time(), 2)
print(json.dumps({"code": code, "peak_mb": round(peak / 1024, 1), "cpu_seconds": cpu}))
"""


# The web API is measured on the server alone: `gep serve` runs in its own process (one uvicorn
# worker), this process uploads the file to it (streamed from disk by httpx) and reads the
# server's VmHWM from /proc/<pid>/status. SETUP makes the instance, an importer and its token.
SETUP = """
import sys
from gepmonitor.accounts.service import Actor, create_token, create_user
from gepmonitor.cli import run
from gepmonitor.core.config import get_settings
from gepmonitor.core.db import make_engine, make_session_factory
from gepmonitor.core.orgs import ensure_org
assert run(["init"]) == 0
settings = get_settings()
engine = make_engine(settings.resolved_database_url())
with make_session_factory(engine)() as session:
    org = ensure_org(session, settings.default_org)
    user, _ = create_user(session, org, "hr", Actor("bench"), username="bench")
    _, secret = create_token(session, user, "bench", Actor("bench"), scope="write")
    session.commit()
engine.dispose()
print(secret)
"""


def _peak_of(pid: int) -> float:
    """Return the peak resident size (VmHWM, MB) of a running process."""
    status = Path(f"/proc/{pid}/status").read_text()
    return round(int(status.split("VmHWM:")[1].split()[0]) / 1024, 1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _api_upload(env: dict[str, str], path: Path, day: str) -> dict[str, object]:
    """Upload path to a fresh `gep serve`; return its answer and the server's peak memory."""
    import httpx

    started = time.perf_counter()
    setup = subprocess.run(
        [sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, check=True
    )
    secret = setup.stdout.strip().splitlines()[-1]
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gepmonitor", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(base + "/healthz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        idle = _peak_of(server.pid)
        cpu_before = _cpu_seconds(server.pid)
        with path.open("rb") as handle:
            answer = httpx.post(
                base + "/api/v1/personnel/imports",
                data={"peildatum": day},
                files={"file": (path.name, handle, "application/octet-stream")},
                headers={"Authorization": "Bearer " + secret},
                timeout=3600,
            )
        outcome: dict[str, object] = {
            "code": 0 if answer.status_code in (200, 201) else answer.status_code,
            "peak_mb": _peak_of(server.pid),
            "server_idle_peak_mb": idle,
            "server_cpu_seconds": round(_cpu_seconds(server.pid) - cpu_before, 2),
        }
        if outcome["code"]:
            outcome["message"] = answer.text[:200]
    finally:
        server.terminate()
        server.wait(timeout=60)
    outcome["seconds"] = round(time.perf_counter() - started, 2)
    return outcome


def _cpu_seconds(pid: int) -> float:
    """Return the user and system CPU time a running process has used (seconds)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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


def run(
    quick: bool = False, only: set[str] | None = None, files: Path | None = None
) -> dict[str, object]:
    """Measure the peak memory of each import (those named in only); the goal is under 1 GB.

    files: a folder that keeps the generated files between runs (they are made from fixed
    seeds, so a kept file is the one the run would write); default none, they are removed.
    """
    rows = 20_000 if quick else 200_000
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        kept = files or base
        kept.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "GEP_DATA_DIR": str(base / "data"),
            "GEP_SECRET_KEY": "bench-secret",
            "GEP_LANG": "en",
        }
        made = {
            f"csv_{rows}_rows": (kept / f"plain{rows}.csv", lambda p: write_csv(p, rows)),
            f"xlsx_{rows}_rows": (kept / f"plain{rows}.xlsx", lambda p: write_xlsx(p, rows)),
            "csv_near_body_limit": (kept / f"big{rows}.csv", lambda p: csv_near_limit(p, rows)),
            "xlsx_near_body_limit": (
                kept / f"big{rows}.xlsx",
                lambda p: xlsx_near_limit(p, rows),
            ),
            "xlsx_far_cell": (kept / "far.xlsx", write_far_cell),
            "xlsx_zip_bomb": (kept / "bomb.xlsx", write_zip_bomb),
        }
        results: dict[str, object] = {"baseline": _probe(env, "init")}
        for name, (path, write) in made.items():
            if only is not None and name not in only:
                continue
            if files is None or not path.exists():
                write(path)
            day = f"{2000 + len(results)}-12-31"
            outcome = _probe(env, "import", "personnel", str(path), "--peildatum", day)
            outcome["file_mb"] = round(path.stat().st_size / 1e6, 2)
            results[name] = outcome
            if "near_body_limit" in name:  # the same file uploaded to a fresh web instance
                api_env = {**env, "GEP_DATA_DIR": str(base / f"web-{name}")}
                api = _api_upload(api_env, path, "2024-12-31")
                api["file_mb"] = outcome["file_mb"]
                results[f"{name}_api"] = api
            if files is None:
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


def main() -> None:
    """Run some of the imports (--only) and put their figures into bench/results.json, keeping
    the figures of the others from the last full run (each entry says when it ran)."""
    import argparse
    from datetime import UTC, datetime

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", help="e.g. csv_near_body_limit xlsx_zip_bomb")
    parser.add_argument("--files", type=Path, help="keep the generated files in this folder")
    args = parser.parse_args()
    load_before = [round(x, 2) for x in os.getloadavg()]
    started = time.perf_counter()
    outcome = run(only=set(args.only) if args.only else None, files=args.files)
    ran_at = datetime.now(UTC).isoformat(timespec="seconds")
    load_after = [round(x, 2) for x in os.getloadavg()]
    path = Path(__file__).resolve().parent / "results.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    previous = results.get("import_memory", {})
    imports = dict(previous.get("imports", {})) if args.only else {}
    for figures in imports.values():  # kept from an earlier run: say when that was
        figures.setdefault("ran_at", previous.get("ran_at"))
        figures.setdefault("load_average", previous.get("load_average"))
    for name, figures in outcome["imports"].items():  # type: ignore[attr-defined]
        figures["ran_at"] = ran_at
        figures["load_average"] = {"before": load_before, "after": load_after}
        imports[name] = figures
    peaks = [float(v["peak_mb"]) for v in imports.values() if "peak_mb" in v]
    results["import_memory"] = {
        **outcome,
        "imports": imports,
        "max_peak_mb": max(peaks),
        "goal_met": max(peaks) < GOAL_MB,
        "ran_at": ran_at,
        "wall_seconds": round(time.perf_counter() - started, 2),
        "load_average": {"before": load_before, "after": load_after},
        "quick": False,
    }
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results["import_memory"], indent=2))


if __name__ == "__main__":
    main()
