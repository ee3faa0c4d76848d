"""Safety pages: years, exact counts, the register forms and lists, labels, the audit trail."""

from __future__ import annotations

import re
from datetime import date

from tests.safety.groningen_log import build_groningen_2024
from tests.safety.test_web import counsellor_client, log
from tests.webutil import (
    api_token,
    create_user,
    csrf_token,
    logged_in_client,
    login,
    make_client,
    page_text,
)

from gepmonitor.core.orgs import ensure_org, get_org
from gepmonitor.safety import registers


def test_bad_years_give_a_message_not_a_500(settings, session_factory, org):
    hr = logged_in_client(settings, session_factory, org, "hr")
    page = hr.get("/safety/totals?year=99999")
    assert page.status_code == 422 and "hoogstens 2100" in page.text
    page = hr.get("/safety/totals?year=1950")
    assert page.status_code == 422 and "2000-2100" in page.text
    name, _ = create_user(session_factory, org, "board")
    headers = {"Authorization": f"Bearer {api_token(session_factory, name)}"}
    answer = hr.get("/api/v1/safety/totals?year=1950", headers=headers)
    assert answer.status_code == 422 and "2000-2100" in answer.json()["detail"]
    assert hr.get("/safety/report?year=0&format=pdf").status_code == 422


def test_totals_default_to_the_latest_year_with_data_and_exact_needs_the_right(
    settings, session_factory, org
):
    with session_factory() as session:
        build_groningen_2024(session, settings, get_org(session, org.slug))
    board = logged_in_client(settings, session_factory, org, "board")
    page = board.get("/safety/totals")
    assert page.status_code == 200 and "118" in page_text(page.text) and 'value="2024"' in page.text
    assert board.get("/safety/totals?year=2024&exact=true").status_code == 403
    with session_factory() as session:
        report = {"track": "integrity", "theme": "fraud", "source": "internal", "actor": "t"}
        registers.add_report(
            session, get_org(session, org.slug), received_on=date(2024, 1, 2), **report
        )
        session.commit()
    assert "over de termijn" not in board.get("/safety/totals").text  # an unsuppressed count
    hr = logged_in_client(settings, session_factory, org, "hr")
    # integrity theme counts of 2 are hidden by default and shown on request only
    hidden = '<td class="num">*</td>'
    assert hidden in hr.get("/safety/totals?year=2024").text
    exact = hr.get("/safety/totals?year=2024&exact=true")
    assert exact.status_code == 200 and hidden not in exact.text
    assert "1 melding over de termijn" in exact.text


def test_register_forms_and_lists(settings, session_factory, org):
    with session_factory() as session:
        ensure_org(session, "snn", "Samenwerkingsverband Noord-Nederland")
        session.commit()
    hr = logged_in_client(settings, session_factory, org, "hr")
    token = csrf_token(hr)
    page = hr.post(
        "/safety/registers/counsellor",
        data={
            "csrf_token": token,
            "code": "VP-EXT-1",
            "track": "integrity",
            "kind": "external",
            "gender": "v",
            "serves": ["snn"],
            "active_from": "2024-01-01",
        },
    )
    assert page.status_code == 200 and "Opgeslagen" in page.text
    assert "Samenwerkingsverband Noord-Nederland" in page.text and "extern" in page.text
    report = {"csrf_token": token, "track": "integrity", "theme": "fraud", "source": "citizen"}
    hr.post("/safety/registers/report", data=report | {"received_on": "2024-03-01"})
    done = hr.post(
        "/safety/registers/report/M2024-001/advance",
        data={
            "csrf_token": token,
            "status": "closed",
            "on": "2024-03-10",
            "outcome": "Ongegrond",
            "measures": "Gesprek met team",
        },
    )
    assert "Ongegrond" in done.text and "Gesprek met team" in done.text and "burger" in done.text
    incident = {"csrf_token": token, "kind": "threat", "unit": "Loket", "police": "1"}
    listed = hr.post("/safety/registers/incident", data=incident | {"occurred_on": "2024-04-02"})
    assert 'id="incidents"' in listed.text and "02-04-2024" in listed.text
    assert "Loket" in listed.text
    bad = hr.post("/safety/registers/incident", data=incident | {"occurred_on": "2024-02-30"})
    assert "Niet opgeslagen: Datum: &#39;2024-02-30&#39; is geen datum" in bad.text
    stopped = hr.post(
        "/safety/registers/counsellor/VP-EXT-1/stop",
        data={"csrf_token": token, "until": "2024-12-31"},
    )
    assert "Opgeslagen" in stopped.text and 'id="counsellors"' in stopped.text
    assert "VP-EXT-1" not in stopped.text.split('id="counsellors"')[1].split("</table>")[0]


def test_log_form_shows_labels_and_audit_names_no_record(settings, session_factory, org):
    anna, _ = counsellor_client(settings, session_factory, org, "anna", "VP-A")
    bad = log(anna, held_on="2024-02-30")
    assert bad.status_code == 422 and "Datum: &#39;2024-02-30&#39;" in bad.text
    assert "held_on" not in bad.text.split('role="alert"')[1].split("</div>")[0]
    log(anna)
    assert anna.get("/safety/mine/1").status_code == 200
    name, password = create_user(session_factory, org, "admin")
    admin = make_client(settings)
    login(admin, name, password)
    csv_text = admin.get("/admin/audit.csv").text
    # The administrator's export counts counsellors' work instead of listing it (issue 12).
    assert "read_note" not in csv_text and "log_conversation" not in csv_text
    from gepmonitor.core.audit import entries

    with session_factory() as session:
        stored = [(e.action, e.target, e.detail) for e in entries(session)]
    assert {"read_note", "log_conversation"} <= {action for action, _, _ in stored}
    assert not any("conversation 1" in f"{target} {detail}" for _, target, detail in stored)


def test_the_reports_register_filters_by_year_status_and_track_a_page_at_a_time(
    settings, session_factory, org
):
    with session_factory() as session:
        organisation = get_org(session, org.slug)
        for number in range(30):
            registers.add_report(
                session,
                organisation,
                track="integrity" if number % 3 == 0 else "undesirable_behaviour",
                theme="fraud" if number % 3 == 0 else "bullying",
                source="internal",
                received_on=date(2023 + number % 2, 1 + number % 12, 1 + number % 28),
                actor="t",
            )
        session.commit()
    hr = logged_in_client(settings, session_factory, org, "hr")

    def references(path: str) -> list[str]:
        page = hr.get(path)
        assert page.status_code == 200, page.text
        body = page.text.split('id="reports"')[1].split("</table>")[0]
        return re.findall(r"<td>(M\d{4}-\d+)</td>", body)

    first, second = references("/safety/registers"), references("/safety/registers?page=2")
    assert len(first) == 25 and len(second) == 5 and not set(first) & set(second)
    assert 'href="/safety/registers?page=2#reports"' in hr.get("/safety/registers").text
    assert len(references("/safety/registers?year=2024")) == 15
    assert len(references("/safety/registers?track=integrity")) == 10
    assert len(references("/safety/registers?track=integrity&year=2023")) == 5
    assert references("/safety/registers?status=closed") == []
    assert hr.get("/safety/registers?year=twenty").status_code == 422
    assert hr.get("/safety/registers?status=nonsense").status_code == 422
    assert hr.get("/safety/registers?page=0").status_code == 422
