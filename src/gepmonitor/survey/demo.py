"""Demo data of the survey module: three rounds (2019, 2022, 2025) with real differences."""

from __future__ import annotations

import numpy as np
from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation
from gepmonitor.survey.mapping import parse_mapping
from gepmonitor.survey.models import SurveyRound
from gepmonitor.survey.service import store_responses

DEMO_MAPPING = """\
scale: {min: 1, max: 5}
favourable_from: 4
background: {gender: Geslacht, age_band: Leeftijd, unit: Afdeling, manager: Leidinggevende}
constructs:
  werkplezier:
    {items: [wp1, wp2, wp3], reversed: [wp3], label: Werkplezier, label_en: Job satisfaction}
  sociale_veiligheid: {items: [sv1, sv2, sv3], label: Sociale veiligheid, label_en: Social safety}
  inclusie: {items: [in1, in2], label: Inclusie, label_en: Inclusion}
  leiderschap: {items: [ld1, ld2], label: Leiderschap, label_en: Leadership}
experiences:
  pesten_collega: {type: bullying, source: colleagues}
  pesten_leidinggevende: {type: bullying, source: managers}
  intimidatie_collega: {type: sexual_harassment, source: colleagues}
  agressie_publiek: {type: aggression, source: public}
  discriminatie_collega: {type: discrimination, source: colleagues}
"""
AGES = ("<25", "25-34", "35-44", "45-54", "55+")
UNITS = ("Mobiliteit", "Natuur", "Ruimte en Wonen", "Financiën", "Energietransitie", "Economie")


def _answer(rng: np.random.Generator, mean: float) -> int:
    return int(np.clip(round(rng.normal(mean, 0.9)), 1, 5))


def build(session: Session, org: Organisation, settings: Settings, seed: int) -> None:
    """Add three survey rounds; women feel less safe in 2025 and inclusion declined."""
    rng = np.random.default_rng(seed + 6)
    mapping = parse_mapping(DEMO_MAPPING)
    for year, inclusion in ((2019, 3.7), (2022, 3.8), (2025, 3.35)):
        round_ = SurveyRound(
            org_id=org.id, name=f"WBO {year}", year=year, mapping=DEMO_MAPPING, source_name="demo"
        )
        session.add(round_)
        session.flush()
        rows = []
        for _ in range(int(rng.integers(560, 640))):
            draw = rng.random()
            gender = (
                "v" if draw < 0.47 else "x" if draw < 0.48 else "onbekend" if draw < 0.51 else "m"
            )
            safety = 3.9 - (0.5 if gender == "v" and year == 2025 else 0.0)
            means = {"wp": 3.8, "sv": safety, "in": inclusion, "ld": 3.5}
            answers = {item: _answer(rng, means[item[:2]]) for item in mapping.items}
            answers["wp3"] = 6 - answers["wp3"]  # the reversed item
            experiences = {
                column: bool(rng.random() < (0.12 if "publiek" in column else 0.05))
                for column in mapping.experiences
            }
            rows.append(
                {
                    "gender": gender,
                    "age_band": str(rng.choice(AGES)),
                    "unit": str(rng.choice(UNITS)),
                    "is_manager": bool(rng.random() < 0.1),
                    "answers": answers,
                    "experiences": experiences,
                }
            )
        store_responses(session, round_, rows)
