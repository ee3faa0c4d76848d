"""JSON API of the safety module: a counsellor's own conversations, totals, the register."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import BaseModel, Field

from gepmonitor.accounts.deps import (
    OrgDep,
    RecordId,
    SessionDep,
    SettingsDep,
    YearQuery,
    check_exact,
    record_exact_view,
    require,
)
from gepmonitor.accounts.models import User
from gepmonitor.accounts.shared import cached_across_async, cached_async, json_bytes, json_response
from gepmonitor.safety import registers, service
from gepmonitor.safety.service import ConversationInput, SafetyActor
from gepmonitor.safety.vocab import check_year

api_router = APIRouter(tags=["safety"])
Counsellor = Annotated[User, Depends(require("log_conversations"))]
TotalsViewer = Annotated[User, Depends(require("view_safety_totals"))]
RegisterKeeper = Annotated[User, Depends(require("manage_safety_registers"))]


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _actor(user: User) -> SafetyActor:
    return SafetyActor(user.username, user.role, user.id)


class ConversationIn(BaseModel):
    """A conversation as a counsellor records it (no names)."""

    held_on: date
    track: str = Field(description="undesirable_behaviour or integrity")
    themes: list[str]
    person_code: str = Field(max_length=20)
    hierarchical: bool = False
    source: str = "colleague"
    referral: str = "none"
    formal_procedure: bool = False
    outcome: str = "advice"
    note: str = ""
    org_slug: str | None = None


def _conversation_out(c: Any) -> dict[str, Any]:
    return {
        "id": c.id,
        "held_on": c.held_on.isoformat(),
        "track": c.track,
        "themes": c.themes.split(","),
        "hierarchical": c.hierarchical,
        "source": c.source,
        "person_code": c.person_code,
        "referral": c.referral,
        "formal_procedure": c.formal_procedure,
        "outcome": c.outcome,
        "has_note": c.note_cipher is not None,
    }


@api_router.get("/safety/conversations", response_model=list[dict[str, Any]])
async def api_my_conversations(
    user: Counsellor, session: SessionDep, year: YearQuery = None
) -> Response:
    """List the counsellor's own conversations."""

    def encoded(rows: list[Any]) -> bytes:
        return _json([_conversation_out(c) for c in rows])

    actor = _actor(user)
    key, compute = service.own_list_view(session, actor, year, ("api",), encoded)
    body = await cached_across_async(session, key, compute)
    service.audit_own_list(session, actor)  # every read, after the last await
    return Response(body, media_type="application/json")


@api_router.post("/safety/conversations", status_code=201)
def api_log(
    body: ConversationIn, user: Counsellor, session: SessionDep, settings: SettingsDep
) -> dict[str, Any]:
    """Record a conversation for the logged-in counsellor."""
    counsellor = service.counsellor_of(session, _actor(user))
    conversation = service.log_conversation(
        session, settings, _actor(user), counsellor, ConversationInput(**body.model_dump())
    )
    return _conversation_out(conversation)


@api_router.get("/safety/conversations/{conversation_id}", response_model=dict[str, Any])
async def api_conversation(
    conversation_id: RecordId, user: Counsellor, session: SessionDep, settings: SettingsDep
) -> Response:
    """Return one of the counsellor's own conversations with its note."""
    actor = _actor(user)
    key, lookup = service.own_conversation_view(session, actor, conversation_id)
    found = await cached_across_async(session, key, lookup)
    conversation, note = service.read_own_conversation(
        session, settings, actor, conversation_id, found
    )
    service.audit_conversation_read(session, actor, conversation)  # after the last await
    out = _conversation_out(conversation)
    out["note"] = note
    return json_response(json_bytes(dict[str, Any], out))


@api_router.get("/safety/totals", response_model=dict[str, Any])
async def api_totals(
    user: TotalsViewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    year: YearQuery = None,
    exact: bool = False,
) -> Response:
    """Return the year's totals per track (small counts are null unless `exact` may be asked).

    Without a year: the latest year with conversations. ``no_data`` lists the figures the log
    cannot give (conversations imported without that column); they are null too.
    """
    if year is not None:
        check_year(year)
    exact = check_exact(user, exact)

    def encoded() -> tuple[int, bytes]:
        chosen = year if year is not None else service.latest_year(session, org)
        totals = service.yearly_totals(session, org, chosen, settings.min_cell, exact)
        answer = {
            "year": chosen,
            "min_cell": settings.min_cell,
            "exact": exact,
            "tracks": {
                track: {
                    **{
                        k: v
                        for k, v in vars(t).items()
                        if k not in ("track", "no_data") and t.applies(k)
                    },
                    "no_data": sorted(t.no_data),
                }
                for track, t in totals.items()
            },
        }
        return chosen, json_bytes(dict[str, Any], answer)

    # The same for every reader whose role may see it: encoded once per data version and year
    # (the latest year with data is this year when there is none).
    key = ("api.safety.totals", year, settings.min_cell, exact, date.today().year)
    chosen, body = await cached_async(session, org, key, encoded)
    if exact:  # every read, after the last await
        record_exact_view(session, user, org, "api/safety/totals", f"year {chosen}")
    return json_response(body)


@api_router.get("/safety/reports", response_model=list[dict[str, Any]])
async def api_reports(
    user: RegisterKeeper,
    session: SessionDep,
    org: OrgDep,
    year: YearQuery = None,
) -> Response:
    """List the reports and complaints register (each read is written to the audit log)."""
    if year is not None:
        check_year(year)

    def encoded() -> bytes:
        return _json(
            [
                {
                    "reference": r.reference,
                    "track": r.track,
                    "theme": r.theme,
                    "source": r.source,
                    "received_on": r.received_on.isoformat(),
                    "status": r.status,
                    "deadline": r.deadline.isoformat() if r.deadline else None,
                    "outcome": r.outcome,
                    "measures": r.measures,
                }
                for r in registers.list_reports(session, org, year)
            ]
        )

    # The same for every register keeper of the organisation: encoded once per data version.
    body = await cached_async(session, org, ("api.safety.reports", year), encoded)
    # Every read is audited, after the last await (see registers.record_register_read).
    registers.record_register_read(session, org, user.username, "reports", year)
    return Response(body, media_type="application/json")
