"""The imports and targets pages and their API answers, kept per data version: a write shows at once.

The pages' content is shared by every reader of the organisation (each gets their own CSRF token
in it, and their own language); the API's answers are the bytes FastAPI would send.
"""

from __future__ import annotations

import re
from datetime import date

from tests.conftest import TEST_SECRET
from tests.web.sample import good_rows, personnel_csv
from tests.webutil import (
    api_token,
    create_user,
    csrf_token,
    login,
    make_client,
    page_text,
    post_form,
)

from gepmonitor.accounts.pages import CSRF_SLOT
from gepmonitor.core.reader import UploadedFile
from gepmonitor.personnel import service

TOKEN_FIELD = re.compile(r'name="csrf_token" value="([^"]*)"')


def _reader(settings, session_factory, org, role, username):
    name, password = create_user(session_factory, org, role, username=username)
    client = make_client(settings)
    login(client, name, password)
    token = make_client(settings)
    token.headers["Authorization"] = f"Bearer {api_token(session_factory, name)}"
    return client, token


def _save_target(session_factory, org, band: str, share: float) -> None:
    """Save a target the way the command line does: through the service, in its own session."""
    with session_factory() as session:
        service.save_target(session, session.merge(org), band, share, 2030, actor="cli")
        session.commit()


def _own_tokens(client, html: str) -> None:
    """Assert that every form of the page carries the client's own session token."""
    assert CSRF_SLOT not in html
    assert set(TOKEN_FIELD.findall(html)) == {csrf_token(client)}


def test_targets_page_and_api_show_a_change_at_once(settings, session_factory, org):
    first, api = _reader(settings, session_factory, org, "hr", "hr1")
    second, _ = _reader(settings, session_factory, org, "hr", "hr2")
    empty = first.get("/personnel/targets")
    assert "Er zijn nog geen streefwaarden." in empty.text
    assert first.get("/personnel/targets").text == empty.text  # the kept page
    assert api.get("/api/v1/personnel/targets").json() == []
    assert api.get("/api/v1/personnel/targets").content == b"[]"

    _save_target(session_factory, org, "13+", 0.45)
    page = first.get("/personnel/targets").text
    assert 'value="45,0"' in page and "Er zijn nog geen streefwaarden." not in page
    assert api.get("/api/v1/personnel/targets").json() == [
        {"band": "13+", "target_share": 0.45, "target_year": 2030, "start_year": None, "note": ""}
    ]
    _save_target(session_factory, org, "13+", 0.5)
    assert 'value="50,0"' in first.get("/personnel/targets").text
    assert api.get("/api/v1/personnel/targets").json()[0]["target_share"] == 0.5

    # One shared page, but each reader's forms carry their own token, and a form works.
    mine, theirs = first.get("/personnel/targets").text, second.get("/personnel/targets").text
    _own_tokens(first, mine)
    _own_tokens(second, theirs)
    assert set(TOKEN_FIELD.findall(mine)) != set(TOKEN_FIELD.findall(theirs))
    saved = post_form(second, "/personnel/targets", {"band": "11+", "share": "40", "year": "2031"})
    assert saved.status_code == 200 and "11+" in page_text(first.get("/personnel/targets").text)
    # The language is part of what is kept: English on request.
    first.get("/lang/en")
    english = first.get("/personnel/targets").text
    assert "Targets" in english and 'value="50.0"' in english and 'value="40.0"' in english
    assert 'value="50,0"' in second.get("/personnel/targets").text


