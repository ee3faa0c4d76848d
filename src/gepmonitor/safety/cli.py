"""Commands of the safety module."""

from __future__ import annotations

import typer


def register(app: typer.Typer, import_app: typer.Typer, report_app: typer.Typer) -> None:
    """Add this module's commands to the gep command."""
