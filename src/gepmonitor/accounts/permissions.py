"""The permissions the accounts capability owns (the registry reads PERMISSIONS)."""

from __future__ import annotations

from gepmonitor.core.registry import Permission

PERMISSIONS = (
    Permission(
        "manage_users",
        "create accounts, change roles, block accounts, reset passwords",
        roles=("admin",),
    ),
)
