"""`gep doctor`: checks an instance's set-up and says, for each problem, what to fix.

Each check returns findings: ``ok``, ``warn`` (works, but not as it should in production) or
``fail`` (something will not work, or data is at risk). Nothing is changed.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from gepmonitor.core.config import Settings
from gepmonitor.core.i18n import N_, gettext

Level = Literal["ok", "warn", "fail"]
REPORT_FONT = "DejaVu Sans"  # the font the report templates ask for
MIN_SECRET_LENGTH = 32
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


@dataclass(frozen=True)
class Finding:
    """One result of a check: its level, what was found and, for a problem, what to do."""

    level: Level
    topic: str
    text: str
    params: dict[str, object] = field(default_factory=dict)
    fix: str = ""

    def render(self, lang: str) -> str:
        """Return the finding as one line (with the fix after it) in the language."""
        line = f"{gettext(self.topic, lang)}: {gettext(self.text, lang, **self.params)}"
        if self.fix:
            line += " → " + gettext(self.fix, lang, **self.params)
        return line


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def check_key_file(path: Path, topic: str) -> Iterator[Finding]:
    """Check that a key file exists and only its owner can read it."""
    if not path.exists():
        yield Finding(
            "fail",
            topic,
            N_("{path} is missing"),
            {"path": str(path)},
            N_("run `gep init` to create it, or restore it from the backup"),
        )
        return
    mode = _mode(path)
    if mode & 0o077:
        yield Finding(
            "fail",
            topic,
            N_("{path} can be read by others (mode {mode})"),
            {"path": str(path), "mode": f"{mode:o}"},
            N_("run `chmod 600 {path}`"),
        )
    else:
        yield Finding(
            "ok", topic, N_("{path} (mode {mode})"), {"path": str(path), "mode": f"{mode:o}"}
        )


def check_secret(settings: Settings) -> Iterator[Finding]:
    """Check the instance secret: present, long enough, and its file private."""
    topic = N_("secret key")
    if settings.secret_key:
        secret = settings.secret_key
        yield Finding("ok", topic, N_("set in GEP_SECRET_KEY"))
    else:
        path = settings.secret_key_file()
        findings = list(check_key_file(path, topic))
        yield from findings
        if not path.exists():
            return
        secret = path.read_text(encoding="utf-8").strip()
    if len(secret) < MIN_SECRET_LENGTH:
        yield Finding(
            "fail",
            topic,
            N_("shorter than {n} characters"),
            {"n": MIN_SECRET_LENGTH},
            N_(
                "use a long random value (such as `openssl rand -base64 48`); changing it "
                "makes earlier pseudonyms unmatchable, so do it before the first import"
            ),
        )


def check_notes_key(settings: Settings) -> Iterator[Finding]:
    """Check the counsellors' notes key: present, private and a valid key."""
    path = settings.resolved_notes_key_file()
    findings = list(check_key_file(path, N_("notes key")))
    yield from findings
    if not path.exists():
        return
    from cryptography.fernet import Fernet

    try:
        Fernet(path.read_text(encoding="utf-8").strip())
    except ValueError:
        yield Finding(
            "fail",
            N_("notes key"),
            N_("{path} holds no valid key"),
            {"path": str(path)},
            N_("restore the file from the backup (a new key cannot read earlier notes)"),
        )


def check_data_dir(settings: Settings) -> Iterator[Finding]:
    """Check the data folder and the SQLite file: not writable or readable by everyone."""
    topic = N_("data folder")
    folder = settings.data_dir
    if not folder.exists():
        yield Finding(
            "fail", topic, N_("{path} does not exist"), {"path": str(folder)}, N_("run `gep init`")
        )
        return
    if _mode(folder) & 0o002:
        yield Finding(
            "fail",
            topic,
            N_("{path} is writable by everyone (mode {mode})"),
            {"path": str(folder), "mode": f"{_mode(folder):o}"},
            N_("run `chmod 700 {path}`"),
        )
    else:
        yield Finding("ok", topic, N_("{path}"), {"path": str(folder)})
    url = settings.resolved_database_url()
    if url.startswith("sqlite:///"):
        database = Path(url.removeprefix("sqlite:///"))
        if database.exists() and _mode(database) & 0o007:
            yield Finding(
                "fail",
                N_("database file"),
                N_("{path} can be read by everyone (mode {mode})"),
                {"path": str(database), "mode": f"{_mode(database):o}"},
                N_("run `chmod 600 {path}`"),
            )


