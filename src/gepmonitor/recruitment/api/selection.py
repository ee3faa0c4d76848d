"""JSON API of the selection register.

Run a vacancy from intake to appointment, scorecards, the funnel by gender with its signals,
the year's outcomes and the weekly overview.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_json

from gepmonitor.accounts.deps import OrgDep, RecordId, SessionDep, SettingsDep, YearQuery, clock
from gepmonitor.accounts.roles import has_permission
from gepmonitor.accounts.shared import cached_async, json_response
from gepmonitor.recruitment import checklist, outcomes, scoring, selection, service
from gepmonitor.recruitment.api.common import Manager, Scorer, Viewer, cached_json
from gepmonitor.recruitment.checklist import Retention, StepStatus
from gepmonitor.recruitment.dossier import (
    FileData,
    VacancyNote,
    audit_file,
    file_data,
    member_vacancies,
)
from gepmonitor.recruitment.models import Vacancy
from gepmonitor.recruitment.scoring import ScoreSheet, audit_sheet
from gepmonitor.recruitment.selection import CompetenceInput
from gepmonitor.recruitment.textcheck.check import check_text
from gepmonitor.recruitment.textcheck.output import result_to_dict

api_router = APIRouter()
BASE = "/recruitment/vacancies/{vacancy_id}"


class Strict(BaseModel):
    """A request body that refuses unknown fields."""

    model_config = ConfigDict(extra="forbid")


class CompetenceIn(Strict):
    """A competence fixed at the intake."""

    name: str = Field(min_length=1, max_length=120)
    kind: str = Field(description="hard or soft")
    weight: int = Field(default=1, ge=1, le=5)


class MemberIn(Strict):
    """A member of the selection committee; username: the account that scores."""

    name: str = Field(min_length=1, max_length=120)
    role: str = Field(description="chair, manager, hr, colleague or external")
    gender: str = Field(description="v, m or x")
    username: str = Field(default="", max_length=80)


class CandidateIn(Strict):
    """An applicant under a pseudonymous code (empty: K001, K002, ...); never a name."""

    code: str = Field(default="", max_length=20)
    gender: str = Field(description="v, m or x")
    consent: bool = False


class CandidateChange(Strict):
    """A candidate's furthest stage, suitability and consent; fields left out stay."""

    stage: str | None = Field(
        default=None, description="applied, long_list, short_list or interviewed"
    )
    suitable: bool | None = None
    consent: bool | None = None


class ScoreIn(Strict):
    """A score from 1 to 5 with the STARR notes behind it."""

    score: int = Field(ge=1, le=5)
    evidence: str = Field(default="", max_length=2000)


class ScorecardIn(Strict):
    """A member's scorecard: every competence by name."""

    scores: dict[str, ScoreIn]


class DecisionIn(Strict):
    """The chosen candidate with the reason on every competence."""

    candidate: str = Field(min_length=1, max_length=20)
    decided_on: date
    reasons: dict[str, str]


class AppointIn(Strict):
    """The appointment of the chosen candidate (comply or explain applies)."""

    appointed_on: date
    explanation: str = ""
    approver: str = ""


class DayIn(Strict):
    """A date."""

    day: date


class TextIn(Strict):
    """The vacancy's text to check (the outcome is kept, the text is not)."""

    text: str = Field(min_length=1, max_length=200_000)
    lang: str | None = None


def _sheet(sheet: ScoreSheet) -> dict[str, Any]:
    return {
        "candidate": sheet.code,
        "submitted": sheet.submitted,
        "members": sheet.members,
        "own_submitted": sheet.own_submitted,
        "hidden_until_own_submitted": sheet.hidden,
        "mean_weighted_score": sheet.mean,
        "scorecards": [
            {
                "member": card.member,
                "role": card.role,
                "submitted_at": card.submitted_at.isoformat(),
                "weighted_score": card.weighted,
                "scores": {k: {"score": s, "evidence": e} for k, (s, e) in card.scores.items()},
            }
            for card in sheet.cards
        ],
    }


def _step(status: StepStatus) -> dict[str, Any]:
    return {
        "step": status.step,
        "done_on": status.done_on.isoformat() if status.done_on else None,
        "due": status.due.isoformat() if status.due else None,
        "overdue": status.overdue,
    }


