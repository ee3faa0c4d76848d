"""The monitor's flows, reasons for leaving and trends against a plain computation by definition.

The monitor matches people across snapshots by sorting packed integers (indicators.staff_codes)
and counts the trends from a cube; here every figure is recomputed person by person in Python,
straight from the definitions in indicators/flows.py, on random frames (Hypothesis) and on the
demo organisation, through the sort, through the join it falls back to, and through
build_monitor's combined queries (indicators.tables).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from gepmonitor.personnel.bands import DEFAULT_BANDS, Band, parse_band
from gepmonitor.personnel.demo import generate_demo_frame
from gepmonitor.personnel.indicators import composition, flows, tables
from gepmonitor.personnel.indicators.staff_codes import Layout, pair_states
from gepmonitor.personnel.schema import conform

GENDER_COLUMNS = {"m": "men", "v": "women", "x": "x", "onbekend": "unknown"}
BANDS = [*DEFAULT_BANDS, parse_band("9+"), Band("5-9", "5 t/m 9", "5 to 9", 5, 9)]


def in_band(row: dict[str, Any] | None, band: Band) -> bool:
    """Return whether a staff row is in the band (no row, no scale: not in it)."""
    if row is None:
        return False
    scale = row["scale"]
    if band.min_scale is not None and (scale is None or scale < band.min_scale):
        return False
    if band.max_scale is not None and (scale is None or scale > band.max_scale):
        return False
    return not band.managers_only or bool(row["is_manager"])


def reference_flows(
    rows: list[dict[str, Any]], bands: list[Band]
) -> dict[str | None, dict[tuple[int, int, str], tuple[int | None, ...]]]:
    """Return per table (None: the organisation's) the counts of every period and flow."""
    years = sorted({r["year"] for r in rows})
    staff = {(r["year"], r["employee_key"]): r for r in rows if r["staff"]}
    # A year whose staff rows all lack is_manager cannot tell the managers band.
    manager_unknown = {y for y, _ in staff} - {
        y for (y, _), r in staff.items() if r["is_manager"] is not None
    }
    result: dict[str | None, dict[tuple[int, int, str], tuple[int | None, ...]]] = {
        code: {} for code in [None, *(b.code for b in bands)]
    }
    for earlier, later in zip(years, years[1:], strict=False):
        tallies: dict[str | None, Counter[tuple[str, str]]] = {c: Counter() for c in result}
        people = {key for (year, key) in staff if year in (earlier, later)}
        for key in people:
            before, after = staff.get((earlier, key)), staff.get((later, key))
            was = before is not None and before["gender"] is not None
            now = after is not None and after["gender"] is not None
            gender = after["gender"] if now else (before["gender"] if before else None)
            happened = {"inflow": now and not was, "outflow": was and not now}
            for name in [n for n, yes in happened.items() if yes]:
                for code in result:
                    tallies[code][(name, gender)] += 1
            for band in bands:
                # Being in a band needs a row, not a gender.
                is_in, was_in = in_band(after, band), in_band(before, band)
                band_flows = {
                    "band_start": was_in,
                    "band_hired": is_in and not was,
                    "band_promoted": is_in and was and not was_in,
                    "band_entries": is_in and not was_in,
                    "band_left_org": was_in and not now,
                    "band_moved_out": was_in and now and not is_in,
                    "band_exits": was_in and not (now and is_in),
                }
                for name in [n for n, yes in band_flows.items() if yes]:
                    tallies[band.code][(name, gender)] += 1
        for code, tally in tallies.items():
            band = next((b for b in bands if b.code == code), None)
            names = [n for n in flows.FLOW_ORDER if band is not None or not n.startswith("band")]
            for name in names:
                counts: tuple[int | None, ...] = tuple(tally[(name, g)] for g in GENDER_COLUMNS)
                unknown = band is not None and band.managers_only and name.startswith("band")
                if unknown and {earlier, later} & manager_unknown:
                    counts = (None,) * len(GENDER_COLUMNS)
                result[code][(later, earlier, name)] = counts
    return result


def reference_reasons(rows: list[dict[str, Any]]) -> dict[tuple[int, str], tuple[int, ...]]:
    """Return per later year and exit reason the leavers by gender and in total."""
    years = sorted({r["year"] for r in rows})
    by_key = {(r["year"], r["employee_key"]): r for r in rows}
    staff = {k for k, r in by_key.items() if r["staff"]}
    tally: Counter[tuple[int, str, str | None]] = Counter()
    for earlier, later in zip(years, years[1:], strict=False):
        for year, key in staff:
            if year != earlier or (later, key) in staff:
                continue
            exit_row = by_key.get((later, key))
            if exit_row is None or exit_row["exit_date"] is None:
                exit_row = by_key[(earlier, key)]
            reason = "onbekend"
            if exit_row["exit_date"] is not None:
                reason = exit_row["exit_reason"] or "onbekend"
            tally[(later, reason, by_key[(earlier, key)]["gender"])] += 1
    result = {}
    for later, reason in {(y, r) for y, r, _ in tally}:
        counts = tuple(tally[(later, reason, g)] for g in GENDER_COLUMNS)
        total = sum(n for (y, r, _), n in tally.items() if (y, r) == (later, reason))
        result[(later, reason)] = (*counts, total)
    return result


def as_dict(table: pl.DataFrame) -> dict[tuple[int, int, str], tuple[int | None, ...]]:
    columns = list(GENDER_COLUMNS.values())
    return {
        (r["year"], r["from_year"], r["flow"]): tuple(r[c] for c in columns)
        for r in table.iter_rows(named=True)
    }


def check_frame(frame: pl.DataFrame, bands: list[Band]) -> None:
    """Assert that every way the application computes flows and reasons gives the reference."""
    rows = frame.to_dicts()
    expected = reference_flows(rows, bands)
    by_sort = flows.monitor_flows(frame, bands)
    years = flows.link_years(frame)
    staff = flows.staff_rows(frame.lazy(), bands)
    by_join = flows.flow_tables(
        pair_states(pl.Series([], dtype=pl.UInt64), years, None, staff),
        years,
        bands,
        manager_unknown=composition.unknown_years(frame, "is_manager"),
    )
    last = max(years) if years else 0
    combined = tables.monitor_tables(frame, bands, last)
    for code, table in expected.items():
        for computed in (by_sort, by_join, combined.flows):
            assert as_dict(computed[code]) == table
            assert computed[code]["total"].to_list() == [
                None if r[0] is None else sum(r) for r in table.values()
            ]
    reasons = {
        (r["year"], r["exit_reason"]): (r["men"], r["women"], r["x"], r["unknown"], r["total"])
        for r in flows.outflow_reasons(frame).iter_rows(named=True)
    }
    assert reasons == reference_reasons(rows)
    combined_reasons = combined.reasons.select(flows.outflow_reasons(frame).columns)
    assert_frame_equal(combined_reasons, flows.outflow_reasons(frame), check_row_order=False)
    for band in bands:
        assert_frame_equal(
            combined.trends[band.code],
            composition.band_trend(frame, band),
            check_exact=False,
            rel_tol=0,
            abs_tol=1e-9,
        )
    assert_frame_equal(combined.overall, composition.overall_trend(frame), rel_tol=0, abs_tol=1e-9)
    assert_frame_equal(combined.units, composition.by_unit(frame, last), rel_tol=0, abs_tol=1e-9)
    assert_frame_equal(combined.ages, composition.by_age_band(frame, last), rel_tol=0, abs_tol=1e-9)
    assert combined.banenafspraak.equals(composition.banenafspraak_count(frame))


@st.composite
def snapshot_frames(draw: st.DrawFn) -> pl.DataFrame:
    """Draw snapshots: a few years with gaps, people coming, going, moving, oddly registered."""
    years = sorted(draw(st.sets(st.integers(2015, 2024), min_size=1, max_size=5)))
    # An FTE column is in a snapshot or not (a row without FTE in a snapshot with the column
    # counts as 0 in the monitor's band trends but as no data in band_trend: not compared).
    with_fte = {year: draw(st.booleans()) for year in years}
    rows = []
    for person in range(draw(st.integers(0, 12))):
        for year in years:
            if not draw(st.booleans()):
                continue
            left = draw(st.sampled_from([None, None, "pensioen", "overig", ""]))
            rows.append(
                {
                    "peildatum": date(year, 12, 31),
                    "employee_key": f"p{person}",
                    "gender": draw(st.sampled_from(["m", "v", "v", "x", "onbekend", None, "?"])),
                    "scale": draw(st.sampled_from([None, 4, 5, 9, 10, 11, 13, 18])),
                    "is_manager": draw(st.sampled_from([None, False, True])),
                    "fte": draw(st.sampled_from([0.5, 0.8, 1.0])) if with_fte[year] else None,
                    "unit": draw(st.sampled_from([None, "A", "B"])),
                    "birth_year": draw(st.sampled_from([None, 1960, 1990, 2001])),
                    "exit_date": None if left is None else date(year, 6, 30),
                    "exit_reason": left or None,
                    "staff": left is None or draw(st.booleans()),
                }
            )
    if not rows:
        return conform(pl.DataFrame({"peildatum": [date(years[0], 12, 31)]}).clear())
    return conform(pl.DataFrame(rows).with_columns(pl.col("peildatum").dt.year().alias("year")))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=snapshot_frames())
