"""Monthly salaries by scale and step, shaped like the CAO Provincies table (not the real one).

Full-time gross monthly amounts of 2025 for scales 1-18, each with steps 0-10 rising evenly (in
percent) from the scale's minimum to its maximum; earlier years follow a general pay index. The
figures are of the right size for a province (scale 11: about 4,400 to 6,250 euro; scale 18:
about 9,900 to 13,400) but are made up for the demo.
"""

from __future__ import annotations

STEPS = 10  # steps 0..10
HOURS_PER_YEAR = 1872.0  # a full-time year: 36 hours a week, 52 weeks
# scale: (minimum, maximum) full-time monthly salary in 2025, euro
RANGES_2025 = {
    1: (2210, 2460),
    2: (2250, 2560),
    3: (2300, 2700),
    4: (2400, 2910),
    5: (2510, 3150),
    6: (2660, 3450),
    7: (2850, 3860),
    8: (3150, 4400),
    9: (3500, 4950),
    10: (3860, 5500),
    11: (4400, 6250),
    12: (5000, 7050),
    13: (5600, 7760),
    14: (6250, 8650),
    15: (6950, 9600),
    16: (7800, 10700),
    17: (8800, 11950),
    18: (9900, 13400),
}
# General pay rises of the sector, as an index with 2025 = 1.
INDEX = {
    2016: 0.785,
    2017: 0.797,
    2018: 0.813,
    2019: 0.838,
    2020: 0.851,
    2021: 0.851,
    2022: 0.881,
    2023: 0.935,
    2024: 0.975,
    2025: 1.0,
}


def monthly_salary(scale: int, step: int, year: int) -> float:
    """Return the full-time monthly salary of a scale and step in a year, rounded to cents."""
    low, high = RANGES_2025[scale]
    step = max(0, min(STEPS, step))
    amount = low * (high / low) ** (step / STEPS)
    return round(amount * INDEX.get(year, 1.0), 2)


def step_for(scale: int, at_least: float, year: int) -> int:
    """Return the lowest step of a scale that pays at least the amount (the top step if none)."""
    for step in range(STEPS + 1):
        if monthly_salary(scale, step, year) >= at_least:
            return step
    return STEPS
