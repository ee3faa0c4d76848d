"""Stored text never becomes a live formula in a downloaded workbook or CSV (CSV injection).

The attack (issue 12, finding 2): a unit, approver, measure owner or survey round whose text
starts with '=' came out as a formula (e.g. =HYPERLINK(...)) in the monitor, recruitment, plan and
survey workbooks. Here every free-text column of the schema gets text starting with '=', '+', '-',
'@', a tab or a carriage return, and every workbook and the audit CSV must show it as text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook
from sqlalchemy import String, Text, text
from tests.demodata import build_small_demo

from gepmonitor.core import audit
from gepmonitor.core.db import Base, load_all_models
from gepmonitor.core.rendering import ReportFormat
from gepmonitor.core.spreadsheet import escape_formula, rows_to_csv

STARTS = ("=", "+", "-", "@", "\t", "\r")

# Text a user or an import can put in; each must reach its outputs as text.
FREE_TEXT = {
    "organisation": ["name"],
    "personnel_snapshot": ["source_name", "imported_by"],
    "personnel_target": ["note"],
    "personnel_employee": ["unit", "exit_reason"],
    "plan_goal": ["title_nl", "title_en", "source"],
    "plan_measure": ["title", "owner", "kpi", "evidence"],
    "plan_event": ["title"],
    "recruitment_vacancy": [
        "reference",
        "title",
        "unit",
        "channel",
        "competences_hard",
        "competences_soft",
    ],
    "recruitment_appointment": ["explanation", "approver", "recorded_by"],
    "safety_incident": ["unit", "follow_up"],
    "safety_report": ["reference", "outcome", "measures"],
    "safety_text": ["body"],
    "safety_training": ["title"],
    "survey_round": ["name", "source_name"],
    "survey_response": ["unit"],
    # Pay (issue 9): the categories of the import and the art. 10 register's entries.
    "pay_worker": ["category"],
    "pay_year": ["source_name", "imported_by"],
    "pay_assessment": [
        "category",
        "criterion",
        "evidence",
        "explanation",
        "justified_by",
        "measure",
        "owner",
        "updated_by",
    ],
    # The selection register (issue 11).
    "recruitment_checklist_step": ["done_by"],
    "recruitment_committee_member": ["name"],
    "recruitment_competence": ["name"],
    "recruitment_decision": ["decided_by"],
    "recruitment_decision_reason": ["reason"],
    "recruitment_score": ["evidence"],
    "recruitment_text_check": ["checked_by"],
}
# Codes from fixed vocabularies (checked on input), keys and hashes: no free text.
CODED = {
    "organisation": ["slug"],
    "web_login_failure": ["username", "ip"],
    "web_login_lock": ["kind", "key"],
    "audit_entry": ["actor", "role", "action", "target", "detail", "ip"],  # appended below
    "personnel_target": ["band_code"],
    "plan_goal": ["code"],
    "safety_counsellor": ["code", "track", "kind", "gender"],
    "safety_incident": ["kind"],
    "safety_report": ["track", "theme", "source", "status"],
    "safety_text": ["section", "lang"],
    "safety_training": ["kind"],
    "survey_round": ["mapping"],
    "web_user": ["username", "role", "password_hash"],
    "personnel_employee": ["employee_key", "gender", "scale_label", "contract_type"],
    "plan_measure": ["status", "kpi_kind"],
    "recruitment_appointment": ["gender"],
    "safety_conversation": ["track", "themes", "source", "person_code", "referral", "outcome"],
    "survey_response": ["gender", "age_band"],
    "web_api_token": ["name", "token_hash", "scope"],
    "retention_purge": ["kind", "actor"],
    "instance_key_check": ["name", "fingerprint"],
    "web_session": ["id"],
    "plan_signal_link": ["signal_key"],
    "plan_event_attendee": ["attendee_key"],
}
CODED["audit_entry"] = [*CODED["audit_entry"], "request_id"]
CODED["web_user"] = [*CODED["web_user"], "oidc_issuer", "oidc_subject", "sso_name"]
CODED["web_session"] = [*CODED["web_session"], "id_token"]
CODED["pay_worker"] = ["employee_key", "gender", "components"]
CODED["pay_year"] = ["category_kind", "components"]
CODED["data_version"] = ["token"]
CODED["personnel_settings"] = ["reference_day"]  # "MM-DD", checked on input
CODED["recruitment_candidate"] = ["code", "gender", "stage"]
CODED["recruitment_checklist_step"] = ["step"]
CODED["recruitment_committee_member"] = ["gender", "role", "username"]
CODED["recruitment_competence"] = ["kind"]
CODED["recruitment_purged_count"] = ["gender", "stage"]
CODED["recruitment_text_check"] = ["category", "language", "level"]
# Free text that is in no workbook (pages and PDF only).
NOT_IN_WORKBOOKS = {
    "personnel_snapshot.source_name",
    "personnel_snapshot.imported_by",
    "personnel_target.note",
    "plan_goal.title_nl",  # the page shows the goal code, the workbook the measure
    "plan_goal.title_en",
    "plan_goal.source",
    "recruitment_vacancy.unit",
    "recruitment_vacancy.channel",
    "recruitment_vacancy.competences_hard",
    "recruitment_vacancy.competences_soft",
    "recruitment_appointment.recorded_by",
    "safety_incident.unit",
    "safety_incident.follow_up",
    "safety_report.reference",
    "safety_report.outcome",
    "safety_report.measures",
    "survey_round.source_name",
    # The pay report shows the register's category, gap, status and criterion (or measure); the
    # justification's and remedy's details, and the import's file, are on the pages only.
    "pay_year.source_name",
    "pay_year.imported_by",
    "pay_assessment.evidence",
    "pay_assessment.explanation",
    "pay_assessment.justified_by",
    "pay_assessment.owner",
    "pay_assessment.updated_by",
    # The selection register's workbook sheets are counts (funnel, committees by gender,
    # checklist completion, text-check history); names, scores' evidence and reasons are in the
    # vacancy's file (pages, API, CLI) only.
    "recruitment_checklist_step.done_by",
    "recruitment_committee_member.name",
    "recruitment_competence.name",
    "recruitment_decision.decided_by",
    "recruitment_decision_reason.reason",
    "recruitment_score.evidence",
    "recruitment_text_check.checked_by",
}
COLUMNS = [f"{table}.{column}" for table, columns in FREE_TEXT.items() for column in columns]
MARK = re.compile(r"X(\d+)Y")


def test_every_text_column_is_classified():
    load_all_models()
    found = {
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, String | Text)
    }
    coded = {f"{table}.{column}" for table, columns in CODED.items() for column in columns}
    classified = set(COLUMNS) | coded
    assert found == classified, "classify each new text column as free text or coded"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x","klik")', '\'=HYPERLINK("http://x","klik")'),
        ("+31 6 1234", "'+31 6 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-3", "-3"),
        ("+2,5%", "+2,5%"),
        ("Mobiliteit", "Mobiliteit"),
        ("", ""),
        (-3, -3),
        (None, None),
    ],
)
def test_escape_formula(value, expected):
    assert escape_formula(value) == expected


def _inject(session) -> None:
    """Give every free-text column of every row a payload with a formula start and a mark."""
    for number, name in enumerate(COLUMNS):
        table, column = name.split(".")
        for residue, start in enumerate(STARTS):
            session.execute(
                text(
                    f"UPDATE {table} SET {column} = :payload || CAST(id AS VARCHAR) "
                    f"WHERE id % {len(STARTS)} = :residue"
                ),
                {"payload": f"{start}X{number}Y", "residue": residue},
            )


def _xlsx_cells(data: bytes) -> Iterator[tuple[str, object, str]]:
    workbook = load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield f"{sheet.title}!{cell.coordinate}", cell.value, cell.data_type


def _check_text(where: str, value: object) -> set[int]:
    """Assert a cell's text is not a formula; return the marks of the columns it came from."""
    if not isinstance(value, str):
        return set()
    assert escape_formula(value) == value, f"{where}: {value!r} would run as a formula"
    return {int(mark) for mark in MARK.findall(value)}


