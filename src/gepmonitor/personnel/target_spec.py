"""A target as a plain value: the share of women a band should reach by a year."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TargetSpec:
    """Target share of women (0..1) in the band with this code, to reach by target_year."""

    band_code: str
    target_share: float
    target_year: int
    start_year: int | None = None
