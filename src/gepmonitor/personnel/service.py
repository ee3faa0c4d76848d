"""Personnel use cases: preview and import a file, load snapshots, manage targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from gepmonitor.core import audit
from gepmonitor.core.cache import CACHE, Cache, cached, data_stamp
from gepmonitor.core.errors import ConflictError, InputError, NotFoundError, ValidationFailedError
from gepmonitor.core.models import Organisation
from gepmonitor.core.reader import Source, read_table
from gepmonitor.personnel.bands import parse_band
from gepmonitor.personnel.headers import load_mapping_file
from gepmonitor.personnel.importer import ParsedFile, ProgressCallback, parse_personnel
from gepmonitor.personnel.models import EmployeeRecord, Snapshot, Target
from gepmonitor.personnel.monitor import Monitor, build_monitor
from gepmonitor.personnel.schema import SNAPSHOT_SCHEMA, conform, empty_snapshot_frame

_EMPLOYEE_COLUMNS = [c for c in SNAPSHOT_SCHEMA if c not in ("peildatum", "year")]


@dataclass
class ImportSummary:
    """What an import wrote: the peildatum, row count, gender counts and dropped columns."""

    peildatum: date
    rows: int
    by_gender: dict[str, int]
    dropped_names: list[str]
    ignored: list[str]
    mapping: dict[str, str]
    replaced: bool = False
    warnings: list[str] = field(default_factory=list)


FIRST_YEAR = 1950  # no HR export goes back further; earlier dates are typing errors


def last_year() -> int:
    """Return the last year a peildatum may lie in: next year (plans look a year ahead)."""
    return date.today().year + 1


def check_year(year: int) -> int:
    """Return the year, or raise a clear InputError when no snapshot can lie in it."""
    if not FIRST_YEAR <= year <= last_year():
        raise InputError(
            "Year {value} is not between {first} and {last}.",
            value=year,
            first=FIRST_YEAR,
            last=last_year(),
        )
    return year


def check_peildatum(day: date) -> date:
    """Return the peildatum, or raise a clear InputError when it is impossibly early or late."""
    latest = date(last_year(), 12, 31)
    if not date(FIRST_YEAR, 1, 1) <= day <= latest:
        raise InputError(
            "Peildatum {value} is not between {first} and {last}; check the year.",
            value=day,
            first=date(FIRST_YEAR, 1, 1),
            last=latest,
        )
    return day


def parse_peildatum(text: str) -> date:
    """Return the peildatum from YYYY-MM-DD text, or raise a clear InputError."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError as error:
        raise InputError(
            "Peildatum '{value}' is not a date; use YYYY-MM-DD.", value=text
        ) from error
    return check_peildatum(day)


def preview_import(
    path: Source,
    peildatum: date,
    secret: str,
    mapping_path: Path | None = None,
    display_name: str | None = None,
    progress: ProgressCallback | None = None,
) -> ParsedFile:
    """Read and validate a file without writing anything; problems are in the result."""
    check_peildatum(peildatum)
    mapping = load_mapping_file(mapping_path) if mapping_path else None
    table = read_table(path, display_name)
    return parse_personnel(table, peildatum, secret, mapping, progress)


