"""Roles and the permission matrix every page, report and API route is checked against."""

from __future__ import annotations

from enum import StrEnum

from gepmonitor.core.i18n import N_


class Role(StrEnum):
    """The five roles of DESIGN.md."""

    ADMIN = "admin"
    HR = "hr"
    COUNSELLOR = "counsellor"
    BOARD = "board"
    VIEWER = "viewer"


# What each role is called on pages (translated where shown).
ROLE_LABELS: dict[str, str] = {
    Role.ADMIN: N_("administrator"),
    Role.HR: N_("HR"),
    Role.COUNSELLOR: N_("confidential counsellor"),
    Role.BOARD: N_("board"),
    Role.VIEWER: N_("viewer"),
}


class Permission(StrEnum):
    """Things a role may do; routes declare the permission they need."""

    VIEW_DASHBOARD = "view_dashboard"  # aggregated personnel figures, suppressed
    IMPORT_PERSONNEL = "import_personnel"
    EDIT_TARGETS = "edit_targets"
    GENERATE_REPORTS = "generate_reports"
    SEE_SMALL_CELLS = "see_small_cells"  # may ask for exact counts below the minimum
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    LOG_CONVERSATIONS = "log_conversations"  # own counsellor records only
    VIEW_SAFETY_TOTALS = "view_safety_totals"
    MANAGE_SAFETY_REGISTERS = "manage_safety_registers"  # reports/complaints, oaths, trainings
    MANAGE_RECRUITMENT = "manage_recruitment"
    VIEW_RECRUITMENT = "view_recruitment"
    CHECK_TEXTS = "check_texts"
    SCORE_CANDIDATES = "score_candidates"  # on the committees they are members of only
    MANAGE_SURVEYS = "manage_surveys"
    VIEW_SURVEYS = "view_surveys"
    MANAGE_PLAN = "manage_plan"
    VIEW_PLAN = "view_plan"
    VIEW_PAY = "view_pay"  # pay-gap figures (suppressed), report, analysis, register status
    MANAGE_PAY = "manage_pay"  # import pay, keep the joint pay assessment register


P = Permission

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(
        {
            P.VIEW_DASHBOARD,
            P.MANAGE_USERS,
            P.VIEW_AUDIT,
            P.GENERATE_REPORTS,
            P.VIEW_PLAN,
            P.CHECK_TEXTS,
        }
    ),
    Role.HR: frozenset(
        {
            P.VIEW_DASHBOARD,
            P.IMPORT_PERSONNEL,
            P.EDIT_TARGETS,
            P.GENERATE_REPORTS,
            P.SEE_SMALL_CELLS,
            P.VIEW_SAFETY_TOTALS,
            P.MANAGE_SAFETY_REGISTERS,
            P.MANAGE_RECRUITMENT,
            P.VIEW_RECRUITMENT,
            P.CHECK_TEXTS,
            P.SCORE_CANDIDATES,
            P.MANAGE_SURVEYS,
            P.VIEW_SURVEYS,
            P.MANAGE_PLAN,
            P.VIEW_PLAN,
            P.VIEW_PAY,
            P.MANAGE_PAY,
        }
    ),
    Role.COUNSELLOR: frozenset({P.LOG_CONVERSATIONS, P.CHECK_TEXTS}),
    Role.BOARD: frozenset(
        {
            P.VIEW_DASHBOARD,
            P.GENERATE_REPORTS,
            P.VIEW_SAFETY_TOTALS,
            P.VIEW_RECRUITMENT,
            P.VIEW_SURVEYS,
            P.VIEW_PLAN,
            P.CHECK_TEXTS,
            P.SCORE_CANDIDATES,
            P.VIEW_PAY,
        }
    ),
    Role.VIEWER: frozenset({P.VIEW_DASHBOARD, P.VIEW_PLAN, P.CHECK_TEXTS, P.SCORE_CANDIDATES}),
}


def has_permission(role: Role | str, permission: Permission) -> bool:
    """Return whether the role holds the permission."""
    return permission in ROLE_PERMISSIONS.get(Role(role), frozenset())
