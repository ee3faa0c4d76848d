"""The appointments register: comply or explain, validation, import, yearly summary, report."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from gepmonitor.core.errors import InputError, ValidationFailedError
from gepmonitor.core.rendering import ReportFormat
from gepmonitor.recruitment import service
from gepmonitor.recruitment.importer import import_vacancies
from gepmonitor.recruitment.models import Appointment, Vacancy
from gepmonitor.recruitment.report import build_recruitment_report
from gepmonitor.recruitment.summary import build_summary

REASON = "Zij trok zich terug na het tweede gesprek; hij had de meeste ervaring."


def vacancy(session, org, scale=12, suitable=(2, 1, 0), **kwargs):
    data = service.VacancyInput(
        title=kwargs.pop("title", "Beleidsadviseur"),
        scale=scale,
        opened=date(2024, 3, 1),
        applicants=(10, 8, 1),
        shortlisted=(3, 2, 0),
        suitable=suitable,
        **kwargs,
    )
    return service.add_vacancy(session, org, data, actor="test")


def test_man_over_suitable_woman_needs_explanation_and_approver(session, org):
    v = vacancy(session, org)
    with pytest.raises(InputError) as caught:
        service.appoint(session, org, v, "m", date(2024, 5, 1), threshold=11, actor="t")
    assert "Pas toe of leg uit" in caught.value.render("nl")
    with pytest.raises(InputError, match="who approved"):
        service.appoint(
            session, org, v, "m", date(2024, 5, 1), threshold=11, actor="t", explanation=REASON
        )
    appointment = service.appoint(
        session,
        org,
        v,
        "m",
        date(2024, 5, 1),
        threshold=11,
        actor="t",
        explanation=REASON,
        approver="Directeur P&O",
    )
    session.commit()
    assert appointment.explanation == REASON


@pytest.mark.parametrize(
    ("scale", "suitable", "gender"),
    [(10, (2, 1, 0), "m"), (12, (2, 0, 0), "m"), (12, (2, 1, 0), "v"), (11, (0, 1, 0), "x")],
)
def test_no_explanation_needed(session, org, scale, suitable, gender):
    v = vacancy(session, org, scale=scale, suitable=suitable)
    service.appoint(session, org, v, gender, date(2024, 5, 1), threshold=11, actor="t")
    session.commit()
    stored = session.scalars(select(Appointment).where(Appointment.vacancy_id == v.id)).one()
    assert (stored.gender, stored.appointed_on, stored.explanation) == (
        gender,
        date(2024, 5, 1),
        "",
    )


def test_threshold_is_a_setting(session, org):
    v = vacancy(session, org, scale=12)
    # Scale 12 with a suitable woman: under threshold 11 a man needs an explanation ...
    with pytest.raises(InputError):
        service.appoint(session, org, v, "m", date(2024, 5, 1), threshold=11, actor="t")
    # ... under threshold 13 the vacancy is below it, so the appointment is stored without one.
    service.appoint(session, org, v, "m", date(2024, 5, 1), threshold=13, actor="t")
    session.commit()
    stored = session.scalars(select(Appointment).where(Appointment.vacancy_id == v.id)).one()
    assert (stored.gender, stored.explanation, stored.approver) == ("m", "", "")


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"scale": 19}, "Scale {value} does not exist; use 1 to 18."),
        ({"suitable": (4, 0, 0)}, "More candidates are suitable than shortlisted."),
        ({"title": " "}, "Enter a job title."),
        ({"channel": "both"}, "Channel '{value}' is unknown; use intern or extern."),
    ],
)
def test_vacancy_validation(session, org, kwargs, key):
    with pytest.raises(InputError) as caught:
        vacancy(session, org, **kwargs)
    assert caught.value.key == key


CSV = """reference;title;unit;scale;opened;applicants_m;applicants_v;shortlisted_m;shortlisted_v;suitable_m;suitable_v;appointed_gender;appointed_on;explanation;approver
V2023-001;Teamleider Natuur;Natuur;13;2023-02-01;8;6;3;2;2;1;m;2023-04-01;{reason};Directie
V2023-002;Jurist;Juridische Zaken;11;2023-03-01;5;9;2;3;1;2;v;2023-05-01;;
V2023-003;Medewerker post;Facilitair;6;2023-03-01;4;4;2;2;2;2;m;2023-05-01;;
"""


def test_import_all_or_nothing_with_locations(session, org, tmp_path):
    bad = tmp_path / "vacatures.csv"
    bad.write_text(CSV.format(reason=""), encoding="utf-8")
    with pytest.raises(ValidationFailedError) as caught:
        import_vacancies(session, org, bad, threshold=11, actor="t")
    text = caught.value.render("en")
    assert "vacatures.csv, row 2, column 'explanation'" in text and "Comply or explain" in text
    session.rollback()
    assert session.scalar(select(func.count(Vacancy.id))) == 0
    good = tmp_path / "goed.csv"
    good.write_text(CSV.format(reason=REASON), encoding="utf-8")
    assert import_vacancies(session, org, good, threshold=11, actor="t") == 3
    session.commit()
    summary = build_summary(session, org, 2023, 11, min_cell=1)
    assert summary.vacancies == 3 and summary.vacancies_above == 2
    assert summary.appointed_above == {"m": 1, "v": 1, "x": 0}
    assert summary.share_women_above == 0.5
    assert [e.reference for e in summary.explained] == ["V2023-001"]


def test_summary_suppresses_small_counts_and_report_formats(session, org, tmp_path):
    good = tmp_path / "goed.csv"
    good.write_text(CSV.format(reason=REASON), encoding="utf-8")
    import_vacancies(session, org, good, threshold=11, actor="t")
    session.commit()
    summary = build_summary(session, org, 2023, 11, min_cell=5)
    assert summary.appointed_above["m"] is None and summary.share_women_above is None
    html = build_recruitment_report(
        session, org, 2023, "nl", ReportFormat.HTML, threshold=11, min_cell=5
    ).decode()
    assert (
        re.search(r'<td class="num">[^<]*\*[^<]*</td>', html)
        and REASON.split(";")[0] in html
        and "Teamleider Natuur" in html
    )
    data = build_recruitment_report(
        session, org, 2023, "en", ReportFormat.XLSX, threshold=11, min_cell=5
    )
    assert "Comply or explain" in load_workbook(io.BytesIO(data)).sheetnames
    pdf = build_recruitment_report(
        session, org, 2023, "en", ReportFormat.PDF, threshold=11, min_cell=5
    )
    assert pdf.startswith(b"%PDF")


def test_cli_enforces_the_rule_too(run_cli):
    run_cli("init")
    code, out, err = run_cli(
        "vacancy",
        "add",
        "--title",
        "Programmamanager",
        "--scale",
        "13",
        "--opened",
        "2025-01-06",
        "--applicants",
        "9,7,0",
        "--shortlisted",
        "3,2",
        "--suitable",
        "2,1",
    )
    assert code == 0, err
    code, out, err = run_cli(
        "vacancy", "appoint", "V2025-001", "--gender", "m", "--date", "2025-03-01"
    )
    assert code == 2 and "Pas toe of leg uit" in err
    code, out, err = run_cli(
        "vacancy",
        "appoint",
        "V2025-001",
        "--gender",
        "m",
        "--date",
        "2025-03-01",
        "--explanation",
        REASON,
        "--approver",
        "Provinciesecretaris",
    )
    assert code == 0, err
    code, out, _ = run_cli("vacancy", "list", "--year", "2025")
    assert "V2025-001" in out and "ja" in out
    code, _, err = run_cli("vacancy", "add", "--title", "X", "--scale", "9", "--opened", "gisteren")
    assert code == 2 and "JJJJ-MM-DD" in err
