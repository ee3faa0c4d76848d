"""The canonical snapshot frame: one row per employee per peildatum, as indicators expect it.

The importer writes rows in this shape, storage loads them back in this shape, the demo and the
benchmarks generate it, and every indicator in `personnel.indicators` takes it. Column "staff" says
whether the row is staff on its peildatum (personnel.peildatum: hired on or before it and not left
before it); rows of people who left during the year (to carry the exit reason) or who start after
the peildatum may be present, are stored and feed the flows, but never count as staff. Storage
fills "staff" with the organisation's rule; a frame without it gets the default rule.
"""

from __future__ import annotations

import polars as pl

from gepmonitor.core.parsing import SCALE_MAX, SCALE_MIN  # noqa: F401 - part of the schema
from gepmonitor.personnel.peildatum import staff_expr

GENDERS = ("v", "m", "x", "onbekend")
CONTRACT_TYPES = ("vast", "tijdelijk", "trainee", "bbl", "stage", "onbekend")

SNAPSHOT_SCHEMA: dict[str, pl.DataType] = {
    "peildatum": pl.Date(),
    "year": pl.Int32(),
    "employee_key": pl.String(),  # HMAC pseudonym of the personnel number
    "gender": pl.String(),  # one of GENDERS
    "birth_year": pl.Int32(),  # nullable
    "scale": pl.Int32(),  # 1..18; null for trainee or no scale
    "scale_label": pl.String(),  # "1".."18", "trainee" or "geen"
    "step": pl.Int32(),  # nullable
    "fte": pl.Float64(),  # 0 < fte <= 1.2
    "unit": pl.String(),
    "is_manager": pl.Boolean(),
    "contract_type": pl.String(),  # one of CONTRACT_TYPES
    "banenafspraak": pl.Boolean(),
    "hire_date": pl.Date(),  # nullable
    "exit_date": pl.Date(),  # nullable
    "exit_reason": pl.String(),  # nullable
    "pay": pl.Float64(),  # nullable, gross monthly pay for a full-time equivalent
    "staff": pl.Boolean(),  # staff on the peildatum (derived, never stored)
}
DERIVED_COLUMNS = ("peildatum", "year", "staff")  # not stored on the employee row


def empty_snapshot_frame() -> pl.DataFrame:
    """Return an empty frame with the canonical snapshot schema."""
    return pl.DataFrame(schema=SNAPSHOT_SCHEMA)


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """Return the frame with exactly the canonical columns and types (missing ones null).

    A frame without a "staff" column gets it from the default rule (personnel.peildatum).
    """
    columns = [
        (pl.col(name) if name in frame.columns else pl.lit(None)).cast(dtype).alias(name)
        for name, dtype in SNAPSHOT_SCHEMA.items()
        if name != "staff"
    ]
    if "staff" in frame.columns:
        columns.append(pl.col("staff").cast(pl.Boolean).fill_null(False))
        return frame.select(columns).select(list(SNAPSHOT_SCHEMA))
    return frame.select(columns).with_columns(staff_expr().alias("staff"))


def active_expr() -> pl.Expr:
    """Return an expression that is true for rows that are staff on their row's peildatum."""
    return pl.col("staff")
