"""`gep doctor`: a clean instance passes; each misconfiguration it lists is found, with a fix."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text
from tests.oidcutil import CLIENT_ID, CLIENT_SECRET, skip_or_fail_without_provider, start_provider

from gepmonitor.ops.doctor import diagnose


def problems(settings, level: str = "fail") -> list[str]:
    return [f.render("en") for f in diagnose(settings) if f.level == level]


def one(settings, needle: str, level: str = "fail") -> str:
    found = [line for line in problems(settings, level) if needle in line]
    assert len(found) == 1, problems(settings, level)
    assert "→" in found[0]  # every problem says what to do
    return found[0]


def test_a_clean_instance_has_no_problems(settings, session):
    assert problems(settings) == []
    topics = {f.topic for f in diagnose(settings) if f.level == "ok"}
    assert {
        "secret key",
        "notes key",
        "data folder",
        "database",
        "migrations",
        "PDF fonts",
    } <= topics


def test_a_missing_secret_key_file(settings, session):
    settings = settings.model_copy(update={"secret_key": None})
    assert "gep init" in one(settings, "secret.key is missing")


def test_a_secret_key_file_others_can_read(settings, session):
    settings = settings.model_copy(update={"secret_key": None})
    path = settings.secret_key_file()
    path.write_text("k" * 64 + "\n")
    path.chmod(0o644)
    assert f"chmod 600 {path}" in one(settings, "can be read by others (mode 644)")


def test_a_short_secret_key(settings, session):
    assert "openssl rand" in one(settings.model_copy(update={"secret_key": "short"}), "shorter")


def test_notes_key_missing_readable_or_broken(settings, session):
    path = settings.resolved_notes_key_file()
    path.chmod(0o640)
    one(settings, "notes key: ")
    path.write_text("not-a-fernet-key\n")
    path.chmod(0o600)
    assert "backup" in one(settings, "holds no valid key")
    path.unlink()
    one(settings, "notes.key is missing")


def test_a_data_folder_everyone_can_write(settings, session):
    settings.data_dir.chmod(0o777)
    try:
        assert "chmod 700" in one(settings, "writable by everyone")
    finally:
        settings.data_dir.chmod(0o700)


def test_a_database_file_everyone_can_read(settings, session, db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("a file mode is an SQLite matter")
    path = db_url.removeprefix("sqlite:///")
    os.chmod(path, 0o644)
    assert "chmod 600" in one(settings, "can be read by everyone")


def test_an_unreachable_database(settings):
    dead = settings.model_copy(update={"database_url": "postgresql+psycopg://x@127.0.0.1:9/none"})
    assert "GEP_DATABASE_URL" in one(dead, "cannot connect")


@pytest.mark.parametrize(
    ("version", "needle", "fix"),
    [
        ("0007_web", "at 0007_web, newest is", "gep init"),
        ("0099_future", "newer than this version knows", "upgraded this database"),
    ],
)
def test_migrations_not_at_head(settings, session, engine, version, needle, fix):
    with engine.begin() as connection:
        connection.execute(text(f"UPDATE alembic_version SET version_num = '{version}'"))
    assert fix in one(settings, needle)


def test_a_database_without_schema(settings, tmp_path):
    empty = settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'empty.db'}"})
    assert "gep init" in one(empty, "has no schema")


def test_missing_pdf_fonts(settings, session, tmp_path, monkeypatch):
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n')
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    assert "fonts-dejavu-core" in one(settings, "'DejaVu Sans' is not installed")


def test_proxy_settings(settings, session):
    assert "10.0.0.0/24" in one(settings.model_copy(update={"trusted_proxies": "nginx"}), "'nginx'")
    everyone = settings.model_copy(update={"trusted_proxies": "0.0.0.0/0", "https": True})
    assert "only the proxy" in one(everyone, "trusts every address")
    no_https = settings.model_copy(update={"trusted_proxies": "127.0.0.1"})
    assert "GEP_HTTPS=true" in one(no_https, "off while behind a proxy", "warn")


def test_local_login_off_without_single_sign_on(settings, session):
    off = settings.model_copy(update={"local_login": False})
    assert "GEP_OIDC_ISSUER" in one(off, "single sign-on is not set")
    assert "--break-glass" in one(off, "no break-glass administrator", "warn")


def test_single_sign_on_settings(settings, session):
    half = settings.model_copy(update={"oidc_issuer": "https://login.example.test"})
    assert "GEP_OIDC_CLIENT_ID, GEP_OIDC_CLIENT_SECRET" in one(half, "not set")
    full = half.model_copy(
        update={
            "oidc_issuer": "http://login.example.test",
            "oidc_client_id": "gep",
            "oidc_client_secret": "s",
            "oidc_roles": "gep-hr=boss",
        }
    )
    assert "https issuer" in one(full, "is not https")
    assert "value=role" in one(full, "'boss' is not a role")
    assert "reach the provider" in one(full, "cannot be reached")
    unmapped = full.model_copy(update={"oidc_roles": ""})
    assert "gep-hr=hr" in one(unmapped, "only linked accounts can log in", "warn")


def test_single_sign_on_with_a_real_provider_is_fine(settings, session):
    skip_or_fail_without_provider()
    with start_provider() as issuer:
        configured = settings.model_copy(
            update={
                "oidc_issuer": issuer,
                "oidc_client_id": CLIENT_ID,
                "oidc_client_secret": CLIENT_SECRET,
                "oidc_roles": "gep-hr=hr",
            }
        )
        assert problems(configured) == []
        assert any("answers" in line for line in problems(configured, "ok"))


def test_the_command_prints_findings_and_exits_1_on_a_problem(run_cli, cli_env, session, settings):
    code, out, _err = run_cli("doctor")
    assert code == 0, out
    assert "Problemen: 0" in out or "Problems: 0" in out
    settings.resolved_notes_key_file().chmod(0o644)
    code, out, _err = run_cli("--lang", "en", "doctor")
    assert code == 1 and "FAIL" in out and "chmod 600" in out
    assert "notes key:" in out and "[red]" not in out and "[green]" not in out
    # In Dutch, every finding's topic, text and fix (the marks and the file's mode stay).
    code, out, _err = run_cli("--lang", "nl", "doctor")
    assert code == 1 and "Problemen: 1, waarschuwingen: 0." in out
    line = next(line for line in out.splitlines() if line.startswith("FAIL"))
    assert (
        line.startswith("FAIL notitiesleutel: ") and "is voor anderen leesbaar (modus 644)" in line
    )
    assert line.endswith("→ voer `chmod 600 " + str(settings.resolved_notes_key_file()) + "` uit")
    assert "OK   geheime sleutel: " in out and "OK   migraties: bij de nieuwste (" in out


def test_the_command_names_a_bad_setting(cli_env):
    import subprocess
    import sys

    env = {**os.environ, **cli_env, "GEP_MIN_CELL": "five"}
    result = subprocess.run(
        [sys.executable, "-m", "gepmonitor", "doctor"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1 and "GEP_MIN_CELL" in result.stderr
