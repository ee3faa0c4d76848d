"""The pay page and API answers are built once per data version: a change shows at once."""

from __future__ import annotations

from sqlalchemy import func, select
from tests.conftest import TEST_SECRET
from tests.pay.test_import import write_csv
from tests.pay.test_report import rows
from tests.pay.test_web import load
from tests.webutil import api_token, create_user, csrf_from, logged_in_client, login, make_client

from gepmonitor.core.audit import AuditEntry
from gepmonitor.pay import service


def _exact_views(session_factory, actor: str, what: str = "api") -> int:
    with session_factory() as session:
        query = select(func.count()).where(
            AuditEntry.actor == actor, AuditEntry.detail == f"exact counts, {what}"
        )
        return int(session.scalar(query))


def test_pay_api_answers_change_with_the_data_and_exact_reads_are_audited_each_time(
    settings, session_factory, org, tmp_path
):
    load(session_factory, org, tmp_path)
    create_user(session_factory, org, "board", username="bestuur")
    create_user(session_factory, org, "hr", username="hr1")
    client = make_client(settings)
    board = {"Authorization": f"Bearer {api_token(session_factory, 'bestuur')}"}
    hr = {"Authorization": f"Bearer {api_token(session_factory, 'hr1')}"}
    register = client.get("/api/v1/pay/register?year=2024", headers=board).json()
    assert [(e["category"], e["status"]) for e in register] == [("11", "remedy_due")]
    figures = client.get("/api/v1/pay/figures?year=2024", headers=board).json()
    assert {c["category"]: c["status"] for c in figures["categories"]}["11"] == "remedy_due"
    assert [y["year"] for y in client.get("/api/v1/pay/years", headers=board).json()] == [2024]
    # The same answer again (now from the cache), then a change through the API.
    assert client.get("/api/v1/pay/register?year=2024", headers=board).json() == register
    body = {"year": 2024, "category": "11", "measure": "Herinschaling", "owner": "HR",
            "due_date": register[0]["due"], "remedied_on": register[0]["reported_on"]}  # fmt: skip
    assert client.post("/api/v1/pay/register/remedy", json=body, headers=hr).status_code == 200
    after = client.get("/api/v1/pay/register?year=2024", headers=board).json()
    assert [(e["category"], e["status"], e["measure"]) for e in after] == [
        ("11", "remedied", "Herinschaling")
    ]
    figures = client.get("/api/v1/pay/figures?year=2024", headers=board).json()
    assert {c["category"]: c["status"] for c in figures["categories"]}["11"] == "remedied"
    # A new year, imported by the command line's service: in the list at once.
    with session_factory() as session:
        path = write_csv(tmp_path / "loon2025.csv", rows(1.03))
        service.import_pay(session, session.merge(org), path, 2025, secret=TEST_SECRET, actor="t")
        session.commit()
    years = client.get("/api/v1/pay/years", headers=board).json()
    assert [y["year"] for y in years] == [2024, 2025] and years[1]["workers"] == 40
    # Exact figures: refused to the board however the answer is kept; each hr read is audited,
    # the cached one too.
    assert client.get("/api/v1/pay/figures?year=2024&exact=true", headers=board).status_code == 403
    for expected in (1, 2):
        answer = client.get("/api/v1/pay/figures?year=2024&exact=true", headers=hr)
        assert answer.status_code == 200 and answer.json()["year"] == 2024
        assert _exact_views(session_factory, "hr1") == expected
    assert client.get("/api/v1/pay/figures?year=1999", headers=board).status_code == 404


def test_pay_page_shows_a_new_year_at_once_and_each_reader_gets_their_own_token(
    settings, session_factory, org, tmp_path
):
    load(session_factory, org, tmp_path)
    hr_one = logged_in_client(settings, session_factory, org, "hr")
    hr_two = make_client(settings)
    login(hr_two, *create_user(session_factory, org, "hr", username="hr2"))
    board = logged_in_client(settings, session_factory, org, "board")
    first, second = hr_one.get("/pay").text, hr_two.get("/pay").text
    # The register's forms (hr only) carry each reader's own token, never a shared one.
    assert 'action="/pay/register/justify"' in first and "<csrf-token-slot/>" not in first
    assert csrf_from(first) != csrf_from(second)
    assert csrf_from(first) in first.split('action="/pay/register/justify"')[1]
    assert csrf_from(second) in second.split('action="/pay/register/justify"')[1]
    board_page = board.get("/pay").text
    assert 'action="/pay/register/justify"' not in board_page and 'name="exact"' not in board_page
    assert '<option value="2025"' not in board_page
    with session_factory() as session:
        path = write_csv(tmp_path / "loon2025.csv", rows(1.03))
        service.import_pay(session, session.merge(org), path, 2025, secret=TEST_SECRET, actor="t")
        session.commit()
    board_page = board.get("/pay").text
    assert '<option value="2025" selected>' in board_page and "Loonkloof 2025" in board_page
    # Exact figures on the page: each view audited, the cached one too; refused to the board.
    assert board.get("/pay?year=2024&exact=true").status_code == 403
    for expected in (1, 2):
        page = hr_two.get("/pay?year=2024&exact=true")
        assert page.status_code == 200 and 'name="exact" value="true" checked' in page.text
        assert _exact_views(session_factory, "hr2", "page") == expected
