"""The annual report shows every register: oaths, counsellors, incidents, trainings, texts."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from tests.safety.groningen_log import build_groningen_2024

from gepmonitor.core.orgs import ensure_org
from gepmonitor.core.rendering import ReportFormat
from gepmonitor.safety import registers, service
from gepmonitor.safety.report import build_integrity_report


def fill_registers(session, org) -> None:
    partner = ensure_org(session, "snn", "SNN")
    service.add_counsellor(
        session, org, "VP-EXT", "integrity", actor="t", kind="external", serves=[partner]
    )
    registers.add_training(
        session,
        org,
        title="Workshop grensoverschrijdend gedrag",
        held_on=date(2024, 10, 8),
        kind="workshop",
        attendees=(60, 75, 0),
        actor="t",
    )
    for day in range(1, 7):
        registers.add_incident(
            session, org, occurred_on=date(2024, 4, day), kind="verbal", actor="t"
        )
    registers.set_text(session, org, 2024, "works_council", "nl", "De OR is betrokken.", "t")
    registers.set_text(session, org, 2024, "works_council", "en", "The council took part.", "t")
    session.commit()


def test_xlsx_holds_every_section_with_numbers(session, settings, org):
    build_groningen_2024(session, settings, org)
    fill_registers(session, org)
    data = build_integrity_report(session, settings, org, 2024, "nl", ReportFormat.XLSX)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [
        "Gesprekken",
        "Vertrouwenspersonen",
        "Thema's",
        "Meldingen",
        "Agressie",
        "Trainingen",
        "Ambtseed",
        "Teksten",
        "Definities",
    ]
    definitions = list(book["Definities"].iter_rows(values_only=True))
    assert definitions[1][0] == "In dienst op de peildatum"
    counsellors = list(book["Vertrouwenspersonen"].iter_rows(values_only=True))
    assert counsellors[0] == ("code", "spoor", "intern/extern", "geslacht", "werkt voor")
    ext = next(row for row in counsellors if row[0] == "VP-EXT")
    assert ext[1:4] == ("integriteit", "extern", "onbekend") and "SNN" in ext[4]
    training = list(book["Trainingen"].iter_rows(values_only=True))
    assert training[0][3:6] == ("vrouwen", "mannen", "x") and training[1][2:6] == (135, 75, 60, 0)
    assert list(book["Ambtseed"].iter_rows(values_only=True))[1][:2] == (2024, 118)
    assert ("verbaal", 6) in list(book["Agressie"].iter_rows(values_only=True))
    assert ("Betrekken ondernemingsraad", "De OR is betrokken.") in list(
        book["Teksten"].iter_rows(values_only=True)
    )


def test_html_has_headers_and_the_english_text(session, settings, org):
    build_groningen_2024(session, settings, org)
    fill_registers(session, org)
    html = build_integrity_report(session, settings, org, 2024, "en", ReportFormat.HTML).decode()
    assert "<th>internal/external</th>" in html and "<th>serves</th>" in html
    assert "The council took part." in html and "De OR is betrokken." not in html
    assert "(no text entered yet)" not in html  # empty sections are left out
    assert '<th class="num">women</th>' in html
    behaviour_split = html.split("about integrity</th>")[1].split("</tr>")[0]
    assert '<td class="num">–</td>' in behaviour_split  # not applicable to the other track
