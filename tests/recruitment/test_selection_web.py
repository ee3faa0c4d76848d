"""The selection register through the web app and the API: intake to appointment."""

from __future__ import annotations

import re

from sqlalchemy import select
from tests.recruitment.selectionutil import REASONS
from tests.webutil import api_token, create_user, csrf_token, login, make_client, page_text

from gepmonitor.core.audit import AuditEntry
from gepmonitor.recruitment.models import (
    Appointment,
    Candidate,
    ChecklistStep,
    CommitteeMember,
    Score,
    TextCheck,
    Vacancy,
)


def english(settings, session_factory, org, role, username=None):
    name, password = create_user(session_factory, org, role, username=username)
    client = make_client(settings)
    login(client, name, password)
    client.get("/lang/en?next=/")
    return client


def post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client), **data})


def competence_ids(session_factory):
    from gepmonitor.recruitment.models import Competence

    with session_factory() as session:
        return {c.name: c.id for c in session.scalars(select(Competence))}


def test_a_vacancy_runs_from_intake_to_appointment_in_the_web_app(settings, session_factory, org):
    hr = english(settings, session_factory, org, "hr")
    anna = english(settings, session_factory, org, "viewer", "anna")
    bram = english(settings, session_factory, org, "board", "bram")
    made = post(hr, "/recruitment/new", title="Adviseur Omgevingswet", scale="12",
                opened="2025-02-03", closed="2025-02-24")  # fmt: skip
    assert made.status_code == 200
    page = hr.get("/recruitment/1")
    assert page.status_code == 200 and "Intake: competences" in page.text
    lines = "Omgevingswet; hard; 3\nSamenwerken; soft; 2\nSchrijven; hard; 1"
    assert "Omgevingswet" in post(hr, "/recruitment/1/competences", competences=lines).text
    bad = post(hr, "/recruitment/1/competences", competences="Lef; zacht; 1")
    assert bad.status_code == 422 and "hard or soft" in bad.text
    one = post(hr, "/recruitment/1/committee", name="Anna de Vries", role="chair", gender="v",
               username="anna")  # fmt: skip
    assert "all one gender" in one.text  # one member so far: all one gender
    two = post(hr, "/recruitment/1/committee", name="Bram Jansen", role="manager", gender="m",
               username="bram")  # fmt: skip
    assert "all one gender" not in two.text
    for gender in "vvmm":
        assert post(hr, "/recruitment/1/candidates", gender=gender).status_code == 200
    named = post(hr, "/recruitment/1/candidates", code="Jansen", gender="m")
    assert named.status_code == 422 and "never a name" in named.text
    for code in ("K001", "K003"):
        post(hr, f"/recruitment/1/candidates/{code}", stage="interviewed", suitable="1")
    ids = competence_ids(session_factory)

    def card(values):
        return {f"score-{ids[n]}": str(v) for n, v in zip(ids, values, strict=True)} | {
            f"evidence-{ids['Samenwerken']}": "S: twee gemeenten. R: akkoord."
        }

    assert "V2025-001 Adviseur Omgevingswet" in page_text(anna.get("/recruitment/scoring").text)
    assert post(anna, "/recruitment/1/score/K001", **card((4, 5, 3))).status_code == 200
    # bram has not scored K001: anna's scores are withheld from him
    before = page_text(bram.get("/recruitment/1/score").text)
    assert "Anna de Vries" not in before
    assert post(bram, "/recruitment/1/score/K001", **card((5, 4, 4))).status_code == 200
    after = page_text(bram.get("/recruitment/1/score").text)
    assert "Anna de Vries" in after and "Bram Jansen" in after
    again = post(bram, "/recruitment/1/score/K001", **card((1, 1, 1)))
    assert again.status_code == 409 and "cannot be changed" in again.text
    post(anna, "/recruitment/1/score/K003", **card((2, 3, 3)))
    # a viewer who is not on the committee gets no scoring page
    outsider = english(settings, session_factory, org, "viewer", "carla")
    assert outsider.get("/recruitment/1/score").status_code == 404
    hr_page = page_text(hr.get("/recruitment/1").text)
    assert "4.33" in hr_page  # (25/6 + 27/6) / 2, weights 3, 2, 1
    reasons = {f"reason-{ids[name]}": text for name, text in REASONS.items()}
    decided = post(hr, "/recruitment/1/decision", candidate="K001", decided_on="2025-03-20",
                   **reasons)  # fmt: skip
    assert decided.status_code == 200 and "Chosen: candidate K001" in decided.text
    for step, day in (("text_published", "2025-02-03"), ("candidates_informed", "2025-02-28")):
        assert post(hr, "/recruitment/1/checklist", step=step, done_on=day).status_code == 200
    checked = post(hr, "/recruitment/1/text-check", text="Wij zoeken een daadkrachtige collega.",
                   lang="nl")  # fmt: skip
    assert checked.status_code == 200
    appointed = post(hr, "/recruitment/1/appoint-candidate", candidate="K001",
                     appointed_on="2025-04-01")  # fmt: skip
    assert appointed.status_code == 200 and "Appointed on 1 April 2025" in appointed.text
    post(hr, "/recruitment/1/checklist", step="rejections_explained", done_on="2025-04-01")
    with session_factory() as session:
        assert session.scalar(select(Appointment.gender)) == "v"
        stages = dict(session.execute(select(Candidate.code, Candidate.stage)).all())
        assert stages == {"K001": "appointed", "K002": "applied", "K003": "interviewed",
                          "K004": "applied"}  # fmt: skip
        assert session.scalar(select(Vacancy.procedure_ended)).isoformat() == "2025-04-01"
        assert len(session.scalars(select(Score)).all()) == 9
        steps = dict(session.execute(select(ChecklistStep.step, ChecklistStep.done_on)).all())
        assert {k: v.isoformat() for k, v in steps.items()} == {
            "text_published": "2025-02-03", "candidates_informed": "2025-02-28",
            "rejections_explained": "2025-04-01",
        }  # fmt: skip
        assert session.scalar(select(TextCheck.category)) == "masculine-coded"
        reads = session.scalars(
            select(AuditEntry.actor).where(AuditEntry.action == "view_candidates")
        ).all()
        assert reads and set(reads) == {"test-hr"}