@pytest.fixture
def demo_org(session, org, settings):
    """A small demo organisation with every module's data, then text injected everywhere."""
    from gepmonitor.pay import demo as pay_demo

    build_small_demo(session, org, settings)
    pay_demo.build(session, org, settings, 11)
    _inject(session)
    for number, start in enumerate(STARTS):
        audit.record(
            session,
            action=f"{start}action",
            actor=f"{start}actor",
            org_id=org.id,
            target=f"{start}target{number}",
            detail=f"{start}detail",
            ip=f"{start}ip",
            role=f"{start}role",
        )
    session.commit()
    return org


def test_no_workbook_or_csv_runs_stored_text(session, settings, demo_org, run_cli):
    from gepmonitor.audit import service as audit_view
    from gepmonitor.pay.report import build_paygap_report
    from gepmonitor.personnel.report import build_monitor_report
    from gepmonitor.plan.report import build_plan_report
    from gepmonitor.recruitment.report import build_recruitment_report
    from gepmonitor.safety.report import build_integrity_report
    from gepmonitor.survey.models import SurveyRound
    from gepmonitor.survey.report import build_survey_report

    org, xlsx = demo_org, ReportFormat.XLSX
    books = {
        "monitor": build_monitor_report(session, org, 2025, "nl", xlsx, min_cell=5),
        "plan": build_plan_report(session, org, 2025, "nl", xlsx, 5),
        "safety": build_integrity_report(session, settings, org, 2024, "nl", xlsx),
    }
    for year in (2022, 2023, 2024, 2025):
        books[f"recruitment {year}"] = build_recruitment_report(
            session, org, year, "nl", xlsx, threshold=11, min_cell=5, exact=True
        )
    for round_ in session.query(SurveyRound).all():
        books[round_.name] = build_survey_report(session, org, round_.name, "nl", xlsx, 10)
    for year in (2023, 2024, 2025):
        books[f"pay {year}"] = build_paygap_report(
            session, org, year, "nl", xlsx, min_cell=1, exact=True
        )
    reached: set[int] = set()
    for book, data in books.items():
        for where, value, kind in _xlsx_cells(data):
            assert kind != "f", f"{book} {where}: {value!r} is a formula"
            reached |= _check_text(f"{book} {where}", value)
    # A register entry shows its remedy's measure when it has no justification's criterion.
    session.execute(text("UPDATE pay_assessment SET criterion = ''"))
    session.commit()
    for year in (2023, 2024, 2025):
        data = build_paygap_report(session, org, year, "nl", xlsx, min_cell=1, exact=True)
        for where, value, kind in _xlsx_cells(data):
            assert kind != "f", f"pay {year} {where}: {value!r} is a formula"
            reached |= _check_text(f"pay {year} {where}", value)
    # `gep paygap --format csv`: the figures with the register's categories.
    for year in (2023, 2024, 2025):
        code, out, err = run_cli("paygap", "--year", str(year), "--format", "csv", "--exact")
        assert code == 0, err
        for row in csv.reader(io.StringIO(out)):
            for cell in row:
                reached |= _check_text(f"paygap {year} csv", cell)
    missing = {COLUMNS[n] for n in range(len(COLUMNS))} - {COLUMNS[n] for n in reached}
    assert missing == NOT_IN_WORKBOOKS

    exported = audit_view.to_csv(audit_view.search(session, org.id, audit_view.AuditFilter()))
    rows = list(csv.reader(io.StringIO(exported)))
    injected = [row for row in rows[1:] if "target" in row[4]]
    assert len(injected) == len(STARTS)
    for row in rows:
        for cell in row:
            _check_text("audit.csv", cell)
    assert injected[-1][1:3] == ["'=actor", "'=role"]


def test_rows_to_csv_escapes_headers_and_cells():
    result = rows_to_csv(["=head"], [["@cell"], [-1.5e-05], [None]])
    assert list(csv.reader(io.StringIO(result))) == [["'=head"], ["'@cell"], ["-1.5e-05"], [""]]
