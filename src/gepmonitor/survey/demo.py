"""Demo data of the survey module: three rounds (2019, 2022, 2025) from the one simulation.

The respondents are the simulated staff of that October (personnel/simulation/survey.py): what
they answer follows from what happened to them, so in 2025 women feel less safe, as the
counsellors' conversations about sexual harassment foretold.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation
from gepmonitor.personnel.simulation import simulate
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


def build(session: Session, org: Organisation, settings: Settings, seed: int) -> None:
    """Add the simulation's three rounds (2019, 2022, 2025), answered by that year's staff."""
    for year, responses in simulate(seed).surveys.items():
        round_ = SurveyRound(
            org_id=org.id, name=f"WBO {year}", year=year, mapping=DEMO_MAPPING, source_name="demo"
        )
        session.add(round_)
        session.flush()
        rows: list[dict[str, object]] = [
            {
                "gender": r.gender,
                "age_band": r.age_band,
                "unit": r.unit,
                "is_manager": r.is_manager,
                "answers": r.answers,
                "experiences": r.experiences,
            }
            for r in responses
        ]
        store_responses(session, round_, rows)
