"""The module registry: every capability declares itself here, once.

A capability is a folder `src/gepmonitor/<name>/` with the same file names in each. Its line below
says which of them it has; the `gep` command, the web app, the schema (migrations check),
templating, the demo and the role matrix read this one list. Adding a capability is a folder and
a line, then the generated files (`make cli-index`, `make messages`, `make docs-matrix`, an
Alembic revision for its tables: docs/development.md, "Adding a capability").

- cli:       `<name>/cli.py` has `register(app, import_app, report_app)` adding its commands
             (listed for `gep --help` in cli_index.json: `make cli-index`)
- web:       `<name>/web.py` (or package `web/`) has `router` (pages) and `NAV` entries
- api:       `<name>/api.py` has `api_router`, mounted under /api/v1
- models:    `<name>/models.py` declares tables on core.db.Base
- templates: `<name>/templates/` holds its Jinja2 templates (names prefixed `<name>_`)
- demo:      `<name>/demo.py` has `build(session, org, settings, seed)`; steps run in list order
- report:    `<name>/report.py` declares `REPORTS`, the reports it makes
             (core.reporting.ReportKind), which the reports page lists
- signals:   `<name>/signals.py` has `signal_exists` and `unlinked_choices`: signals that a GEP
             plan measure can answer (the plan finds them here, so it imports no source)
- permissions: `<name>/permissions.py` declares `PERMISSIONS`, the permissions it owns
             (`Permission(name, what, roles)` below): accounts.roles builds the role matrix
             from them, routes name them (`require("view_audit")`), and README.md and
             docs/web.md show them (`make docs-matrix`)
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Permission:
    """A permission a capability owns: its name, what it allows and the roles that hold it.

    `what` is the English sentence of the permission matrix (README.md, docs/web.md); `roles`
    are accounts.roles.Role values, checked when the matrix is built.
    """

    name: str
    what: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Capability:
    """One capability folder and the parts it provides."""

    name: str
    cli: bool = False
    web: bool = False
    api: bool = False
    models: bool = False
    templates: bool = False
    demo: bool = False
    report: bool = False
    signals: bool = False
    permissions: bool = False

    def module(self, part: str) -> str:
        """Return the dotted name of one of the capability's files, e.g. 'cli'."""
        return f"gepmonitor.{self.name}.{part}"


# In dependency order: a later demo step may use what an earlier one made; pages appear in the
# menu in this order.
CAPABILITIES: tuple[Capability, ...] = (
    Capability("personnel", cli=True, web=True, api=True, models=True, templates=True, demo=True,
               report=True, permissions=True),
    Capability("accounts", cli=True, web=True, api=True, models=True, templates=True, demo=True,
               permissions=True),
    Capability("audit", web=True, templates=True, permissions=True),
    Capability("safety", cli=True, web=True, api=True, models=True, templates=True, demo=True,
               report=True, permissions=True),
    Capability("recruitment", cli=True, web=True, api=True, models=True, templates=True,
               demo=True, signals=True, report=True, permissions=True),
    Capability("survey", cli=True, web=True, api=True, models=True, templates=True, demo=True,
               signals=True, report=True, permissions=True),
    Capability("plan", cli=True, web=True, api=True, models=True, templates=True, demo=True,
               report=True, permissions=True),
    Capability("pay", cli=True, web=True, api=True, models=True, templates=True, demo=True,
               report=True, permissions=True),
    Capability("maintenance", cli=True, models=True),
    Capability("ops", cli=True),
)  # fmt: skip


def capabilities(part: str | None = None) -> Iterator[Capability]:
    """Yield the registered capabilities, or only those that have the given part."""
    for capability in CAPABILITIES:
        if part is None or getattr(capability, part):
            yield capability


def modules(part: str) -> list[str]:
    """Return the dotted names of every registered capability's file of one kind, in order."""
    return [capability.module(part) for capability in capabilities(part)]


def permissions() -> list[Permission]:
    """Return every capability's declared permissions, in registry order.

    Each `<name>/permissions.py` is a small declaration (it imports nothing but this module), so
    accounts.roles can build the role matrix from it early, before any page is imported.
    """
    found: list[Permission] = []
    for name in modules("permissions"):
        found.extend(importlib.import_module(name).PERMISSIONS)
    return found
