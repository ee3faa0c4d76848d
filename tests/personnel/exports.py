"""HR exports as files: snapshot frames written the way HR systems export them (Dutch headers)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
from tests.personnel.province import generate_demo_frame

ALL_COLUMNS = (
    "Personeelsnummer",
    "Geslacht",
    "Geboortejaar",
    "Salarisschaal",
    "FTE",
    "Afdeling",
    "Leidinggevende",
    "Contractsoort",
    "Datum in dienst",
    "Datum uit dienst",
    "Reden uit dienst",
)
_GENDER = {"m": "M", "v": "V", "x": "X", "onbekend": ""}


def _cells(row: dict[str, object]) -> dict[str, str]:
    def day(value: object) -> str:
        return value.isoformat() if isinstance(value, date) else ""

    fte = row["fte"]
    return {
        "Personeelsnummer": str(row["employee_key"]),
        "Geslacht": _GENDER[str(row["gender"])],
        "Geboortejaar": "" if row["birth_year"] is None else str(row["birth_year"]),
        "Salarisschaal": str(row["scale_label"]),
        "FTE": "" if fte is None else f"{fte:.1f}".replace(".", ","),
        "Afdeling": str(row["unit"] or ""),
        "Leidinggevende": "ja" if row["is_manager"] else "nee",
        "Contractsoort": str(row["contract_type"] or "vast"),
        "Datum in dienst": day(row["hire_date"]),
        "Datum uit dienst": day(row["exit_date"]),
        "Reden uit dienst": str(row["exit_reason"] or ""),
    }


def write_export(frame: pl.DataFrame, path: Path, columns: tuple[str, ...] = ALL_COLUMNS) -> Path:
    """Write a snapshot's rows as a semicolon CSV with the given columns; return the path."""
    lines = [";".join(columns)]
    for row in frame.iter_rows(named=True):
        cells = _cells(row)
        lines.append(";".join(cells[c] for c in columns))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def demo_year(year: int) -> pl.DataFrame:
    """Return the demo province's rows of one year's 31 December snapshot."""
    return demo_frame().filter(pl.col("year") == year)


_DEMO: list[pl.DataFrame] = []


def demo_frame() -> pl.DataFrame:
    """Return the demo province's snapshots 2016-2025 (seed 2025), built once per run."""
    if not _DEMO:
        _DEMO.append(generate_demo_frame(2025))
    return _DEMO[0]