def _selection(vacancy: Vacancy, file: FileData) -> dict[str, Any]:
    decision = file.decision
    return {
        "reference": vacancy.reference,
        "procedure_ended": vacancy.procedure_ended.isoformat() if vacancy.procedure_ended else None,
        "competences": [{"name": c.name, "kind": c.kind, "weight": c.weight}
                        for c in file.competences],
        "committee": [{"name": m.name, "role": m.role, "gender": m.gender,
                       "username": m.username} for m in file.members],
        "committee_all_one_gender": file.one_gender,
        "candidates": [{"code": c.code, "gender": c.gender, "stage": c.stage,
                        "suitable": c.suitable, "consent": c.consent} for c in file.candidates],
        "scorecards": [_sheet(s) for s in file.sheets.values()],
        "decision": None if decision is None else {
            "candidate": decision.code, "decided_on": decision.decided_on.isoformat(),
            "reasons": decision.reasons, "removed_after_retention": decision.purged,
        },
        "appointed_gender": file.appointment.gender if file.appointment else None,
        "checklist": [_step(s) for s in file.steps],
        "text_checks": [{"checked_at": t.checked_at.isoformat(), "category": t.category,
                         "masculine": t.masculine, "feminine": t.feminine,
                         "exclusions": t.exclusions, "level": t.level} for t in file.checks],
    }  # fmt: skip


@api_router.get(BASE + "/selection", response_model=dict[str, Any])
async def api_selection(
    request: Request, vacancy_id: RecordId, user: Manager, session: SessionDep, org: OrgDep,
    settings: SettingsDep,
) -> Response:  # fmt: skip
    """Return the vacancy's selection register (an audited read of candidate data)."""
    today, retention = clock(request).date(), Retention.of(settings)

    def encoded() -> tuple[VacancyNote, FileData, bytes]:
        vacancy = service.get_vacancy(session, org, vacancy_id)
        file = file_data(
            session, org, vacancy, viewer=user.username, today=today, retention=retention
        )
        return VacancyNote.of(vacancy), file, to_json(_selection(vacancy, file))

    # Encoded once per data version, viewer, day and retention; the reads audited every time.
    key = ("api.recruitment.selection", vacancy_id, user.username, today, retention)
    vacancy, file, body = await cached_async(session, org, key, encoded)
    audit_file(session, org, vacancy, user.username, file)
    return json_response(body)


@api_router.put(BASE + "/competences")
def api_competences(
    vacancy_id: RecordId, body: list[CompetenceIn], user: Manager, session: SessionDep,
    org: OrgDep,
) -> list[dict[str, Any]]:  # fmt: skip
    """Fix the intake's competences (replaces them; refused once a scorecard exists)."""
    vacancy = service.get_vacancy(session, org, vacancy_id)
    rows = selection.set_competences(
        session, org, vacancy, [CompetenceInput(c.name, c.kind, c.weight) for c in body],
        actor=user.username,
    )  # fmt: skip
    return [{"name": c.name, "kind": c.kind, "weight": c.weight} for c in rows]


@api_router.post(BASE + "/committee", status_code=201)
def api_member(
    vacancy_id: RecordId, body: MemberIn, user: Manager, session: SessionDep, org: OrgDep
) -> dict[str, Any]:
    """Add a committee member; says whether the committee is now all one gender."""
    vacancy = service.get_vacancy(session, org, vacancy_id)
    selection.add_member(session, org, vacancy, **body.model_dump(), actor=user.username)
    genders = [m.gender for m in selection.list_members(session, vacancy)]
    return {"members": len(genders), "all_one_gender": selection.committee_warning(genders)}


@api_router.post(BASE + "/candidates", status_code=201)
def api_candidate(
    vacancy_id: RecordId, body: CandidateIn, user: Manager, session: SessionDep, org: OrgDep
) -> dict[str, Any]:
    """Register an applicant; returns the code."""
    vacancy = service.get_vacancy(session, org, vacancy_id)
    candidate = selection.add_candidate(
        session, org, vacancy, code=body.code, gender=body.gender, consent=body.consent,
        actor=user.username,
    )  # fmt: skip
    return {"code": candidate.code, "stage": candidate.stage}


@api_router.patch(BASE + "/candidates/{code}")
def api_change_candidate(
    vacancy_id: RecordId, code: str, body: CandidateChange, user: Manager, session: SessionDep,
    org: OrgDep,
) -> dict[str, Any]:  # fmt: skip
    """Record a candidate's stage, suitability or consent."""
    vacancy = service.get_vacancy(session, org, vacancy_id)
    if body.stage is not None:
        selection.set_stage(session, org, vacancy, code, body.stage, actor=user.username)
    if body.suitable is not None:
        selection.set_suitable(session, org, vacancy, code, body.suitable, actor=user.username)
    if body.consent is not None:
        selection.set_consent(session, org, vacancy, code, body.consent, actor=user.username)
    candidate = selection.get_candidate(session, vacancy, code)
    return {"code": candidate.code, "stage": candidate.stage, "suitable": candidate.suitable,
            "consent": candidate.consent}  # fmt: skip


