"""Salary-scale bands the monitor reports on; configurable, with the plans' defaults."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from gepmonitor.core.parsing import is_whole


@dataclass(frozen=True)
class Band:
    """A group of employees: a scale range and/or managers only."""

    code: str  # e.g. "11+", stable identifier used in targets and the CLI
    label_nl: str
    label_en: str
    min_scale: int | None = None
    max_scale: int | None = None
    managers_only: bool = False

    def label(self, lang: str) -> str:
        """Return the band's name in the given language."""
        return self.label_en if lang == "en" else self.label_nl

    def expr(self) -> pl.Expr:
        """Return a Polars expression selecting the band's rows of a snapshot frame."""
        condition = pl.lit(True)
        if self.min_scale is not None:
            condition = condition & (pl.col("scale") >= self.min_scale)
        if self.max_scale is not None:
            condition = condition & (pl.col("scale") <= self.max_scale)
        if self.managers_only:
            condition = condition & pl.col("is_manager")
        return condition.fill_null(False)


DEFAULT_BANDS: tuple[Band, ...] = (
    Band("11+", "schaal 11 en hoger", "scale 11 and higher", min_scale=11),
    Band("13+", "schaal 13 en hoger", "scale 13 and higher", min_scale=13),
    Band("lg", "leidinggevenden", "managers", managers_only=True),
)


def parse_band(code: str, bands: tuple[Band, ...] = DEFAULT_BANDS) -> Band:
    """Return the band with this code; 'N+' also works for any scale N from 1 to 18."""
    for band in bands:
        if band.code == code:
            return band
    if code.endswith("+") and is_whole(code[:-1], 2) and 1 <= int(code[:-1]) <= 18:
        scale = int(code[:-1])
        return Band(code, f"schaal {scale} en hoger", f"scale {scale} and higher", min_scale=scale)
    from gepmonitor.core.errors import InputError

    raise InputError(
        "Unknown band '{code}'; known: {known}, or 'N+' for scale N and higher.",
        code=code,
        known=", ".join(b.code for b in bands),
    )
