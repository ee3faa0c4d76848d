"""The permissions the pay capability owns (the registry reads PERMISSIONS)."""

from __future__ import annotations

from gepmonitor.core.registry import Permission

PERMISSIONS = (
    Permission(
        "view_pay",
        "pay-gap figures (art. 9), report, equal-pay analysis, assessment register",
        roles=("hr", "board"),
    ),
    Permission(
        "manage_pay",
        "import pay, justify or remedy flagged categories (art. 10)",
        roles=("hr",),
    ),
)
