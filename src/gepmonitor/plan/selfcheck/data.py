"""What the system's own data show for the self-check (snapshots, monitor, trainings, ...)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gepmonitor.core.i18n import gettext
from gepmonitor.core.models import Organisation


def data_evidence(session: Session, org: Organisation, lang: str) -> dict[str, str]:
    """Return, per data source named in rules.yaml, a sentence of evidence (or nothing)."""
    from gepmonitor.personnel.models import Snapshot
    from gepmonitor.recruitment.models import Vacancy
    from gepmonitor.safety.models import Counsellor, Training

    evidence: dict[str, str] = {}
    years = session.execute(
        select(
            func.min(Snapshot.peildatum), func.max(Snapshot.peildatum), func.count(Snapshot.id)
        ).where(Snapshot.org_id == org.id)
    ).one()
    if years[2]:
        evidence["snapshots"] = gettext(
            "gepmonitor: {count} personnel snapshots by gender, {first}-{last}.",
            lang,
            count=years[2],
            first=years[0].year,
            last=years[1].year,
        )
        evidence["monitor"] = gettext(
            "gepmonitor: yearly GEP monitor available up to {last} (gep report monitor).",
            lang,
            last=years[1].year,
        )
    trainings = session.scalar(select(func.count(Training.id)).where(Training.org_id == org.id))
    if trainings:
        evidence["trainings"] = gettext(
            "gepmonitor: {count} trainings/workshops registered.", lang, count=trainings
        )
    counsellors = session.scalar(
        select(func.count(Counsellor.id)).where(Counsellor.org_id == org.id)
    )
    if counsellors:
        evidence["counsellors"] = gettext(
            "gepmonitor: {count} confidential counsellors registered.", lang, count=counsellors
        )
    vacancies = session.scalar(select(func.count(Vacancy.id)).where(Vacancy.org_id == org.id))
    if vacancies:
        evidence["vacancies"] = gettext(
            "gepmonitor: {count} vacancies in the recruitment register.", lang, count=vacancies
        )
    return evidence
