"""Demo pay: three years of plausible pay for the demo province, and its art. 10 register.

Monthly basic pay comes from a scale x step table shaped like the CAO Provincies one (not the
official amounts): scale 13 runs from about EUR 5,000 to 7,000 a month and scale 18 from about
EUR 9,000 to 11,500 in 2024; other years follow a general raise. Every worker gets the IKB
(individual choice budget, 16.37% of basic pay); some get allowances, a bonus or overtime. In
scale 11 women sit on lower steps than men with the same service, so that category is flagged
(a gap above 5%) every year, and in 2023 scale 14 men got larger bonuses: together the register
shows every status.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation

YEARS = (2023, 2024, 2025)
YEAR_FACTOR = {2023: 0.95, 2024: 1.0, 2025: 1.035}  # general raises (CAO-like)
IKB = 0.1637
FULL_TIME_HOURS = 1872  # 36 hours a week, 52 weeks


def monthly_basic(scale: int, step: int, year: int) -> float:
    """Return the demo table's monthly basic pay (full time) for a scale, step and year."""
    low = max(2150 + 90 * (scale - 1), 5000 * 1.125 ** (scale - 13))
    # Top step over first step: about 1.26 in the low scales (as in the CAO Provincies table),
    # 1.35 in the middle ones, narrowing again from scale 13.
    spread = 1.40 - 0.0244 * (scale - 13) if scale >= 13 else (1.26 if scale <= 8 else 1.35)
    step = min(max(step, 0), 10)
    return round(low * spread ** (step / 10) * YEAR_FACTOR[year], 2)


def pay_frame(snapshot: pl.DataFrame, year: int, seed: int) -> pl.DataFrame:
    """Return one year's pay (pay.importer.FRAME_SCHEMA) for the active staff of a snapshot."""
    from gepmonitor.pay.importer import FRAME_SCHEMA

    rng = np.random.default_rng(seed + year)
    staff = snapshot.filter(pl.col("scale").is_not_null() & pl.col("exit_date").is_null())
    rows = []
    for person in staff.iter_rows(named=True):
        scale, fte = int(person["scale"]), float(person["fte"])
        # Steps follow experience, read here from age: the demo's snapshots give recent hires
        # (mostly women, by its story) step 0, which would flag nearly every scale.
        step = (year - int(person["birth_year"] or year - 40) - 24) // 3
        if scale == 11 and person["gender"] == "v":
            step -= 3  # the gap the demo's register is about
        basic = round(monthly_basic(scale, step, year) * 12 * fte, 2)
        components = {"IKB": round(basic * IKB, 2)}
        if rng.random() < 0.12:
            components["Toelagen"] = round(float(rng.uniform(1200, 4200)), 2)
        if year == 2023 and scale == 14 and person["gender"] == "m":
            components["Gratificatie"] = round(float(rng.uniform(3000, 9000)), 2)
        elif rng.random() < 0.08:
            components["Gratificatie"] = round(float(rng.uniform(500, 2500)), 2)
        if scale <= 10 and rng.random() < 0.15:
            hours = float(rng.integers(10, 80))
            components["Overwerk"] = round(hours * basic / (FULL_TIME_HOURS * fte) * 1.25, 2)
        rows.append(
            {
                "employee_key": person["employee_key"],
                "gender": person["gender"],
                "category": str(scale),
                "birth_year": person["birth_year"],
                "hire_date": person["hire_date"],
                "fte": fte,
                "hours": FULL_TIME_HOURS * fte,
                "basic": basic,
                "complementary": round(sum(components.values()), 2),
                "components": _components_json(components),
            }
        )
    return pl.DataFrame(rows, schema=FRAME_SCHEMA)


def _components_json(components: dict[str, float]) -> str:
    import json

    return json.dumps(components, sort_keys=True)


def build(session: Session, org: Organisation, settings: Settings, seed: int) -> None:
    """Add three years of pay and a register that shows every status to the demo organisation."""
    from gepmonitor.pay import register, service
    from gepmonitor.pay.figures import category_figures, with_pay_measures
    from gepmonitor.personnel.service import load_year

    for year in YEARS:
        snapshot = load_year(session, org, year)
        if snapshot.is_empty():
            continue
        frame = pay_frame(snapshot, year, seed)
        service.store_pay(
            session,
            org,
            year,
            frame,
            source_name="demo",
            actor="demo",
            components=["IKB", "Toelagen", "Gratificatie", "Overwerk"],
        )
        reported = date(year + 1, 3, 31) if year < YEARS[-1] else date.today()
        register.open_assessments(
            session,
            org,
            year,
            category_figures(with_pay_measures(frame), min_cell=1, exact=True),
            reported_on=reported,
            actor="demo",
        )
    _keep_register(session, org)


def _keep_register(session: Session, org: Organisation) -> None:
    """Record what the demo employer did: remedied 2023, justified 2024, 2025 still due."""
    from gepmonitor.pay import register

    entries = {(e.year, e.category): e for e in register.entries(session, org)}
    if (2023, "11") in entries:
        register.plan_remedy(
            session, org, 2023, "11", measure="Inschaling vrouwen in schaal 11 herzien: "
            "trede volgens ervaring, met terugwerkende kracht", owner="HR-adviseur beloning",
            due_date=date(2024, 9, 30), actor="demo",
        )  # fmt: skip
        register.mark_remedied(session, org, 2023, "11", on=date(2024, 9, 1), actor="demo")
    if (2024, "11") in entries:
        register.justify(
            session, org, 2024, "11", criterion="Arbeidsmarkttoelage",
            explanation="Tijdelijke arbeidsmarkttoelage voor schaarse ICT-functies in schaal 11, "
            "toegekend op functie, niet op persoon.",
            evidence="Besluit directie 2024-117; functielijst ICT", justified_by="Directie",
            justified_on=date(2025, 4, 15), actor="demo",
        )  # fmt: skip
