"""Roles and the permission matrix every page, report and API route is checked against.

The permissions are not listed here: each capability declares the ones it owns, with the roles
that hold them, in `<name>/permissions.py` (core.registry). The matrix is built from those
declarations when this module is imported; routes name a permission by its string
(`require("view_audit")`), and a name no capability declares raises UnknownPermissionError.
"""

from __future__ import annotations

from enum import StrEnum

from gepmonitor.core import registry
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


class UnknownPermissionError(LookupError):
    """A permission name that no capability declares (a typo must never allow or deny)."""


def _declared() -> tuple[dict[str, registry.Permission], dict[Role, frozenset[str]]]:
    """Return the declared permissions by name and the role matrix built from them."""
    by_name: dict[str, registry.Permission] = {}
    held: dict[Role, set[str]] = {role: set() for role in Role}
    for permission in registry.permissions():
        if permission.name in by_name:
            raise ValueError(f"permission {permission.name!r} is declared twice")
        by_name[permission.name] = permission
        for role in permission.roles:
            held[Role(role)].add(permission.name)  # ValueError on an unknown role
    return by_name, {role: frozenset(names) for role, names in held.items()}


# Every capability's permissions (core.registry, `<name>/permissions.py`), in registry order,
# and the role -> permission names matrix every page, report and API route is checked against.
PERMISSIONS, ROLE_PERMISSIONS = _declared()


def check_permission(name: str) -> str:
    """Return the permission name if a capability declares it, else raise UnknownPermissionError.

    `require()` calls this when a route module is imported, so a mistyped name fails at import.
    """
    if name not in PERMISSIONS:
        raise UnknownPermissionError(f"no capability declares the permission {name!r}")
    return name


def has_permission(role: Role | str, name: str) -> bool:
    """Return whether the role holds the permission (an unknown permission name raises)."""
    return check_permission(name) in ROLE_PERMISSIONS.get(Role(role), frozenset())
