"""The installed version of gepmonitor (semantic versioning; pyproject.toml sets it)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("gepmonitor")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"
