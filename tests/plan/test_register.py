"""The plan register: updating measures, events and attendance everywhere, computed KPIs, links."""

from __future__ import annotations

import re
from datetime import date

import pytest
from tests.webutil import api_token, create_user, csrf_token, login, make_client

from gepmonitor.core.errors import InputError, NotFoundError
from gepmonitor.core.formatting import format_pct
from gepmonitor.core.orgs import get_org
from gepmonitor.plan import service as plan
from gepmonitor.plan.kpis import measure_views
from gepmonitor.recruitment.service import VacancyInput, add_vacancy, appoint


def test_update_measure_and_its_evidence(session, org):
    plan.ensure_default_goals(session, org)
    measure = plan.add_measure(
        session, org, "OV2", "Training", start_year=2025, end_year=2026, actor="t"
    )
    plan.update_measure(
        session,
        org,
        measure.id,
        "t",
        status="done",
        kpi_measured=0.9,
        evidence="Presentielijsten 2025",
    )
    view = measure_views(session, org, 2025, 5)[0]
    assert (view.status, view.measured, view.evidence) == ("done", 0.9, "Presentielijsten 2025")
    with pytest.raises(InputError):
        plan.update_measure(session, org, measure.id, "t", status="klaar")
    with pytest.raises(NotFoundError):
        plan.update_measure(session, org, 999, "t", status="done")
    with pytest.raises(NotFoundError):  # beyond PostgreSQL's integer: no record, no crash
        plan.update_measure(session, org, 10**12, "t", status="done")
    with pytest.raises(InputError):
        measure_views(session, org, 99999, 5)
    with pytest.raises(InputError):  # longer than the column: a message, not a database error
        plan.update_measure(session, org, measure.id, "t", owner="x" * 121)
    with pytest.raises(InputError):
        plan.save_goal(session, org, "C" * 21, "Doel", "", "t")


def test_share_of_women_appointed_in_scale_13_comes_from_the_flows(run_cli, session, org, tmp_path):
    """Hires plus promotions into 13+ in the year's flow period: what the required share means."""
    from tests.personnel.exports import demo_frame

    from gepmonitor.personnel import service as personnel

    personnel.store_frame(session, org, demo_frame(), source_name="demo", actor="t")
    plan.ensure_default_goals(session, org)
    plan.add_measure(
        session,
        org,
        "OV1",
        "Pas toe of leg uit",
        start_year=2025,
        end_year=2028,
        actor="t",
        kpi_kind="appointments_13",
        kpi_target=0.5,
    )
    # The register holds other appointments (6 of 15 women); the KPI does not count those.
    for index, gender in enumerate("vvvvvvmmmmmmmmm"):
        vacancy = add_vacancy(
            session, org, VacancyInput(f"Functie {index}", 13, date(2025, 2, 1)), actor="t"
        )
        appoint(session, org, vacancy, gender, date(2025, 3, 1), threshold=11, actor="t")
    session.commit()
    flows = personnel.band_appointments(session, org, "13+", 2025, 5)
    assert flows is not None and flows.period == "2025"
    assert flows.women is not None and flows.men is not None
    view = measure_views(session, org, 2025, 5)[0]
    assert view.measured == pytest.approx(flows.women / (flows.women + flows.men))
    assert view.measured != pytest.approx(6 / 15)
    code, out, err = run_cli("--lang", "en", "plan", "measures", "--year", "2025")
    assert code == 0, err
    html_path = tmp_path / "plan.html"
    code, out, err = run_cli(
        "--lang", "en", "report", "plan", "--year", "2025", "--format", "html", "-o", str(html_path)
    )
    assert code == 0, err
    text = re.sub(r"\s+", " ", html_path.read_text(encoding="utf-8"))
    share = format_pct(flows.women / (flows.women + flows.men), "en")
    expected = f"{share} ({flows.women} of {flows.women + flows.men} appointments into scale 13"
    assert expected in text


def test_link_needs_an_existing_signal(session, settings, org):
    from gepmonitor.survey.demo import build as build_survey

    build_survey(session, org, settings, 1)
    plan.ensure_default_goals(session, org)
    measure = plan.add_measure(
        session, org, "OV2", "Aanpak", start_year=2025, end_year=2026, actor="t"
    )
    with pytest.raises(NotFoundError) as caught:
        plan.link_signal(session, org, "nonsense-key", measure.id, "t", 10)
    assert "nonsense-key" in caught.value.render("en")
    plan.link_signal(session, org, "WBO 2025:inclusie:decline", measure.id, "t", 10)
    assert plan.signal_links(session, org) == {"WBO 2025:inclusie:decline": measure.id}


