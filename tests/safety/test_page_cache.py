"""The safety pages kept per data version: a write shows at once, a cache never crosses readers.

The registers page's content is shared by the organisation's register keepers (each gets their
own CSRF token in it); a counsellor's own list is kept for that counsellor alone; the totals
page and API are kept per role's view, and every exact read of them is still audited.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select
from tests.safety.test_web import counsellor_client, log
from tests.webutil import api_token, create_user, csrf_token, login, make_client, page_text

from gepmonitor.accounts.pages import CSRF_SLOT
from gepmonitor.core.audit import AuditEntry
from gepmonitor.core.cache import CACHE
from gepmonitor.core.errors import ConflictError, NotFoundError
from gepmonitor.core.orgs import ensure_org, get_org
from gepmonitor.safety import registers, service
from gepmonitor.safety.service import ConversationInput, SafetyActor

TOKEN_FIELD = re.compile(r'name="csrf_token" value="([^"]*)"')


def _audit_count(session_factory, action: str) -> int:
    with session_factory() as session:
        query = select(func.count()).where(AuditEntry.action == action)
        return int(session.scalar(query) or 0)


def _keeper(settings, session_factory, org, username):
    name, password = create_user(session_factory, org, "hr", username=username)
    client = make_client(settings)
    login(client, name, password)
    return client


def _cached_texts() -> str:
    return "\n".join(str(value) for value in CACHE._values.values())


def test_registers_page_gives_each_reader_their_own_token_and_shows_a_write_at_once(
    settings, session_factory, org
):
    CACHE.clear()
    first, second = (_keeper(settings, session_factory, org, name) for name in ("hr-a", "hr-b"))
    tokens = {csrf_token(first), csrf_token(second)}
    assert len(tokens) == 2
    before = _audit_count(session_factory, "view_register")
    for client in (first, second, first):
        page = client.get("/safety/registers")
        assert page.status_code == 200
        assert set(TOKEN_FIELD.findall(page.text)) == {csrf_token(client)}
        assert str(CSRF_SLOT) not in page.text
    # Every read is audited, also when the page's content comes from the cache.
    assert _audit_count(session_factory, "view_register") == before + 3
    cached = _cached_texts()
    assert str(CSRF_SLOT) in cached and not any(token in cached for token in tokens)

    report = {"csrf_token": csrf_token(second), "track": "integrity", "theme": "fraud"}
    second.post("/safety/registers/report", data=report | {"received_on": "2024-03-01"})
    assert "M2024-001" in first.get("/safety/registers").text
    # Typed text that looks like the slot stays text: no token is put into it.
    second.post(
        "/safety/registers/incident",
        data={
            "csrf_token": csrf_token(second),
            "kind": "threat",
            "unit": str(CSRF_SLOT),
            "occurred_on": "2024-04-02",
        },
    )
    page = first.get("/safety/registers").text
    assert "&lt;csrf-token-slot/&gt;" in page and str(CSRF_SLOT) not in page
    # A new organisation is offered at once, though this organisation's data did not change.
    with session_factory() as session:
        ensure_org(session, "snn", "Samenwerkingsverband Noord-Nederland")
        session.commit()
    assert "Samenwerkingsverband Noord-Nederland" in first.get("/safety/registers").text


def test_a_counsellors_kept_list_is_theirs_alone_and_shows_a_new_conversation_at_once(
    settings, session_factory, org
):
    CACHE.clear()
    with session_factory() as session:
        ensure_org(session, "snn", "Samenwerkingsverband Noord-Nederland")
        session.commit()
    anna, anna_name = counsellor_client(settings, session_factory, org, "anna", "VP-A")
    bert, bert_name = counsellor_client(settings, session_factory, org, "bert", "VP-B")
    with session_factory() as session:
        home = get_org(session, org.slug)
        counsellor = service.find_counsellor(session, home, "VP-A")
        counsellor.serves = [get_org(session, "snn")]
        session.commit()
    anna_api = {"Authorization": f"Bearer {api_token(session_factory, anna_name)}"}
    bert_api = {"Authorization": f"Bearer {api_token(session_factory, bert_name)}"}
    log(anna, person_code="K7")
    log(bert, person_code="B3")
    before = _audit_count(session_factory, "view_own_conversations")
    for _ in range(2):  # the second read comes from the cache
        assert "K7" in anna.get("/safety/mine").text
        assert "K7" not in page_text(bert.get("/safety/mine").text)
        assert "B3" in bert.get("/safety/mine").text
        assert "B3" not in page_text(anna.get("/safety/mine").text)
        assert [
            c["person_code"]
            for c in anna.get("/api/v1/safety/conversations", headers=anna_api).json()
        ] == ["K7"]
        assert [
            c["person_code"]
            for c in bert.get("/api/v1/safety/conversations", headers=bert_api).json()
        ] == ["B3"]
    assert _audit_count(session_factory, "view_own_conversations") == before + 12

    # A conversation for the partner organisation changes only that organisation's data: it
    # shows at once all the same.
    log(anna, person_code="P9", org_slug="snn")
    assert "P9" in anna.get("/safety/mine").text
    codes = [
        c["person_code"] for c in anna.get("/api/v1/safety/conversations", headers=anna_api).json()
    ]
    assert sorted(codes) == ["K7", "P9"]
    assert "P9" not in page_text(bert.get("/safety/mine").text)
    # A year without conversations is its own list. (Codes are looked for in the page's text:
    # a random CSRF token in an attribute may hold "K7".)
    assert "K7" not in page_text(anna.get("/safety/mine?year=2023").text)
    # The kept empty form is each counsellor's own: anna's shows the partner she serves.
    assert 'value="snn"' in anna.get("/safety/log").text
    bert_form = bert.get("/safety/log").text
    assert 'value="snn"' not in bert_form
    assert set(TOKEN_FIELD.findall(bert_form)) == {csrf_token(bert)}


def test_a_conversation_of_a_stopped_counsellor_record_is_not_found_for_its_account(
    session, settings, org
):
    old = service.add_counsellor(
        session, org, "VP-OLD", "undesirable_behaviour", actor="t", user_id=101
    )
    actor = SafetyActor("anna", "counsellor", 101)
    entry = ConversationInput(
        held_on=date(2024, 5, 1),
        track="undesirable_behaviour",
        themes=["bullying"],
        person_code="A1",
    )
    before = service.log_conversation(session, settings, actor, old, entry)
    service.deactivate_counsellor(session, org, "VP-OLD", date(2024, 12, 31), actor="t")
    new = service.add_counsellor(
        session, org, "VP-NEW", "undesirable_behaviour", actor="t", user_id=101
    )
    now = service.log_conversation(session, settings, actor, new, entry)
    session.commit()
    assert service.get_conversation(session, actor, now.id).id == now.id
    with pytest.raises(NotFoundError):
        service.get_conversation(session, actor, before.id)
    with pytest.raises(ConflictError):  # an account without a counsellor is told so
        service.get_conversation(session, SafetyActor("bert", "counsellor", 102), now.id)


def _conversations(page: str) -> str:
    """Return the totals page's cell of conversations about undesirable behaviour."""
    found = re.search(r'<th scope="row">gesprekken</th><td class="num">([^<]*)</td>', page)
    assert found is not None, page
    return found.group(1)


