"""JSON API of the pay module under /api/v1/pay: figures a-g, analysis, the art. 10 register."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends
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
from gepmonitor.accounts.roles import Permission
from gepmonitor.pay import register as pay_register
from gepmonitor.pay import service
from gepmonitor.pay.export import figures_json

api_router = APIRouter(tags=["pay"])
Viewer = Annotated[User, Depends(require(Permission.VIEW_PAY))]
Manager = Annotated[User, Depends(require(Permission.MANAGE_PAY))]


@api_router.get("/pay/years")
def api_years(user: Viewer, session: SessionDep, org: OrgDep) -> list[dict[str, Any]]:
    """List the imported pay years."""
    return [
        {"year": y.year, "workers": y.row_count, "category_kind": y.category_kind}
        for y in service.pay_years(session, org)
    ]


@api_router.get("/pay/figures")
def api_figures(
    year: RequiredYear,
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    exact: bool = False,
) -> dict[str, Any]:
    """Return the art. 9 figures a-g of a year (gaps in %, suppressed values null)."""
    check_exact(user, exact)
    figures = service.figures(session, org, year, min_cell=settings.min_cell, exact=exact)
    if exact:
        record_exact_view(session, user, org, f"pay {year}", "api")
    rows = pay_register.register_rows(session, org, year, date.today())
    return figures_json(figures, {row.entry.category: row.status for row in rows})


@api_router.get("/pay/analysis")
def api_analysis(
    year: RequiredYear, user: Viewer, session: SessionDep, org: OrgDep, settings: SettingsDep
) -> dict[str, Any]:
    """Return the equal-pay regression (Kennedy estimate, Logib rating) and Oaxaca-Blinder."""
    result = service.analyse(session, org, year, min_cell=settings.min_cell)
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


@api_router.get("/pay/register")
def api_register(
    user: Viewer, session: SessionDep, org: OrgDep, year: YearQuery = None
) -> list[dict[str, Any]]:
    """List the joint pay assessment register with each entry's status today."""
    return [_entry(row) for row in pay_register.register_rows(session, org, year, date.today())]


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
