"""Commands of the personnel module: import, snapshots and targets."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from gepmonitor.cliutil import console, state
from gepmonitor.core.audit import cli_actor
from gepmonitor.core.formatting import format_pct
from gepmonitor.core.i18n import gettext as _t
from gepmonitor.core.i18n import register as register_messages
from gepmonitor.personnel import service

target_app = typer.Typer(help="Targets: share of women per band by a year.", no_args_is_help=True)


def import_personnel_command(
    file: Path = typer.Argument(..., help="CSV or XLSX export of the HR system."),
    peildatum: str = typer.Option(..., "--peildatum", help="Reference date, YYYY-MM-DD."),
    mapping: Path = typer.Option(None, "--mapping", help="YAML file mapping other headers."),
    replace: bool = typer.Option(False, "--replace", help="Replace an imported peildatum."),
) -> None:
    """Import a personnel snapshot; all rows or none."""
    lang = state.language
    day = service.parse_peildatum(peildatum)
    with (
        state.session() as session,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        ) as bar,
    ):
        task = bar.add_task(_t("personnel.checking", lang, file=file.name), total=None)
        summary = service.import_personnel(
            session,
            state.organisation(session),
            file,
            day,
            secret=state.settings.resolved_secret_key(),
            actor=cli_actor(),
            mapping_path=mapping,
            replace=replace,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    counts = ", ".join(f"{k}: {v}" for k, v in sorted(summary.by_gender.items()))
    key = "personnel.replaced" if summary.replaced else "personnel.imported"
    console.print(_t(key, lang, rows=summary.rows, peildatum=day.isoformat(), counts=counts))
    if summary.dropped_names:
        console.print(_t("personnel.names_dropped", lang, columns=", ".join(summary.dropped_names)))
    if summary.ignored:
        console.print(_t("personnel.ignored", lang, columns=", ".join(summary.ignored)))
    console.print(_t("personnel.pseudonymised", lang))


def snapshots_command() -> None:
    """List the imported peildata."""
    lang = state.language
    with state.session() as session:
        snapshots = service.list_snapshots(session, state.organisation(session))
        table = Table(
            _t("personnel.col_peildatum", lang),
            _t("personnel.col_rows", lang),
            _t("personnel.col_source", lang),
            _t("personnel.col_imported", lang),
        )
        for snap in snapshots:
            table.add_row(
                snap.peildatum.isoformat(),
                str(snap.row_count),
                snap.source_name,
                f"{snap.imported_at:%Y-%m-%d %H:%M} {snap.imported_by}",
            )
    console.print(table)


@target_app.command("set")
def target_set(
    band: str = typer.Option(..., "--band", help="Band code: 11+, 13+, lg or N+."),
    share: float = typer.Option(..., "--share", help="Target share of women, e.g. 50 (%)."),
    year: int = typer.Option(..., "--year", help="Year by which the target should be met."),
    start_year: int = typer.Option(None, "--start-year", help="First year of the plan period."),
    note: str = typer.Option("", "--note", help="Where the target comes from."),
) -> None:
    """Create or change the target of a band."""
    with state.session() as session:
        target = service.save_target(
            session,
            state.organisation(session),
            band,
            share,
            year,
            actor=cli_actor(),
            start_year=start_year,
            note=note,
        )
        console.print(
            _t(
                "personnel.target_saved",
                state.language,
                band=target.band_code,
                share=format_pct(target.target_share, state.language),
                year=year,
            )
        )


@target_app.command("list")
def target_list() -> None:
    """List the targets."""
    lang = state.language
    with state.session() as session:
        table = Table(
            "band",
            _t("personnel.col_share", lang),
            _t("personnel.col_year", lang),
            _t("personnel.col_note", lang),
        )
        for target in service.list_targets(session, state.organisation(session)):
            table.add_row(
                target.band_code,
                format_pct(target.target_share, lang),
                str(target.target_year),
                target.note,
            )
    console.print(table)


@target_app.command("remove")
def target_remove(band: str = typer.Option(..., "--band", help="Band code.")) -> None:
    """Remove the target of a band."""
    with state.session() as session:
        service.delete_target(session, state.organisation(session), band, cli_actor())
    console.print(_t("personnel.target_removed", state.language, band=band))


def register(app: typer.Typer, import_app: typer.Typer, report_app: typer.Typer) -> None:
    """Add this module's commands to the gep command."""
    import_app.command("personnel")(import_personnel_command)
    app.command("snapshots")(snapshots_command)
    app.add_typer(target_app, name="target")


register_messages(
    {
        "personnel.checking": ("{file} controleren", "Checking {file}"),
        "personnel.imported": (
            "{rows} medewerkers geïmporteerd met peildatum {peildatum} ({counts}).",
            "{rows} employees imported with peildatum {peildatum} ({counts}).",
        ),
        "personnel.replaced": (
            "Peildatum {peildatum} vervangen: {rows} medewerkers ({counts}).",
            "Peildatum {peildatum} replaced: {rows} employees ({counts}).",
        ),
        "personnel.names_dropped": (
            "Naamkolommen niet opgeslagen: {columns}.",
            "Name columns not stored: {columns}.",
        ),
        "personnel.ignored": ("Kolommen genegeerd: {columns}.", "Columns ignored: {columns}."),
        "personnel.pseudonymised": (
            "Personeelsnummers zijn vervangen door pseudoniemen (HMAC met de instantiesleutel).",
            "Personnel numbers were replaced by pseudonyms (HMAC with the instance key).",
        ),
        "personnel.col_peildatum": ("peildatum", "peildatum"),
        "personnel.col_rows": ("medewerkers", "employees"),
        "personnel.col_source": ("bron", "source"),
        "personnel.col_imported": ("geïmporteerd", "imported"),
        "personnel.col_share": ("streefwaarde", "target"),
        "personnel.col_year": ("jaar", "year"),
        "personnel.col_note": ("toelichting", "note"),
        "personnel.target_saved": (
            "Streefwaarde {band}: {share} in {year}.",
            "Target {band}: {share} by {year}.",
        ),
        "personnel.target_removed": ("Streefwaarde {band} verwijderd.", "Target {band} removed."),
    }
)
