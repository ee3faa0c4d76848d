"""The permission matrix as a Markdown table, from the capabilities' declarations.

README.md and docs/web.md show it between the markers below; `make docs-matrix`
(tools/docs_matrix.py) rewrites both and tests/web/test_route_matrix.py checks them.
"""

from __future__ import annotations

from gepmonitor.accounts.roles import PERMISSIONS, ROLE_PERMISSIONS, Role

MATRIX_START = "<!-- permission-matrix:start -->"
MATRIX_END = "<!-- permission-matrix:end -->"


def permission_table() -> str:
    """Return the role x permission matrix as a Markdown table."""
    roles = list(Role)
    lines = [
        "| permission | what it allows | " + " | ".join(role.value for role in roles) + " |",
        "|---|---|" + "|".join(":-:" for _ in roles) + "|",
    ]
    for name, permission in PERMISSIONS.items():
        marks = ["✓" if name in ROLE_PERMISSIONS[role] else "–" for role in roles]
        lines.append(f"| `{name}` | {permission.what} | " + " | ".join(marks) + " |")
    return "\n".join(lines)


def matrix_block() -> str:
    """Return the table between the markers that fence it in a Markdown file."""
    return f"{MATRIX_START}\n{permission_table()}\n{MATRIX_END}"


# The Markdown files that show the matrix, relative to the repository root.
MATRIX_FILES = ("README.md", "docs/web.md")


def with_matrix(text: str) -> str:
    """Return a Markdown text with the block between its markers replaced by the current one."""
    start = text.index(MATRIX_START)  # ValueError when a file lost its markers
    end = text.index(MATRIX_END, start) + len(MATRIX_END)
    return text[:start] + matrix_block() + text[end:]
