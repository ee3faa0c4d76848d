"""accounts.shared.send_page: the layout around shared blocks, kept per reader and address, gives
the same page as rendering it whole, with each reader's own name, menu, language and token."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.requests import Request

from gepmonitor.accounts.auth import LANG_COOKIE
from gepmonitor.accounts.deps import UserView
from gepmonitor.accounts.pages import render_page, with_csrf
from gepmonitor.accounts.shared import SHELL, send_page, static_blocks
from gepmonitor.core.config import Settings
from gepmonitor.web.app import create_app

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _request(app: Any, path: str, query: str, user: UserView | None, lang: str, token: str):
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": "http",
        "server": ("testserver", 80),
        "path": path,
        "root_path": "",
        "query_string": query.encode(),
        "headers": [(b"host", b"testserver"), (b"cookie", f"{LANG_COOKIE}={lang}".encode())],
        "app": app,
        "session": {"csrf": token},
        "state": {"user": user},
    }
    return Request(scope)


def _whole(app: Any, path: str, query: str, user: UserView | None, lang: str, token: str) -> str:
    """The page as render_page draws it in one piece (the path a page with a message takes)."""
    request = _request(app, path, query, user, lang, token)
    blocks = {
        name: with_csrf(request, html)
        for name, html in static_blocks("plan_check.html", lang).items()
    }
    return bytes(render_page(request, SHELL, blocks=blocks).body).decode()


def _framed(app: Any, path: str, query: str, user: UserView | None, lang: str, token: str) -> str:
    request = _request(app, path, query, user, lang, token)
    return bytes(send_page(request, static_blocks("plan_check.html", lang)).body).decode()


def test_a_kept_layout_gives_the_page_rendered_whole_for_each_reader(settings: Settings):
    app = create_app(settings)
    hr = UserView(1, "hanna", "hr", 1)
    board = UserView(2, "bram<b>", "board", 1)
    cases = [
        ("/plan/check", "", hr, "nl", "token-a"),
        ("/plan/check", "", hr, "en", "token-a"),
        ("/plan/check", "year=2024&x=%3Cb%3E", hr, "nl", "token-a"),
        ("/plan/check", "", board, "nl", "token-b"),
        ("/plan/check", "", None, "nl", "token-c"),
    ]
    for _round in range(2):  # the first builds each layout, the second takes the kept one
        for case in cases:
            assert _framed(app, *case) == _whole(app, *case), case
    assert len(app.state.layout_frames) == len(cases)
    page = _framed(app, "/plan/check", "", board, "en", "token-b")
    assert "bram&lt;b&gt;" in page and "bram<b>" not in page
    assert 'value="token-b"' in page and "csrf-token-slot" not in page
    assert "gep-block-slot" not in page
    # Another reader on the same address gets their own token in the kept layout.
    other = _framed(app, "/plan/check", "", board, "en", "token-z")
    assert 'value="token-z"' in other and 'value="token-b"' not in other


def test_a_message_shown_once_still_shows_on_a_shared_page(settings: Settings):
    app = create_app(settings)
    hr = UserView(1, "hanna", "hr", 1)
    request = _request(app, "/plan/check", "", hr, "en", "token-a")
    request.session["flash"] = ["Saved.", {}, "ok"]
    page = bytes(send_page(request, static_blocks("plan_check.html", "en")).body).decode()
    assert '<div class="notice notice-ok" role="status">Saved.</div>' in page
    assert "flash" not in request.session
    again = bytes(send_page(request, static_blocks("plan_check.html", "en")).body).decode()
    assert "notice-ok" not in again
