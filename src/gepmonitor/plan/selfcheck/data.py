"""What the system's own data show for the self-check (snapshots, monitor, trainings, ...)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gepmonitor.core.i18n import gettext, ngettext
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
        evidence["snapshots"] = ngettext(
            "gepmonitor: {count} personnel snapshot by gender, {first}-{last}.",
            "gepmonitor: {count} personnel snapshots by gender, {first}-{last}.",
            years[2],
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
        evidence["trainings"] = ngettext(
            "gepmonitor: {count} training or workshop registered.",
            "gepmonitor: {count} trainings and workshops registered.",
            trainings,
            lang,
            count=trainings,
        )
    counsellors = session.scalar(
        select(func.count(Counsellor.id)).where(Counsellor.org_id == org.id)
    )
    if counsellors:
        evidence["counsellors"] = ngettext(
            "gepmonitor: {count} confidential counsellor registered.",
            "gepmonitor: {count} confidential counsellors registered.",
            counsellors,
            lang,
            count=counsellors,
        )
    vacancies = session.scalar(select(func.count(Vacancy.id)).where(Vacancy.org_id == org.id))
    if vacancies:
        evidence["vacancies"] = ngettext(
            "gepmonitor: {count} vacancy in the recruitment register.",
            "gepmonitor: {count} vacancies in the recruitment register.",
            vacancies,
            lang,
            count=vacancies,
        )
    return evidence