@api_router.post(BASE + "/candidates/{code}/scorecard", status_code=201)
def api_scorecard(
    vacancy_id: RecordId, code: str, body: ScorecardIn, user: Scorer, session: SessionDep,
    org: OrgDep,
) -> dict[str, Any]:  # fmt: skip
    """Submit the caller's own scorecard (the caller must be on the committee); final."""
    vacancy = service.get_vacancy(session, org, vacancy_id)
    member = scoring.find_member(session, vacancy, user.username)
    scores = {name: (s.score, s.evidence) for name, s in body.scores.items()}
    scoring.submit_scorecard(session, org, vacancy, code, member, scores, actor=user.username)
    return _sheet(scoring.score_sheet(session, org, vacancy, code, viewer=user.username,
                                      actor=user.username))  # fmt: skip


@api_router.get(BASE + "/candidates/{code}/scorecards", response_model=dict[str, Any])
async def api_scorecards(
    vacancy_id: RecordId, code: str, user: Scorer, session: SessionDep, org: OrgDep
) -> Response:
    """Return the scorecards the caller may see: a member none of the others' before their own."""
    manager = has_permission(user.role, "manage_recruitment")

    def encoded() -> tuple[VacancyNote, ScoreSheet, bytes]:
        vacancy = service.get_vacancy(session, org, vacancy_id)
        sheet = scoring.sheet_view(session, org, vacancy, code, viewer=user.username,
                                   manager=manager)  # fmt: skip
        return VacancyNote.of(vacancy), sheet, to_json(_sheet(sheet))

    # The sheet is the caller's own view: the caller names the encoded answer.
    key = ("api.recruitment.scorecards", vacancy_id, code, user.username, manager)
    vacancy, sheet, body = await cached_async(session, org, key, encoded)
    audit_sheet(session, org, vacancy, user.username, sheet)
    return json_response(body)


@api_router.post(BASE + "/decision", status_code=201)
def api_decision(
    vacancy_id: RecordId, body: DecisionIn, user: Manager, session: SessionDep, org: OrgDep
) -> dict[str, Any]:
    """Record the chosen candidate with a reason per competence; the candidate gets an offer."""
    vacancy = service.get_vacancy(session, org, vacancy_id)
    scoring.record_decision(session, org, vacancy, body.candidate, body.decided_on,
                            body.reasons, actor=user.username)  # fmt: skip
    return {"candidate": body.candidate, "decided_on": body.decided_on.isoformat()}


@api_router.post(BASE + "/candidates/{code}/appointment", status_code=201)
def api_appoint_candidate(
    vacancy_id: RecordId, code: str, body: AppointIn, user: Manager, session: SessionDep,
    org: OrgDep, settings: SettingsDep,
) -> dict[str, Any]:  # fmt: skip
    """Appoint the chosen candidate; 422 when comply or explain needs an explanation."""
    vacancy = service.get_vacancy(session, org, vacancy_id)
    appointment = scoring.appoint_candidate(
        session, org, vacancy, code, body.appointed_on,
        threshold=settings.recruitment_threshold_scale, actor=user.username,
        explanation=body.explanation, approver=body.approver,
    )  # fmt: skip
    return {"candidate": code, "gender": appointment.gender,
            "appointed_on": appointment.appointed_on.isoformat(),
            "procedure_ended": appointment.appointed_on.isoformat()}  # fmt: skip


@api_router.post(BASE + "/end")
def api_end(
    vacancy_id: RecordId, body: DayIn, user: Manager, session: SessionDep, org: OrgDep
) -> dict[str, Any]:
    """End the procedure without an appointment (the retention period starts)."""
    vacancy = service.get_vacancy(session, org, vacancy_id)
    selection.end_procedure(session, org, vacancy, body.day, actor=user.username)
    return {"procedure_ended": body.day.isoformat()}


@api_router.put(BASE + "/checklist/{step}")
def api_step(
    vacancy_id: RecordId, step: str, body: DayIn, user: Manager, session: SessionDep,
    org: OrgDep,
) -> dict[str, Any]:  # fmt: skip
    """Record the day a step of the NVP code was done."""
    vacancy = service.get_vacancy(session, org, vacancy_id)
    checklist.mark_step(session, org, vacancy, step, body.day, actor=user.username)
    return {"step": step, "done_on": body.day.isoformat()}


