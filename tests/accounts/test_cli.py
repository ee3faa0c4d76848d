"""`gep user ...`, `gep token create` and `gep serve`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from tests.webutil import login, make_client

from gepmonitor.accounts.models import User
from gepmonitor.core.audit import entries

ROOT = Path(__file__).resolve().parents[2]


def test_user_add_list_and_reset(run_cli, settings, session_factory, org):
    code, out, _ = run_cli(
        "user", "add", "--role", "hr", "--username", "Ina", "--password", "kastanje-laan-12"
    )
    assert code == 0 and "Gebruiker 'ina' (hr) aangemaakt." in out
    code, out, _ = run_cli("user", "add", "--role", "board", "--generate")
    assert code == 0 and "'board' (board)" in out
    generated = out.split("Wachtwoord: ")[1].strip()
    assert login(make_client(settings), "board", generated).status_code == 200
    code, out, _ = run_cli(
        "user", "add", "--role", "viewer", input="lantaarn-paal-12\nlantaarn-paal-12\n"
    )
    assert code == 0 and "'viewer' (viewer)" in out
    code, out, _ = run_cli("user", "list")
    assert code == 0 and "ina\thr\tactief" in out and "board\tboard" in out
    code, out, _ = run_cli("user", "reset-password", "ina")
    assert code == 0 and "Nieuw tijdelijk wachtwoord voor 'ina'" in out
    with session_factory() as session:
        assert session.scalar(select(User).where(User.username == "ina")).must_change_password
        assert "password_reset" in [e.action for e in entries(session)]


def test_user_add_rejects_bad_input_in_one_line(run_cli, org):
    code, _, err = run_cli("user", "add", "--role", "king", "--password", "long-enough-1")
    assert code == 2 and "Onbekende rol 'king'" in err
    code, _, err = run_cli("user", "add", "--role", "hr", "--password", "short")
    assert code == 2 and "te kort" in err
    run_cli("user", "add", "--role", "hr", "--username", "dup", "--password", "long-enough-1")
    code, _, err = run_cli(
        "user", "add", "--role", "hr", "--username", "dup", "--password", "long-enough-2"
    )
    assert code == 2 and "bestaat al" in err
    code, _, err = run_cli("user", "reset-password", "ghost")
    assert code == 2 and "bestaat niet" in err


def test_token_create_prints_a_working_token(run_cli, settings, org):
    run_cli("user", "add", "--role", "hr", "--username", "api", "--password", "kastanje-laan-12")
    code, out, _ = run_cli("token", "create", "--username", "api", "--name", "HR system")
    assert code == 0
    secret = out.strip().splitlines()[-1]
    me = make_client(settings).get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200 and me.json()["username"] == "api"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_creates_the_first_admin_once(cli_env, settings, org, db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("the server start is the same on both backends; once is enough")
    port = _free_port()
    env = {**os.environ, **cli_env, "GEP_PORT": str(port), "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [sys.executable, "-m", "gepmonitor", "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = [process.stdout.readline() for _ in range(2)]  # type: ignore[union-attr]
        assert lines[0].strip() == f"gepmonitor draait op http://127.0.0.1:{port}/"
        password = lines[1].split("wachtwoord '")[1].split("'")[0]
        for _ in range(100):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        assert login(make_client(settings), "admin", password).status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
    second = subprocess.Popen(
        [sys.executable, "-m", "gepmonitor", "serve", "--port", str(_free_port())],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = [second.stdout.readline() for _ in range(2)]  # type: ignore[union-attr]
        assert "Log in met uw account" in lines[1] and password not in "".join(lines)
    finally:
        second.terminate()
        second.wait(timeout=10)
