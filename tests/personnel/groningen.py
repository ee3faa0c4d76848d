"""Snapshots with the counts of the Groningen trend table (seed 001), for monitor tests."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import polars as pl
from tests.conftest import REFERENCE

from gepmonitor.personnel.schema import conform


def published() -> list[dict[str, str]]:
    """Return the rows of the published trend table."""
    with (REFERENCE / "groningen_scale11_trend.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def groningen_rows(year: int, men: int, women: int) -> list[dict[str, object]]:
    """Return employees for one year: the men and women in scale 11+ plus lower-scale staff."""
    rows = []
    for index in range(men):
        rows.append({"number": f"M{index:04d}", "gender": "m", "scale": 11 + index % 5})
    for index in range(women):
        rows.append({"number": f"V{index:04d}", "gender": "v", "scale": 11 + index % 4})
    for index in range(150):
        rows.append(
            {"number": f"L{index:04d}", "gender": "v" if index % 3 else "m", "scale": 6 + index % 5}
        )
    return [{**row, "peildatum": date(year, 12, 31)} for row in rows]


def groningen_frame() -> pl.DataFrame:
    """Return the canonical frame of all six years."""
    records = []
    for row in published():
        for item in groningen_rows(int(row["year"]), int(row["men"]), int(row["women"])):
            records.append(
                {
                    "peildatum": item["peildatum"],
                    "year": int(row["year"]),
                    "employee_key": item["number"],
                    "gender": item["gender"],
                    "scale": item["scale"],
                    "scale_label": str(item["scale"]),
                    "fte": 1.0,
                    "unit": "Unit A",
                    "is_manager": False,
                    "contract_type": "vast",
                    "banenafspraak": False,
                }
            )
    return conform(pl.DataFrame(records))


def write_groningen_csvs(folder: Path) -> list[tuple[Path, str]]:
    """Write one HR export per year; return (path, peildatum) pairs."""
    files = []
    for row in published():
        year = int(row["year"])
        path = folder / f"personeel_{year}.csv"
        lines = ["Personeelsnummer;Geslacht;Salarisschaal;FTE;Afdeling"]
        for item in groningen_rows(year, int(row["men"]), int(row["women"])):
            gender = "Man" if item["gender"] == "m" else "Vrouw"
            lines.append(f"{item['number']};{gender};{item['scale']};1,0;Unit A")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append((path, f"{year}-12-31"))
    return files
