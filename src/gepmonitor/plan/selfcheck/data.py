"""What the system's own data show for the self-check (snapshots, monitor, trainings, ...)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gepmonitor.core.i18n import gettext, register
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
            "selfcheck.d_snapshots", lang, count=years[2], first=years[0].year, last=years[1].year
        )
        evidence["monitor"] = gettext("selfcheck.d_monitor", lang, last=years[1].year)
    trainings = session.scalar(select(func.count(Training.id)).where(Training.org_id == org.id))
    if trainings:
        evidence["trainings"] = gettext("selfcheck.d_trainings", lang, count=trainings)
    counsellors = session.scalar(
        select(func.count(Counsellor.id)).where(Counsellor.org_id == org.id)
    )
    if counsellors:
        evidence["counsellors"] = gettext("selfcheck.d_counsellors", lang, count=counsellors)
    vacancies = session.scalar(select(func.count(Vacancy.id)).where(Vacancy.org_id == org.id))
    if vacancies:
        evidence["vacancies"] = gettext("selfcheck.d_vacancies", lang, count=vacancies)
    return evidence


register(
    {
        "selfcheck.d_snapshots": (
            "gepmonitor: {count} personeelsmomentopnamen naar geslacht, {first}-{last}.",
            "gepmonitor: {count} personnel snapshots by gender, {first}-{last}.",
        ),
        "selfcheck.d_monitor": (
            "gepmonitor: jaarlijkse GEP-monitor beschikbaar tot en met {last} "
            "(gep report monitor).",
            "gepmonitor: yearly GEP monitor available up to {last} (gep report monitor).",
        ),
        "selfcheck.d_trainings": (
            "gepmonitor: {count} trainingen/workshops geregistreerd.",
            "gepmonitor: {count} trainings/workshops registered.",
        ),
        "selfcheck.d_counsellors": (
            "gepmonitor: {count} vertrouwenspersonen geregistreerd.",
            "gepmonitor: {count} confidential counsellors registered.",
        ),
        "selfcheck.d_vacancies": (
            "gepmonitor: {count} vacatures in het wervingsregister.",
            "gepmonitor: {count} vacancies in the recruitment register.",
        ),
    }
)