def check_database(settings: Settings) -> Iterator[Finding]:
    """Check that the database answers and that its schema is at the newest migration."""
    from sqlalchemy import text

    from gepmonitor.core.db import make_engine, schema_state

    url = settings.resolved_database_url()
    try:
        engine = make_engine(url, 1, 0)
    except Exception as error:  # noqa: BLE001 - a malformed URL
        yield Finding(
            "fail",
            N_("database"),
            N_("GEP_DATABASE_URL cannot be used ({error})"),
            {"error": str(error)[:200]},
            N_("correct GEP_DATABASE_URL"),
        )
        return
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        state = schema_state(engine)
    except Exception as error:  # noqa: BLE001 - any failure: not reachable
        yield Finding(
            "fail",
            N_("database"),
            N_("cannot connect ({error})"),
            {"error": f"{type(error).__name__}: {str(error).splitlines()[0][:160]}"},
            N_("check GEP_DATABASE_URL and that the database server runs"),
        )
        return
    finally:
        engine.dispose()
    backend = engine.url.get_backend_name()
    yield Finding("ok", N_("database"), N_("reachable ({backend})"), {"backend": backend})
    yield from _migration_findings(state.current, state.head, state.known)
    if backend == "sqlite" and settings.trusted_proxies:
        yield Finding(
            "warn",
            N_("database"),
            N_("SQLite behind a proxy"),
            fix=N_("use PostgreSQL for a server with several users (docs/deploy.md)"),
        )


def _migration_findings(current: str | None, head: str, known: bool) -> Iterator[Finding]:
    if current is None:
        yield Finding(
            "fail", N_("migrations"), N_("the database has no schema"), fix=N_("run `gep init`")
        )
    elif not known:
        yield Finding(
            "fail",
            N_("migrations"),
            N_("the database is at {current}, newer than this version knows ({head})"),
            {"current": current, "head": head},
            N_("run the gepmonitor version that upgraded this database"),
        )
    elif current != head:
        yield Finding(
            "fail",
            N_("migrations"),
            N_("at {current}, newest is {head}"),
            {"current": current, "head": head},
            N_("back up the database, then run `gep init` to upgrade it"),
        )
    else:
        yield Finding("ok", N_("migrations"), N_("at the newest ({head})"), {"head": head})


def check_fonts(settings: Settings) -> Iterator[Finding]:
    """Check that the font the PDF reports use is installed (fontconfig finds it)."""
    topic = N_("PDF fonts")
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        yield Finding(
            "fail",
            topic,
            N_("fontconfig (fc-match) is not installed"),
            fix=N_("install fontconfig and fonts-dejavu-core (apt-get install fonts-dejavu-core)"),
        )
        return
    found = subprocess.run(
        [fc_match, "-f", "%{family}", REPORT_FONT],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env=os.environ.copy(),
    ).stdout
    if REPORT_FONT not in found:
        yield Finding(
            "fail",
            topic,
            N_("'{font}' is not installed (PDFs would use '{found}')"),
            {"font": REPORT_FONT, "found": found.split(",")[0] or "-"},
            N_("install fonts-dejavu-core (apt-get install fonts-dejavu-core)"),
        )
    else:
        yield Finding("ok", topic, N_("'{font}' found"), {"font": REPORT_FONT})


def check_web(settings: Settings) -> Iterator[Finding]:
    """Check the settings for serving behind a proxy: trusted proxies, https."""
    from gepmonitor.core.proxies import parse_networks

    try:
        networks = parse_networks(settings.trusted_proxies)
    except ValueError as error:
        yield Finding(
            "fail",
            N_("GEP_TRUSTED_PROXIES"),
            N_("'{entry}' is not an address or network"),
            {"entry": str(error)},
            N_("give addresses or networks such as 127.0.0.1 or 10.0.0.0/24, separated by commas"),
        )
        return
    if networks and not settings.https:
        yield Finding(
            "warn",
            N_("GEP_HTTPS"),
            N_("off while behind a proxy"),
            fix=N_("set GEP_HTTPS=true when the proxy serves https (secure cookies)"),
        )
    if any(network.prefixlen == 0 for network in networks):
        yield Finding(
            "fail",
            N_("GEP_TRUSTED_PROXIES"),
            N_("trusts every address"),
            fix=N_("name only the proxy's own address"),
        )