def test_the_funnel_page_the_week_page_and_who_sees_them(settings, session_factory, org):
    hr = english(settings, session_factory, org, "hr")
    post(hr, "/recruitment/new", title="Jurist", scale="11", opened="2025-05-01")
    for _ in range(3):
        post(hr, "/recruitment/1/candidates", gender="v")
    board = english(settings, session_factory, org, "board")
    funnel = board.get("/recruitment/funnel?year=2025")
    assert funnel.status_code == 200
    text = page_text(funnel.text)
    assert "Candidates who reached each stage" in text
    assert not re.search(r"women\s+3\b", text)  # three women: suppressed
    assert board.get("/recruitment/1", follow_redirects=False).status_code == 403
    assert board.get("/recruitment/week", follow_redirects=False).status_code == 403
    week = page_text(hr.get("/recruitment/week").text)
    assert "V2025-001 Jurist" in week and "applied" in week
    empty = page_text(board.get("/recruitment/funnel?year=2019").text)
    assert "no figures" in empty


def test_a_vacancy_runs_from_intake_to_appointment_through_the_api(settings, session_factory, org):
    hr_name, _ = create_user(session_factory, org, "hr")
    create_user(session_factory, org, "viewer", username="anna")
    hr = {"Authorization": f"Bearer {api_token(session_factory, hr_name)}",
          "Accept-Language": "en"}  # fmt: skip
    anna = {"Authorization": f"Bearer {api_token(session_factory, 'anna')}"}
    client = make_client(settings)
    created = client.post(
        "/api/v1/recruitment/vacancies",
        headers=hr,
        json={"title": "Programmamanager", "scale": 13, "opened": "2025-01-13"},
    )
    base = f"/api/v1/recruitment/vacancies/{created.json()['id']}"
    put = client.put(
        base + "/competences",
        headers=hr,
        json=[
            {"name": "Sturing", "kind": "hard", "weight": 2},
            {"name": "Verbinden", "kind": "soft"},
        ],
    )
    assert put.status_code == 200 and [c["weight"] for c in put.json()] == [2, 1]
    member = client.post(
        base + "/committee",
        headers=hr,
        json={"name": "Anna", "role": "chair", "gender": "v", "username": "anna"},
    )
    assert member.json() == {"members": 1, "all_one_gender": "v"}
    codes = [client.post(base + "/candidates", headers=hr, json={"gender": g}).json()["code"]
             for g in "vm"]  # fmt: skip
    assert codes == ["K001", "K002"]
    for code in codes:
        moved = client.patch(
            f"{base}/candidates/{code}", headers=hr, json={"stage": "interviewed", "suitable": True}
        )
        assert moved.json()["stage"] == "interviewed"
    unknown = client.patch(f"{base}/candidates/K001", headers=hr, json={"grade": 1})
    assert unknown.status_code == 422
    scores = {"scores": {"Sturing": {"score": 3}, "Verbinden": {"score": 5, "evidence": "S/T"}}}
    assert client.post(f"{base}/candidates/K002/scorecard", headers=hr, json=scores
                       ).status_code == 404  # hr is not on the committee  # fmt: skip
    card = client.post(f"{base}/candidates/K002/scorecard", headers=anna, json=scores)
    assert card.status_code == 201 and card.json()["scorecards"][0]["weighted_score"] == 3.67
    hidden = client.get(f"{base}/candidates/K001/scorecards", headers=anna).json()
    assert hidden["hidden_until_own_submitted"] is True and hidden["scorecards"] == []
    reasons = {"Sturing": "Liet de meeste ervaring met sturing zien.",
               "Verbinden": "Verbond partijen in beide STARR-voorbeelden."}  # fmt: skip
    decided = client.post(
        base + "/decision",
        headers=hr,
        json={"candidate": "K002", "decided_on": "2025-03-01", "reasons": reasons},
    )
    assert decided.status_code == 201
    refused = client.post(
        f"{base}/candidates/K002/appointment", headers=hr, json={"appointed_on": "2025-03-15"}
    )
    assert refused.status_code == 422  # a man over a suitable woman in scale 13: explain
    done = client.post(
        f"{base}/candidates/K002/appointment",
        headers=hr,
        json={
            "appointed_on": "2025-03-15",
            "approver": "Directie",
            "explanation": "Zij trok zich terug na het aanbod; hij was de tweede keus.",
        },
    )
    assert done.status_code == 201 and done.json()["gender"] == "m"
    step = client.put(base + "/checklist/text_published", headers=hr, json={"day": "2025-01-13"})
    assert step.status_code == 200
    file = client.get(base + "/selection", headers=hr).json()
    assert file["procedure_ended"] == "2025-03-15" and file["appointed_gender"] == "m"
    assert file["decision"]["reasons"] == reasons
    assert [c["stage"] for c in file["candidates"]] == ["interviewed", "appointed"]
    assert file["checklist"][0] == {"step": "text_published", "done_on": "2025-01-13",
                                    "due": "2025-01-13", "overdue": False}  # fmt: skip
    funnel = client.get("/api/v1/recruitment/funnel?year=2025", headers=hr).json()
    cells = {(c["band"], c["gender"], c["stage"]): c["count"] for c in funnel["reached"]}
    assert cells[("13+", "v", "applied")] is None  # one woman: suppressed
    assert cells[("1-10", "v", "applied")] == 0
    assert funnel["vacancies"] == 1
    week = client.get("/api/v1/recruitment/week", headers=hr).json()
    assert week == [] or all(r["reference"] != "V2025-001" or r["overdue"] for r in week)
    with session_factory() as session:
        assert session.scalar(select(CommitteeMember.username)) == "anna"
