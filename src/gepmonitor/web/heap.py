"""Garbage-collector settings for a process that serves the web app.

CPython's full (oldest-generation) collection walks every container object alive. A started
worker holds some 260,000 of them (modules, SQLAlchemy, pydantic and Polars objects, templates),
and under load a full collection ran every few seconds and stopped the worker for 100-350 ms of
CPU, a pause every request waiting on that worker shared: it alone set many routes' p95.

Objects alive once the app is built live as long as the process, so they are moved out of the
collector's reach (`gc.freeze`); later objects are collected as before. The statistics library
that survey, pay and recruitment import on first use (some 60,000 objects, about a second to
import) is imported first, so that it is frozen too and no visitor waits for its import.
"""

from __future__ import annotations

import gc
from importlib import import_module

PRELOAD = ("scipy.stats", "scipy.optimize")


def settle_heap() -> int:
    """Import PRELOAD, collect, and exempt every survivor from later collections; return count."""
    for name in PRELOAD:
        import_module(name)
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
