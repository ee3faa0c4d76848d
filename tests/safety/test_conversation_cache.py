"""One conversation (page and API) and the own list, kept per data version for their author alone.

What is kept: the conversation as stored (its note encrypted) and the page laid out around a
slot for the note; the note is decrypted on every read and never kept. Every read is audited.
"""

from __future__ import annotations

import os
import time
from datetime import date, timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select
from tests.safety.test_web import NOTE, counsellor_client, log
from tests.webutil import api_token, create_user, login, make_client, page_text

from gepmonitor.accounts.service import get_user
from gepmonitor.core.audit import AuditEntry
from gepmonitor.core.cache import CACHE
from gepmonitor.core.errors import ConfigError
from gepmonitor.core.i18n import gettext
from gepmonitor.core.orgs import get_org
from gepmonitor.safety import notes, service

NOT_LINKED = gettext("Your account is not linked to a counsellor.", "nl")


def _reads(session_factory) -> list[tuple[str, str, str, str]]:
    """Return the audited reads of single conversations: (action, actor, role, target)."""
    with session_factory() as session:
        rows = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action.in_(("read_note", "view_conversation")))
            .order_by(AuditEntry.id)
        )
        return [(e.action, e.actor, e.role, e.target) for e in rows]


def _cached_texts() -> str:
    return "\n".join(repr(value) for value in CACHE._values.values())


def _own_ids(client, headers) -> list[int]:
    return [c["id"] for c in client.get("/api/v1/safety/conversations", headers=headers).json()]


def test_a_kept_conversation_is_its_authors_alone_and_its_note_is_never_kept(
    settings, session_factory, org
):
    CACHE.clear()
    anna, anna_name = counsellor_client(settings, session_factory, org, "anna", "VP-A")
    bert, bert_name = counsellor_client(settings, session_factory, org, "bert", "VP-B")
    anna_api = {"Authorization": f"Bearer {api_token(session_factory, anna_name)}"}
    bert_api = {"Authorization": f"Bearer {api_token(session_factory, bert_name)}"}
    log(anna)
    log(anna, note="", person_code="K8")
    noted, plain = sorted(_own_ids(anna, anna_api))  # in the order they were logged
    before = len(_reads(session_factory))
    for _ in range(2):  # the second round comes from the cache
        page = anna.get(f"/safety/mine/{noted}")
        assert page.status_code == 200 and page.text.count(NOTE) == 1
        assert "<h1>Gesprek " in page.text
        answer = anna.get(f"/api/v1/safety/conversations/{noted}", headers=anna_api).json()
        assert (answer["note"], answer["has_note"], answer["person_code"]) == (NOTE, True, "K7")
        without = anna.get(f"/safety/mine/{plain}")
        assert "K8" in page_text(without.text) and 'id="note"' not in without.text
        # Another counsellor is told it does not exist, kept for anna or not.
        for path in (f"/safety/mine/{noted}", f"/api/v1/safety/conversations/{noted}"):
            refused = bert.get(path, headers=bert_api)
            assert refused.status_code == 404 and NOTE not in refused.text
    anna.cookies.set("gep_lang", "en")
    english = anna.get(f"/safety/mine/{noted}").text
    assert "<h1>Conversation " in english and english.count(NOTE) == 1
    # The decrypted note is nowhere in the shared cache; the kept page has only its slot.
    cached = _cached_texts()
    assert NOTE not in cached and "<note-slot/>" in cached
    # Every read was audited (bert's refusals are not reads), with a note as a read of it.
    assert _reads(session_factory)[before:] == [
        ("read_note", "anna", "counsellor", "conversation"),
        ("read_note", "anna", "counsellor", "conversation"),
        ("view_conversation", "anna", "counsellor", "conversation"),
    ] * 2 + [("read_note", "anna", "counsellor", "conversation")]
    # Admin has no door to it at all.
    admin_name, password = create_user(session_factory, org, "admin", username="beheer")
    admin = make_client(settings)
    login(admin, admin_name, password)
    assert admin.get(f"/safety/mine/{noted}").status_code == 403


