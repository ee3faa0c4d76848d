"""Tables of the safety module."""

from gepmonitor.core.db import Base  # noqa: F401
