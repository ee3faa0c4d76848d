"""The personnel pages: imports with a preview of every problem, targets, dashboard, reports."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select
from tests.web.sample import good_rows, personnel_csv, rows_with_errors
from tests.webutil import csrf_token, logged_in_client, post_form

from gepmonitor.core.audit import entries
from gepmonitor.personnel.models import EmployeeRecord, Snapshot


def _preview(client, content: bytes, peildatum: str = "2024-12-31", name: str = "hr.csv"):
    return client.post(
        "/personnel/imports/preview",
        data={"csrf_token": csrf_token(client), "peildatum": peildatum},
        files={"file": (name, content, "text/csv")},
    )


def _token(page: str) -> str:
    return page.split('name="token" value="')[1].split('"')[0]


def _count(session_factory, model) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count(model.id)))


def test_import_shows_every_problem_then_imports_the_fixed_file(settings, session_factory, org):
    hr = logged_in_client(settings, session_factory, org, "hr")
    assert "Er zijn nog geen personeelsgegevens" in hr.get("/dashboard").text
    bad = _preview(hr, personnel_csv(rows_with_errors()))
    assert bad.status_code == 422
    assert "3 problemen gevonden" in bad.text
    assert "hr.csv, rij 4, kolom &#39;Geslacht&#39;" in bad.text
    assert "rij 6, kolom &#39;Schaal&#39;" in bad.text and "rij 9, kolom &#39;FTE&#39;" in bad.text
    assert 'action="/personnel/imports/commit"' not in bad.text
    assert _count(session_factory, EmployeeRecord) == 0
    good = _preview(hr, personnel_csv(good_rows()))
    assert good.status_code == 200 and "36 rijen kunnen worden geïmporteerd" in good.text
    assert "Kolommen met namen zijn weggelaten en worden nooit opgeslagen: Naam." in good.text
    assert _count(session_factory, EmployeeRecord) == 0  # a preview writes nothing
    done = post_form(
        hr, "/personnel/imports/commit", {"token": _token(good.text), "peildatum": "2024-12-31"}
    )
    assert done.status_code == 200 and "36 rijen uit hr.csv geïmporteerd" in done.text
    assert _count(session_factory, EmployeeRecord) == 36
    dashboard = hr.get("/dashboard")
    assert "Aandeel vrouwen per band in 2024" in dashboard.text
    with session_factory() as session:
        log = entries(session)
    imported = [e for e in log if e.action == "import_personnel"]
    assert imported and imported[0].ip == "testclient" and imported[0].role == "hr"


def test_replacing_a_peildatum_needs_consent(settings, session_factory, org):
    hr = logged_in_client(settings, session_factory, org, "hr")
    first = _preview(hr, personnel_csv(good_rows()))
    post_form(
        hr, "/personnel/imports/commit", {"token": _token(first.text), "peildatum": "2024-12-31"}
    )
    again = _preview(hr, personnel_csv(good_rows(count=30)), name="v2.csv")
    assert "Peildatum 31 december 2024 is al geïmporteerd." in again.text
    token = _token(again.text)
    refused = post_form(
        hr, "/personnel/imports/commit", {"token": token, "peildatum": "2024-12-31"}
    )
    assert refused.status_code == 409 and "al geïmporteerd" in refused.text
    # The page names its own way to replace, not the CLI's option.
    assert "--replace" not in refused.text
    assert "vink &#39;Vervang de bestaande gegevens van 31 december 2024&#39; aan" in refused.text
    assert _count(session_factory, EmployeeRecord) == 36
    replaced = post_form(
        hr,
        "/personnel/imports/commit",
        {"token": token, "peildatum": "2024-12-31", "replace": "1"},
    )
    assert "Peildatum 31 december 2024 vervangen door 30 rijen uit v2.csv." in replaced.text
    assert _count(session_factory, EmployeeRecord) == 30
    assert _count(session_factory, Snapshot) == 1
    reused = post_form(hr, "/personnel/imports/commit", {"token": token, "peildatum": "2024-12-31"})
    assert reused.status_code == 422 and "upload het opnieuw" in reused.text
    deleted = post_form(hr, "/personnel/imports/delete", {"peildatum": "2024-12-31"})
    assert "zijn verwijderd" in deleted.text and _count(session_factory, Snapshot) == 0


def test_the_import_message_counts_one_row_in_the_singular(settings, session_factory, org):
    hr = logged_in_client(settings, session_factory, org, "hr")
    checked = _preview(hr, personnel_csv(good_rows(count=1)), name="een.csv")
    assert "1 rij kan worden geïmporteerd" in checked.text
    done = post_form(
        hr, "/personnel/imports/commit", {"token": _token(checked.text), "peildatum": "2024-12-31"}
    )
    assert "1 rij uit een.csv geïmporteerd voor peildatum 31 december 2024." in done.text
    assert _count(session_factory, EmployeeRecord) == 1


def test_upload_input_errors_are_clear(settings, session_factory, org):
    hr = logged_in_client(settings, session_factory, org, "hr")
    bad_date = _preview(hr, personnel_csv(good_rows()), peildatum="31-12-2024")
    assert bad_date.status_code == 422 and "geen datum; gebruik JJJJ-MM-DD" in bad_date.text
    pdf = _preview(hr, b"%PDF-1.4 nonsense", name="export.pdf")
    assert pdf.status_code == 422 and "export.pdf" in pdf.text
    no_file = hr.post(
        "/personnel/imports/preview",
        data={"csrf_token": csrf_token(hr), "peildatum": "2024-12-31"},
    )
    assert no_file.status_code == 422 and "Kies eerst een bestand." in no_file.text
    forged = post_form(
        hr, "/personnel/imports/commit", {"token": "../../etc/passwd", "peildatum": "2024-12-31"}
    )
    assert forged.status_code == 422
    empty = _preview(hr, b"", name="leeg.csv")
    assert empty.status_code == 422 and "leeg.csv" in empty.text


def test_targets_create_edit_delete(settings, session_factory, org):
    hr = logged_in_client(settings, session_factory, org, "hr")
    saved = post_form(hr, "/personnel/targets", {"band": "11+", "share": "45,5", "year": "2030"})
    assert "Streefwaarde voor band 11+ opgeslagen." in saved.text
    assert 'value="45,5"' in saved.text
    changed = post_form(
        hr,
        "/personnel/targets",
        {"band": "11+", "share": "50%", "year": "2032", "start_year": "2024", "note": "GS"},
    )
    assert 'value="50,0"' in changed.text and 'value="2032"' in changed.text
    for data, message in [
        ({"band": "11+", "share": "veel", "year": "2030"}, "is geen getal"),
        ({"band": "11+", "share": "150", "year": "2030"}, "tussen 0 en 100%"),
        ({"band": "zz", "share": "40", "year": "2030"}, "Onbekende band"),
        ({"band": "13+", "share": "40", "year": "twintig"}, "geen jaartal"),
        ({"band": "13+", "share": "40", "year": "2030", "start_year": "2035"}, "Beginjaar"),
    ]:
        response = post_form(hr, "/personnel/targets", data)
        assert response.status_code == 422 and message in response.text, data
    deleted = post_form(hr, "/personnel/targets/delete", {"band": "11+"})
    assert "Er zijn nog geen streefwaarden." in deleted.text
    missing = post_form(hr, "/personnel/targets/delete", {"band": "11+"})
    assert missing.status_code == 404


def test_dashboard_suppresses_small_cells_unless_exact(settings, session_factory, demo):
    viewer = logged_in_client(settings, session_factory, demo, "viewer")
    page = viewer.get("/dashboard")
    assert page.status_code == 200
    assert "Aandeel vrouwen per band in 2025" in page.text
    assert "projectie stromen" in page.text and "streefwaarde" in page.text
    assert ">*<" in page.text  # some units or flows are small (a cell showing the mark)
    assert viewer.get("/dashboard?exact=true").status_code == 403
    hr = logged_in_client(settings, session_factory, demo, "hr")
    exact = hr.get("/dashboard?exact=true&year=2020")
    assert exact.status_code == 200 and ">*<" not in exact.text.split("<main")[1]
    assert "exacte aantallen" in exact.text
    with session_factory() as session:
        views = [e for e in entries(session) if e.action == "view"]
    assert views and views[0].detail == "exact counts, year 2020"
    assert viewer.get("/dashboard?year=1990").status_code == 422
    english = viewer.get("/lang/en?next=/dashboard")
    assert "Share of women per band in 2025" in english.text
    charts = re.findall(r'<img src="(/dashboard/chart\.svg\?[^"]+)"', english.text)
    assert len(charts) == 4 and "lang=en" in charts[0]
    chart = viewer.get(html.unescape(charts[0]))
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/svg+xml"
    assert "<svg" in chart.text and "immutable" in chart.headers["cache-control"]
    assert viewer.get("/dashboard/chart.svg?chart=zz").status_code == 404
    assert viewer.get("/dashboard/chart.svg?exact=true").status_code == 403
    exact_chart = hr.get("/dashboard/chart.svg?exact=true&chart=overall&year=2020")
    assert exact_chart.status_code == 200 and "<svg" in exact_chart.text
    with session_factory() as session:
        views = [(e.actor, e.target, e.detail) for e in entries(session) if e.action == "view"]
    assert views[0] == ("test-hr", "dashboard/chart.svg", "exact counts, chart overall, year 2020")


def test_reports_download_in_every_format(settings, session_factory, demo):
    board = logged_in_client(settings, session_factory, demo, "board")
    form = board.get("/reports")
    assert form.status_code == 200 and '<option value="2025">' in form.text
    offered = set(re.findall(r'<form method="get" action="/reports/([a-z]+)"', form.text))
    assert offered == {"monitor", "integrity", "plan"}  # this demo has staff, no register
    for kind in ("recruitment", "survey", "selfcheck", "paygap"):
        assert f'id="report-{kind}"' in form.text
    assert 'href="/plan/check"' in form.text  # the self-check starts from an upload
    docx = board.get("/reports/monitor?choice=2025&format=docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert "wordprocessingml" in docx.headers["content-type"]
    viewer = logged_in_client(settings, session_factory, demo, "viewer")
    # The viewer reads the dashboard and the plan but makes no reports (issue 12, finding 9).
    assert viewer.get("/reports").status_code == 403
    for kind in ("monitor", "plan", "integrity"):
        assert viewer.get(f"/reports/{kind}?format=pdf").status_code == 403
    assert 'href="/reports"' not in viewer.get("/dashboard").text
    check = viewer.get("/plan/check").text
    assert check.count('aria-current="page"') == 1  # one menu item lights up, not /plan too
    assert 'href="/plan/check" aria-current="page"' in check
    pdf = board.get("/reports/monitor?year=2025&format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
    xlsx = board.get("/reports/monitor?year=2024&format=xlsx&report_lang=en")
    assert xlsx.content.startswith(b"PK")
    html = board.get("/reports/monitor?year=2025&format=html")
    assert "<html" in html.text and "2025" in html.text
    assert board.get("/reports/monitor?year=2025&format=doc").status_code == 422
    assert board.get("/reports/monitor?year=1990&format=pdf").status_code == 422
    assert board.get("/reports/monitor?year=2025&exact=true").status_code == 403
    assert board.get("/reports/monitor?year=abc").status_code == 422
    with session_factory() as session:
        exports = [e.target for e in entries(session) if e.action == "export"]
    assert set(exports) == {
        f"gep-monitor-{demo.slug}-2025-nl.pdf",
        f"gep-monitor-{demo.slug}-2024-en.xlsx",
        f"gep-monitor-{demo.slug}-2025-nl.html",
        f"gep-monitor-{demo.slug}-2025-nl.docx",
    }


def test_a_broken_xlsx_gives_a_clear_message_without_paths(settings, session_factory, org):
    hr = logged_in_client(settings, session_factory, org, "hr")
    broken = hr.post(
        "/personnel/imports/preview",
        data={"csrf_token": csrf_token(hr), "peildatum": "2024-12-31"},
        files={"file": ("hr-2024.xlsx", b"PK\x03\x04 not really a workbook", "application/zip")},
    )
    assert broken.status_code == 422
    main = broken.text.split("<main")[1]
    assert "hr-2024.xlsx: geen leesbaar Excel-bestand. Sla het op als .xlsx" in main
    assert "uploads" not in main and "/tmp" not in main and "calamine" not in main


BAND_FIGURE = re.compile(
    r'<h2 id="band-\d+">([^<]*)</h2>\s*<figure class="chart">\s*'
    r'<img [^>]*alt="([^"]*)"[^>]*>\s*<figcaption>([^<]*)</figcaption>'
)


def test_band_chart_texts_name_the_target_and_projections_only_where_drawn(
    settings, session_factory, demo
):
    # The demo sets targets for 11+ and 13+; the managers band has none, so no target line and
    # no projections are drawn and its caption and alt text must not speak of them.
    viewer = logged_in_client(settings, session_factory, demo, "viewer")
    page = viewer.get("/dashboard").text
    figures = {label: (alt, caption) for label, alt, caption in BAND_FIGURE.findall(page)}
    assert figures["leidinggevenden"] == (
        "Grafiek: aandeel vrouwen in leidinggevenden, 2016–2025. De cijfers staan in de tabellen "
        "hieronder.",
        "Doorgetrokken lijn: gemeten aandeel vrouwen.",
    )
    assert figures["schaal 13 en hoger"] == (
        "Grafiek: aandeel vrouwen in schaal 13 en hoger, 2016–2025, met de streefwaarde en de "
        "projecties volgens de trend en volgens in-, door- en uitstroom. De cijfers staan in de "
        "tabellen hieronder.",
        "Doorgetrokken lijn: gemeten aandeel vrouwen. Stippellijnen: projectie volgens de trend "
        "en volgens de stromen. Horizontale lijn en ster: streefwaarde in het streefjaar.",
    )
    english = viewer.get("/lang/en?next=/dashboard").text
    figures = {label: (alt, caption) for label, alt, caption in BAND_FIGURE.findall(english)}
    assert figures["managers"] == (
        "Chart: share of women in managers, 2016–2025. The figures are in the tables below.",
        "Solid line: measured share of women.",
    )
    assert figures["scale 11 and higher"][1] == (
        "Solid line: measured share of women. Dotted lines: projection by trend and by flows. "
        "Horizontal line and star: the target in the target year."
    )


@pytest.mark.parametrize(
    ("lines", "caption", "drawn"),
    [
        (
            ["measured", "flow", "target"],
            "Solid line: measured share of women. Dotted line: projection by flows. "
            "Horizontal line and star: the target in the target year.",
            ", with the target and the projection by inflow, promotion and outflow",
        ),
        (  # a target whose projections are hidden with the band's small latest counts
            ["measured", "target"],
            "Solid line: measured share of women. Horizontal line and star: the target in the "
            "target year.",
            ", with the target",
        ),
        ([], "No shares to draw; the figures are in the table below.", ""),
    ],
)
def test_band_chart_texts_follow_the_lines_drawn(lines, caption, drawn):
    from gepmonitor.personnel.web.dashboard import chart_alt, chart_caption

    assert chart_caption(lines, "en") == caption
    alt = chart_alt("top", [2020, 2025], lines, "en")
    assert (
        alt
        == f"Chart: share of women in top, 2020–2025{drawn}. The figures are in the tables below."
    )
