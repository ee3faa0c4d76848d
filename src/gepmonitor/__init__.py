"""gepmonitor: Gender Equality Plan and social-safety monitor for public employers."""

from gepmonitor.core.version import __version__

__all__ = ["__version__"]
