"""Tables of the web module: accounts, login sessions, personal API tokens, login throttling."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gepmonitor.core.db import Base, utcnow
from gepmonitor.core.models import Organisation


class User(Base):
    """A person who logs in; belongs to one organisation and holds one role."""

    __tablename__ = "web_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When an administrator last set a temporary password; the account page says so.
    password_reset_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Single sign-on: the provider's issuer and subject once the account has logged in that
    # way; sso_name is set by an administrator who links the account to a provider's user
    # before the first login (counsellors); break_glass admins may use a password even when
    # GEP_LOCAL_LOGIN is false.
    oidc_issuer: Mapped[str | None] = mapped_column(String(255))
    oidc_subject: Mapped[str | None] = mapped_column(String(255))
    sso_name: Mapped[str | None] = mapped_column(String(255), unique=True)
    break_glass: Mapped[bool] = mapped_column(Boolean, default=False)
    org: Mapped[Organisation] = relationship()

    __table_args__ = (Index("ix_web_user_oidc", "oidc_issuer", "oidc_subject", unique=True),)


class LoginSession(Base):
    """A logged-in browser session; the cookie holds its secret, the table only the hash.

    Logging out deletes the row, so a copy of the cookie no longer works.
    """

    __tablename__ = "web_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # The ID token of a single sign-on login, sent back to the provider at logout.
    id_token: Mapped[str | None] = mapped_column(Text)


class ApiToken(Base):
    """A personal API token; only the SHA-256 hash of the secret is stored."""

    __tablename__ = "web_api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    scope: Mapped[str] = mapped_column(String(10), default="read")  # read or write


class LoginFailure(Base):
    """One failed login attempt, counted per account and per address for the lockout."""

    __tablename__ = "web_login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    username: Mapped[str] = mapped_column(String(120), index=True)
    ip: Mapped[str] = mapped_column(String(64), index=True)


class LoginLock(Base):
    """A lock on an account ('user') or an address ('ip') until a moment in time."""

    __tablename__ = "web_login_lock"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(120), index=True)
    until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