@api_router.post(BASE + "/text-checks", status_code=201)
def api_text_check(
    vacancy_id: RecordId, body: TextIn, user: Manager, session: SessionDep, org: OrgDep
) -> dict[str, Any]:
    """Check the vacancy's text; the outcome (not the text) is kept in its history."""
    vacancy = service.get_vacancy(session, org, vacancy_id)
    result = check_text(body.text, body.lang)
    checklist.record_text_check(session, org, vacancy, result, actor=user.username)
    return result_to_dict(result)


@api_router.get("/recruitment/scoring", response_model=list[dict[str, Any]])
async def api_my_committees(user: Scorer, session: SessionDep, org: OrgDep) -> Response:
    """List the open procedures on whose committee the caller sits."""

    def encoded() -> bytes:
        return to_json([{"id": v.id, "reference": v.reference, "title": v.title}
                        for v in member_vacancies(session, org, user.username)])  # fmt: skip

    key = ("api.recruitment.committees", user.username)
    return json_response(await cached_async(session, org, key, encoded))


@api_router.get("/recruitment/funnel", response_model=dict[str, Any])
async def api_funnel(
    request: Request, user: Viewer, session: SessionDep, org: OrgDep, settings: SettingsDep,
    year: YearQuery = None,
) -> Response:  # fmt: skip
    """Return the year's funnel by gender and band (null: suppressed) with its signals."""
    this_year, min_cell = clock(request).year, settings.min_cell

    def build() -> object:
        chosen = year or outcomes.funnel_year(session, org, this_year)
        funnel = outcomes.build_funnel(session, org, chosen, min_cell)
        steps = []
        for index, step in enumerate(funnel.steps):
            shown = funnel.visible(index)
            steps.append({
                "band": step.band, "from": step.previous, "to": step.stage,
                "rate_women": step.rate_v if shown else None,
                "rate_men": step.rate_m if shown else None,
                "adverse_impact_ratio": step.air if shown else None,
                "fisher_p": step.p_value if shown else None,
                "four_fifths_broken": step.four_fifths if shown else None,
                "signal": step.signal,
                "signal_key": outcomes.signal_key(chosen, step) if step.signal else None,
            })  # fmt: skip
        return {
            "year": chosen,
            "vacancies": funnel.vacancies,
            "min_cell": min_cell,
            "reached": [{"band": b, "gender": g, "stage": s, "count": n}
                        for (b, g, s), n in funnel.cells.items()],
            "steps": steps,
        }  # fmt: skip

    key = ("api.recruitment.funnel", year, None if year else this_year, min_cell)
    return await cached_json(session, org, key, build)


@api_router.get("/recruitment/selection-outcomes", response_model=dict[str, Any])
async def api_selection_outcomes(
    request: Request, user: Viewer, session: SessionDep, org: OrgDep, settings: SettingsDep,
    year: YearQuery = None,
) -> Response:  # fmt: skip
    """Return the year's committee composition, checklist completion and text-check history."""
    chosen = year or clock(request).year
    today, retention, min_cell = clock(request).date(), Retention.of(settings), settings.min_cell

    def build() -> object:
        composition = outcomes.committee_composition(session, org, chosen, min_cell)
        completion = outcomes.checklist_completion(session, org, chosen, today, retention)
        return {
            "year": chosen,
            "committees": {"total": composition.committees, "all_men": composition.all_men,
                           "all_women": composition.all_women, "mixed": composition.mixed,
                           "members": composition.members, "by_role": composition.roles},
            "checklist": [vars(s) for s in completion],
            "text_checks": [{"reference": h.reference, "checks": h.checks, "first": h.first,
                             "last": h.last, "last_on": h.last_on.isoformat(), "level": h.level}
                            for h in outcomes.text_history(session, org, chosen)],
        }  # fmt: skip

    key = ("api.recruitment.outcomes", chosen, min_cell, today, retention)
    return await cached_json(session, org, key, build)


@api_router.get("/recruitment/week", response_model=list[dict[str, Any]])
async def api_week(
    request: Request, user: Manager, session: SessionDep, org: OrgDep, settings: SettingsDep
) -> Response:
    """Return the weekly overview: open vacancies, their stage and overdue steps."""
    today, retention = clock(request).date(), Retention.of(settings)

    def build() -> object:
        rows = checklist.weekly_overview(session, org, today, retention)
        return [{"id": r.id, "reference": r.reference, "title": r.title, "stage": r.stage,
                 "candidates": r.candidates, "reached": r.by_stage,
                 "scorecards_to_come": r.scorecards_missing, "committee": r.committee,
                 "committee_all_one_gender": r.committee_one_gender,
                 "overdue": [_step(s) for s in r.overdue]} for r in rows]  # fmt: skip

    return await cached_json(session, org, ("api.recruitment.week", today, retention), build)
