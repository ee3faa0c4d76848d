"""Helpers for web tests: app clients, users, logging in, CSRF tokens and API tokens."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from gepmonitor.accounts.service import Actor, create_token, get_user
from gepmonitor.accounts.service import create_user as _create_user
from gepmonitor.core.config import Settings
from gepmonitor.core.models import Organisation
from gepmonitor.web.app import create_app

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')
ROLES = ("admin", "hr", "counsellor", "board", "viewer")


def make_client(settings: Settings) -> TestClient:
    """Return a TestClient on a fresh app for the settings (redirects are followed)."""
    return TestClient(create_app(settings), base_url="http://testserver")


def create_user(
    session_factory: sessionmaker[Session],
    org: Organisation,
    role: str,
    username: str | None = None,
    password: str | None = None,
) -> tuple[str, str]:
    """Create an account with the role; return (username, password)."""
    with session_factory() as session:
        organisation = session.get(Organisation, org.id)
        assert organisation is not None
        user, secret = _create_user(
            session,
            organisation,
            role,
            Actor("test"),
            username=username or f"test-{role}",
            password=password or f"{role}-kastanje-laan-123",
        )
        session.commit()
        return user.username, secret


def page_text(html: str) -> str:
    """Return what a reader sees of a page: its text without tags, so random tokens in attributes
    (CSRF values, nonces) cannot make a short code look present."""
    return re.sub(r"<[^>]*>", " ", html)


def csrf_from(html: str) -> str:
    """Return the CSRF token embedded in a page."""
    match = CSRF_INPUT.search(html)
    assert match, "no csrf_token in the page"
    return match.group(1)


def login(client: TestClient, username: str, password: str):  # type: ignore[no-untyped-def]
    """Log the client in through the login form; return the final response."""
    page = client.get("/login")
    token = csrf_from(page.text)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
    )


def csrf_token(client: TestClient) -> str:
    """Return the logged-in client's CSRF token (read from a page of the app)."""
    return csrf_from(client.get("/account").text)


def post_form(client: TestClient, path: str, data: dict | None = None, **kwargs):  # type: ignore[no-untyped-def]
    """POST a form with the client's CSRF token added."""
    fields = dict(data or {})
    fields["csrf_token"] = csrf_token(client)
    return client.post(path, data=fields, **kwargs)


def logged_in_client(
    settings: Settings,
    session_factory: sessionmaker[Session],
    org: Organisation,
    role: str,
) -> TestClient:
    """Return a client logged in as a new user with the role."""
    username, password = create_user(session_factory, org, role)
    client = make_client(settings)
    response = login(client, username, password)
    assert response.status_code == 200, response.text
    return client


def api_token(session_factory: sessionmaker[Session], username: str, name: str = "test") -> str:
    """Create a personal API token for the user; return its secret."""
    with session_factory() as session:
        user = get_user(session, username)
        assert user is not None
        _token, secret = create_token(session, user, name, Actor("test"), scope="write")
        session.commit()
        return secret


@contextmanager
def live_server(settings: Settings) -> Iterator[str]:
    """Run the app with uvicorn in a thread on a free loopback port; yield its base URL."""
    import socket
    import threading
    import time

    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(settings), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
