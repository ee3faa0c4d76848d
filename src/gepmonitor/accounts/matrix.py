"""The permission matrix as a Markdown table (README and docs/web.md show it; a test checks)."""

from __future__ import annotations

from gepmonitor.accounts.roles import ROLE_PERMISSIONS, Permission, Role

MATRIX_START = "<!-- permission-matrix:start -->"
MATRIX_END = "<!-- permission-matrix:end -->"

P = Permission
WHAT: dict[Permission, str] = {
    P.VIEW_DASHBOARD: "personnel dashboard, indicators, trend and flows (small cells suppressed)",
    P.IMPORT_PERSONNEL: "import personnel snapshots, see import history, replace a peildatum",
    P.EDIT_TARGETS: "create, edit and delete targets",
    P.GENERATE_REPORTS: "generate and download the yearly reports",
    P.SEE_SMALL_CELLS: "ask for exact counts below the minimum cell size",
    P.MANAGE_USERS: "create accounts, change roles, block accounts, reset passwords",
    P.VIEW_AUDIT: "view, filter and export the audit log",
    P.LOG_CONVERSATIONS: "log confidential conversations (own records only)",
    P.VIEW_SAFETY_TOTALS: "yearly social-safety totals",
    P.MANAGE_SAFETY_REGISTERS: "reports and complaints, oath register, trainings",
    P.MANAGE_RECRUITMENT: "vacancy and appointment register (comply or explain), selection "
    "register (competences, committee, candidates, decision, NVP checklist), weekly overview",
    P.VIEW_RECRUITMENT: "recruitment summaries, funnel by gender",
    P.CHECK_TEXTS: "vacancy text checker",
    P.SCORE_CANDIDATES: "enter STARR scorecards on the selection committees one is a member of",
    P.MANAGE_SURVEYS: "import survey rounds, map items",
    P.VIEW_SURVEYS: "survey indicators and signals",
    P.MANAGE_PLAN: "edit the GEP plan register",
    P.VIEW_PLAN: "read the GEP plan register",
    P.VIEW_PAY: "pay-gap figures (art. 9), report, equal-pay analysis, assessment register",
    P.MANAGE_PAY: "import pay, justify or remedy flagged categories (art. 10)",
}


def permission_table() -> str:
    """Return the role x permission matrix as a Markdown table."""
    roles = list(Role)
    lines = [
        "| permission | what it allows | " + " | ".join(role.value for role in roles) + " |",
        "|---|---|" + "|".join(":-:" for _ in roles) + "|",
    ]
    for permission in Permission:
        marks = ["✓" if permission in ROLE_PERMISSIONS[role] else "–" for role in roles]
        what = WHAT.get(permission, "")
        lines.append(f"| `{permission.value}` | {what} | " + " | ".join(marks) + " |")
    return "\n".join(lines)


def matrix_block() -> str:
    """Return the table between the markers that fence it in a Markdown file."""
    return f"{MATRIX_START}\n{permission_table()}\n{MATRIX_END}"