def _exact_views(session_factory, target: str) -> int:
    with session_factory() as session:
        query = select(func.count()).where(
            AuditEntry.action == "view",
            AuditEntry.target == target,
            AuditEntry.detail.startswith("exact counts"),
        )
        return int(session.scalar(query) or 0)


def test_kept_safety_totals_show_a_change_at_once_and_audit_every_exact_read(
    settings, session_factory, org
):
    CACHE.clear()
    anna, _ = counsellor_client(settings, session_factory, org, "anna", "VP-A")
    log(anna, person_code="K7")
    hr = _keeper(settings, session_factory, org, "hr-a")
    other = _keeper(settings, session_factory, org, "hr-b")
    board_name, board_password = create_user(session_factory, org, "board", username="bd")
    board = make_client(settings)
    login(board, board_name, board_password)
    hr_api = {"Authorization": f"Bearer {api_token(session_factory, 'hr-a')}"}
    board_api = {"Authorization": f"Bearer {api_token(session_factory, board_name)}"}

    def api(client, headers, query=""):
        answer = client.get("/api/v1/safety/totals" + query, headers=headers)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def talks(totals):  # the API's conversations about undesirable behaviour
        return totals["tracks"]["undesirable_behaviour"]["conversations"]

    exact = "/safety/totals?year=2024&exact=true"
    pages_before = _exact_views(session_factory, "safety/totals")
    api_before = _exact_views(session_factory, "api/safety/totals")
    for client in (hr, other, hr):  # the later reads come from the kept page
        page = client.get(exact)
        assert page.status_code == 200 and _conversations(page.text) == "1"
        assert set(TOKEN_FIELD.findall(page.text)) == {csrf_token(client)}
        assert str(CSRF_SLOT) not in page.text
        assert talks(api(client, hr_api, "?year=2024&exact=true")) == 1
    # Each exact read is audited, also when the answer was kept.
    assert _exact_views(session_factory, "safety/totals") == pages_before + 3
    assert _exact_views(session_factory, "api/safety/totals") == api_before + 3
    cached = _cached_texts()
    assert "Sociale veiligheid 2024" in cached
    assert csrf_token(hr) not in cached and csrf_token(other) not in cached
    # Suppressed reads audit nothing; the board may not ask for exact counts.
    assert _conversations(hr.get("/safety/totals?year=2024").text) == "*"
    assert talks(api(board, board_api, "?year=2024")) is None
    assert board.get(exact).status_code == 403
    assert board.get("/api/v1/safety/totals?exact=true", headers=board_api).status_code == 403
    assert _exact_views(session_factory, "safety/totals") == pages_before + 3

    # A conversation logged shows at once, on the page and in the API.
    log(anna, person_code="K8")
    assert _conversations(hr.get(exact).text) == "2"
    assert talks(api(hr, hr_api, "?year=2024&exact=true")) == 2
    # Without a year: the latest year with conversations, at once when a later one is logged.
    assert "<h1>Sociale veiligheid 2024</h1>" in board.get("/safety/totals").text
    assert api(board, board_api)["year"] == 2024
    log(anna, person_code="K9", held_on="2025-03-04")
    assert "<h1>Sociale veiligheid 2025</h1>" in board.get("/safety/totals").text
    assert api(board, board_api)["year"] == 2025
    # A report past its deadline shows at once to the register keepers, never to the board.
    assert "over de termijn" not in hr.get("/safety/totals").text
    with session_factory() as session:
        report = {"track": "integrity", "theme": "fraud", "source": "internal", "actor": "t"}
        registers.add_report(
            session, get_org(session, org.slug), received_on=date(2024, 1, 2), **report
        )
        session.commit()
    assert "1 melding over de termijn" in hr.get("/safety/totals").text
    assert "over de termijn" not in board.get("/safety/totals").text
    assert "1 melding over de termijn" in other.get("/safety/totals").text


