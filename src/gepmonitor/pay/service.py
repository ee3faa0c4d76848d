"""Pay use cases: import a year's pay, load it, compute the art. 9 figures and the analysis.

The art. 10 register lives in pay.register; CLI, web pages and API call these functions and never
query the database themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from gepmonitor.core import audit
from gepmonitor.core.cache import cached
from gepmonitor.core.errors import ConflictError, InputError, NotFoundError
from gepmonitor.core.models import Organisation
from gepmonitor.core.reader import read_table
from gepmonitor.pay.figures import (
    MEN,
    WOMEN,
    PayGapFigures,
    category_figures,
    paygap_figures,
    with_pay_measures,
)
from gepmonitor.pay.importer import FIELDS, FRAME_SCHEMA, Person, parse_pay_table
from gepmonitor.pay.models import PayRecord, PayYear
from gepmonitor.pay.register import open_assessments
from gepmonitor.personnel.headers import load_mapping_file
from gepmonitor.personnel.models import EmployeeRecord, Snapshot
from gepmonitor.personnel.service import check_year

if TYPE_CHECKING:  # the analysis (numpy, scipy) loads only when a command asks for it
    from gepmonitor.pay.analysis import Decomposition, Regression

_COLUMNS = list(FRAME_SCHEMA)


@dataclass
class PayImportSummary:
    """What an import wrote and what it noticed."""

    year: int
    rows: int
    by_gender: dict[str, int]
    components: list[str]
    category_kind: str
    from_snapshot: int
    peildatum: date | None
    dropped_names: list[str]
    ignored: list[str]
    replaced: bool
    warnings: list[str] = field(default_factory=list)


def snapshot_people(
    session: Session, org: Organisation, year: int
) -> tuple[date | None, dict[str, Person]]:
    """Return the year's reference peildatum and what its snapshot knows per pseudonym.

    The reference snapshot is the one every yearly figure uses (personnel.peildatum): the last
    in the year unless the organisation set a month-day.
    """
    from gepmonitor.personnel.service import reference_snapshots

    peildatum = reference_snapshots(session, org).get(year)
    if peildatum is None:
        return None, {}
    rows = session.execute(
        select(
            EmployeeRecord.employee_key,
            EmployeeRecord.gender,
            EmployeeRecord.scale_label,
            EmployeeRecord.birth_year,
            EmployeeRecord.hire_date,
            EmployeeRecord.fte,
        )
        .join(Snapshot, EmployeeRecord.snapshot_id == Snapshot.id)
        .where(Snapshot.org_id == org.id, Snapshot.peildatum == peildatum)
    ).all()
    return peildatum, {row[0]: Person(*row[1:]) for row in rows}


def import_pay(
    session: Session,
    org: Organisation,
    path: Path,
    year: int,
    *,
    secret: str,
    actor: str,
    mapping_path: Path | None = None,
    replace: bool = False,
    display_name: str | None = None,
    lang: str = "nl",
) -> PayImportSummary:
    """Import a file as the pay of a reference year: every row or, on any problem, none."""
    check_year(year)
    table = read_table(path, display_name)
    existing = _pay_year(session, org, year)
    if existing is not None and not replace:
        raise ConflictError(
            "Pay for {year} has already been imported; use --replace to replace it.", year=year
        )
    mapping = load_mapping_file(mapping_path, FIELDS) if mapping_path else None
    peildatum, people = snapshot_people(session, org, year)
    parsed = parse_pay_table(table, year, secret, people, peildatum=peildatum, mapping=mapping)
    frame = parsed.frame
    if frame.is_empty():
        raise InputError("{file} is empty.", file=table.name)
    if existing is not None:
        session.delete(existing)
        session.flush()
    store_pay(
        session,
        org,
        year,
        frame,
        source_name=table.name,
        actor=actor,
        components=parsed.columns.components,
        category_kind=parsed.columns.category_kind,
    )
    open_assessments(
        session,
        org,
        year,
        category_figures(with_pay_measures(frame), min_cell=1, exact=True),
        reported_on=date.today(),
        actor=actor,
    )
    audit.record(
        session,
        action="import_pay",
        actor=actor,
        org_id=org.id,
        target=str(year),
        detail=f"{table.name}: {frame.height} rows" + (" (replaced)" if existing else ""),
    )
    counts = frame.group_by("gender").len()
    return PayImportSummary(
        year=year,
        rows=frame.height,
        by_gender={row[0]: row[1] for row in counts.iter_rows()},
        components=parsed.columns.components,
        category_kind=parsed.columns.category_kind,
        from_snapshot=parsed.from_snapshot,
        peildatum=peildatum,
        dropped_names=parsed.columns.dropped_names,
        ignored=parsed.columns.ignored,
        replaced=existing is not None,
        warnings=[warning.render(lang) for warning in parsed.warnings],
    )


def store_pay(
    session: Session,
    org: Organisation,
    year: int,
    frame: pl.DataFrame,
    *,
    source_name: str,
    actor: str,
    components: list[str],
    category_kind: str = "scale",
) -> PayYear:
    """Write a checked pay frame (FRAME_SCHEMA) as the organisation's pay of the year."""
    pay_year = PayYear(
        org_id=org.id,
        year=year,
        category_kind=category_kind,
        components="\n".join(components),
        source_name=source_name,
        imported_by=actor,
        row_count=frame.height,
    )
    session.add(pay_year)
    session.flush()
    rows = frame.select(list(FRAME_SCHEMA)).with_columns(
        pl.lit(pay_year.id).alias("pay_year_id"), pl.col("components").fill_null("")
    )
    for chunk in rows.iter_slices(20_000):
        session.execute(insert(PayRecord), chunk.to_dicts())
    return pay_year


