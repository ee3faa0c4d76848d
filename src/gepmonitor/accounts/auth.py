"""Passwords (argon2), personal API token secrets, session cookies and CSRF tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from starlette.requests import HTTPConnection

from gepmonitor.core.config import Settings

_HASHER = PasswordHasher()

SESSION_COOKIE = "gep_session"
LANG_COOKIE = "gep_lang"
SESSION_MAX_AGE = 12 * 3600
TOKEN_PREFIX = "gep_"
# Longer passwords are refused without hashing: argon2 on megabytes of input costs real CPU.
MAX_PASSWORD_LENGTH = 1024


@cache
def _dummy_hash() -> str:
    """Return a real hash to verify against when the account does not exist (equal timing).

    Made on first use, not on import: hashing costs real CPU, and most commands never log in.
    """
    return _HASHER.hash("not-a-real-password")


def prepare_login_timing() -> None:
    """Make the stand-in hash now (the web app does at start), so no login pays for it."""
    _dummy_hash()


def hash_password(password: str) -> str:
    """Return the argon2id hash of a password."""
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Return whether the password matches the hash (False for a missing or broken hash)."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    try:
        return _HASHER.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_fingerprint(password_hash: str) -> str:
    """Return a short digest of the hash, so a password change ends older sessions."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]


def new_password() -> str:
    """Return a random password that is easy to type (about 120 bits)."""
    return secrets.token_urlsafe(15)


def new_api_token() -> str:
    """Return a new personal API token secret (shown once, stored only as a hash)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_api_token(token: str) -> str:
    """Return the SHA-256 hex digest stored for an API token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def session_secret(settings: Settings) -> str:
    """Return the key that signs session cookies, derived from the instance secret."""
    secret = settings.resolved_secret_key().encode("utf-8")
    return hmac.new(secret, b"gepmonitor-session-v1", hashlib.sha256).hexdigest()


def start_session(conn: HTTPConnection, user_id: int, password_hash: str, secret: str) -> None:
    """Begin a fresh logged-in session (a new CSRF token too); secret names its server row."""
    conn.session.clear()
    conn.session["uid"] = user_id
    conn.session["sid"] = secret
    conn.session["pwv"] = password_fingerprint(password_hash)
    conn.session["csrf"] = secrets.token_urlsafe(32)


def end_session(conn: HTTPConnection) -> None:
    """Forget the logged-in user."""
    conn.session.clear()


def ensure_csrf_token(conn: HTTPConnection) -> str:
    """Return the session's CSRF token, creating one when there is none."""
    token = conn.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        conn.session["csrf"] = token
    return str(token)


def csrf_token_is_valid(session: dict[str, object], token: str | None) -> bool:
    """Return whether a submitted token matches the session's one."""
    expected = session.get("csrf")
    if not expected or not token:
        return False
    return hmac.compare_digest(str(expected), token)


def as_utc(moment: datetime) -> datetime:
    """Return the moment as an aware UTC datetime (SQLite hands back naive ones)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def client_ip(conn: HTTPConnection) -> str:
    """Return the client address of a request."""
    return conn.client.host if conn.client else ""
