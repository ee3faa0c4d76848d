"""Pay page, register forms and API: what each role may see and do, on both databases."""

from __future__ import annotations

from sqlalchemy import select
from tests.conftest import TEST_SECRET
from tests.pay.test_import import write_csv
from tests.pay.test_report import rows
from tests.webutil import (
    api_token,
    create_user,
    logged_in_client,
    make_client,
    page_text,
    post_form,
)

from gepmonitor.core.audit import AuditEntry
from gepmonitor.pay import service
from gepmonitor.pay.models import PayAssessment


def load(session_factory, org, tmp_path):
    with session_factory() as session:
        path = write_csv(tmp_path / "loon.csv", rows())
        service.import_pay(session, session.merge(org), path, 2024, secret=TEST_SECRET, actor="t")
        session.commit()


def test_page_register_and_api_by_role(settings, session_factory, org, tmp_path):
    load(session_factory, org, tmp_path)
    hr = logged_in_client(settings, session_factory, org, "hr")
    page = hr.get("/pay?year=2024")
    assert page.status_code == 200
    text = page_text(page.text)
    assert "2023/970" in text and "Kennedy" in text and "Q4" in text or "4" in text
    assert 'action="/pay/register/justify"' in page.text  # hr keeps the register
    # the page defines its figures as the report does (Dutch by default)
    definitions = page_text(page.text).split("Definities")[-1]
    assert "Wie er meetellen" in definitions and "De 5%-regel (art. 10)" in definitions
    assert "Het kalenderjaar 2024" in definitions
    board = logged_in_client(settings, session_factory, org, "board")
    board_page = board.get("/pay")
    assert board_page.status_code == 200 and 'action="/pay/register/justify"' not in board_page.text
    assert board.get("/pay?year=2024&exact=true").status_code == 403
    for role in ("viewer", "counsellor", "admin"):
        assert logged_in_client(settings, session_factory, org, role).get("/pay").status_code == 403
    # the register form: board may not, hr may
    form = {
        "year": "2024", "category": "11", "criterion": "Arbeidsmarkttoelage",
        "explanation": "Schaarse functies", "evidence": "besluit", "justified_by": "Directie",
        "justified_on": "2025-01-15",
    }  # fmt: skip
    assert post_form(board, "/pay/register/justify", form).status_code == 403
    response = post_form(hr, "/pay/register/justify", form, follow_redirects=False)
    assert response.status_code == 303
    with session_factory() as session:
        entry = session.scalar(select(PayAssessment).where(PayAssessment.category == "11"))
        assert entry.criterion == "Arbeidsmarkttoelage" and entry.justified_by == "Directie"
    # The page (laid out once per data version) shows the justification at once.
    assert 'value="Arbeidsmarkttoelage"' not in page.text
    after = hr.get("/pay?year=2024").text
    assert 'value="Arbeidsmarkttoelage"' in after and "Schaarse functies</textarea>" in after
    bad = dict(form, due_date="2099-01-01", measure="m", owner="o")
    response = post_form(hr, "/pay/register/remedy", bad)
    assert "six months" in page_text(response.text) or "zes maanden" in page_text(response.text)
    download = hr.get("/pay/report?year=2024&format=xlsx")
    assert download.status_code == 200 and download.content[:2] == b"PK"
    docx = hr.get("/pay/report?year=2024&format=docx")
    assert docx.status_code == 200 and "wordprocessingml" in docx.headers["content-type"]


def test_reports_page_lists_the_pay_report_for_the_roles_that_may_make_it(
    settings, session_factory, org, tmp_path
):
    load(session_factory, org, tmp_path)
    clients = {
        role: logged_in_client(settings, session_factory, org, role) for role in ("hr", "board")
    }
    for client in clients.values():
        page = client.get("/reports").text
        assert '<form method="get" action="/reports/paygap"' in page
        assert '<option value="2024">' in page[page.index('action="/reports/paygap"') :]
    board = clients["board"]
    docx = board.get("/reports/paygap?choice=2024&format=docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert f"paygap-{org.slug}-2024-nl.docx" in docx.headers["content-disposition"]
    assert board.get("/reports/paygap?choice=2024&exact=true").status_code == 403
    viewer = logged_in_client(settings, session_factory, org, "viewer")
    assert viewer.get("/reports").status_code == 403  # the viewer makes no reports
    assert viewer.get("/reports/paygap?choice=2024&format=pdf").status_code == 403
    with session_factory() as session:
        exports = session.scalars(select(AuditEntry.target).where(AuditEntry.action == "export"))
        assert f"paygap-{org.slug}-2024-nl.docx" in set(exports)


def test_api_figures_exact_and_register(settings, session_factory, org, tmp_path):
    load(session_factory, org, tmp_path)
    create_user(session_factory, org, "board", username="bestuur")
    create_user(session_factory, org, "hr", username="hr1")
    create_user(session_factory, org, "viewer", username="kijker")
    client = make_client(settings)
    board = {"Authorization": f"Bearer {api_token(session_factory, 'bestuur')}"}
    hr = {"Authorization": f"Bearer {api_token(session_factory, 'hr1')}"}
    viewer = {"Authorization": f"Bearer {api_token(session_factory, 'kijker')}"}
    data = client.get("/api/v1/pay/figures?year=2024", headers=board).json()
    assert data["year"] == 2024 and data["workers"] == {"women": 20, "men": 20, "other": 0}
    assert {c["category"]: c["flagged"] for c in data["categories"]} == {"11": True, "13": False}
    assert client.get("/api/v1/pay/figures?year=2024&exact=true", headers=board).status_code == 403
    assert client.get("/api/v1/pay/figures?year=2024", headers=viewer).status_code == 403
    assert client.get("/api/v1/pay/figures?year=2024&exact=true", headers=hr).status_code == 200
    with session_factory() as session:
        details = session.scalars(select(AuditEntry.detail).where(AuditEntry.actor == "hr1"))
        assert any("exact" in d for d in details)
    analysis = client.get("/api/v1/pay/analysis?year=2024", headers=board).json()
    assert analysis["regression"] is None or analysis["regression"]["rating"] in (1, 2, 3, 4)
    entries = client.get("/api/v1/pay/register?year=2024", headers=board).json()
    assert [(e["category"], e["status"]) for e in entries] == [("11", "remedy_due")]
    body = {"year": 2024, "category": "11", "measure": "Herinschaling", "owner": "HR",
            "due_date": entries[0]["due"], "remedied_on": entries[0]["reported_on"]}  # fmt: skip
    assert client.post("/api/v1/pay/register/remedy", json=body, headers=board).status_code == 403
    done = client.post("/api/v1/pay/register/remedy", json=body, headers=hr)
    assert done.status_code == 200 and done.json()["status"] == "remedied"
    assert client.get("/api/v1/pay/figures?year=1999", headers=board).status_code == 404
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/pay/figures" in spec["paths"] and "/api/v1/pay/register/remedy" in spec["paths"]
