"""The permissions the recruitment capability owns (the registry reads PERMISSIONS)."""

from __future__ import annotations

from gepmonitor.core.registry import Permission

PERMISSIONS = (
    Permission(
        "manage_recruitment",
        "vacancy and appointment register (comply or explain), selection register (competences, "
        "committee, candidates, decision, NVP checklist), weekly overview",
        roles=("hr",),
    ),
    Permission(
        "view_recruitment",
        "recruitment summaries, funnel by gender",
        roles=("hr", "board"),
    ),
    Permission(
        "check_texts",
        "vacancy text checker",
        roles=("admin", "hr", "counsellor", "board", "viewer"),
    ),
    Permission(
        "score_candidates",
        "enter STARR scorecards on the selection committees one is a member of",
        roles=("hr", "board", "viewer"),
    ),
)
