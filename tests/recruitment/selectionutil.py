"""Build a vacancy with a full selection register for the selection tests."""

from __future__ import annotations

from datetime import date

from gepmonitor.accounts.service import Actor, create_user
from gepmonitor.recruitment import selection, service
from gepmonitor.recruitment.selection import CompetenceInput

COMPETENCES = [
    CompetenceInput("Omgevingswet", "hard", 3),
    CompetenceInput("Samenwerken", "soft", 2),
    CompetenceInput("Schrijven", "hard", 1),
]
REASONS = {
    "Omgevingswet": "Kent de Omgevingswet het best, liet dat zien in de casus.",
    "Samenwerken": "Gaf twee sterke STARR-voorbeelden van samenwerking met gemeenten.",
    "Schrijven": "Het schrijfvoorbeeld was helder en op B1-niveau.",
}
OPENED = date(2025, 2, 3)


def account(session, org, username: str, role: str = "viewer") -> str:
    """Create an account for a committee member; return its username."""
    create_user(session, org, role, Actor("test"), username=username, password="Lantaarn-Rivier-77")
    return username


def vacancy_with_register(session, org, *, scale: int = 12, genders: str = "vvvmmm"):
    """Return a vacancy with competences, a two-member committee and candidates K001..."""
    vacancy = service.add_vacancy(
        session,
        org,
        service.VacancyInput(
            title="Adviseur Omgevingswet", scale=scale, opened=OPENED, closed=date(2025, 2, 24)
        ),
        actor="test",
    )
    selection.set_competences(session, org, vacancy, COMPETENCES, actor="test")
    anna = account(session, org, "anna")
    bram = account(session, org, "bram")
    selection.add_member(
        session, org, vacancy, name="Anna de Vries", role="chair", gender="v", username=anna,
        actor="test",
    )  # fmt: skip
    selection.add_member(
        session, org, vacancy, name="Bram Jansen", role="manager", gender="m", username=bram,
        actor="test",
    )  # fmt: skip
    for gender in genders:
        selection.add_candidate(session, org, vacancy, gender=gender, actor="test")
    return vacancy


def scores(values: tuple[int, int, int]) -> dict[str, tuple[int, str]]:
    """Return a scorecard's scores for the three competences."""
    return {
        c.name: (value, f"S: casus. T: advies. A: gesprek. R: akkoord. R: {c.name}.")
        for c, value in zip(COMPETENCES, values, strict=True)
    }
