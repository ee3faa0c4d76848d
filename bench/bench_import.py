"""Import a 100,000-row XLSX export into a fresh SQLite database. Target: under 10 s."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from bench.synthetic import synthetic_snapshots
from gepmonitor.core.db import make_engine, make_session_factory, transaction, upgrade_schema
from gepmonitor.core.orgs import ensure_org
from gepmonitor.personnel import service
from gepmonitor.personnel.service import parse_peildatum

HEADER = [
    "Personeelsnummer",
    "Naam",
    "Geslacht",
    "Geboortejaar",
    "Salarisschaal",
    "FTE",
    "Afdeling",
    "Leidinggevende",
    "Contractsoort",
]


def write_xlsx(path: Path, rows: int) -> None:
    """Write an HR-style export with the given number of employees."""
    frame = synthetic_snapshots(rows * 10)
    frame = frame.filter(frame["year"] == frame["year"].max()).head(rows)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    gender = {"m": "M", "v": "V", "x": "X", "onbekend": ""}
    for index, row in enumerate(frame.iter_rows(named=True)):
        sheet.append(
            [
                100000 + index,
                f"Medewerker {index}",
                gender[row["gender"]],
                row["birth_year"],
                row["scale"],
                row["fte"],
                row["unit"],
                "ja" if row["is_manager"] else "nee",
                "vast",
            ]
        )
    book.save(path)


def run(quick: bool = False) -> dict[str, object]:
    """Time preview plus import of the file; return seconds and rows per second."""
    rows = 10_000 if quick else 100_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.xlsx"
        write_xlsx(path, rows)
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        upgrade_schema(engine)
        factory = make_session_factory(engine)
        started = time.perf_counter()
        with transaction(factory) as session:
            org = ensure_org(session, "bench", "Bench")
            summary = service.import_personnel(
                session, org, path, parse_peildatum("2025-12-31"), secret="bench", actor="bench"
            )
        seconds = time.perf_counter() - started
        engine.dispose()
    return {
        "rows": summary.rows,
        "seconds": round(seconds, 2),
        "rows_per_second": round(summary.rows / seconds),
        "target_under_10s": seconds < 10,
    }