def import_personnel(
    session: Session,
    org: Organisation,
    path: Source,
    peildatum: date,
    *,
    secret: str,
    actor: str,
    mapping_path: Path | None = None,
    replace: bool = False,
    display_name: str | None = None,
    progress: ProgressCallback | None = None,
) -> ImportSummary:
    """Import a file as the snapshot of a peildatum: all rows or none."""
    check_peildatum(peildatum)
    table = read_table(path, display_name)  # a missing or unreadable file is the first error
    existing = _snapshot_at(session, org, peildatum)
    if existing is not None and not replace:
        raise ConflictError(
            "Peildatum {peildatum} has already been imported; use --replace to replace it.",
            peildatum=peildatum,
        )
    mapping_file = load_mapping_file(mapping_path) if mapping_path else None
    parsed = parse_personnel(table, peildatum, secret, mapping_file, progress)
    if parsed.problems or parsed.frame is None:
        raise ValidationFailedError(parsed.problems, parsed.problem_count)
    frame = parsed.frame
    if frame.is_empty():
        raise InputError("{file} is empty.", file=parsed.name)
    if existing is not None:
        session.execute(delete(EmployeeRecord).where(EmployeeRecord.snapshot_id == existing.id))
        session.delete(existing)
        session.flush()
    store_frame(session, org, frame, source_name=parsed.name, actor=actor)
    audit.record(
        session,
        action="import_personnel",
        actor=actor,
        org_id=org.id,
        target=peildatum.isoformat(),
        detail=f"{parsed.name}: {frame.height} rows" + (" (replaced)" if existing else ""),
    )
    counts = frame.group_by("gender").len()
    mapping = parsed.mapping
    return ImportSummary(
        peildatum=peildatum,
        rows=frame.height,
        by_gender={row[0]: row[1] for row in counts.iter_rows()},
        dropped_names=mapping.dropped_names,
        ignored=mapping.ignored,
        mapping={name: mapping.headers[index] for name, index in mapping.fields.items()},
        replaced=existing is not None,
    )


def store_frame(
    session: Session, org: Organisation, frame: pl.DataFrame, *, source_name: str, actor: str
) -> None:
    """Write a canonical frame (one or more peildata) as snapshots of the organisation."""
    frame = conform(frame)
    for (peildatum,), part in frame.group_by(["peildatum"], maintain_order=True):
        snapshot = Snapshot(
            org_id=org.id,
            peildatum=peildatum,
            source_name=source_name,
            imported_by=actor,
            row_count=part.height,
        )
        session.add(snapshot)
        session.flush()
        rows = part.select(_EMPLOYEE_COLUMNS).with_columns(pl.lit(snapshot.id).alias("snapshot_id"))
        for chunk in rows.iter_slices(20_000):
            session.execute(insert(EmployeeRecord), chunk.to_dicts())


def _snapshot_at(session: Session, org: Organisation, peildatum: date) -> Snapshot | None:
    return session.scalar(
        select(Snapshot).where(Snapshot.org_id == org.id, Snapshot.peildatum == peildatum)
    )


def load_snapshots(
    session: Session, org: Organisation, year_from: int | None = None, year_to: int | None = None
) -> pl.DataFrame:
    """Return every employee row of the organisation's snapshots as the canonical frame."""
    for year in (year_from, year_to):
        if year is not None:
            check_year(year)
    columns = [getattr(EmployeeRecord, c) for c in _EMPLOYEE_COLUMNS]
    query = (
        select(Snapshot.peildatum, *columns)
        .join(Snapshot, EmployeeRecord.snapshot_id == Snapshot.id)
        .where(Snapshot.org_id == org.id)
        .order_by(Snapshot.peildatum, EmployeeRecord.id)
    )
    if year_from is not None:
        query = query.where(Snapshot.peildatum >= date(year_from, 1, 1))
    if year_to is not None:
        query = query.where(Snapshot.peildatum <= date(year_to, 12, 31))
    rows = session.execute(query).all()
    if not rows:
        return empty_snapshot_frame()
    schema = {"peildatum": pl.Date(), **{c: SNAPSHOT_SCHEMA[c] for c in _EMPLOYEE_COLUMNS}}
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return conform(frame.with_columns(pl.col("peildatum").dt.year().alias("year")))


def load_year(session: Session, org: Organisation, year: int) -> pl.DataFrame:
    """Return the employee rows of one year's snapshots.

    Empty, not an error, for a year no snapshot can lie in yet, such as the last year of a plan
    that runs into the future.
    """
    if not FIRST_YEAR <= year <= last_year():
        return empty_snapshot_frame()
    return load_snapshots(session, org, year, year)


