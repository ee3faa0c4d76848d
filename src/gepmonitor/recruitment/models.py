"""Tables of the recruitment module."""

from gepmonitor.core.db import Base  # noqa: F401
