"""JSON API of the plan module: measures (list, update), events, the GEP self-check."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from gepmonitor.accounts.deps import OrgDep, RecordId, SessionDep, SettingsDep, YearQuery, require
from gepmonitor.accounts.models import User
from gepmonitor.accounts.pages import request_lang
from gepmonitor.accounts.shared import cached_async, json_bytes, json_response
from gepmonitor.plan import service
from gepmonitor.plan.kpis import MeasureView, measure_views
from gepmonitor.plan.selfcheck.checker import check_document, results_to_dict
from gepmonitor.plan.selfcheck.data import data_evidence

api_router = APIRouter(tags=["plan"])
Viewer = Annotated[User, Depends(require("view_plan"))]
Manager = Annotated[User, Depends(require("manage_plan"))]


def _measure(view: MeasureView) -> dict[str, Any]:
    return {
        "id": view.id,
        "goal": view.goal,
        "title": view.title,
        "owner": view.owner,
        "start_year": view.start_year,
        "end_year": view.end_year,
        "status": view.status,
        "kpi": view.kpi,
        "kpi_kind": view.kpi_kind,
        "target": view.target,
        "measured": None if view.measured is None else round(view.measured, 4),
        "evidence": view.evidence,
    }


# The read answers are the same for every reader of the organisation: encoded once per data
# version (and day: the year a plan opens on), as FastAPI encodes the response model.
LIST = list[dict[str, Any]]


@api_router.get("/plan/measures", response_model=LIST)
async def api_measures(
    user: Viewer, session: SessionDep, org: OrgDep, settings: SettingsDep, year: YearQuery = None
) -> Response:
    """List the measures with their KPI values (computed kinds for the year)."""

    def encoded() -> bytes:
        chosen = year or service.plan_years(session, org)[1]  # as the page: latest with data
        views = measure_views(session, org, chosen, settings.min_cell)
        return json_bytes(LIST, [_measure(v) for v in views])

    key = ("api.plan.measures", year, settings.min_cell, date.today())
    return json_response(await cached_async(session, org, key, encoded))


class MeasureUpdate(BaseModel):
    """Fields of a measure to change; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, max_length=300)
    owner: str | None = Field(default=None, max_length=120)
    status: str | None = None
    end_year: int | None = Field(default=None, ge=1900, le=2200)
    kpi: str | None = Field(default=None, max_length=200)
    kpi_kind: str | None = None
    kpi_target: float | None = None
    kpi_measured: float | None = None
    evidence: str | None = Field(default=None, max_length=20_000)


@api_router.patch("/plan/measures/{measure_id}")
def api_update_measure(
    measure_id: RecordId,
    body: MeasureUpdate,
    user: Manager,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Change a measure's status, KPI values or evidence; return the measure."""
    service.update_measure(session, org, measure_id, user.username, **body.model_dump())
    views = measure_views(session, org, service.plan_years(session, org)[1], settings.min_cell)
    return next(_measure(v) for v in views if v.id == measure_id)


@api_router.get("/plan/events", response_model=LIST)
async def api_events(
    user: Viewer, session: SessionDep, org: OrgDep, year: YearQuery = None
) -> Response:
    """List the events with their attendance (from an attendee list or a reported number)."""

    def encoded() -> bytes:
        events = [
            {
                "id": e.id,
                "date": e.held_on.isoformat(),
                "title": e.title,
                "organisation_wide": e.organisation_wide,
                "attendees": e.attendees,
                "from_attendee_list": e.listed,
                "measure_id": e.measure_id,
            }
            for e in service.list_events(session, org, year)
        ]
        return json_bytes(LIST, events)

    return json_response(await cached_async(session, org, ("api.plan.events", year), encoded))


class CheckIn(BaseModel):
    """A GEP document's text to check."""

    text: str = Field(min_length=1, max_length=2_000_000)


@api_router.post("/plan/check")
def api_check(
    body: CheckIn, request: Request, user: Viewer, session: SessionDep, org: OrgDep
) -> list[dict[str, Any]]:
    """Check a GEP text against the Horizon Europe requirements."""
    lang = request_lang(request)
    return results_to_dict(check_document(body.text, data_evidence(session, org, lang)), lang)
