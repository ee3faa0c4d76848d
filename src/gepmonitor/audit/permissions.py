"""The permissions the audit capability owns (the registry reads PERMISSIONS)."""

from __future__ import annotations

from gepmonitor.core.registry import Permission

PERMISSIONS = (
    Permission(
        "view_audit",
        "view, filter and export the audit log",
        roles=("admin",),
    ),
)
