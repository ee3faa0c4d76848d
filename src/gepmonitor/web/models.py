"""Tables of the web module."""

from gepmonitor.core.db import Base  # noqa: F401
