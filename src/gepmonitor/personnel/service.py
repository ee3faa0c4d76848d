"""Personnel use cases: preview and import a file, load snapshots, manage targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl
from sqlalchemy import ColumnElement, and_, case, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from gepmonitor.core import audit
from gepmonitor.core.cache import CACHE, Cache, cached, data_stamp
from gepmonitor.core.errors import ConflictError, InputError, NotFoundError, ValidationFailedError
from gepmonitor.core.models import Organisation
from gepmonitor.core.reader import Source, read_table
from gepmonitor.personnel.bands import parse_band
from gepmonitor.personnel.headers import load_mapping_file
from gepmonitor.personnel.importer import ParsedFile, ProgressCallback, parse_personnel
from gepmonitor.personnel.models import EmployeeRecord, PersonnelSettings, Snapshot, Target
from gepmonitor.personnel.monitor import Monitor, build_monitor
from gepmonitor.personnel.peildatum import (
    DEFAULT_RULE,
    PeildatumRule,
    parse_month_day,
    reference_peildata,
    staff_expr,
)
from gepmonitor.personnel.schema import (
    DERIVED_COLUMNS,
    SNAPSHOT_SCHEMA,
    conform,
    empty_snapshot_frame,
)

_EMPLOYEE_COLUMNS = [c for c in SNAPSHOT_SCHEMA if c not in DERIVED_COLUMNS]


@dataclass
class ImportSummary:
    """What an import wrote: the peildatum, rows (staff and others), mapping, reference snapshot.

    ``by_gender`` counts the staff on the peildatum; ``leavers`` the rows of people who left before
    it and ``future_hires`` those hired after it (stored for the flows, never counted as staff).
    ``reference`` is the peildatum whose snapshot counts for the year after this import.
    ``missing`` names the optional fields the file had no column for (unknown for every row).
    """

    peildatum: date
    rows: int
    by_gender: dict[str, int]
    dropped_names: list[str]
    ignored: list[str]
    mapping: dict[str, str]
    replaced: bool = False
    warnings: list[str] = field(default_factory=list)
    staff: int = 0
    leavers: int = 0
    future_hires: int = 0
    reference: date | None = None
    others_in_year: list[date] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


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
    del table  # every cell as a Python string: not needed once the frame is built
    if parsed.problems or parsed.frame is None:
        raise ValidationFailedError(parsed.problems, parsed.problem_count)
    frame = parsed.frame
    if frame.is_empty():
        raise InputError("{file} is empty.", file=parsed.name)
    if existing is not None:
        session.execute(delete(EmployeeRecord).where(EmployeeRecord.snapshot_id == existing.id))
        session.delete(existing)
        session.flush()
    rule = peildatum_rule(session, org)
    frame = frame.with_columns(staff_expr(rule).alias("staff"))
    store_frame(session, org, frame, source_name=parsed.name, actor=actor)
    audit.record(
        session,
        action="import_personnel",
        actor=actor,
        org_id=org.id,
        target=peildatum.isoformat(),
        detail=f"{parsed.name}: {frame.height} rows" + (" (replaced)" if existing else ""),
    )
    staff = frame.filter(pl.col("staff"))
    counts = staff.group_by("gender").len()
    mapping = parsed.mapping
    in_year = [
        s.peildatum for s in list_snapshots(session, org) if s.peildatum.year == peildatum.year
    ]
    return ImportSummary(
        peildatum=peildatum,
        rows=frame.height,
        by_gender={row[0]: row[1] for row in counts.iter_rows()},
        dropped_names=mapping.dropped_names,
        ignored=mapping.ignored,
        mapping={name: mapping.headers[index] for name, index in mapping.fields.items()},
        replaced=existing is not None,
        staff=staff.height,
        leavers=frame.filter(
            ~pl.col("staff")
            & pl.col("exit_date").is_not_null()
            & (pl.col("exit_date") <= peildatum)
        ).height,
        future_hires=frame.filter(
            pl.col("hire_date").is_not_null() & (pl.col("hire_date") > peildatum)
        ).height,
        reference=reference_peildata(in_year, rule).get(peildatum.year),
        others_in_year=[day for day in in_year if day != peildatum],
        missing=parsed.missing,
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


def peildatum_rule(session: Session, org: Organisation) -> PeildatumRule:
    """Return the organisation's peildatum rules (the defaults when none were set)."""
    row = session.get(PersonnelSettings, org.id)
    if row is None:
        return DEFAULT_RULE
    day = parse_month_day(row.reference_day) if row.reference_day else None
    return PeildatumRule(day, row.exit_on_peildatum_is_staff)


