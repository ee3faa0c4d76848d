"""Permissions are declared by the capabilities; a name no capability declares fails loudly."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from gepmonitor.accounts import roles
from gepmonitor.accounts.deps import require
from gepmonitor.accounts.pages import collect_nav
from gepmonitor.core import registry
from gepmonitor.core.reporting import report_kinds

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "gepmonitor"
# Calls whose argument at this position is a permission name.
PERMISSION_ARGUMENT = {"require": 0, "has_permission": 1, "check_permission": 0}


def test_every_capability_declares_its_permissions_in_its_own_folder() -> None:
    owners = {}
    for capability in registry.capabilities("permissions"):
        declared = __import__(capability.module("permissions"), fromlist=["PERMISSIONS"])
        assert declared.PERMISSIONS, capability.name
        for permission in declared.PERMISSIONS:
            owners[permission.name] = capability.name
    assert list(owners) == list(roles.PERMISSIONS)
    assert {name for held in roles.ROLE_PERMISSIONS.values() for name in held} <= set(owners)


def test_an_unknown_permission_name_raises_instead_of_allowing_or_denying() -> None:
    with pytest.raises(roles.UnknownPermissionError, match="view_audti"):
        roles.has_permission(roles.Role.ADMIN, "view_audti")
    with pytest.raises(roles.UnknownPermissionError):
        require("view_audti")
    assert roles.has_permission(roles.Role.ADMIN, "view_audit")
    assert not roles.has_permission(roles.Role.VIEWER, "view_audit")


def test_a_declaration_with_an_unknown_role_or_a_duplicate_name_fails(monkeypatch) -> None:
    bad_role = [registry.Permission("x", "x", roles=("hr", "boss"))]
    monkeypatch.setattr(registry, "permissions", lambda: bad_role)
    with pytest.raises(ValueError, match="boss"):
        roles._declared()
    twice = [registry.Permission("x", "x", roles=("hr",))] * 2
    monkeypatch.setattr(registry, "permissions", lambda: twice)
    with pytest.raises(ValueError, match="declared twice"):
        roles._declared()


def test_every_permission_name_written_in_the_code_is_declared() -> None:
    """A literal name in require(), has_permission() or check_permission() anywhere in the package."""
    used: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            position = PERMISSION_ARGUMENT.get(name)
            if position is None or len(node.args) <= position:
                continue
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                used[argument.value] = f"{path.relative_to(PACKAGE)}:{node.lineno}"
    assert len(used) > 10
    unknown = {name: where for name, where in used.items() if name not in roles.PERMISSIONS}
    assert unknown == {}


def test_menu_entries_and_reports_name_declared_permissions() -> None:
    nav = collect_nav(registry.modules("web"))
    assert nav and all(item[0] is None or item[0] in roles.PERMISSIONS for item in nav)
    kinds = report_kinds()
    assert kinds and all(kind.permission in roles.PERMISSIONS for kind in kinds)
