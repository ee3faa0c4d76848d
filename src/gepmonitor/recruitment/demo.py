"""Demo data of the recruitment module: the register of the simulation's selections, 2021-2025.

Every vacancy of scale 8 and higher that the simulated province opened from 2021 is registered
with its applicants, shortlist and suitable candidates; its appointment is the hire or promotion
the personnel snapshots show. Where a man was appointed at or above the comply-or-explain
threshold while a suitable woman was on the shortlist, the committee's explanation is recorded.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation
from gepmonitor.personnel.simulation import simulate
from gepmonitor.recruitment import demo_selection, service
from gepmonitor.recruitment.rules import explanation_required

HARD = {8: "uitvoering", 10: "beleidsontwikkeling", 12: "advisering", 18: "programmasturing"}
SOFT = ("samenwerken", "omgevingsbewustzijn", "resultaatgerichtheid", "verbinden")


def build(session: Session, org: Organisation, settings: Settings, seed: int) -> None:
    """Register the simulation's vacancies from 2021; a few run through selection."""
    threshold = settings.recruitment_threshold_scale
    for number, selection in enumerate(s for s in simulate(seed).staff.selections if s.registered):
        pool = selection.pool
        hard = next(name for top, name in sorted(HARD.items()) if selection.scale <= top)
        vacancy = service.add_vacancy(
            session,
            org,
            service.VacancyInput(
                title=selection.title,
                scale=selection.scale,
                opened=selection.opened,
                closed=selection.appointed_on,
                unit=selection.unit,
                channel=selection.channel,
                applicants=pool.applicants,
                shortlisted=pool.shortlisted,
                suitable=pool.suitable,
                competences_hard=[hard],
                competences_soft=[SOFT[number % len(SOFT)]],
            ),
            actor="demo",
        )
        if selection.appointed is None or selection.appointed_on is None:
            continue  # still open on the last peildatum
        explain = explanation_required(
            selection.scale, pool.suitable[1], selection.appointed, threshold
        )
        service.appoint(
            session,
            org,
            vacancy,
            selection.appointed,
            selection.appointed_on,
            threshold=threshold,
            actor="demo",
            explanation=selection.explanation if explain else "",
            approver=selection.approver if explain else "",
            internal_candidate=selection.internal,
        )
    demo_selection.build(session, org, settings, seed)
