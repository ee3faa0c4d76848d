"""The JSON API: indicators, trend, flows, targets, imports; tokens; errors as {"detail"}."""

from __future__ import annotations

import pytest
from tests.web.sample import good_rows, personnel_csv, rows_with_errors
from tests.webutil import api_token, create_user, make_client


def _client(settings, session_factory, org, role):
    username, _ = create_user(session_factory, org, role)
    client = make_client(settings)
    client.headers["Authorization"] = f"Bearer {api_token(session_factory, username)}"
    return client


def test_indicators_trend_and_flows(settings, session_factory, demo):
    viewer = _client(settings, session_factory, demo, "viewer")
    data = viewer.get("/api/v1/personnel/indicators").json()
    assert data["year"] == 2025 and data["min_cell"] == 5 and data["exact"] is False
    band = next(b for b in data["bands"] if b["band"] == "11+")
    assert band["men"] + band["women"] == band["men_women"]
    assert band["share_women"] == pytest.approx(band["women"] / band["men_women"])
    assert band["target"]["target_share"] == 0.45
    assert {"linear_projection", "flow_projection"} <= set(band["target"])
    # Suppressed cells are null, never a small number.
    for unit in data["units"]:
        for key in ("men", "women", "other"):
            assert unit[key] is None or unit[key] == 0 or unit[key] >= 5
    assert any(u["other"] is None for u in data["units"])
    trend = viewer.get("/api/v1/personnel/trend", params={"band": "13+"}).json()
    assert [b["band"] for b in trend["bands"]] == ["13+"]
    assert [r["year"] for r in trend["bands"][0]["rows"]] == list(range(2016, 2026))
    flows = viewer.get("/api/v1/personnel/flows").json()
    assert {r["flow"] for r in flows["bands"][0]["rows"]} >= {"band_hired", "band_exits"}
    assert {r["flow"] for r in flows["organisation"]} == {"inflow", "outflow"}
    old = viewer.get("/api/v1/personnel/indicators", params={"year": 2019}).json()
    assert old["year"] == 2019
    assert viewer.get("/api/v1/personnel/indicators?year=1999").status_code == 422
    bad_band = viewer.get("/api/v1/personnel/trend?band=abc")
    assert bad_band.status_code == 422 and "Onbekende band" in bad_band.json()["detail"]
    denied = viewer.get("/api/v1/personnel/indicators?exact=true")
    assert denied.status_code == 403 and set(denied.json()) == {"detail"}


def _exact_views(session_factory) -> list[tuple[str, str, str]]:
    from gepmonitor.core.audit import entries

    with session_factory() as session:
        return [
            (e.actor, e.target, e.detail)
            for e in reversed(entries(session))
            if e.action == "view" and e.detail.startswith("exact counts")
        ]


def test_exact_counts_for_hr(settings, session_factory, demo):
    hr = _client(settings, session_factory, demo, "hr")
    hr.get("/api/v1/personnel/indicators")
    hr.get("/api/v1/personnel/trend")
    assert _exact_views(session_factory) == []  # suppressed views are not exact views
    data = hr.get("/api/v1/personnel/indicators?exact=true").json()
    assert data["exact"] is True
    assert all(u["other"] is not None for u in data["units"])
    # A cached answer is still a view: it is recorded every time.
    hr.get("/api/v1/personnel/indicators?exact=true&year=2024")
    assert hr.get("/api/v1/personnel/trend?exact=true&band=13%2B").status_code == 200
    assert hr.get("/api/v1/personnel/flows?exact=true").status_code == 200
    assert _exact_views(session_factory) == [
        ("test-hr", "api/personnel/indicators", "exact counts, year latest"),
        ("test-hr", "api/personnel/indicators", "exact counts, year 2024"),
        ("test-hr", "api/personnel/trend", "exact counts, band 13+"),
        ("test-hr", "api/personnel/flows", "exact counts, band all"),
    ]