def test_imports_page_and_api_show_an_import_and_a_deletion_at_once(settings, session_factory, org):
    client, api = _reader(settings, session_factory, org, "hr", "hr1")
    empty = client.get("/personnel/imports")
    assert "Nog niets geïmporteerd." in empty.text
    assert client.get("/personnel/imports").text == empty.text  # the kept page
    assert f'value="{date.today().year}-12-31"' in empty.text
    assert api.get("/api/v1/personnel/imports").json() == []

    upload = UploadedFile("lijst.csv", personnel_csv(good_rows()))
    with session_factory() as session:
        service.import_personnel(
            session, session.merge(org), upload, date(2024, 12, 31), secret=TEST_SECRET,
            actor="cli",
        )  # fmt: skip
        session.commit()
    page = client.get("/personnel/imports").text
    assert "lijst.csv" in page and "Nog niets geïmporteerd." not in page
    _own_tokens(client, page)
    history = api.get("/api/v1/personnel/imports").json()
    assert [(h["peildatum"], h["source"], h["rows"], h["imported_by"]) for h in history] == [
        ("2024-12-31", "lijst.csv", 36, "cli")
    ]
    assert history[0]["imported_at"].endswith("Z")

    with session_factory() as session:
        service.delete_snapshot(session, session.merge(org), date(2024, 12, 31), "cli")
        session.commit()
    assert "Nog niets geïmporteerd." in client.get("/personnel/imports").text
    assert api.get("/api/v1/personnel/imports").json() == []


def test_monitor_answers_change_with_the_data_and_errors_are_never_kept(
    settings, session_factory, org
):
    from gepmonitor.personnel.demo import build

    with session_factory() as session:
        build(session, session.merge(org), settings, 2025)
        session.commit()
    _client, api = _reader(settings, session_factory, org, "admin", "beheer")

    def thirteen_plus() -> dict:
        bands = api.get("/api/v1/personnel/indicators").json()["bands"]
        return next(b for b in bands if b["band"] == "13+")

    before = thirteen_plus()["target"]
    _save_target(session_factory, org, "13+", 0.61)
    after = thirteen_plus()["target"]
    assert after != before and after["target_share"] == 0.61
    for _ in range(2):  # an unknown year or band is refused each time, cached answer or not
        assert api.get("/api/v1/personnel/indicators?year=1999").status_code == 422
        assert api.get("/api/v1/personnel/flows?band=zz").status_code == 422
    assert api.get("/api/v1/personnel/flows?band=13%2B").json()["bands"][0]["band"] == "13+"


def _exact_views(session_factory) -> int:
    from sqlalchemy import func, select

    from gepmonitor.core.audit import AuditEntry

    with session_factory() as session:
        query = select(func.count()).where(
            AuditEntry.action == "view", AuditEntry.target == "dashboard"
        )
        return int(session.scalar(query) or 0)


def test_dashboard_is_kept_per_role_and_language_and_shows_a_change_at_once(
    settings, session_factory, org
):
    hr, _ = _reader(settings, session_factory, org, "hr", "hr1")
    viewer, _ = _reader(settings, session_factory, org, "viewer", "kijker")
    board, _ = _reader(settings, session_factory, org, "board", "directie")
    # Without data: only a role that may import is offered the import.
    import_link = 'href="/personnel/imports">Bestand importeren'
    assert import_link in hr.get("/dashboard").text
    assert import_link not in viewer.get("/dashboard").text

    from gepmonitor.personnel.demo import build

    with session_factory() as session:
        build(session, session.merge(org), settings, 2025)
        session.commit()
    exact_box = 'name="exact" value="true"'
    first = hr.get("/dashboard").text
    assert hr.get("/dashboard").text == first  # the kept page
    assert exact_box in first and "Toon exacte kleine aantallen" in first
    shown = viewer.get("/dashboard").text  # after hr's page was kept: the viewer's own
    assert exact_box not in shown and "Personeelsmonitor" in shown
    viewer.cookies.set("gep_lang", "en")
    english = viewer.get("/dashboard").text
    assert "Personnel monitor" in english and "Personeelsmonitor" not in english
    # An exact view: hr only, audited on every read, kept page or not.
    before = _exact_views(session_factory)
    exact = hr.get("/dashboard?exact=true")
    assert exact.status_code == 200 and exact.text != first
    assert hr.get("/dashboard?exact=true").text == exact.text
    assert _exact_views(session_factory) == before + 2
    assert board.get("/dashboard?exact=true").status_code == 403
    assert viewer.get("/dashboard?exact=true").status_code == 403
    for _ in range(2):  # an unknown year is refused each time
        assert hr.get("/dashboard?year=1999").status_code == 422
    assert _exact_views(session_factory) == before + 2

    _save_target(session_factory, org, "13+", 0.61)
    changed = hr.get("/dashboard").text
    assert "streefwaarde 61" in changed and "streefwaarde 61" not in first
    _own_tokens(hr, changed)