def test_random_frames_equal_the_reference(frame):
    check_frame(frame, BANDS)


def test_demo_organisation_equals_the_reference():
    frame = generate_demo_frame()
    assert frame.filter(pl.col("exit_date").is_not_null()).height > 100  # reasons are tested
    check_frame(frame, BANDS)


def test_many_bands_take_the_join_and_equal_the_reference():
    frame = generate_demo_frame(staff=300, years=range(2019, 2024))
    bands = [parse_band(f"{scale}+") for scale in range(1, 19)]
    assert Layout.of(flows.link_years(frame), len(bands)) is None  # no room left for the hash
    check_frame(frame, bands)


def test_a_duplicate_person_year_takes_the_join():
    frame = generate_demo_frame(staff=200, years=range(2020, 2023))
    staff = frame.filter(pl.col("staff"))
    twice = pl.concat([frame, staff.filter(pl.col("year") == 2021).head(1)])
    years = flows.link_years(twice)
    layout = Layout.of(years, 0)
    rows = flows.staff_rows(twice.lazy(), [])
    pairs = pair_states(flows.packed_codes(rows, layout).collect()["packed"], years, layout, rows)
    assert not pairs.by_sort
    assert pair_states(
        flows.packed_codes(flows.staff_rows(frame.lazy(), []), layout).collect()["packed"],
        years,
        layout,
        rows,
    ).by_sort
