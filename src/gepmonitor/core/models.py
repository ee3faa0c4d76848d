"""Core tables: organisations, to which every other record belongs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, String, false
from sqlalchemy.orm import Mapped, mapped_column

from gepmonitor.core import versions as _versions  # noqa: F401 - the write hooks, with the models
from gepmonitor.core.db import Base, utcnow


class Organisation(Base):
    """A public employer served by this instance (a province, a partner body, ...)."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # Made by `gep demo`: synthetic data, demo accounts. `gep demo` refuses any other data.
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
