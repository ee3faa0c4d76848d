"""Safety pages and API: counsellor isolation by URL and API, totals for hr/board, registers."""

from __future__ import annotations

from tests.safety.groningen_log import build_groningen_2024
from tests.webutil import api_token, create_user, csrf_token, login, make_client, page_text

from gepmonitor.core.orgs import get_org
from gepmonitor.safety import service

NOTE = "eerste gesprek, terugbellen in mei"


def counsellor_client(settings, session_factory, org, username, code):
    name, password = create_user(session_factory, org, "counsellor", username=username)
    with session_factory() as session:
        from gepmonitor.accounts.service import get_user

        account = get_user(session, name)
        service.add_counsellor(
            session,
            get_org(session, org.slug),
            code,
            "undesirable_behaviour",
            actor="t",
            user_id=account.id,
        )
        session.commit()
    client = make_client(settings)
    login(client, name, password)
    return client, name


def log(client, **extra):
    form = {
        "csrf_token": csrf_token(client),
        "held_on": "2024-05-02",
        "track": "undesirable_behaviour",
        "themes": ["bullying", "exclusion"],
        "person_code": "K7",
        "note": NOTE,
    } | extra
    return client.post("/safety/log", data=form)


def test_counsellor_logs_and_nobody_else_reads(settings, session_factory, org):
    anna, anna_name = counsellor_client(settings, session_factory, org, "anna", "VP-A")
    bert, bert_name = counsellor_client(settings, session_factory, org, "bert", "VP-B")
    form = anna.get("/safety/log")
    assert form.status_code == 200 and 'name="themes"' in form.text
    done = log(anna)
    assert done.status_code == 200 and "K7" in page_text(
        done.text
    )  # redirected to "my conversations"
    assert anna.get("/safety/mine/1").text.count(NOTE) == 1
    assert bert.get("/safety/mine/1").status_code == 404
    assert NOTE not in bert.get("/safety/mine/1").text
    assert "K7" not in page_text(bert.get("/safety/mine").text)
    headers = {"Authorization": f"Bearer {api_token(session_factory, bert_name)}"}
    assert bert.get("/api/v1/safety/conversations/1", headers=headers).status_code == 404
    assert bert.get("/api/v1/safety/conversations", headers=headers).json() == []
    own = {"Authorization": f"Bearer {api_token(session_factory, anna_name)}"}
    assert anna.get("/api/v1/safety/conversations/1", headers=own).json()["note"] == NOTE
    missing = log(anna, themes=[], person_code="")
    assert missing.status_code == 422 and "persoonscode" in missing.text
    no_theme = log(anna, themes=[])
    assert no_theme.status_code == 422 and "Kies minstens één thema" in no_theme.text


def test_admin_sees_neither_records_nor_totals(settings, session_factory, org):
    name, password = create_user(session_factory, org, "admin")
    admin = make_client(settings)
    login(admin, name, password)
    for url in (
        "/safety/log",
        "/safety/mine",
        "/safety/mine/1",
        "/safety/totals",
        "/safety/registers",
    ):
        assert admin.get(url, follow_redirects=False).status_code == 403, url


def test_totals_for_board_are_the_published_figures(settings, session_factory, org):
    with session_factory() as session:
        build_groningen_2024(session, settings, get_org(session, org.slug))
    name, password = create_user(session_factory, org, "board")
    board = make_client(settings)
    login(board, name, password)
    page = board.get("/safety/totals?year=2024")
    assert page.status_code == 200 and "118" in page_text(page.text)
    headers = {"Authorization": f"Bearer {api_token(session_factory, name)}"}
    data = board.get("/api/v1/safety/totals?year=2024", headers=headers).json()
    assert data["tracks"]["undesirable_behaviour"]["people"] == 19
    assert data["tracks"]["integrity"]["conversations"] == 15
    png = board.get("/safety/report?year=2024&format=png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert board.get("/safety/registers", follow_redirects=False).status_code == 403


def test_hr_keeps_the_registers(settings, session_factory, org):
    name, password = create_user(session_factory, org, "hr")
    hr = make_client(settings)
    login(hr, name, password)
    token = csrf_token(hr)
    page = hr.post(
        "/safety/registers/report",
        data={
            "csrf_token": token,
            "track": "undesirable_behaviour",
            "theme": "aggression_violence",
            "source": "citizen",
            "received_on": "2024-03-01",
        },
    )
    assert page.status_code == 200 and "M2024-001" in page.text
    bad = hr.post(
        "/safety/registers/report/M2024-001/advance",
        data={"csrf_token": token, "status": "closed", "on": "2024-03-02"},
    )
    assert bad.status_code == 200 and "Niet opgeslagen" in bad.text
    headers = {"Authorization": f"Bearer {api_token(session_factory, name)}"}
    reports = hr.get("/api/v1/safety/reports", headers=headers).json()
    assert reports[0]["status"] == "received"
