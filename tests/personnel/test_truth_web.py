"""The dashboard tells the same truth as the `gep monitor` command (issue 11), on both databases.

The demo province's snapshots 2016-2025 with its targets: scale 13+ needs 82,1% of its
appointments to go to women, against 48,7% (185 of 380) in the same years.
"""

from __future__ import annotations

import re
from datetime import date

import polars as pl
from tests.personnel.exports import demo_year, write_export
from tests.personnel.test_truth import store_demo
from tests.webutil import csrf_token, logged_in_client, page_text, post_form


def dashboard_text(settings, session_factory, org, years: list[int] | None = None) -> str:
    with session_factory() as session:
        store_demo(session, session.merge(org), years)
    board = logged_in_client(settings, session_factory, org, "board")
    page = board.get("/lang/en?next=/dashboard")
    assert page.status_code == 200
    return re.sub(r"\s+", " ", page_text(page.text))


def test_the_dashboard_names_years_and_rates_and_compares_like_with_like(
    settings, session_factory, org
):
    text = dashboard_text(settings, session_factory, org)
    assert "years used" in text and "share of women among appointments (same years)" in text
    band = text.split("Targets", 2)[2].split("Trend scale 13 and higher")[0]
    # years used, ..., required share, the women's share of the same appointments, verdict
    assert re.search(r"2016–2025 \S+% \S+% 82\.1% 48\.7% \(185 of 380\) off track", band), band
    assert "rates 2016–2025: exits per year women 8.7%, men 7.2%" in band
    flows = text.split("Inflow, promotion and outflow scale 13 and higher")[1]
    assert flows.startswith(" (men / women) period hired into band")


def test_the_dashboard_says_too_little_data_with_two_years(settings, session_factory, org):
    text = dashboard_text(settings, session_factory, org, [2024, 2025])
    assert "too little data" in text
    assert "on track" not in text and "off track" not in text
    assert "82.1%" not in text


def _upload(client, path, peildatum: str):  # type: ignore[no-untyped-def]
    preview = client.post(
        "/personnel/imports/preview",
        data={"csrf_token": csrf_token(client), "peildatum": peildatum},
        files={"file": (path.name, path.read_bytes(), "text/csv")},
    )
    assert preview.status_code == 200, page_text(preview.text)
    token = preview.text.split('name="token" value="')[1].split('"')[0]
    done = post_form(client, "/personnel/imports/commit", {"token": token, "peildatum": peildatum})
    assert done.status_code == 200
    return done


def test_the_imports_page_shows_staff_apart_and_which_snapshot_counts(
    settings, session_factory, org, tmp_path
):
    hr = logged_in_client(settings, session_factory, org, "hr")
    december = write_export(demo_year(2025), tmp_path / "hr-2025-12.csv")
    june = demo_year(2025).with_columns(pl.lit(date(2025, 6, 30)).alias("peildatum"))
    _upload(hr, december, "2025-12-31")
    _upload(hr, write_export(june, tmp_path / "hr-2025-06.csv"), "2025-06-30")
    page = hr.get("/lang/en?next=/personnel/imports")
    text = re.sub(r"\s+", " ", page_text(page.text))
    assert "Rows staff left before start after counts for the year" in text
    # 1,750 rows: 1,635 staff on 31 December and 115 who left during 2025; June counts no year
    assert re.search(r"31/12/2025 hr-2025-12\.csv 1750 1635 115 0 yes", text), text
    assert "30/06/2025 hr-2025-06.csv 1750 1625 65 60 no" in text
