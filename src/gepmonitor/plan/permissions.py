"""The permissions the plan capability owns (the registry reads PERMISSIONS)."""

from __future__ import annotations

from gepmonitor.core.registry import Permission

PERMISSIONS = (
    Permission(
        "manage_plan",
        "edit the GEP plan register",
        roles=("hr",),
    ),
    Permission(
        "view_plan",
        "read the GEP plan register",
        roles=("admin", "hr", "board", "viewer"),
    ),
)
