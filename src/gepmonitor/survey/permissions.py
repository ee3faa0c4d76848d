"""The permissions the survey capability owns (the registry reads PERMISSIONS)."""

from __future__ import annotations

from gepmonitor.core.registry import Permission

PERMISSIONS = (
    Permission(
        "manage_surveys",
        "import survey rounds, map items",
        roles=("hr",),
    ),
    Permission(
        "view_surveys",
        "survey indicators and signals",
        roles=("hr", "board"),
    ),
)