def test_the_kept_log_form_follows_the_counsellor_record_at_once(settings, session_factory, org):
    CACHE.clear()
    anna, _name = counsellor_client(settings, session_factory, org, "anna", "VP-A")
    for _ in range(2):  # the second read comes from the cache
        form = anna.get("/safety/log")
        assert form.status_code == 200 and 'name="themes"' in form.text
        assert 'value="fraud"' not in form.text  # an integrity theme
        assert set(TOKEN_FIELD.findall(form.text)) == {csrf_token(anna)}
    # The record's service ends: the account is no longer linked, and is told so at once.
    with session_factory() as session:
        home = get_org(session, org.slug)
        service.deactivate_counsellor(session, home, "VP-A", date(2020, 1, 1), actor="t")
        session.commit()
    for _ in range(2):
        page = anna.get("/safety/log")
        assert page.status_code == 200 and 'name="themes"' not in page.text
        assert "niet gekoppeld aan een vertrouwenspersoon" in page_text(page.text)
    # A new record on another track for the same account: its form shows that track's themes.
    with session_factory() as session:
        home = get_org(session, org.slug)
        account = service.find_counsellor(session, home, "VP-A").user_id
        service.add_counsellor(session, home, "VP-I", "integrity", actor="t", user_id=account)
        session.commit()
    form = anna.get("/safety/log")
    assert 'name="themes"' in form.text and 'value="fraud"' in form.text