def test_targets_api(settings, session_factory, org):
    hr = _client(settings, session_factory, org, "hr")
    saved = hr.put("/api/v1/personnel/targets/11%2B", json={"share": 45, "year": 2030})
    assert saved.status_code == 200 and saved.json()["target_share"] == 0.45
    assert (
        hr.put("/api/v1/personnel/targets/lg", json={"share": 0.5, "year": 2028}).json()["band"]
        == "lg"
    )
    assert [t["band"] for t in hr.get("/api/v1/personnel/targets").json()] == ["11+", "lg"]
    bad = hr.put("/api/v1/personnel/targets/11%2B", json={"share": "veel", "year": 2030})
    assert bad.status_code == 422 and "share" in bad.json()["detail"]
    wrong_band = hr.put("/api/v1/personnel/targets/xyz", json={"share": 40, "year": 2030})
    assert wrong_band.status_code == 422
    assert hr.delete("/api/v1/personnel/targets/lg").status_code == 204
    assert hr.delete("/api/v1/personnel/targets/lg").status_code == 404
    board = _client(settings, session_factory, org, "board")
    assert board.get("/api/v1/personnel/targets").status_code == 200
    assert board.put("/api/v1/personnel/targets/11%2B", json={"share": 1, "year": 2030}).json() == {
        "detail": "Uw rol heeft geen toegang tot deze pagina of gegevens."
    }


def test_imports_api_all_or_nothing(settings, session_factory, org):
    hr = _client(settings, session_factory, org, "hr")
    hr.headers["Accept-Language"] = "en"
    bad = hr.post(
        "/api/v1/personnel/imports",
        data={"peildatum": "2024-12-31"},
        files={"file": ("hr.csv", personnel_csv(rows_with_errors()), "text/csv")},
    )
    assert bad.status_code == 422
    body = bad.json()
    assert body["detail"].startswith("3 problems found; nothing was written.")
    assert len(body["problems"]) == 3 and body["problems"][0].startswith("hr.csv, row 4")
    assert hr.get("/api/v1/personnel/imports").json() == []
    dry = hr.post(
        "/api/v1/personnel/imports",
        data={"peildatum": "2024-12-31", "dry_run": "true"},
        files={"file": ("hr.csv", personnel_csv(good_rows()), "text/csv")},
    )
    assert dry.status_code == 200 and dry.json()["written"] is False  # nothing was created
    assert dry.json()["dropped_name_columns"] == ["Naam"]
    assert hr.get("/api/v1/personnel/imports").json() == []
    done = hr.post(
        "/api/v1/personnel/imports",
        data={"peildatum": "2024-12-31"},
        files={"file": ("hr.csv", personnel_csv(good_rows()), "text/csv")},
    )
    assert done.status_code == 201 and done.json()["rows"] == 36
    again = hr.post(
        "/api/v1/personnel/imports",
        data={"peildatum": "2024-12-31"},
        files={"file": ("hr.csv", personnel_csv(good_rows()), "text/csv")},
    )
    assert again.status_code == 409
    assert again.json()["detail"] == (
        "Peildatum 31 December 2024 has already been imported; send replace=true to replace it."
    )
    history = hr.get("/api/v1/personnel/imports").json()
    assert [(h["peildatum"], h["rows"], h["source"]) for h in history] == [
        ("2024-12-31", 36, "hr.csv")
    ]
    missing = hr.post("/api/v1/personnel/imports", data={"peildatum": "2024-12-31"})
    assert missing.status_code == 422 and "file" in missing.json()["detail"]
    data = hr.get("/api/v1/personnel/indicators").json()
    assert data["year"] == 2024


def test_openapi_lists_the_api(settings):
    schema = make_client(settings).get("/api/v1/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/v1/personnel/indicators",
        "/api/v1/personnel/trend",
        "/api/v1/personnel/flows",
        "/api/v1/personnel/targets",
        "/api/v1/personnel/imports",
        "/api/v1/me",
        "/api/v1/tokens",
    } <= paths
    assert not any(p.startswith(("/login", "/admin", "/dashboard")) for p in paths)
    docs = make_client(settings).get("/api/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
