"""The permissions the safety capability owns (the registry reads PERMISSIONS)."""

from __future__ import annotations

from gepmonitor.core.registry import Permission

PERMISSIONS = (
    Permission(
        "log_conversations",
        "log confidential conversations (own records only)",
        roles=("counsellor",),
    ),
    Permission(
        "view_safety_totals",
        "yearly social-safety totals",
        roles=("hr", "board"),
    ),
    Permission(
        "manage_safety_registers",
        "reports and complaints, oath register, trainings",
        roles=("hr",),
    ),
)