def list_snapshots(session: Session, org: Organisation) -> list[Snapshot]:
    """Return the organisation's snapshots (the import history), oldest first."""
    return list(
        session.scalars(
            select(Snapshot).where(Snapshot.org_id == org.id).order_by(Snapshot.peildatum)
        )
    )


def has_snapshots(session: Session, org: Organisation) -> bool:
    """Return whether the organisation has any snapshot."""
    count = session.scalar(select(func.count(Snapshot.id)).where(Snapshot.org_id == org.id))
    return bool(count)


def delete_snapshot(session: Session, org: Organisation, peildatum: date, actor: str) -> None:
    """Remove the snapshot of a peildatum and its rows."""
    snapshot = _snapshot_at(session, org, peildatum)
    if snapshot is None:
        raise NotFoundError("No snapshot with peildatum {peildatum}.", peildatum=peildatum)
    session.execute(delete(EmployeeRecord).where(EmployeeRecord.snapshot_id == snapshot.id))
    session.delete(snapshot)
    audit.record(
        session, action="delete_snapshot", actor=actor, org_id=org.id, target=peildatum.isoformat()
    )


def parse_share(value: float) -> float:
    """Return a target share as a fraction: 50 and 0.5 both mean 50%."""
    share = value / 100 if value > 1 else value
    if not 0 < share <= 1:
        raise InputError("Target {value} must lie between 0 and 100%.", value=value)
    return share


def list_targets(session: Session, org: Organisation) -> list[Target]:
    """Return the organisation's targets, by band code."""
    return list(
        session.scalars(select(Target).where(Target.org_id == org.id).order_by(Target.band_code))
    )


def save_target(
    session: Session,
    org: Organisation,
    band_code: str,
    share: float,
    year: int,
    *,
    actor: str,
    start_year: int | None = None,
    note: str = "",
) -> Target:
    """Create the band's target or change it; one target per band."""
    band = parse_band(band_code)
    if not 2000 <= year <= 2100:
        raise InputError("Target year {value} is invalid.", value=year)
    if start_year is not None and not 2000 <= start_year <= year:
        raise InputError(
            "Start year {value} must come before target year {year}.", value=start_year, year=year
        )
    target = session.scalar(
        select(Target).where(Target.org_id == org.id, Target.band_code == band.code)
    )
    if target is None:
        target = Target(org_id=org.id, band_code=band.code)
        session.add(target)
    target.target_share = parse_share(share)
    target.target_year = year
    target.start_year = start_year
    target.note = note
    session.flush()
    audit.record(
        session,
        action="save_target",
        actor=actor,
        org_id=org.id,
        target=band.code,
        detail=f"{target.target_share:.3f} by {year}",
    )
    return target


def delete_target(session: Session, org: Organisation, band_code: str, actor: str) -> None:
    """Remove the band's target."""
    target = session.scalar(
        select(Target).where(Target.org_id == org.id, Target.band_code == band_code)
    )
    if target is None:
        raise NotFoundError("No target for band '{band}'.", band=band_code)
    session.delete(target)
    audit.record(session, action="delete_target", actor=actor, org_id=org.id, target=band_code)


def monitor(
    session: Session,
    org: Organisation,
    *,
    min_cell: int,
    exact: bool,
    year: int | None = None,
    cache: Cache = CACHE,
) -> tuple[str, Monitor]:
    """Return (data version, monitor) of the organisation up to a year (default: all years).

    Built once per data version (core.cache); the version is '' when this session has written
    and the monitor was built around the cache.
    """

    def compute() -> Monitor:
        frame = load_snapshots(session, org, year_to=year)
        targets = [t.spec() for t in list_targets(session, org)]
        return build_monitor(frame, targets, min_cell=min_cell, exact=exact)

    stamp = data_stamp(session, org)
    built = cached(session, org, ("monitor", min_cell, exact, year), compute, cache=cache)
    return (stamp[1] if stamp else ""), built
