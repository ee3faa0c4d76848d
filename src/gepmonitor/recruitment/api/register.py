"""JSON API of the appointments register: vacancies, appointments, summary, text checker."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from gepmonitor.accounts.deps import OrgDep, RecordId, SessionDep, SettingsDep, YearQuery
from gepmonitor.accounts.shared import cached_async, json_response
from gepmonitor.recruitment import service
from gepmonitor.recruitment.api.common import (
    Checker,
    Manager,
    Viewer,
    cached_json,
    year_asked,
    year_or_latest,
)
from gepmonitor.recruitment.summary import build_summary
from gepmonitor.recruitment.textcheck.check import check_text
from gepmonitor.recruitment.textcheck.output import result_to_dict

api_router = APIRouter()


class VacancyIn(BaseModel):
    """A vacancy with candidate counts [men, women, x]; unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    scale: int = Field(ge=1, le=18)
    opened: date
    unit: str = ""
    reference: str = ""
    closed: date | None = None
    channel: str = "extern"
    applicants: tuple[int, int, int] = (0, 0, 0)
    shortlisted: tuple[int, int, int] = (0, 0, 0)
    suitable: tuple[int, int, int] = (0, 0, 0)
    competences_hard: list[str] = Field(default_factory=list)
    competences_soft: list[str] = Field(default_factory=list)


class AppointmentIn(BaseModel):
    """An appointment; explanation and approver are required by comply or explain."""

    gender: str = Field(description="m, v or x")
    appointed_on: date
    explanation: str = ""
    approver: str = ""


class TextIn(BaseModel):
    """A vacancy text to check."""

    text: str = Field(min_length=1, max_length=200_000)
    lang: str | None = Field(default=None, description="nl or en; detected when empty")


def _vacancy_out(vacancy: Any, appointment: Any) -> dict[str, Any]:
    return {
        "id": vacancy.id,
        "reference": vacancy.reference,
        "title": vacancy.title,
        "unit": vacancy.unit,
        "scale": vacancy.scale,
        "opened": vacancy.opened.isoformat(),
        "closed": vacancy.closed.isoformat() if vacancy.closed else None,
        "channel": vacancy.channel,
        "applicants": [vacancy.applicants_m, vacancy.applicants_v, vacancy.applicants_x],
        "shortlisted": [vacancy.shortlisted_m, vacancy.shortlisted_v, vacancy.shortlisted_x],
        "suitable": [vacancy.suitable_m, vacancy.suitable_v, vacancy.suitable_x],
        "competences_hard": _split(vacancy.competences_hard),
        "competences_soft": _split(vacancy.competences_soft),
        "appointed_gender": appointment.gender if appointment else None,
        "appointed_on": appointment.appointed_on.isoformat() if appointment else None,
        "explained": bool(appointment and appointment.explanation),
    }


def _split(stored: str) -> list[str]:
    return [c.strip() for c in stored.split(",") if c.strip()]


@api_router.get("/recruitment/vacancies", response_model=list[dict[str, Any]])
async def api_vacancies(
    user: Manager, session: SessionDep, org: OrgDep, year: YearQuery = None
) -> Response:
    """List the register (vacancies opened in a year, if given)."""

    def encode() -> bytes:
        rows = [_vacancy_out(v, a) for v, a in service.list_vacancies(session, org, year)]
        return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()

    # The whole register, encoded once per data version and sent without a thread hop.
    body = await cached_async(session, org, ("api.recruitment.vacancies", year), encode)
    return json_response(body)


@api_router.post("/recruitment/vacancies", status_code=201)
def api_add_vacancy(
    body: VacancyIn, user: Manager, session: SessionDep, org: OrgDep
) -> dict[str, Any]:
    """Register a vacancy."""
    vacancy = service.add_vacancy(
        session, org, service.VacancyInput(**body.model_dump()), actor=user.username
    )
    return _vacancy_out(vacancy, None)


@api_router.post("/recruitment/vacancies/{vacancy_id}/appointment", status_code=201)
def api_appoint(
    vacancy_id: RecordId,
    body: AppointmentIn,
    user: Manager,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Record an appointment; 422 when comply or explain requires an explanation."""
    vacancy = service.get_vacancy(session, org, vacancy_id)
    appointment = service.appoint(
        session,
        org,
        vacancy,
        body.gender,
        body.appointed_on,
        threshold=settings.recruitment_threshold_scale,
        actor=user.username,
        explanation=body.explanation,
        approver=body.approver,
    )
    return _vacancy_out(vacancy, appointment)


@api_router.get("/recruitment/summary", response_model=dict[str, Any])
async def api_summary(
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    year: YearQuery = None,
) -> Response:
    """Return the year's summary (small counts suppressed as null)."""
    threshold, min_cell = settings.recruitment_threshold_scale, settings.min_cell

    def build() -> object:
        chosen = year_or_latest(session, org, year)
        summary = build_summary(session, org, chosen, threshold, min_cell)
        return {
            "year": summary.year,
            "threshold": summary.threshold,
            "vacancies": summary.vacancies,
            "vacancies_above_threshold": summary.vacancies_above,
            "appointed": summary.appointed,
            "appointed_above_threshold": summary.appointed_above,
            "share_women_above_threshold": summary.share_women_above,
            # "men_women": a small x is hidden and the share counts men and women only
            "share_women_above_threshold_of": summary.share_covers,
            "required_share_of_women": [
                {
                    "band": c.band,
                    "share": None if c.too_little_data else c.required,
                    "reachable": c.reachable,
                    "too_little_data": c.too_little_data,
                    "window": c.window,
                    "share_of_women_among_band_appointments": c.flows_share,
                    "register_share_of_women_in_band": c.register_share,
                }
                for c in summary.required
            ],
            "explanations": [vars(e) for e in summary.explained],
        }

    key = ("api.recruitment.summary", *year_asked(year), threshold, min_cell)
    return await cached_json(session, org, key, build)


@api_router.post("/check-vacancy")
def api_check(body: TextIn, user: Checker) -> dict[str, Any]:
    """Check a vacancy text: coded words, exclusionary phrasing, readability."""
    return result_to_dict(check_text(body.text, body.lang))
