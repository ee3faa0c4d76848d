"""Tables of the plan module."""

from gepmonitor.core.db import Base  # noqa: F401
