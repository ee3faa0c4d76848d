"""The personnel monitor reproduces the published Groningen trend table, in every output."""

from __future__ import annotations

import json

import polars as pl
import pytest
from tests.personnel.groningen import groningen_frame, published, write_groningen_csvs

from gepmonitor.personnel.bands import parse_band
from gepmonitor.personnel.export import trend_rows
from gepmonitor.personnel.monitor import build_monitor


def test_trend_rows_equal_published_strings():
    monitor = build_monitor(groningen_frame(), [], min_cell=5, bands=[parse_band("11+")])
    rows = trend_rows(monitor.bands[0], "nl", 5)
    expected = [
        [
            r["year"],
            f"{r['men']} ({r['men_pct_published']})",
            f"{r['women']} ({r['women_pct_published']})",
            r["total"],
            "0",
        ]
        for r in published()
    ]
    assert rows == expected


def test_cli_monitor_after_importing_each_year(run_cli, tmp_path, session):
    assert run_cli("init")[0] == 0
    for path, peildatum in write_groningen_csvs(tmp_path):
        code, out, err = run_cli("import", "personnel", str(path), "--peildatum", peildatum)
        assert code == 0, err
    code, out, err = run_cli("monitor", "--band", "11+")
    assert code == 0, err
    for row in published():
        line = next(line for line in out.splitlines() if f" {row['year']} " in line)
        assert f"{row['men']} ({row['men_pct_published']})" in line
        assert f"{row['women']} ({row['women_pct_published']})" in line
        assert f" {row['total']} " in line
    code, out, _ = run_cli("monitor", "--band", "11+", "--format", "json")
    data = json.loads(out)
    trend = data["bands"][0]["trend"]
    assert [(t["year"], t["men"], t["women"]) for t in trend] == [
        (int(r["year"]), int(r["men"]), int(r["women"])) for r in published()
    ]
    code, out, _ = run_cli("monitor", "--band", "11+", "--format", "csv", "--from", "2019")
    assert out.splitlines()[0].startswith("band,year,men,women")
    assert len(out.splitlines()) == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["monitor", "--band", "12b"], "Onbekende band"),
        (["monitor", "--format", "pdf"], "Onbekend formaat"),
        (["monitor"], "nog geen personeelsgegevens"),
    ],
)
def test_monitor_errors_are_one_line(run_cli, args, message):
    run_cli("init")
    code, out, err = run_cli(*args)
    assert code == 2
    assert message in err and "Traceback" not in err


def test_small_cells_suppressed_unless_exact():
    frame = groningen_frame().with_columns(
        pl.when(
            pl.col("employee_key").str.starts_with("L")
            & (pl.col("year") == 2021)
            & (pl.col("gender") == "m")
        )
        .then(pl.lit("Kleine unit"))
        .otherwise(pl.col("unit"))
        .alias("unit")
    )
    small = frame.filter(pl.col("unit") == "Kleine unit").filter(pl.col("year") == 2021)
    small = small.head(3)
    frame = pl.concat([frame.filter(pl.col("unit") != "Kleine unit"), small])
    monitor = build_monitor(frame, [], min_cell=5)
    unit = monitor.units.filter(pl.col("unit") == "Kleine unit").row(0, named=True)
    assert unit["men"] is None and unit["women"] is None and unit["share_women"] is None
    exact = build_monitor(frame, [], min_cell=5, exact=True)
    assert exact.units.filter(pl.col("unit") == "Kleine unit")["men"].to_list() == [3]


def test_json_is_the_same_whatever_the_row_order():
    from gepmonitor.personnel.demo import generate_demo_frame
    from gepmonitor.personnel.export import monitor_to_dict

    frame = generate_demo_frame(4, staff=300, years=range(2021, 2025))
    first = monitor_to_dict(build_monitor(frame, [], min_cell=5))
    shuffled = frame.sample(fraction=1.0, shuffle=True, seed=1)
    assert json.dumps(monitor_to_dict(build_monitor(shuffled, [], min_cell=5))) == json.dumps(first)
    reasons = [(r["year"], r["exit_reason"]) for r in first["outflow_reasons"]]
    exact = build_monitor(frame, [], min_cell=5, exact=True).outflow_reasons
    totals = {
        (r["year"], r["exit_reason"]): r["men_women"] + r["other"]
        for r in exact.iter_rows(named=True)
    }
    assert reasons == sorted(reasons, key=lambda k: (k[0], -totals[k], k[1]))


def test_cli_shows_the_organisation_with_fte(run_cli, session, org):
    from gepmonitor.personnel import service
    from gepmonitor.personnel.demo import generate_demo_frame

    frame = generate_demo_frame(4, staff=300, years=range(2022, 2025))
    service.store_frame(session, org, frame, source_name="t", actor="t")
    session.commit()
    code, out, err = run_cli("monitor", "--band", "11+")
    assert code == 0, err
    assert "Hele organisatie: verdeling man/vrouw en fte" in out and "fte vrouw" in out
    assert "Hele organisatie: in- en uitstroom" in out and "Redenen van uitstroom, 2024" in out
    fte_women = build_monitor(frame, [], min_cell=5).overall["fte_women"][-1]
    assert f"{fte_women:.1f}".replace(".", ",") in out


def test_a_band_whose_people_have_no_fte_shows_no_fte_not_zero():
    """Missing is not zero: without an FTE value for anyone in 13+, its FTE is no data."""
    from gepmonitor.personnel.demo import generate_demo_frame
    from gepmonitor.personnel.indicators.composition import band_trend

    senior, wide = parse_band("13+"), parse_band("11+")
    frame = generate_demo_frame(11, staff=400, years=range(2022, 2025))
    frame = frame.with_columns(
        pl.when(senior.expr()).then(None).otherwise(pl.col("fte")).alias("fte")
    )
    monitor = build_monitor(frame, [], min_cell=5, bands=[senior, wide], exact=True)
    trends = {band.band.code: band.trend for band in monitor.bands}
    assert trends["13+"]["men"].min() > 0 and trends["13+"]["women"].min() > 0
    assert trends["13+"]["fte_men"].is_null().all() and trends["13+"]["fte_women"].is_null().all()
    assert band_trend(frame, senior)["fte_women"].is_null().all()  # the one-band path agrees
    assert trends["11+"]["fte_men"].is_not_null().all()  # 11+ has people with an FTE
