"""`gep demo`: build the synthetic demo organisation."""

from __future__ import annotations

import typer

from gepmonitor.cliutil import console, state
from gepmonitor.core.errors import ConflictError
from gepmonitor.core.i18n import gettext
from gepmonitor.core.i18n import register as register_messages
from gepmonitor.core.orgs import ensure_org
from gepmonitor.demo import build_demo

register_messages(
    {
        "demo.done": (
            "Demo-organisatie '{org}' gebouwd (seed {seed}).",
            "Demo organisation '{org}' built (seed {seed}).",
        ),
        "demo.exists": (
            "Organisatie '{org}' heeft al gegevens; demo niet opnieuw gebouwd.",
            "Organisation '{org}' already has data; demo not rebuilt.",
        ),
        "demo.exists_elsewhere": (
            "Organisatie '{org}' heeft al gegevens; bouw de demo in een nieuwe organisatie "
            "(gep --org demo2 init && gep --org demo2 demo).",
            "Organisation '{org}' already has data; build the demo in a new organisation "
            "(gep --org demo2 init && gep --org demo2 demo).",
        ),
    }
)


def register_commands(app: typer.Typer) -> None:
    """Add `gep demo` to the gep command."""

    @app.command("demo")
    def demo_command(
        seed: int = typer.Option(2025, "--seed", help="Random seed; same seed, same data."),
        if_empty: bool = typer.Option(
            False, "--if-empty", help="Do nothing when the organisation already has data."
        ),
    ) -> None:
        """Build a realistic synthetic province with every module's data."""
        from gepmonitor.personnel.demo import has_data

        with state.session() as session:
            org = ensure_org(session, state.org_slug, state.settings.default_org_name)
            if has_data(session, org):
                if not if_empty:
                    raise ConflictError("demo.exists_elsewhere", org=org.slug)
                console.print(gettext("demo.exists", state.language, org=org.slug))
                return
            build_demo(session, org, state.settings, seed)
        console.print(gettext("demo.done", state.language, org=state.org_slug, seed=seed))


def register(app: typer.Typer, import_app: typer.Typer, report_app: typer.Typer) -> None:
    """Add this module's commands to the gep command."""
    register_commands(app)
