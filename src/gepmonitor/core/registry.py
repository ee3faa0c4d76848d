"""The module registry: every capability declares itself here, once.

A capability is a folder `src/gepmonitor/<name>/` with the same file names in each. Its line below
says which of them it has; the `gep` command, the web app, the schema (migrations check),
templating and the demo read this one list. Adding a capability is a folder and a line.

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
- permissions: the role-matrix permissions (accounts.roles.Permission values) it owns
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


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
    permissions: tuple[str, ...] = ()

    def module(self, part: str) -> str:
        """Return the dotted name of one of the capability's files, e.g. 'cli'."""
        return f"gepmonitor.{self.name}.{part}"


# In dependency order: a later demo step may use what an earlier one made; pages appear in the
# menu in this order.
CAPABILITIES: tuple[Capability, ...] = (
    Capability("personnel", cli=True, web=True, api=True, models=True, templates=True, demo=True,
               report=True,
               permissions=("view_dashboard", "import_personnel", "edit_targets",
                            "generate_reports", "see_small_cells")),
    Capability("accounts", cli=True, web=True, api=True, models=True, templates=True, demo=True,
               permissions=("manage_users",)),
    Capability("audit", web=True, templates=True, permissions=("view_audit",)),
    Capability("safety", cli=True, web=True, api=True, models=True, templates=True, demo=True,
               report=True,
               permissions=("log_conversations", "view_safety_totals",
                            "manage_safety_registers")),
    Capability("recruitment", cli=True, web=True, api=True, models=True, templates=True,
               demo=True, signals=True, report=True,
               permissions=("manage_recruitment", "view_recruitment", "check_texts",
                            "score_candidates")),
    Capability("survey", cli=True, web=True, api=True, models=True, templates=True, demo=True,
               signals=True, report=True,
               permissions=("manage_surveys", "view_surveys")),
    Capability("plan", cli=True, web=True, api=True, models=True, templates=True, demo=True,
               report=True, permissions=("manage_plan", "view_plan")),
    Capability("pay", cli=True, web=True, api=True, models=True, templates=True, demo=True,
               report=True, permissions=("view_pay", "manage_pay")),
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
