"""No hidden count of the published monitor can be worked out from the counts it does show."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from gepmonitor.core.privacy import protect_cells
from gepmonitor.personnel.bands import parse_band
from gepmonitor.personnel.demo import generate_demo_frame
from gepmonitor.personnel.disclosure import Published, protect_tables
from gepmonitor.personnel.export import monitor_to_dict
from gepmonitor.personnel.monitor import build_monitor
from gepmonitor.personnel.target_spec import TargetSpec

COUNTS = ("men", "women", "men_women", "other")
MIN_CELL = 5


TARGETS = [TargetSpec("13+", 0.5, 2028), TargetSpec("11+", 0.45, 2027)]


@pytest.fixture(scope="module", params=["no targets", "targets"])
def published(request: pytest.FixtureRequest) -> tuple[dict, dict]:
    """The monitor of a small demo province as JSON: protected and exact.

    With targets, the projection rates are published too: their sums are cells of the system.
    """
    frame = generate_demo_frame(11, staff=400, years=range(2019, 2025))
    bands = [parse_band(code) for code in ("11+", "13+", "lg")]
    targets = TARGETS if request.param == "targets" else []
    shown = build_monitor(frame, targets, min_cell=MIN_CELL, bands=bands)
    exact = build_monitor(frame, targets, min_cell=MIN_CELL, bands=bands, exact=True)
    return monitor_to_dict(shown), monitor_to_dict(exact)


RATE_FLOWS = ("band_start", "band_entries", "band_exits")
# The rates are of women and men (and their sum): they say nothing of the x/unknown counts.
RATE_COUNTS = ("men", "women", "men_women")


def rate_cells(band: dict) -> dict[tuple, int | None]:
    """Return the sums behind a band's published rates (None: the projection is withheld).

    The rates give the women's and men's appointments outright, and exits as rate × start.
    """
    target = band.get("target")
    if not target:
        return {}
    rates = target["rates"]
    result: dict[tuple, int | None] = {}
    for flow in RATE_FLOWS:
        for column in RATE_COUNTS:
            key = (f"rates {band['band']}", (flow,), column)
            if rates is None:
                result[key] = None
            elif flow == "band_entries" and column in ("men", "women"):
                result[key] = rates[f"appointments_{column}"]
            else:
                result[key] = -1  # shown, its value does not matter for derivability
    return result


def cells(data: dict) -> dict[tuple, int | None]:
    """Return every published count, keyed by (table, row, column)."""
    result: dict[tuple, int | None] = {}

    def add(table: str, rows: list[dict], keys: tuple[str, ...]) -> None:
        for row in rows:
            for column in COUNTS:
                result[(table, tuple(row[k] for k in keys), column)] = row[column]

    for band in data["bands"]:
        add(f"trend {band['band']}", band["trend"], ("year",))
        add(f"flows {band['band']}", band["flows"], ("year", "flow"))
        result.update(rate_cells(band))
    add("overall", data["overall"], ("year",))
    add("org", data["organisation_flows"], ("year", "flow"))
    add("reasons", data["outflow_reasons"], ("year", "exit_reason"))
    add("units", data["units"], ("unit",))
    add("ages", data["ages"], ("age_band",))
    return result


def relations(data: dict) -> list[dict[tuple, int]]:
    """Return the sums a reader can form from the published tables (written out by hand)."""
    found: list[dict[tuple, int]] = []
    keys = cells(data)
    for table, row, column in keys:
        if column == "men":
            found.append(
                {(table, row, "men"): 1, (table, row, "women"): 1, (table, row, "men_women"): -1}
            )
    years = data["years"]
    for band in data["bands"]:
        flows, trend = f"flows {band['band']}", f"trend {band['band']}"
        if rate_cells(band):
            rates = f"rates {band['band']}"
            for c in RATE_COUNTS:
                for flow in ("band_entries", "band_exits"):
                    parts = {(flows, (year, flow), c): 1 for year in years[1:]}
                    found.append({**parts, (rates, (flow,), c): -1})
                starts = {(trend, (year,), c): 1 for year in years[:-1]}
                found.append({**starts, (rates, ("band_start",), c): -1})
        for year in years[1:]:
            for c in COUNTS:
                found.append(
                    {
                        (flows, (year, "band_hired"), c): 1,
                        (flows, (year, "band_promoted"), c): 1,
                        (flows, (year, "band_entries"), c): -1,
                    }
                )
                found.append(
                    {
                        (flows, (year, "band_left_org"), c): 1,
                        (flows, (year, "band_moved_out"), c): 1,
                        (flows, (year, "band_exits"), c): -1,
                    }
                )
                found.append(
                    {
                        (trend, (year,), c): 1,
                        (trend, (year - 1,), c): -1,
                        (flows, (year, "band_entries"), c): -1,
                        (flows, (year, "band_exits"), c): 1,
                    }
                )
    for year in years[1:]:
        for c in COUNTS:
            found.append(
                {
                    ("overall", (year,), c): 1,
                    ("overall", (year - 1,), c): -1,
                    ("org", (year, "inflow"), c): -1,
                    ("org", (year, "outflow"), c): 1,
                }
            )
            reasons = {k: 1 for k in keys if k[0] == "reasons" and k[1][0] == year and k[2] == c}
            found.append({**reasons, ("org", (year, "outflow"), c): -1})
    for table in ("units", "ages"):
        for c in COUNTS:
            parts = {k: 1 for k in keys if k[0] == table and k[2] == c}
            found.append({**parts, ("overall", (years[-1],), c): -1})
    return found


def test_relations_hold_on_the_exact_figures(published):
    _, exact = published
    values = cells(exact)
    for relation in relations(exact):
        if any(values[k] == -1 for k in relation):
            continue  # a rate sum stands in: its value is not published as a count
        assert sum(values[k] * sign for k, sign in relation.items()) == 0, relation


def test_no_small_count_is_shown_and_shown_counts_are_true(published):
    shown, exact = published
    true = cells(exact)
    for key, value in cells(shown).items():
        if value == -1:
            continue  # a rate sum (not a count)
        assert value is None or value == true[key], key
        assert value is None or value == 0 or value >= MIN_CELL, key


def test_no_hidden_count_can_be_derived(published):
    shown, _ = published
    values = cells(shown)
    hidden = sorted((k for k, v in values.items() if v is None), key=repr)
    assert hidden, "the demo has small cells, so something must be hidden"
    index = {key: i for i, key in enumerate(hidden)}
    rows = [r for r in relations(shown) if any(k in index for k in r)]
    matrix = np.zeros((len(rows), len(hidden)))
    for row, relation in enumerate(rows):
        for key, sign in relation.items():
            if key in index:
                matrix[row, index[key]] = sign
    rank = np.linalg.matrix_rank(matrix)
    for key, column in index.items():
        unit = np.zeros((1, len(hidden)))
        unit[0, column] = 1
        # e_i in the row space of the system means the cell's value follows from shown cells.
        assert np.linalg.matrix_rank(np.vstack([matrix, unit])) > rank, key


def test_shares_and_fte_are_hidden_with_their_counts(published):
    shown, _ = published
    for band in shown["bands"]:
        for row in band["trend"]:
            if row["women"] is None or row["men"] is None:
                assert row["share_women"] is None and row["share_men"] is None
            if row["women"] is None:
                assert row["fte_women"] is None


def test_one_small_group_does_not_hide_the_large_ones():
    # The auditor's case: one x/unknown leaver hid 'andere werkgever' 17 / 21.
    reasons = pl.DataFrame(
        {
            "year": [2025, 2025],
            "exit_reason": ["andere werkgever", "pensioen"],
            "men": [17, 6],
            "women": [21, 9],
            "men_women": [38, 15],
            "other": [1, 7],
        }
    )
    outflow = pl.DataFrame(
        {
            "year": [2025],
            "flow": ["outflow"],
            "men": [23],
            "women": [30],
            "men_women": [53],
            "other": [8],
        }
    )
    tables = {
        "reasons": Published(reasons, ("year", "exit_reason")),
        "org_flows": Published(outflow, ("year", "flow")),
    }
    shown = protect_tables(tables, MIN_CELL)["reasons"]
    assert shown.row(0) == (2025, "andere werkgever", 17, 21, 38, None)
    assert shown["other"].to_list() == [None, None]  # 7 hidden too, else 8 - 7 = 1


def test_entries_cannot_be_undone_by_subtraction():
    # The auditor's case: appointments 8 / 7 = hired 8 / 5 + promoted 0 / 2.
    values = {
        ("hired", "m"): 8,
        ("hired", "v"): 5,
        ("promoted", "m"): 0,
        ("promoted", "v"): 2,
        ("entries", "m"): 8,
        ("entries", "v"): 7,
    }
    sums = [[((f, g), 1) for f in ("hired", "promoted")] + [(("entries", g), -1)] for g in "mv"]
    hidden = protect_cells(values, sums, MIN_CELL)
    assert ("promoted", "v") in hidden
    assert ("hired", "v") in hidden or ("entries", "v") in hidden
    assert ("hired", "m") not in hidden and ("entries", "m") not in hidden


def test_exact_monitor_hides_nothing():
    frame = generate_demo_frame(3, staff=200, years=range(2022, 2025))
    monitor = build_monitor(frame, [], min_cell=MIN_CELL, exact=True)
    assert monitor.units.null_count().select(pl.sum_horizontal(pl.all())).item() == 0


def test_target_status_hides_the_share_of_a_hidden_band():
    frame = generate_demo_frame(4, staff=300, years=range(2021, 2025))
    target = [TargetSpec("17+", 0.5, 2030)]
    band = [parse_band("17+")]
    exact = build_monitor(frame, target, min_cell=MIN_CELL, bands=band, exact=True).bands[0]
    assert exact.trend["men"][-1] < MIN_CELL  # 4 men, 5 women: 55.6% would give them away
    shown = build_monitor(frame, target, min_cell=MIN_CELL, bands=band).bands[0]
    assert shown.status is not None and exact.status is not None
    assert exact.status.current_share is not None
    assert shown.status.current_share is None and shown.status.gap_points is None
    assert exact.paths and not shown.paths
