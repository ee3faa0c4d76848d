"""Years outside any possible peildatum are one clear error in the service, CLI, pages and API."""

from __future__ import annotations

import pytest
from tests.personnel.groningen import groningen_frame
from tests.webutil import logged_in_client

from gepmonitor.core.errors import InputError
from gepmonitor.personnel import service

BAD_YEARS = ("0", "-5", "99999999999999999999", "2999")


@pytest.mark.parametrize("year", [int(y) for y in BAD_YEARS])
def test_service_refuses_impossible_years(session, org, year):
    with pytest.raises(InputError) as caught:
        service.load_snapshots(session, org, year_to=year)
    assert f"Jaar {year} ligt niet tussen 1950 en" in caught.value.render("nl")


def test_cli_monitor_range_without_data_is_an_error(run_cli, session, org):
    service.store_frame(session, org, groningen_frame(), source_name="t", actor="t")
    session.commit()
    code, _, err = run_cli("monitor", "--from", "2026")
    assert code == 2 and "Geen personeelsgegevens in die jaren" in err and "2016" in err
    code, _, err = run_cli("monitor", "--to", "-5")
    assert code == 2 and "Jaar -5" in err


def test_pages_and_api_answer_bad_years_without_a_500(settings, session_factory, org):
    with session_factory() as session:
        service.store_frame(
            session, session.merge(org), groningen_frame(), source_name="t", actor="t"
        )
        session.commit()
    client = logged_in_client(settings, session_factory, org, "hr")
    # Years no route accepts are refused by the route's bounds; a year within them that no
    # peildatum can have (2050) by the service. Both are one clear 422, never a 500.
    expected = {year: ("minstens 1900", "hoogstens 2100") for year in BAD_YEARS}
    expected["2050"] = ("Jaar 2050 ligt niet tussen 1950 en",)
    for year, texts in expected.items():
        for path in ("/dashboard", "/dashboard/chart.svg", "/reports/monitor"):
            page = client.get(path, params={"year": year})
            assert page.status_code == 422, (path, year)
            # The report form offers the years it has, and names them instead.
            shown = texts
            if path == "/reports/monitor" and year == "2050":
                shown = ("2050&#39; kan voor deze rapportage niet worden gekozen; kies uit: 20",)
            assert any(text in page.text for text in shown), (path, year)
        api = client.get("/api/v1/personnel/indicators", params={"year": year})
        assert api.status_code == 422
        assert any(text in api.json()["detail"] for text in texts), year
