"""A KPI computed from the data takes no measured value: service, CLI, web form and API refuse one."""

from __future__ import annotations

import re

import pytest
from tests.test_cli_main import gep
from tests.webutil import (
    api_token,
    create_user,
    csrf_token,
    logged_in_client,
    login,
    make_client,
)

from gepmonitor.core.errors import InputError
from gepmonitor.core.orgs import get_org
from gepmonitor.plan import service as plan

ALERT = re.compile(r'<div class="notice notice-error" role="alert">([^<]*)</div>')


def _add_measures(session, org) -> tuple[int, int]:
    """Add a reach measure (computed) and a manual one; return their ids."""
    plan.ensure_default_goals(session, org)
    reach = plan.add_measure(
        session, org, "OV2", "Dagen", start_year=2025, end_year=2026, actor="t", kpi_kind="reach"
    )
    manual = plan.add_measure(
        session, org, "OV2", "Training", start_year=2025, end_year=2026, actor="t"
    )
    return reach.id, manual.id


def _stored(session_factory, org, measure_id: int) -> tuple[float | None, str]:
    """Return the measure's stored measured value and status, read afresh."""
    with session_factory() as session:
        measure = plan.get_measure(session, get_org(session, org.slug), measure_id)
        return measure.kpi_measured, measure.status


@pytest.mark.parametrize("kind", plan.COMPUTED_KPI_KINDS)
def test_service_refuses_a_measured_value_for_every_computed_kind(session, org, kind):
    plan.ensure_default_goals(session, org)
    measure = plan.add_measure(
        session, org, "OV1", "Balans", start_year=2025, end_year=2028, actor="t", kpi_kind=kind
    )
    with pytest.raises(InputError) as caught:
        plan.update_measure(session, org, measure.id, "t", status="done", kpi_measured=0.4)
    assert caught.value.render("nl") == (
        f"Maatregel {measure.id} ('Balans'): de gemeten waarde van deze KPI ({kind}) wordt "
        "berekend uit de gegevens en kan niet worden ingevoerd."
    )
    assert "is computed from the data" in caught.value.render("en")
    assert (measure.kpi_measured, measure.status) == (None, "planned")  # the status neither


def test_service_takes_a_measured_value_for_a_manual_kpi_only(session, org):
    reach, manual = _add_measures(session, org)
    plan.update_measure(session, org, manual, "t", kpi_measured=0.7)
    assert plan.get_measure(session, org, manual).kpi_measured == 0.7
    plan.update_measure(session, org, reach, "t", status="running")  # without a value: fine
    # the kind that counts is the one the measure has after the change
    with pytest.raises(InputError):
        plan.update_measure(session, org, manual, "t", kpi_kind="women_13", kpi_measured=0.5)
    assert plan.get_measure(session, org, manual).kpi_kind == "manual"
    plan.update_measure(session, org, reach, "t", kpi_kind="manual", kpi_measured=0.5)
    assert plan.get_measure(session, org, reach).kpi_measured == 0.5


def test_a_new_measure_with_a_computed_kpi_takes_no_measured_value(session, org):
    plan.ensure_default_goals(session, org)
    with pytest.raises(InputError) as caught:
        plan.add_measure(
            session, org, "OV1", "Balans", start_year=2025, end_year=2028, actor="t",
            kpi_kind="women_13", kpi_measured=0.4,
        )  # fmt: skip
    assert caught.value.render("en").startswith("Measure 'Balans': the measured value")
    assert plan.list_measures(session, org) == []


def test_cli_measure_add_refuses_a_measured_value_for_a_computed_kpi(run_cli, session_factory, org):
    assert run_cli("init")[0] == 0
    code, _, err = run_cli(
        "plan", "measure-add", "--goal", "OV2", "--title", "Dag", "--from", "2025", "--to",
        "2026", "--kpi-kind", "reach", "--measured", "0.5",
    )  # fmt: skip
    assert code == 2 and "Maatregel 'Dag'" in err and "berekend uit de gegevens" in err
    with session_factory() as session:
        assert plan.list_measures(session, get_org(session, org.slug)) == []


def test_cli_refuses_in_one_line_with_exit_code_2(cli_env, session_factory, org):
    assert gep(cli_env, "init").returncode == 0
    with session_factory() as session:
        reach, _ = _add_measures(session, get_org(session, org.slug))
        session.commit()
    result = gep(cli_env, "plan", "measure-update", str(reach), "--measured", "0.9")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"Maatregel {reach} ('Dagen')" in lines[0] and "berekend uit de gegevens" in lines[0]
    result = gep(
        cli_env, "--lang", "en", "plan", "measure-update", str(reach), "--measured", "0.9",
        "--status", "done",
    )  # fmt: skip
    assert result.returncode == 2
    assert f"Measure {reach} ('Dagen')" in result.stderr
    assert "computed from the data" in result.stderr
    assert _stored(session_factory, org, reach) == (None, "planned")


