"""Commands of the maintenance module: `gep backup`, `gep restore` and `gep purge`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from gepmonitor.core.cliutil import cli_actor, console, lazy_module, print_table, state
from gepmonitor.core.formatting import format_date
from gepmonitor.core.i18n import gettext

if TYPE_CHECKING:
    from gepmonitor.core import db
    from gepmonitor.maintenance import backup as backups
else:  # loaded when a command runs, so `gep --help` imports no database layer
    db = lazy_module("gepmonitor.core.db")
    backups = lazy_module("gepmonitor.maintenance.backup")


def backup_command(
    target: Path = typer.Argument(..., help="File to write the backup to."),
) -> None:
    """Write a backup of the whole database (not the key files: keep those apart)."""
    settings = state.settings
    engine = state.engine()
    with state.session():  # refuses an uninitialised or outdated database
        pass
    backups.backup(engine, settings, target, cli_actor())
    console.print(
        gettext("Backup written to {path}.", state.language, path=str(target)), highlight=False
    )
    console.print(
        gettext(
            "The backup does not hold the key files; keep {secret} and {notes} in a safe "
            "place apart from it (see docs/security.md).",
            state.language,
            secret=_secret_where(),
            notes=str(settings.resolved_notes_key_file()),
        ),
        highlight=False,
    )


def _secret_where() -> str:
    settings = state.settings
    return "GEP_SECRET_KEY" if settings.secret_key else str(settings.secret_key_file())


def restore_command(
    source: Path = typer.Argument(..., help="Backup file written by `gep backup`."),
    replace: bool = typer.Option(
        False, "--replace", help="Overwrite a database that already holds data."
    ),
    other_keys: bool = typer.Option(
        False,
        "--other-keys",
        help="Restore although this instance's keys differ from the backup's.",
    ),
) -> None:
    """Restore a backup into this instance's database (stop the server first)."""
    engine = state.engine()
    info = backups.inspect_backup(source)
    backups.check_restorable(engine, state.settings, info, replace=replace, other_keys=other_keys)
    backups.restore(engine, source, info, cli_actor())
    db.upgrade_schema(engine)
    console.print(gettext("Restored {path}.", state.language, path=str(source)), highlight=False)


def purge_command(
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Only count what is past its retention period."
    ),
) -> None:
    """Remove what is past its retention period (docs/security.md); the purge is audited."""
    from gepmonitor.maintenance.retention import purge

    with state.session() as session:
        results = purge(session, state.settings, cli_actor(), dry_run=dry_run)
    lang = state.language
    print_table(
        [gettext(head, lang) for head in ("kind", "before", "rows")],
        [
            [
                result.kind,
                format_date(result.through, lang, "short") if result.through else "",
                str(result.rows),
            ]
            for result in results
        ],
        numeric={2},
    )
    total = sum(result.rows for result in results)
    line = "{rows} records would be removed (dry run)." if dry_run else "{rows} records removed."
    console.print(gettext(line, state.language, rows=total))


def register(app: typer.Typer, import_app: typer.Typer, report_app: typer.Typer) -> None:
    """Add this module's commands to the gep command."""
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)
    app.command("purge")(purge_command)
