"""The vacancy's selection file is kept per data version: every write shows at once, every view
is audited, and one viewer's file is never another's."""

from __future__ import annotations

import re

from sqlalchemy import select
from tests.recruitment.selectionutil import vacancy_with_register
from tests.recruitment.test_selection_web import english, post
from tests.webutil import CSRF_INPUT, api_token, csrf_token, page_text

from gepmonitor.core.audit import AuditEntry
from gepmonitor.core.models import Organisation
from gepmonitor.recruitment import selection, service


def audits(session_factory, action: str) -> list[str]:
    with session_factory() as session:
        return list(
            session.scalars(
                select(AuditEntry.detail).where(AuditEntry.action == action).order_by(AuditEntry.id)
            )
        )


def test_a_write_shows_at_once_and_every_view_is_audited(settings, session_factory, org):
    with session_factory() as session:
        vacancy = vacancy_with_register(session, session.get(Organisation, org.id), genders="vm")
        session.commit()
        vacancy_id = vacancy.id
    hr = english(settings, session_factory, org, "hr")
    token = api_token(session_factory, "test-hr")
    api = f"/api/v1/recruitment/vacancies/{vacancy_id}/selection"
    headers = {"Authorization": f"Bearer {token}"}
    first = hr.get(api, headers=headers).json()
    assert hr.get(api, headers=headers).json() == first
    assert [c["code"] for c in first["candidates"]] == ["K001", "K002"]
    page = page_text(hr.get(f"/recruitment/{vacancy_id}").text)
    assert "K002" in page and "K003" not in page
    # three views: three audited reads of the candidates and of the scorecards, each counted
    assert audits(session_factory, "view_candidates") == ["2", "2", "2"]
    assert audits(session_factory, "view_scorecards") == ["overview 2"] * 3
    # a write through the page shows on the next view
    assert post(hr, f"/recruitment/{vacancy_id}/candidates", gender="v").status_code == 200
    assert "K003" in page_text(hr.get(f"/recruitment/{vacancy_id}").text)
    # a write from elsewhere (the command line, another worker) shows too
    with session_factory() as session:
        own = session.get(Organisation, org.id)
        selection.set_stage(
            session, own, service.get_vacancy(session, own, vacancy_id), "K003", "long_list",
            actor="cli",
        )  # fmt: skip
        session.commit()
    seen = hr.get(api, headers=headers).json()
    assert {c["code"]: c["stage"] for c in seen["candidates"]}["K003"] == "long_list"
    assert audits(session_factory, "view_candidates")[-1] == "3"


def test_each_viewer_sees_their_own_file(settings, session_factory, org):
    member = english(settings, session_factory, org, "hr")
    other = english(settings, session_factory, org, "hr", "other-hr")
    with session_factory() as session:
        own = session.get(Organisation, org.id)
        vacancy = vacancy_with_register(session, own, genders="v")
        selection.add_member(
            session, own, vacancy, name="Test HR", role="hr", gender="m", username="test-hr",
            actor="test",
        )  # fmt: skip
        session.commit()
        path = f"/recruitment/{vacancy.id}"
    # the same data version, two viewers: only the committee member gets the scorecards link
    assert "Your scorecards" not in other.get(path).text
    assert "Your scorecards" in member.get(path).text
    assert "Your scorecards" not in other.get(path).text
    # the list of one's committees is kept per user too
    assert "V2025-001" in page_text(member.get("/recruitment/scoring").text)
    assert "V2025-001" not in page_text(other.get("/recruitment/scoring").text)
    with session_factory() as session:
        actors = session.scalars(
            select(AuditEntry.actor).where(AuditEntry.action == "view_candidates")
        ).all()
    assert actors == ["other-hr", "test-hr", "other-hr"]


def test_pages_kept_per_data_version_carry_each_viewers_token_and_show_writes(
    settings, session_factory, org
):
    first = english(settings, session_factory, org, "hr")
    second = english(settings, session_factory, org, "hr", "second-hr")
    post(first, "/recruitment/new", title="Jurist", scale="11", opened="2025-05-01")
    pages = {name: client.get("/recruitment/1").text for name, client in (("a", first),
             ("b", second))}  # fmt: skip
    for name, client in (("a", first), ("b", second)):
        # every form of the page carries the viewer's own token, never the other's
        assert set(CSRF_INPUT.findall(pages[name])) == {csrf_token(client)}
    assert csrf_token(first) != csrf_token(second)
    week = page_text(second.get("/recruitment/week").text)
    assert re.search(r"V2025-001 Jurist(\s+\S+){3}\s+0\s", week)  # no candidates yet
    headers = {"Authorization": f"Bearer {api_token(session_factory, 'test-hr')}"}
    assert [r["candidates"] for r in first.get("/api/v1/recruitment/week", headers=headers).json()
            ] == [0]  # fmt: skip
    token = CSRF_INPUT.findall(pages["a"])[0]
    added = first.post("/recruitment/1/candidates", data={"csrf_token": token, "gender": "v"})
    assert added.status_code == 200 and "K001" in page_text(added.text)
    assert "K001" in page_text(second.get("/recruitment/1").text)
    week = page_text(second.get("/recruitment/week").text)
    assert re.search(r"V2025-001 Jurist(\s+\S+){3}\s+1\s", week)  # the candidate, at once
    assert [r["candidates"] for r in first.get("/api/v1/recruitment/week", headers=headers).json()
            ] == [1]  # fmt: skip
    register = page_text(second.get("/recruitment?year=2025").text)
    assert "Jurist" in register
    second.get("/lang/nl?next=/")
    dutch = page_text(second.get("/recruitment?year=2025").text)
    assert "Werving en benoemingen 2025" in dutch and "Jurist" in dutch
