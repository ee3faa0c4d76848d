"""Tables of the personnel module."""

from gepmonitor.core.db import Base  # noqa: F401
