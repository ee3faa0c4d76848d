"""Tables of the survey module."""

from gepmonitor.core.db import Base  # noqa: F401
