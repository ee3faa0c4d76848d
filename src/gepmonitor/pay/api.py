"""JSON API of the pay module under /api/v1/pay: figures a-g, analysis, the art. 10 register."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from gepmonitor.accounts.deps import (
    OrgDep,
    RequiredYear,
    SessionDep,
    SettingsDep,
    YearQuery,
    check_exact,
    record_exact_view,
    require,
)
from gepmonitor.accounts.models import User
from gepmonitor.accounts.shared import cached_async, json_bytes, json_response
from gepmonitor.pay import register as pay_register
from gepmonitor.pay import service
from gepmonitor.pay.export import figures_json

api_router = APIRouter(tags=["pay"])
Viewer = Annotated[User, Depends(require("view_pay"))]
Manager = Annotated[User, Depends(require("manage_pay"))]


# The answers are the same for every reader of the organisation: encoded once per data version
# (and day, where a status depends on it), as FastAPI encodes the response model.
LIST = list[dict[str, Any]]
OBJECT = dict[str, Any]


@api_router.get("/pay/years", response_model=LIST)
async def api_years(user: Viewer, session: SessionDep, org: OrgDep) -> Response:
    """List the imported pay years."""

    def encoded() -> bytes:
        years = service.pay_years(session, org)
        rows = [
            {"year": y.year, "workers": y.row_count, "category_kind": y.category_kind}
            for y in years
        ]
        return json_bytes(LIST, rows)

    return json_response(await cached_async(session, org, ("api.pay.years",), encoded))


@api_router.get("/pay/figures", response_model=OBJECT)
async def api_figures(
    year: RequiredYear,
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    exact: bool = False,
) -> Response:
    """Return the art. 9 figures a-g of a year (gaps in %, suppressed values null)."""
    check_exact(user, exact)
    today = date.today()

    def encoded() -> bytes:
        figures = service.figures(session, org, year, min_cell=settings.min_cell, exact=exact)
        rows = pay_register.register_rows(session, org, year, today)
        statuses = {row.entry.category: row.status for row in rows}
        return json_bytes(OBJECT, figures_json(figures, statuses))

    key = ("api.pay.figures", year, settings.min_cell, exact, today)
    body = await cached_async(session, org, key, encoded)
    if exact:
        record_exact_view(session, user, org, f"pay {year}", "api")
    return json_response(body)


@api_router.get("/pay/analysis", response_model=OBJECT)
async def api_analysis(
    year: RequiredYear, user: Viewer, session: SessionDep, org: OrgDep, settings: SettingsDep
) -> Response:
    """Return the equal-pay regression (Kennedy estimate, Logib rating) and Oaxaca-Blinder."""

    def encoded() -> bytes:
        result = service.analyse(session, org, year, min_cell=settings.min_cell)
        return json_bytes(OBJECT, _analysis(year, result))

    key = ("api.pay.analysis", year, settings.min_cell)
    return json_response(await cached_async(session, org, key, encoded))


def _analysis(year: int, result: service.Analysis) -> dict[str, Any]:
    reg, dec = result.regression, result.decomposition
    return {
        "year": year,
        "workers_used": result.used,
        "workers_left_out": result.left_out,
        "problem": result.problem,
        "regression": None
        if reg is None
        else {
            "women": reg.women,
            "men": reg.men,
            "coefficient": reg.coefficient,
            "se": reg.se,
            "t": reg.t,
            "p": reg.p,
            "ci_low": reg.ci_low,
            "ci_high": reg.ci_high,
            "df_resid": reg.df_resid,
            "r_squared": reg.r_squared,
            "kennedy_pct": reg.kennedy * 100,
            "rating": reg.rating,
            "aliased": reg.aliased,
        },
        "decomposition": None
        if dec is None
        else {
            "difference": dec.difference,
            "explained": dec.explained,
            "unexplained": dec.unexplained,
            "contributions": dec.contributions,
        },
    }


def _entry(row: pay_register.RegisterRow) -> dict[str, Any]:
    e = row.entry
    return {
        "year": e.year,
        "category": e.category,
        "gap_pct": e.gap_pct,
        "status": row.status,
        "reported_on": e.reported_on.isoformat(),
        "due": row.due.isoformat(),
        "criterion": e.criterion,
        "explanation": e.explanation,
        "evidence": e.evidence,
        "justified_by": e.justified_by,
        "justified_on": e.justified_on.isoformat() if e.justified_on else None,
        "measure": e.measure,
        "owner": e.owner,
        "remedied_on": e.remedied_on.isoformat() if e.remedied_on else None,
        "plan_measure_id": e.plan_measure_id,
    }


@api_router.get("/pay/register", response_model=LIST)
async def api_register(
    user: Viewer, session: SessionDep, org: OrgDep, year: YearQuery = None
) -> Response:
    """List the joint pay assessment register with each entry's status today."""
    today = date.today()

    def encoded() -> bytes:
        rows = pay_register.register_rows(session, org, year, today)
        return json_bytes(LIST, [_entry(row) for row in rows])

    key = ("api.pay.register", year, today)
    return json_response(await cached_async(session, org, key, encoded))


class Justification(BaseModel):
    """An objective, gender-neutral justification of a flagged category's gap."""

    model_config = ConfigDict(extra="forbid")
    year: int = Field(ge=1900, le=2100)
    category: str = Field(min_length=1, max_length=120)
    criterion: str = Field(min_length=1, max_length=300)
    explanation: str = Field(min_length=1, max_length=20_000)
    evidence: str = Field(default="", max_length=20_000)
    justified_by: str = Field(min_length=1, max_length=120)
    justified_on: date


class Remedy(BaseModel):
    """A measure that remedies a flagged category's gap."""

    model_config = ConfigDict(extra="forbid")
    year: int = Field(ge=1900, le=2100)
    category: str = Field(min_length=1, max_length=120)
    measure: str = Field(min_length=1, max_length=20_000)
    owner: str = Field(min_length=1, max_length=120)
    due_date: date
    plan_measure_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    remedied_on: date | None = None


def _row(session, org, year: int, category: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    rows = pay_register.register_rows(session, org, year, date.today())
    return next(_entry(r) for r in rows if r.entry.category == category)


@api_router.post("/pay/register/justification")
def api_justify(
    body: Justification, user: Manager, session: SessionDep, org: OrgDep
) -> dict[str, Any]:
    """Record a justification; return the entry."""
    pay_register.justify(
        session,
        org,
        body.year,
        body.category,
        criterion=body.criterion,
        explanation=body.explanation,
        evidence=body.evidence,
        justified_by=body.justified_by,
        justified_on=body.justified_on,
        actor=user.username,
    )
    return _row(session, org, body.year, body.category)


@api_router.post("/pay/register/remedy")
def api_remedy(body: Remedy, user: Manager, session: SessionDep, org: OrgDep) -> dict[str, Any]:
    """Record a remedy (and, with remedied_on, that it was carried out); return the entry."""
    pay_register.plan_remedy(
        session,
        org,
        body.year,
        body.category,
        measure=body.measure,
        owner=body.owner,
        due_date=body.due_date,
        plan_measure_id=body.plan_measure_id,
        actor=user.username,
    )
    if body.remedied_on is not None:
        pay_register.mark_remedied(
            session, org, body.year, body.category, on=body.remedied_on, actor=user.username
        )
    return _row(session, org, body.year, body.category)