def save_peildatum_rule(
    session: Session,
    org: Organisation,
    *,
    actor: str,
    reference_day: str | None = None,
    exit_on_peildatum_is_staff: bool | None = None,
) -> PeildatumRule:
    """Change the reference month-day ('MM-DD', or 'last') and/or how an exit on the day counts."""
    row = session.get(PersonnelSettings, org.id)
    if row is None:
        row = PersonnelSettings(org_id=org.id, reference_day=None, exit_on_peildatum_is_staff=True)
        session.add(row)
    if reference_day is not None:
        text = reference_day.strip().lower()
        if text in ("last", "laatste", ""):
            row.reference_day = None
        else:
            day = parse_month_day(text)
            if day is None:
                raise InputError(
                    "Reference day '{value}' is not a day of the year; use MM-DD (12-31) or "
                    "'last'.",
                    value=reference_day,
                )
            row.reference_day = f"{day[0]:02d}-{day[1]:02d}"
    if exit_on_peildatum_is_staff is not None:
        row.exit_on_peildatum_is_staff = exit_on_peildatum_is_staff
    session.flush()
    rule = peildatum_rule(session, org)
    audit.record(
        session,
        action="save_peildatum_rule",
        actor=actor,
        org_id=org.id,
        target=rule.reference_text() or "last",
        detail=f"exit on peildatum is staff: {rule.exit_on_peildatum_is_staff}",
    )
    return rule


def reference_snapshots(session: Session, org: Organisation) -> dict[int, date]:
    """Return per year the peildatum whose snapshot counts for the year's figures."""
    days = session.scalars(select(Snapshot.peildatum).where(Snapshot.org_id == org.id))
    return reference_peildata(days, peildatum_rule(session, org))


def load_snapshots(
    session: Session, org: Organisation, year_from: int | None = None, year_to: int | None = None
) -> pl.DataFrame:
    """Return the rows of each year's reference snapshot as the canonical frame (with "staff")."""
    for year in (year_from, year_to):
        if year is not None:
            check_year(year)
    days = [
        day
        for year, day in reference_snapshots(session, org).items()
        if (year_from is None or year >= year_from) and (year_to is None or year <= year_to)
    ]
    return _load_rows(session, org, days)


def load_snapshot(session: Session, org: Organisation, peildatum: date) -> pl.DataFrame:
    """Return the rows of the snapshot of one peildatum (reference or not)."""
    if _snapshot_at(session, org, peildatum) is None:
        raise NotFoundError("No snapshot with peildatum {peildatum}.", peildatum=peildatum)
    return _load_rows(session, org, [peildatum])


def _load_rows(session: Session, org: Organisation, days: list[date]) -> pl.DataFrame:
    if not days:
        return empty_snapshot_frame()
    columns = [getattr(EmployeeRecord, c) for c in _EMPLOYEE_COLUMNS]
    query = (
        select(Snapshot.peildatum, *columns)
        .join(Snapshot, EmployeeRecord.snapshot_id == Snapshot.id)
        .where(Snapshot.org_id == org.id, Snapshot.peildatum.in_(days))
        .order_by(Snapshot.peildatum, EmployeeRecord.id)
    )
    rows = session.execute(query).all()
    if not rows:
        return empty_snapshot_frame()
    schema = {"peildatum": pl.Date(), **{c: SNAPSHOT_SCHEMA[c] for c in _EMPLOYEE_COLUMNS}}
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    rule = peildatum_rule(session, org)
    return conform(
        frame.with_columns(
            pl.col("peildatum").dt.year().alias("year"), staff_expr(rule).alias("staff")
        )
    )


def load_year(session: Session, org: Organisation, year: int) -> pl.DataFrame:
    """Return the rows of the year's reference snapshot.

    Empty, not an error, for a year no snapshot can lie in yet, such as the last year of a plan
    that runs into the future.
    """
    if not FIRST_YEAR <= year <= last_year():
        return empty_snapshot_frame()
    return load_snapshots(session, org, year, year)


