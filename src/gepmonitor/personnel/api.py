"""JSON API of the personnel monitor: indicators, trend, flows, targets and imports."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import polars as pl
from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from gepmonitor.accounts.auth import as_utc
from gepmonitor.accounts.deps import (
    OrgDep,
    SessionDep,
    SettingsDep,
    YearQuery,
    check_exact,
    record_exact_view,
    require,
)
from gepmonitor.accounts.models import User
from gepmonitor.accounts.shared import cached_async, json_bytes, json_response
from gepmonitor.core.errors import InputError, ValidationFailedError
from gepmonitor.core.reader import UploadedFile
from gepmonitor.personnel import service
from gepmonitor.personnel.bands import parse_band
from gepmonitor.personnel.export import status_dict
from gepmonitor.personnel.monitor import BandMonitor, Monitor

api_router = APIRouter(prefix="/personnel", tags=["personnel"])

Viewer = Annotated[User, Depends(require("view_dashboard"))]
Editor = Annotated[User, Depends(require("edit_targets"))]
Importer = Annotated[User, Depends(require("import_personnel"))]
Row = dict[str, Any]


class TargetOut(BaseModel):
    """A target share of women for a band."""

    band: str
    target_share: float = Field(description="Fraction 0..1")
    target_year: int
    start_year: int | None
    note: str


class TargetIn(BaseModel):
    """A target to create or change; the share as a fraction (0.45) or a percentage (45)."""

    share: float = Field(gt=0, le=100, description="0.45 or 45 both mean 45%")
    year: int = Field(ge=2000, le=2100)
    start_year: int | None = Field(default=None, ge=2000, le=2100)
    note: str = Field(default="", max_length=500)


class ImportOut(BaseModel):
    """One imported peildatum (the import history)."""

    peildatum: date
    source: str
    rows: int
    imported_at: datetime
    imported_by: str


class ImportResult(BaseModel):
    """The outcome of an import or a dry run."""

    peildatum: date
    rows: int
    written: bool
    replaced: bool = False
    mapping: dict[str, str]
    dropped_name_columns: list[str]
    ignored_columns: list[str]


def _records(frame: pl.DataFrame) -> list[Row]:
    return [dict(row) for row in frame.iter_rows(named=True)]


async def _cached(
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    name: str,
    build: Any,
    *,
    exact: bool,
    year: int | None = None,
    band: str | None = None,
) -> Response:
    """Return a JSON answer built from the monitor, cached (encoded) until the data changes.

    A cached answer is sent without a thread hop; a missing one (and the monitor, when that is
    missing too) is built in a worker thread. An unknown year or band raises each time: an
    error is never cached.
    """

    def encoded() -> bytes:
        _version, monitor = service.monitor(
            session, org, min_cell=settings.min_cell, exact=exact, year=year
        )
        if year is not None and year not in monitor.years:
            raise InputError("There is no data for the year {year}.", year=year)
        return json.dumps(build(monitor), ensure_ascii=False).encode()

    key = ("api", name, settings.min_cell, exact, year, band)
    return json_response(await cached_async(session, org, key, encoded))


def _bands(monitor: Monitor, band: str | None) -> list[BandMonitor]:
    if band is None:
        return monitor.bands
    code = parse_band(band).code
    chosen = [b for b in monitor.bands if b.band.code == code]
    if not chosen:
        raise InputError(
            "Band '{band}' is not in the monitor; known: {known}.",
            band=band,
            known=", ".join(b.band.code for b in monitor.bands),
        )
    return chosen


def _status(band: BandMonitor) -> Row | None:
    if band.status is None:
        return None
    return status_dict(band.status)


@api_router.get("/indicators", response_model=None)
async def api_indicators(
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    year: YearQuery = None,
    exact: bool = False,
) -> Response:
    """Composition per band in a year (default: the latest) with targets and projections.

    Counts below min_cell are null unless `exact=true` and your role may see small numbers.
    """

    def build(monitor: Monitor) -> Row:
        if not monitor.years:
            return {
                "year": None,
                "min_cell": monitor.min_cell,
                "exact": monitor.exact,
                "bands": [],
                "overall": [],
                "units": [],
            }
        shown = year or monitor.years[-1]
        bands = []
        for band in monitor.bands:
            rows = _records(band.trend.filter(pl.col("year") == shown))
            bands.append(
                {
                    "band": band.band.code,
                    "label_nl": band.band.label_nl,
                    "label_en": band.band.label_en,
                    **(rows[0] if rows else {}),
                    "target": _status(band),
                }
            )
        overall = monitor.overall.filter(pl.col("year") == shown)
        return {
            "year": shown,
            "min_cell": monitor.min_cell,
            "exact": monitor.exact,
            "bands": bands,
            "overall": _records(overall),
            "units": _records(monitor.units),
        }

    if check_exact(user, exact):
        record_exact_view(
            session, user, org, "api/personnel/indicators", f"year {year or 'latest'}"
        )
    return await _cached(session, org, settings, "indicators", build, exact=exact, year=year)


@api_router.get("/trend", response_model=None)
async def api_trend(
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    band: str | None = None,
    exact: bool = False,
) -> Response:
    """Men, women, other and shares per year for each band (or one band)."""

    def build(monitor: Monitor) -> Row:
        chosen = _bands(monitor, band)
        return {
            "min_cell": monitor.min_cell,
            "exact": monitor.exact,
            "bands": [{"band": b.band.code, "rows": _records(b.trend)} for b in chosen],
        }

    if check_exact(user, exact):
        record_exact_view(session, user, org, "api/personnel/trend", f"band {band or 'all'}")
    return await _cached(session, org, settings, "trend", build, exact=exact, band=band)


@api_router.get("/flows", response_model=None)
async def api_flows(
    user: Viewer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    band: str | None = None,
    exact: bool = False,
) -> Response:
    """Hires, promotions, appointments and exits per year by gender for each band (or one band).

    `organisation` holds the whole organisation's inflow and outflow per year.
    """

    def build(monitor: Monitor) -> Row:
        chosen = _bands(monitor, band)
        return {
            "min_cell": monitor.min_cell,
            "exact": monitor.exact,
            "bands": [{"band": b.band.code, "rows": _records(b.flows)} for b in chosen],
            "organisation": _records(monitor.org_flows),
        }

    if check_exact(user, exact):
        record_exact_view(session, user, org, "api/personnel/flows", f"band {band or 'all'}")
    return await _cached(session, org, settings, "flows", build, exact=exact, band=band)


def _target_out(target: Any) -> TargetOut:
    return TargetOut(
        band=target.band_code,
        target_share=target.target_share,
        target_year=target.target_year,
        start_year=target.start_year,
        note=target.note,
    )


@api_router.get("/targets", response_model=list[TargetOut])
async def api_targets(user: Viewer, session: SessionDep, org: OrgDep) -> Response:
    """List the targets."""

    def encoded() -> bytes:
        targets = [_target_out(t) for t in service.list_targets(session, org)]
        return json_bytes(list[TargetOut], targets)

    # The same for every reader: encoded once per data version, as FastAPI would.
    return json_response(await cached_async(session, org, ("api.personnel.targets",), encoded))


@api_router.put("/targets/{band}", response_model=TargetOut)
def api_target_save(
    band: str, body: TargetIn, user: Editor, session: SessionDep, org: OrgDep
) -> TargetOut:
    """Create or change the target of a band (e.g. `11+`, URL-encoded as `11%2B`)."""
    code = parse_band(band).code
    target = service.save_target(
        session,
        org,
        code,
        body.share,
        body.year,
        actor=user.username,
        start_year=body.start_year,
        note=body.note,
    )
    return _target_out(target)


@api_router.delete("/targets/{band}", status_code=204)
def api_target_delete(band: str, user: Editor, session: SessionDep, org: OrgDep) -> Response:
    """Delete the target of a band."""
    service.delete_target(session, org, band, user.username)
    return Response(status_code=204)


@api_router.get("/imports", response_model=list[ImportOut])
async def api_imports(user: Importer, session: SessionDep, org: OrgDep) -> Response:
    """The import history: one entry per peildatum."""

    def encoded() -> bytes:
        history = [
            ImportOut(
                peildatum=s.peildatum,
                source=s.source_name,
                rows=s.row_count,
                imported_at=as_utc(s.imported_at),  # SQLite gives it back without its zone
                imported_by=s.imported_by,
            )
            for s in service.list_snapshots(session, org)
        ]
        return json_bytes(list[ImportOut], history)

    # The same for every importer: encoded once per data version, as FastAPI would.
    return json_response(await cached_async(session, org, ("api.personnel.imports",), encoded))


@api_router.post("/imports", response_model=ImportResult, status_code=201)
def api_import(
    response: Response,
    user: Importer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="CSV or XLSX export")],
    peildatum: Annotated[str, Form(description="YYYY-MM-DD")],
    replace: Annotated[bool, Form()] = False,
    dry_run: Annotated[bool, Form(description="Only validate; write nothing")] = False,
) -> ImportResult:
    """Import a personnel file for a peildatum: all rows or none.

    Every problem is listed in `problems` of a 422 answer, with file, row and column. A dry run
    answers 200 (nothing is created), an import 201.
    """
    day = service.parse_peildatum(peildatum)
    name = Path(file.filename or "upload.csv").name
    # read into memory (bounded), never to a file: an HR export holds personnel numbers
    upload = UploadedFile(name, file.file.read(settings.import_max_bytes + 1))
    secret = settings.resolved_secret_key()
    if dry_run:
        parsed = service.preview_import(upload, day, secret)
        if parsed.problems:
            raise ValidationFailedError(parsed.problems, parsed.problem_count)
        response.status_code = 200
        mapping = parsed.mapping
        return ImportResult(
            peildatum=day,
            rows=parsed.row_count,
            written=False,
            mapping={k: mapping.headers[i] for k, i in mapping.fields.items()},
            dropped_name_columns=mapping.dropped_names,
            ignored_columns=mapping.ignored,
        )
    summary = service.import_personnel(
        session, org, upload, day, secret=secret, actor=user.username, replace=replace
    )
    return ImportResult(
        peildatum=day,
        rows=summary.rows,
        written=True,
        replaced=summary.replaced,
        mapping=summary.mapping,
        dropped_name_columns=summary.dropped_names,
        ignored_columns=summary.ignored,
    )