def test_a_note_that_looks_like_the_slot_stays_text(settings, session_factory, org):
    anna, _name = counsellor_client(settings, session_factory, org, "anna", "VP-A")
    log(anna, note="<note-slot/> & <b>vet</b>")
    for _ in range(2):
        page = anna.get("/safety/mine/1").text
        assert "&lt;note-slot/&gt; &amp; &lt;b&gt;vet&lt;/b&gt;" in page
        assert "<note-slot/>" not in page and "<b>vet" not in page


def test_a_stopped_counsellor_loses_the_kept_conversation_and_list_at_once(
    settings, session_factory, org
):
    anna, anna_name = counsellor_client(settings, session_factory, org, "anna", "VP-A")
    anna_api = {"Authorization": f"Bearer {api_token(session_factory, anna_name)}"}
    log(anna)
    assert anna.get("/safety/mine/1").text.count(NOTE) == 1
    assert "K7" in page_text(anna.get("/safety/mine").text)
    with session_factory() as session:
        home = get_org(session, org.slug)
        yesterday = date.today() - timedelta(days=1)
        service.deactivate_counsellor(session, home, "VP-A", yesterday, actor="hr")
        session.commit()
    page = anna.get("/safety/mine/1")
    assert page.status_code == 409 and NOTE not in page.text
    answer = anna.get("/api/v1/safety/conversations/1", headers=anna_api)
    assert answer.status_code == 409 and NOTE not in answer.text
    listed = anna.get("/safety/mine").text
    assert NOT_LINKED in listed and "K7" not in page_text(listed)


def test_an_account_linked_to_a_counsellor_sees_its_own_list_at_once(
    settings, session_factory, org
):
    name, password = create_user(session_factory, org, "counsellor", username="carla")
    carla = make_client(settings)
    login(carla, name, password)
    assert NOT_LINKED in carla.get("/safety/mine").text
    assert NOT_LINKED in carla.get("/safety/mine").text  # kept: still not linked
    with session_factory() as session:
        account = get_user(session, name)
        assert account is not None
        home = get_org(session, org.slug)
        service.add_counsellor(session, home, "VP-C", "integrity", actor="hr", user_id=account.id)
        session.commit()
    linked = carla.get("/safety/mine")
    assert linked.status_code == 200 and NOT_LINKED not in linked.text
    assert "<h1>Mijn gesprekken</h1>" in linked.text


def _age(path, seconds: float) -> None:
    """Give the file a modification time in the past (as an untouched key file has)."""
    moment = time.time() - seconds
    os.utime(path, (moment, moment))


def test_the_notes_key_is_kept_until_its_file_changes(settings):
    path = settings.resolved_notes_key_file()
    _age(path, 3600)
    cipher = notes.encrypt_note(settings, "eerste")
    assert notes.decrypt_note(settings, cipher) == "eerste"
    assert str(path) in notes._kept  # read once, kept for the next notes
    path.write_bytes(Fernet.generate_key())  # a new key put in place: the same size
    _age(path, 1800)
    with pytest.raises(ConfigError, match="cannot be read with the current key"):
        notes.decrypt_note(settings, cipher)
    assert notes.decrypt_note(settings, notes.encrypt_note(settings, "tweede")) == "tweede"


def test_a_key_file_written_just_now_is_read_on_every_use(settings):
    path = settings.resolved_notes_key_file()
    path.write_bytes(Fernet.generate_key())
    cipher = notes.encrypt_note(settings, "eerste")
    written = os.stat(path).st_mtime_ns
    # A second key in the same clock tick: same size, same time. It must still be read.
    path.write_bytes(Fernet.generate_key())
    os.utime(path, ns=(written, written))
    with pytest.raises(ConfigError, match="cannot be read with the current key"):
        notes.decrypt_note(settings, cipher)
    path.unlink()
    with pytest.raises(ConfigError, match="notes key is missing"):
        notes.decrypt_note(settings, cipher)