def check_sso(settings: Settings) -> Iterator[Finding]:
    """Check the single sign-on settings and that the provider answers."""
    topic = N_("single sign-on")
    if not settings.oidc_issuer and not settings.oidc_client_id:
        if not settings.local_login:
            yield Finding(
                "fail",
                topic,
                N_("GEP_LOCAL_LOGIN is false but single sign-on is not set"),
                fix=N_(
                    "set GEP_OIDC_ISSUER, GEP_OIDC_CLIENT_ID and "
                    "GEP_OIDC_CLIENT_SECRET, or GEP_LOCAL_LOGIN=true"
                ),
            )
        return
    missing = [
        name
        for name, value in (
            ("GEP_OIDC_ISSUER", settings.oidc_issuer),
            ("GEP_OIDC_CLIENT_ID", settings.oidc_client_id),
            ("GEP_OIDC_CLIENT_SECRET", settings.oidc_client_secret),
        )
        if not value
    ]
    if missing:
        yield Finding(
            "fail",
            topic,
            N_("{names} not set"),
            {"names": ", ".join(missing)},
            fix=N_("set {names} (from the provider's registration of gepmonitor)"),
        )
        return
    yield from _sso_details(settings)


def _sso_details(settings: Settings) -> Iterator[Finding]:
    from urllib.parse import urlsplit

    from gepmonitor.accounts.oidc import SsoError, fetch_metadata, parse_role_map

    topic = N_("single sign-on")
    issuer = str(settings.oidc_issuer)
    parts = urlsplit(issuer)
    if parts.scheme != "https" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        yield Finding(
            "fail",
            topic,
            N_("the issuer {issuer} is not https"),
            {"issuer": issuer},
            fix=N_("use the provider's https issuer URL"),
        )
    try:
        mapping = parse_role_map(settings.oidc_roles)
    except ValueError as error:
        yield Finding(
            "fail",
            N_("GEP_OIDC_ROLES"),
            N_("{error}"),
            {"error": str(error)},
            fix=N_("write value=role pairs separated by commas, e.g. gep-hr=hr,gep-board=board"),
        )
        mapping = []
    else:
        if not mapping:
            yield Finding(
                "warn",
                N_("GEP_OIDC_ROLES"),
                N_("empty: only linked accounts can log in"),
                fix=N_("map the provider's groups to roles, e.g. gep-hr=hr"),
            )
    try:
        fetch_metadata(issuer, force=True)
    except SsoError as error:
        yield Finding(
            "fail",
            topic,
            N_("{error}"),
            {"error": error.render("en")},
            fix=N_("check GEP_OIDC_ISSUER and that this server can reach the provider"),
        )
    else:
        yield Finding("ok", topic, N_("provider {issuer} answers"), {"issuer": issuer})


def check_break_glass(settings: Settings) -> Iterator[Finding]:
    """With password login off, check that some administrator can still get in."""
    if settings.local_login:
        return
    from sqlalchemy import func, select

    from gepmonitor.accounts.models import User
    from gepmonitor.core.db import make_engine, make_session_factory

    engine = make_engine(settings.resolved_database_url(), 1, 0)
    try:
        with make_session_factory(engine)() as session:
            count = session.scalar(
                select(func.count()).select_from(User).where(User.break_glass, User.active)
            )
    except Exception:  # noqa: BLE001 - the database check reports why
        return
    finally:
        engine.dispose()
    if not count:
        yield Finding(
            "warn",
            N_("GEP_LOCAL_LOGIN"),
            N_("off, and no break-glass administrator exists"),
            fix=N_(
                "make one with `gep user add --role admin --break-glass`, in case the "
                "provider is unreachable"
            ),
        )


CHECKS: tuple[Callable[[Settings], Iterator[Finding]], ...] = (
    check_secret,
    check_notes_key,
    check_data_dir,
    check_database,
    check_fonts,
    check_web,
    check_sso,
    check_break_glass,
)


def diagnose(settings: Settings) -> list[Finding]:
    """Run every check; return the findings in order."""
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(settings))
    return findings