@dataclass(frozen=True)
class BandAppointments:
    """Appointments into a band (hires + promotions) in the flow period ending in a year.

    Counts and share are None when the monitor hides them (small cells and their complements).
    """

    period: str  # "2025", or "2022–2025" for snapshots further apart
    women: int | None
    men: int | None
    share: float | None


def band_appointments(
    session: Session, org: Organisation, band_code: str, year: int, min_cell: int
) -> BandAppointments | None:
    """Return the women and men appointed into the band in the period ending in the year.

    The same kind of number as the monitor's required share of appointments, and protected as
    the monitor protects it; None without a flow period ending in the year.
    """
    from gepmonitor.personnel.indicators.flows import period_label
    from gepmonitor.personnel.monitor import build_monitor

    if not FIRST_YEAR <= year <= last_year():
        return None
    frame = load_snapshots(session, org, year_to=year)
    if frame.is_empty() or year not in frame["year"].unique().to_list():
        return None
    monitor = build_monitor(frame, [], min_cell=min_cell, bands=[parse_band(band_code)])
    rows = monitor.bands[0].flows.filter(
        (pl.col("year") == year) & (pl.col("flow") == "band_entries")
    )
    if rows.is_empty() or rows["no_data"][0]:
        return None
    row = rows.row(0, named=True)
    women, men = row["women"], row["men"]
    share = women / (women + men) if women is not None and men is not None and women + men else None
    return BandAppointments(period_label(row["from_year"], year), women, men, share)


@dataclass(frozen=True)
class SnapshotInfo:
    """A stored snapshot with its staff and other rows and whether it counts for its year."""

    snapshot: Snapshot
    staff: int
    leavers: int  # left before the peildatum (rows kept for the exit reason)
    future_hires: int  # hired after the peildatum
    reference: bool


def _staff_condition(rule: PeildatumRule) -> ColumnElement[bool]:
    day = Snapshot.peildatum
    hired = or_(EmployeeRecord.hire_date.is_(None), EmployeeRecord.hire_date <= day)
    if rule.exit_on_peildatum_is_staff:
        stays = or_(EmployeeRecord.exit_date.is_(None), EmployeeRecord.exit_date >= day)
    else:
        stays = or_(EmployeeRecord.exit_date.is_(None), EmployeeRecord.exit_date > day)
    return and_(hired, stays)


def snapshot_overview(session: Session, org: Organisation) -> list[SnapshotInfo]:
    """Return every snapshot with staff and other rows apart, oldest first."""
    rule = peildatum_rule(session, org)
    staff = _staff_condition(rule)
    left = and_(
        ~staff,
        EmployeeRecord.exit_date.is_not(None),
        EmployeeRecord.exit_date <= Snapshot.peildatum,
    )
    later = and_(
        EmployeeRecord.hire_date.is_not(None), EmployeeRecord.hire_date > Snapshot.peildatum
    )

    def count() -> dict[int, tuple[int, int, int]]:
        return {
            row[0]: (int(row[1] or 0), int(row[2] or 0), int(row[3] or 0))
            for row in session.execute(
                select(
                    Snapshot.id,
                    func.sum(case((staff, 1), else_=0)),
                    func.sum(case((left, 1), else_=0)),
                    func.sum(case((later, 1), else_=0)),
                )
                .join(EmployeeRecord, EmployeeRecord.snapshot_id == Snapshot.id)
                .where(Snapshot.org_id == org.id)
                .group_by(Snapshot.id)
            )
        }

    # Counting every record takes long; the counts change only with the data (and the rule).
    counts = cached(session, org, ("personnel.snapshot_counts", rule), count)
    snapshots = list_snapshots(session, org)
    references = set(reference_peildata([s.peildatum for s in snapshots], rule).values())
    result = []
    for snap in snapshots:
        staff_rows, left_rows, later_rows = counts.get(snap.id, (0, 0, 0))
        result.append(
            SnapshotInfo(snap, staff_rows, left_rows, later_rows, snap.peildatum in references)
        )
    return result


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
