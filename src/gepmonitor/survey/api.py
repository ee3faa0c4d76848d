"""JSON API of the survey: rounds and a round's results with signals (small groups null)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from gepmonitor.accounts.deps import OrgDep, SessionDep, SettingsDep, require
from gepmonitor.accounts.models import User
from gepmonitor.accounts.shared import cached_async, json_bytes, json_response
from gepmonitor.plan.service import signal_links
from gepmonitor.survey import service

api_router = APIRouter(tags=["survey"])
Viewer = Annotated[User, Depends(require("view_surveys"))]


def _records(frame: Any) -> list[dict[str, Any]]:
    return list(frame.iter_rows(named=True))


@api_router.get("/survey/rounds", response_model=list[dict[str, Any]])
async def api_rounds(user: Viewer, session: SessionDep, org: OrgDep) -> Response:
    """List the survey rounds."""

    def encoded() -> bytes:
        rounds = [{"name": r.name, "year": r.year} for r in service.list_rounds(session, org)]
        return json_bytes(list[dict[str, Any]], rounds)

    # The same for every reader: encoded once per data version, as FastAPI would.
    return json_response(await cached_async(session, org, ("api.survey.rounds",), encoded))


# The schema is the answer's (an object); the cached bytes are sent as they are.
@api_router.get("/survey/results", response_model=dict[str, Any])
async def api_results(
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    round: Annotated[str, Query()],
) -> Response:  # noqa: A002
    """Return a round's results; groups below the minimum size are null.

    ``left_out`` names small gender groups (other than women and men) whose respondents are in
    no figure, totals and ``respondents`` included. A breakdown the round has no column for is
    an empty list (no data). An experience signal gives ``rate`` and ``rate_rest`` and its
    ``difference`` in percentage points.
    """

    def build() -> bytes:
        results = service.round_results(
            session, org, round, settings.survey_min_group, settings.min_cell
        )
        answer = _results_json(results, signal_links(session, org))
        return json.dumps(answer, ensure_ascii=False, allow_nan=False).encode()

    # Encoded once per data version (core.cache); an unknown round raises each time.
    key = ("api.survey.results", round, settings.survey_min_group, settings.min_cell)
    return Response(await cached_async(session, org, key, build), media_type="application/json")


def _results_json(results: service.RoundResults, links: dict[str, int]) -> dict[str, Any]:
    return {
        "round": results.round.name,
        "respondents": results.respondents,
        "min_group": results.min_group,
        "left_out": list(results.left_out),
        "overall": _records(results.overall),
        "by_group": {g: _records(t) for g, t in results.by_group.items()},
        "experiences": _records(results.experiences["all"]),
        "experiences_by_gender": _records(results.experiences["gender"]),
        "signals": [
            {
                "key": s.key,
                "construct": s.construct,
                "kind": s.kind,
                "group_by": s.group_by,
                "group": s.group,
                "difference": s.difference,
                "rate": s.rate,
                "rate_rest": s.rate_rest,
                "p_value": float(f"{s.p_value:.4f}"),
                "measure_id": links.get(s.key),
            }
            for s in results.signals
        ],
    }