def _pay_year(session: Session, org: Organisation, year: int) -> PayYear | None:
    return session.scalar(select(PayYear).where(PayYear.org_id == org.id, PayYear.year == year))


def pay_years(session: Session, org: Organisation) -> list[PayYear]:
    """Return the organisation's imported pay years, oldest first."""
    return list(
        session.scalars(select(PayYear).where(PayYear.org_id == org.id).order_by(PayYear.year))
    )


def delete_pay_year(session: Session, org: Organisation, year: int, actor: str) -> None:
    """Remove a year's pay."""
    pay_year = _pay_year(session, org, year)
    if pay_year is None:
        raise NotFoundError("No pay imported for {year}.", year=year)
    session.execute(delete(PayRecord).where(PayRecord.pay_year_id == pay_year.id))
    session.delete(pay_year)
    audit.record(session, action="delete_pay", actor=actor, org_id=org.id, target=str(year))


def load_pay(session: Session, org: Organisation, year: int) -> pl.DataFrame:
    """Return the year's pay frame (gender, category, pay, hours, ...); NotFoundError if none."""
    pay_year = _pay_year(session, org, year)
    if pay_year is None:
        raise NotFoundError("No pay imported for {year}.", year=year)
    rows = session.execute(
        select(*(getattr(PayRecord, c) for c in _COLUMNS)).where(
            PayRecord.pay_year_id == pay_year.id
        )
    ).all()
    schema = {c: FRAME_SCHEMA[c] for c in _COLUMNS}
    return pl.DataFrame(rows, schema=schema, orient="row")


def figures(
    session: Session, org: Organisation, year: int, *, min_cell: int, exact: bool = False
) -> PayGapFigures:
    """Return the art. 9 figures of a year (suppressed unless exact), once per data version."""
    return cached(
        session,
        org,
        ("pay.figures", year, min_cell, exact),
        lambda: paygap_figures(load_pay(session, org, year), year, min_cell=min_cell, exact=exact),
    )


def record_exact_view(
    session: Session, org: Organisation, *, actor: str, year: int, what: str
) -> None:
    """Record in the audit log that exact (unsuppressed) pay figures were shown."""
    audit.record(
        session,
        action="view",
        actor=actor,
        org_id=org.id,
        target=f"pay {year}",
        detail=f"exact figures, {what}",
    )


@dataclass
class Analysis:
    """The equal-pay analysis of a year: regression, decomposition, and who was left out."""

    year: int
    regression: Regression | None
    decomposition: Decomposition | None
    used: int
    left_out: int  # workers without birth year, hire date or FTE, or of another gender
    problem: str | None = None  # why no model could be fitted


def analyse(session: Session, org: Organisation, year: int, *, min_cell: int) -> Analysis:
    """Fit the equal-pay regression and the Oaxaca-Blinder decomposition on a year's pay.

    Once per data version (core.cache); callers must not change the result.
    """

    def compute() -> Analysis:
        frame = with_pay_measures(load_pay(session, org, year))
        return analyse_frame(frame, year, min_cell=min_cell)

    return cached(session, org, ("pay.analysis", year, min_cell), compute)


def analyse_frame(frame: pl.DataFrame, year: int, *, min_cell: int) -> Analysis:
    """Run the analysis on a pay frame; women and men must each number at least min_cell."""
    from gepmonitor.pay.analysis import (
        AnalysisNotPossibleError,
        add_covariates,
        complete_rows,
        explain,
        product_spec,
    )

    data = add_covariates(frame, year).filter(pl.col("gender").is_in([WOMEN, MEN]))
    spec = product_spec("basic_hourly")
    usable = complete_rows(data, spec)
    left_out = frame.height - usable.height
    women = usable.filter(pl.col("gender") == WOMEN).height
    if min(women, usable.height - women) < min_cell:
        problem = "too few women or men with complete data"
        return Analysis(year, None, None, usable.height, left_out, problem)
    try:
        fitted, decomposition = explain(usable.drop_nulls("hourly"), spec, decompose="hourly")
    except AnalysisNotPossibleError as error:
        return Analysis(year, None, None, usable.height, left_out, str(error))
    return Analysis(year, fitted, decomposition, usable.height, left_out)