def test_cli_measures_update_events_and_attendance(run_cli, tmp_path):
    assert run_cli("init")[0] == 0
    code, out, err = run_cli(
        "plan",
        "measure-add",
        "--goal",
        "OV2",
        "--title",
        "Dag",
        "--from",
        "2025",
        "--to",
        "2026",
        "--kpi-kind",
        "reach",
        "--target",
        "0.8",
    )
    assert code == 0, err
    code, out, err = run_cli(
        "--lang",
        "en",
        "plan",
        "measure-update",
        "1",
        "--status",
        "done",
        "--evidence",
        "Attendance lists",
    )
    assert code == 0, err
    code, out, _ = run_cli("--lang", "en", "plan", "measures", "--year", "2025")
    assert "lists" in out and "done" in out and "no." in out  # wrapped to 80 columns
    code, out, err = run_cli(
        "plan",
        "event-add",
        "--title",
        "Organisatiedag",
        "--date",
        "2025-06-01",
        "--organisation-wide",
        "--attendees",
        "300",
    )
    assert code == 0, err
    attendees = tmp_path / "att.csv"
    attendees.write_text("personeelsnummer\n101\n102\n103\n", encoding="utf-8")
    code, out, err = run_cli("plan", "attendance", "1", str(attendees))
    assert code == 0 and "3" in out, err
    code, out, _ = run_cli("--lang", "en", "plan", "events", "--year", "2025")
    assert "Organisat" in out and "attendee" in out  # rich shortens to 80 columns
    code, _, err = run_cli("plan", "link", "nonsense-key", "1")
    assert code == 2 and "nonsense-key" in err
    xlsx = tmp_path / "plan.xlsx"
    code, _, err = run_cli("report", "plan", "--year", "2025", "--format", "xlsx", "-o", str(xlsx))
    assert code == 0, err


def test_web_forms_and_api(settings, session_factory, org):
    name, password = create_user(session_factory, org, "hr")
    hr = make_client(settings)
    login(hr, name, password)
    token = csrf_token(hr)
    with session_factory() as session:
        plan.ensure_default_goals(session, get_org(session, org.slug))
        session.commit()
    assert hr.post("/plan/goal", data={"csrf_token": token, "code": "OV9", "title": "Nieuw"})
    hr.post(
        "/plan/measure",
        data={
            "csrf_token": token,
            "goal": "OV9",
            "title": "Dagen",
            "start": "2025",
            "end": "2026",
            "kind": "reach",
            "target": "0,8",
        },
    )
    page = hr.post(
        "/plan/measure/update",
        data={"csrf_token": token, "measure": "1", "status": "running", "evidence": "Lijsten"},
    )
    assert page.status_code == 200 and "Lijsten" in page.text
    page = hr.post(
        "/plan/event",
        data={
            "csrf_token": token,
            "title": "Organisatiedag",
            "held_on": f"{date.today().year}-01-02",
            "wide": "1",
            "attendees": "12",
        },
    )
    assert "Organisatiedag" in page.text
    page = hr.post(
        "/plan/attendance",
        data={"csrf_token": token, "event": "1"},
        files={"file": ("a.csv", b"nr\n1\n2\n", "text/csv")},
    )
    assert "deelnemerslijst" in page.text
    bad = hr.post(
        "/plan/measure/update", data={"csrf_token": token, "measure": "1", "measured": "veel"}
    )
    assert bad.status_code == 200 and "veel" in bad.text
    headers = {"Authorization": f"Bearer {api_token(session_factory, name)}"}
    changed = hr.patch(  # measure 1's KPI is reach: a target, not a measured value (computed)
        "/api/v1/plan/measures/1", headers=headers, json={"kpi_target": 0.9, "evidence": "API"}
    )
    assert changed.status_code == 200
    assert (changed.json()["target"], changed.json()["evidence"]) == (0.9, "API")
    wrong = hr.patch("/api/v1/plan/measures/1", headers=headers, json={"status": "klaar"})
    assert wrong.status_code == 422 and "klaar" in wrong.json()["detail"]
    events = hr.get("/api/v1/plan/events", headers=headers).json()
    assert events[0]["attendees"] == 2 and events[0]["from_attendee_list"] is True
    measures = hr.get("/api/v1/plan/measures", headers=headers).json()
    assert measures[0]["id"] == 1 and measures[0]["status"] == "running"
    assert hr.get("/plan?year=99999").status_code == 422
    huge = hr.post(
        "/plan/event",
        data={"csrf_token": token, "title": "X", "held_on": "2025-01-01", "measure": "99999999999"},
    )
    assert huge.status_code == 200 and "99999999999" in huge.text


def test_share_of_women_in_scale_13_comes_from_the_snapshots(session, org):
    import polars as pl

    from gepmonitor.personnel import service as personnel
    from gepmonitor.personnel.demo import generate_demo_frame

    frame = generate_demo_frame(4, staff=400, years=range(2025, 2026))
    personnel.store_frame(session, org, frame, source_name="demo", actor="t")
    plan.ensure_default_goals(session, org)
    plan.add_measure(
        session,
        org,
        "OV1",
        "Balans",
        start_year=2025,
        end_year=2028,
        actor="t",
        kpi_kind="women_13",
        kpi_target=0.5,
    )
    band = frame.filter(
        (pl.col("year") == 2025) & pl.col("exit_date").is_null() & (pl.col("scale") >= 13)
    )
    women, men = (band.filter(pl.col("gender") == g).height for g in ("v", "m"))
    assert men >= 5 and women >= 5
    assert measure_views(session, org, 2025, 5)[0].measured == pytest.approx(women / (women + men))