def test_web_form_shows_the_refusal_and_saves_nothing(settings, session_factory, org):
    with session_factory() as session:
        reach, manual = _add_measures(session, get_org(session, org.slug))
        session.commit()
    hr = logged_in_client(settings, session_factory, org, "hr")
    page = hr.get("/plan")
    assert f"{reach} Dagen (KPI berekend)</option>" in page.text
    assert f"{manual} Training</option>" in page.text
    assert 'aria-describedby="u-measured-hint"' in page.text
    assert "komt de gemeten waarde uit de gegevens" in page.text
    form = {"csrf_token": csrf_token(hr), "measure": str(reach), "status": "done"}
    page = hr.post("/plan/measure/update", data={**form, "measured": "0,9"})
    assert page.status_code == 200
    alert = ALERT.search(page.text)
    assert alert is not None, page.text
    assert alert.group(1) == (
        f"Niet opgeslagen: Maatregel {reach} (&#39;Dagen&#39;): de gemeten waarde van deze KPI "
        "(reach) wordt berekend uit de gegevens en kan niet worden ingevoerd."
    )
    assert _stored(session_factory, org, reach) == (None, "planned")
    hr.get("/lang/en?next=/plan")
    page = hr.post("/plan/measure/update", data={**form, "measured": "0.9"})
    alert = ALERT.search(page.text)
    assert alert is not None and "is computed from the data" in alert.group(1)
    assert _stored(session_factory, org, reach) == (None, "planned")
    page = hr.post("/plan/measure/update", data={**form, "measure": str(manual), "measured": "1"})
    assert 'role="alert"' not in page.text
    assert _stored(session_factory, org, manual) == (1.0, "done")


def test_web_form_disables_the_field_when_no_measure_takes_a_value(settings, session_factory, org):
    with session_factory() as session:
        organisation = get_org(session, org.slug)
        plan.ensure_default_goals(session, organisation)
        plan.add_measure(
            session, organisation, "OV1", "Balans", start_year=2025, end_year=2026, actor="t",
            kpi_kind="women_13",
        )  # fmt: skip
        session.commit()
    hr = logged_in_client(settings, session_factory, org, "hr")
    field = re.search(r'<input id="u-measured"[^>]*>', hr.get("/plan").text)
    assert field is not None and " disabled" in field.group(0)


def test_api_patch_refuses_with_422_and_saves_nothing(settings, session_factory, org):
    with session_factory() as session:
        reach, _ = _add_measures(session, get_org(session, org.slug))
        session.commit()
    name, _ = create_user(session_factory, org, "hr")
    client = make_client(settings)
    headers = {"Authorization": f"Bearer {api_token(session_factory, name)}"}
    body = {"kpi_measured": 0.9, "evidence": "Lijsten"}
    refused = client.patch(f"/api/v1/plan/measures/{reach}", headers=headers, json=body)
    assert refused.status_code == 422
    assert refused.json() == {
        "detail": f"Maatregel {reach} ('Dagen'): de gemeten waarde van deze KPI (reach) wordt "
        "berekend uit de gegevens en kan niet worden ingevoerd."
    }
    english = client.patch(
        f"/api/v1/plan/measures/{reach}",
        headers={**headers, "Accept-Language": "en"},
        json=body,
    )
    assert english.status_code == 422 and "is computed from the data" in english.json()["detail"]
    with session_factory() as session:
        measure = plan.get_measure(session, get_org(session, org.slug), reach)
        assert (measure.kpi_measured, measure.evidence) == (None, "")


def test_a_plan_year_beyond_any_snapshot_shows_no_share_instead_of_failing(
    settings, session_factory, org
):
    """A plan running to 2030 opens on its last year; the 13+ share is simply not there yet."""
    with session_factory() as session:
        current = get_org(session, org.slug)
        plan.ensure_default_goals(session, current)
        plan.add_measure(
            session,
            current,
            "OV1",
            "Balans",
            start_year=2025,
            end_year=2030,
            actor="t",
            kpi_kind="women_13",
        )
        session.commit()
    username, password = create_user(session_factory, org, "hr")
    client = make_client(settings)
    login(client, username, password)
    page = client.get("/plan", params={"year": 2030})
    assert page.status_code == 200 and "Balans" in page.text
    api = {"Authorization": f"Bearer {api_token(session_factory, username)}"}
    measures = client.get("/api/v1/plan/measures", params={"year": 2030}, headers=api)
    assert measures.status_code == 200
    assert [m["measured"] for m in measures.json()] == [None]
