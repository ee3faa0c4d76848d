"""GEP_LOCAL_LOGIN=false: passwords only for break-glass administrators made with the CLI."""

from __future__ import annotations

from sqlalchemy import select
from tests.webutil import create_user, csrf_from, make_client

from gepmonitor.accounts.models import User
from gepmonitor.core.audit import AuditEntry


def login(client, username: str, password: str):
    token = csrf_from(client.get("/login?local=1").text)
    fields = {"username": username, "password": password, "csrf_token": token, "next": "/"}
    return client.post("/login", data=fields)


def test_with_local_login_off_only_break_glass_admins_use_a_password(
    settings, session_factory, org, run_cli
):
    code, _out, err = run_cli(
        "user",
        "add",
        "--role",
        "admin",
        "--username",
        "noodbeheer",
        "--password",
        "break-glass-password-1",
        "--break-glass",
    )
    assert code == 0, err
    hr_name, hr_password = create_user(session_factory, org, "hr")
    client = make_client(settings.model_copy(update={"local_login": False}))
    page = client.get("/login")
    assert 'name="password"' not in page.text and "/login?local=1" in page.text
    assert 'name="password"' in client.get("/login?local=1").text
    refused = login(client, hr_name, hr_password)
    assert refused.status_code == 401 and client.get("/account").url.path == "/login"
    assert login(client, "noodbeheer", "break-glass-password-1").status_code == 200
    assert client.get("/account").status_code == 200
    with session_factory() as session:
        user = session.scalar(select(User).where(User.username == "noodbeheer"))
        assert user.break_glass and user.role == "admin"
        log = [(e.action, e.actor) for e in session.scalars(select(AuditEntry))]
    assert ("break_glass_on", "noodbeheer") not in log  # the actor is the CLI user
    assert ("login_failed", hr_name) in log and ("login", "noodbeheer") in log


def test_only_an_admin_can_be_break_glass_and_it_can_be_taken_away(run_cli, session_factory, org):
    create_user(session_factory, org, "hr", "hanna")
    code, _out, err = run_cli("user", "break-glass", "hanna")
    assert code == 2 and "Alleen een beheerdersaccount" in err or "Only an administrator" in err
    create_user(session_factory, org, "admin", "adri")
    assert run_cli("user", "break-glass", "adri")[0] == 0
    assert run_cli("user", "break-glass", "adri", "--off")[0] == 0
    with session_factory() as session:
        assert not session.scalar(select(User.break_glass).where(User.username == "adri"))
        actions = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-2:] == ["break_glass_on", "break_glass_off"]


def test_an_sso_link_is_unique_and_can_be_undone(run_cli, session_factory, org):
    create_user(session_factory, org, "counsellor", "vp-a")
    create_user(session_factory, org, "counsellor", "vp-b")
    assert run_cli("user", "link-sso", "vp-a", "Els@Provincie.test")[0] == 0
    code, _out, err = run_cli("user", "link-sso", "vp-b", "els@provincie.test")
    assert code == 2 and "vp-a" in err
    assert run_cli("user", "link-sso", "vp-a", "--unlink")[0] == 0
    with session_factory() as session:
        names = dict(session.execute(select(User.username, User.sso_name)).all())
    assert names["vp-a"] is None and names["vp-b"] is None
