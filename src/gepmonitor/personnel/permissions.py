"""The permissions the personnel capability owns (the registry reads PERMISSIONS)."""

from __future__ import annotations

from gepmonitor.core.registry import Permission

PERMISSIONS = (
    Permission(
        "view_dashboard",
        "personnel dashboard, indicators, trend and flows (small cells suppressed)",
        roles=("admin", "hr", "board", "viewer"),
    ),
    Permission(
        "import_personnel",
        "import personnel snapshots, see import history, replace a peildatum",
        roles=("hr",),
    ),
    Permission(
        "edit_targets",
        "create, edit and delete targets",
        roles=("hr",),
    ),
    Permission(
        "generate_reports",
        "generate and download the yearly reports",
        roles=("admin", "hr", "board"),
    ),
    Permission(
        "see_small_cells",
        "ask for exact counts below the minimum cell size",
        roles=("hr",),
    ),
)
