"""gepmonitor: Gender Equality Plan and social-safety monitor for public employers."""

from typing import Any

__all__ = ["__version__"]


def __getattr__(name: str) -> Any:
    """Return __version__ on first use.

    Reading the installed metadata takes a tenth of a second, and every `gep` command imports
    this package.
    """
    if name == "__version__":
        from gepmonitor.core.version import __version__

        return __version__
    raise AttributeError(f"module 'gepmonitor' has no attribute {name!r}")
