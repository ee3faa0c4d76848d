"""The audit log: what is recorded, the admin page with filters, CSV export, append-only."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import text
from tests.webutil import create_user, csrf_token, logged_in_client, login, make_client, post_form

from gepmonitor.core.audit import entries


def _rows(session_factory):
    with session_factory() as session:
        return [(e.id, e.at, e.actor, e.action, e.target, e.detail, e.ip) for e in entries(session)]


def test_logins_user_changes_and_exports_are_recorded(settings, session_factory, org):
    admin = logged_in_client(settings, session_factory, org, "admin")
    login(make_client(settings), "test-admin", "wrong-password")
    post_form(admin, "/admin/users", {"username": "olga", "role": "viewer"})
    with session_factory() as session:
        from gepmonitor.accounts.service import get_user

        olga = get_user(session, "olga").id
    post_form(admin, f"/admin/users/{olga}", {"role": "board", "active": ""})
    export = admin.get("/admin/audit.csv?action=login")
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    assert "attachment" in export.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(export.text)))
    assert {row["action"] for row in table} == {"login"}
    assert table[0]["actor"] == "test-admin" and table[0]["ip"] == "testclient"
    with session_factory() as session:
        log = entries(session)
    by_action = {e.action: e for e in reversed(log)}
    assert by_action["login_failed"].actor == "test-admin"
    assert by_action["user_created"].target == "olga" and by_action["user_created"].actor == (
        "test-admin"
    )
    assert by_action["user_changed"].detail == "role viewer->board; deactivated"
    assert by_action["export"].target == "audit.csv" and "1 rows" in by_action["export"].detail


def test_audit_page_filters(settings, session_factory, org):
    admin = logged_in_client(settings, session_factory, org, "admin")
    username, password = create_user(session_factory, org, "hr", "hr-one")
    login(make_client(settings), username, "wrong-password")
    login(make_client(settings), username, password)
    page = admin.get("/admin/audit?action=login_failed")
    assert page.status_code == 200 and "1 regel getoond." in page.text
    assert "hr-one" in page.text
    by_actor = admin.get("/admin/audit?actor=hr-one")
    assert "2 regels getoond." in by_actor.text
    future = admin.get("/admin/audit?since=2999-01-01")
    assert "Geen regels voor dit filter." in future.text
    with session_factory() as session:
        views = [e for e in entries(session) if e.action == "view" and e.target == "audit"]
    assert [v.detail for v in views][:2] == ["since=2999-01-01", "actor=hr-one"]
    bad = admin.get("/admin/audit?until=31-12-2025")
    assert bad.status_code == 422 and "gebruik JJJJ-MM-DD" in bad.text


def test_only_auditors_see_the_log(settings, session_factory, org):
    for role in ("hr", "counsellor", "board", "viewer"):
        client = logged_in_client(settings, session_factory, org, role)
        assert client.get("/admin/audit").status_code == 403
        export = client.get("/admin/audit.csv")
        assert export.status_code == 403 and "login" not in export.text.split("<main", 1)[-1]


def test_no_request_can_change_or_remove_audit_rows(settings, session_factory, org, engine):
    admin = logged_in_client(settings, session_factory, org, "admin")
    before = _rows(session_factory)
    assert before
    token = csrf_token(admin)
    # Everything the administration pages and API offer, including attempts to remove things.
    post_form(admin, "/admin/users", {"username": "tmp", "role": "hr"})
    admin.post("/admin/users/1", data={"csrf_token": token, "role": "admin", "active": "1"})
    admin.delete("/admin/audit", headers={"X-CSRF-Token": token})
    admin.post("/admin/audit", data={"csrf_token": token})
    admin.get("/admin/audit.csv")
    post_form(admin, "/logout")
    after = _rows(session_factory)
    assert after[-len(before) :] == before
    assert len(after) > len(before)
    for statement in ("UPDATE audit_entry SET detail = 'x'", "DELETE FROM audit_entry"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    assert _rows(session_factory) == after


def test_truncate_is_refused_on_postgresql(session_factory, org, engine, db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("TRUNCATE is PostgreSQL's (SQLite's DELETE without WHERE is tested above)")
    from gepmonitor.core.audit import record

    with session_factory() as session:
        record(session, action="login", actor="anna", org_id=org.id)
        session.commit()
    before = _rows(session_factory)
    with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
        connection.execute(text("TRUNCATE audit_entry"))
    with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
        connection.execute(text("TRUNCATE audit_entry CASCADE"))
    assert _rows(session_factory) == before and len(before) == 1


def test_scrollable_tables_can_be_reached_by_keyboard(settings, session_factory, org):
    from gepmonitor.core.audit import record

    with session_factory() as session:
        record(session, action="view", actor="demo", org_id=org.id, detail="x" * 400)
        session.commit()
    admin = logged_in_client(settings, session_factory, org, "admin")
    page = admin.get("/admin/audit").text
    wrappers = re.findall(r'<div class="table-wrap"[^>]*>', page)
    assert wrappers == ['<div class="table-wrap" tabindex="0" role="region" aria-label="Auditlog">']
    assert "x" * 400 in page


def test_every_report_download_and_exact_view_is_recorded(settings, session_factory, org):
    board = logged_in_client(settings, session_factory, org, "board")
    downloads = {
        "/safety/report?year=2024&format=xlsx": "integriteit-",
        "/recruitment/report?year=2024&format=xlsx": "werving-",
        "/plan/report?year=2024&format=xlsx": "plan-",
    }
    for path in downloads:
        answer = board.get(path)
        assert answer.status_code == 200, path
        assert "attachment" in answer.headers["content-disposition"]
    hr = logged_in_client(settings, session_factory, org, "hr")
    assert hr.get("/safety/totals?year=2024&exact=true").status_code == 200
    assert hr.get("/api/v1/safety/totals?year=2024&exact=true").status_code == 200
    rows = _rows(session_factory)
    exports = [(actor, target) for _, _, actor, action, target, _, _ in rows if action == "export"]
    for prefix in downloads.values():
        assert any(actor == "test-board" and target.startswith(prefix) for actor, target in exports)
    exact_views = [target for _, _, actor, _, target, detail, _ in rows if actor == "test-hr"]
    assert "safety/totals" in exact_views and "api/safety/totals" in exact_views


def test_a_viewer_cannot_download_the_plan_report(settings, session_factory, org):
    """Finding 9: the viewer role has no generate_reports, yet downloaded the plan report."""
    viewer = logged_in_client(settings, session_factory, org, "viewer")
    for fmt in ("pdf", "html", "xlsx"):
        answer = viewer.get(f"/plan/report?year=2024&format={fmt}")
        assert answer.status_code == 403, fmt
        assert "attachment" not in answer.headers.get("content-disposition", "")
    page = viewer.get("/plan?year=2024")
    assert page.status_code == 200 and "/plan/report" not in page.text
    assert [r for r in _rows(session_factory) if r[3] == "export"] == []
    board = logged_in_client(settings, session_factory, org, "board")
    assert 'id="plan-downloads"' in board.get("/plan?year=2024").text


def test_reads_of_the_safety_registers_are_recorded(settings, session_factory, org, run_cli):
    """Finding 9: HR's reads of the reports register (page, API, CLI) left no trace."""
    from tests.webutil import api_token

    hr = logged_in_client(settings, session_factory, org, "hr")
    assert hr.get("/safety/registers").status_code == 200
    bearer = {"Authorization": f"Bearer {api_token(session_factory, 'test-hr')}"}
    assert hr.get("/api/v1/safety/reports?year=2024", headers=bearer).status_code == 200
    assert run_cli("safety", "incidents", "--year", "2024")[0] == 0
    assert run_cli("safety", "overdue")[0] == 0
    reads = [
        (actor, target, detail)
        for _, _, actor, action, target, detail, _ in _rows(session_factory)
        if action == "view_register"
    ]
    cli = {actor for actor, _, _ in reads if actor.startswith("cli:")}
    assert len(cli) == 1
    (cli_actor,) = cli
    assert sorted(reads) == sorted(
        [
            ("test-hr", "reports and incidents", "all years"),
            ("test-hr", "reports", "year 2024"),
            (cli_actor, "incidents", "year 2024"),
            (cli_actor, "overdue reports", "all years"),
        ]
    )
    # The audit page names each register in Dutch, never by the code it is stored as.
    admin = logged_in_client(settings, session_factory, org, "admin")
    page = admin.get("/admin/audit?action=view_register").text
    for dutch in ("meldingen en incidenten", "meldingen", "incidenten", "te late meldingen"):
        assert f"<td>{dutch}</td>" in page, dutch
    assert "<td>reports and incidents</td>" not in page


def test_the_audit_view_counts_counsellors_work_instead_of_listing_it(
    settings, session_factory, org
):
    """Finding 9: the admin's list showed each counsellor's logging and reading times."""
    import re

    from tests.safety.test_web import counsellor_client, log

    anna, _ = counsellor_client(settings, session_factory, org, "anna", "VP-A")
    assert log(anna).status_code == 200
    assert anna.get("/safety/mine/1").status_code == 200
    stored = {action for _, _, actor, action, *_ in _rows(session_factory) if actor == "anna"}
    assert {"log_conversation", "read_note"} <= stored  # the log itself keeps every entry

    admin = logged_in_client(settings, session_factory, org, "admin")
    admin.get("/lang/en")
    page = admin.get("/admin/audit?limit=5000").text
    listed = page.split('id="counsellor-activity"')[0]
    assert "log_conversation" not in listed and "read_note" not in listed
    assert '<option value="log_conversation"' not in page
    table = page.split('id="counsellor-activity"')[1].split("</table>")[0]
    assert re.search(r"<td>\d{4}</td><td>conversation recorded</td><td>fewer than 5</td>", table)
    assert "anna" not in table
    exported = admin.get("/admin/audit.csv").text
    assert "log_conversation" not in exported and "read_note" not in exported

    exact = make_client(settings.model_copy(update={"min_cell": 1}))
    login(exact, "test-admin", "admin-kastanje-laan-123")
    exact_table = exact.get("/admin/audit").text.split('id="counsellor-activity"')[1]
    # Dutch by default: each action by its label, never its code.
    assert re.search(r"<td>gesprek vastgelegd</td><td>1</td>", exact_table), exact_table
    assert "log_conversation" not in exact_table and "read_note" not in exact_table


def test_the_log_is_shown_a_page_at_a_time_with_its_filter(settings, session_factory, org):
    from datetime import datetime

    from gepmonitor.core.audit import record

    with session_factory() as session:
        for number in range(1, 121):  # oldest first: entry 120 is the newest
            entry = record(session, action="backup", actor="cron", org_id=org.id)
            entry.at = datetime(2025, 1, 1, 0, number // 60, number % 60)
            entry.detail = f"entry {number}"
        record(session, action="restore", actor="cron", org_id=org.id, detail="other action")
        session.commit()
    admin = logged_in_client(settings, session_factory, org, "admin")

    def details(page: str) -> list[int]:
        return [int(n) for n in re.findall(r"<td>entry (\d+)</td>", page)]

    first = admin.get("/admin/audit?action=backup").text
    assert details(first) == list(range(120, 70, -1))  # the newest 50
    assert "50 regels getoond." in first and "Regels 1 tot en met 50 van het filter" in first
    assert "Pagina 1<" in first and "Nieuwere" not in first
    assert 'href="/admin/audit?action=backup&amp;page=2" rel="next">Oudere</a>' in first
    assert '<option value="backup" selected>' in first
    # The export takes every entry of the filter, not this page.
    assert 'href="/admin/audit.csv?action=backup" download' in first

    second = admin.get("/admin/audit?action=backup&page=2").text
    assert details(second) == list(range(70, 20, -1)) and "Pagina 2<" in second
    assert "Regels 51 tot en met 100 van het filter" in second
    assert 'href="/admin/audit?action=backup&amp;page=1" rel="prev">Nieuwere</a>' in second
    assert 'href="/admin/audit?action=backup&amp;page=3" rel="next">Oudere</a>' in second
    last = admin.get("/admin/audit?action=backup&page=3").text
    assert details(last) == list(range(20, 0, -1)) and "20 regels getoond." in last
    assert "Oudere" not in last and "Regels 101 tot en met 120" in last
    # Past the end: no entries, and the way back to the first page.
    beyond = admin.get("/admin/audit?action=backup&page=99").text
    assert details(beyond) == [] and "Geen regels op pagina 99." in beyond
    assert 'href="/admin/audit?action=backup&amp;page=1" rel="prev">Nieuwere</a>' in beyond
    # A chosen page size is kept in the links; one page of everything has no pager.
    small = admin.get("/admin/audit?action=backup&limit=100&page=2").text
    assert details(small) == list(range(20, 0, -1)) and "Pagina 2<" in small
    assert 'href="/admin/audit?action=backup&amp;limit=100&amp;page=1"' in small
    whole = admin.get("/admin/audit?action=backup&limit=120").text
    assert len(details(whole)) == 120 and 'class="pager"' not in whole
    assert "Regels 1 tot en met" not in whole
    assert admin.get("/admin/audit?page=0").status_code == 422
    exported = admin.get("/admin/audit.csv?action=backup").text
    assert len(list(csv.DictReader(io.StringIO(exported)))) == 120
    # Each view of a page is audited with what it asked for.
    with session_factory() as session:
        views = [e.detail for e in entries(session) if e.action == "view" and e.target == "audit"]
    assert "action=backup&page=2" in views and "action=backup&limit=100&page=2" in views


def test_every_view_is_recorded_and_the_choices_and_totals_are_current(
    settings, session_factory, org
):
    """The audit page keeps writing its own entry on every view, and its filter choices and
    the counsellors' totals show an entry written elsewhere on the next view."""
    from gepmonitor.core.audit import record

    admin = logged_in_client(settings, session_factory, org, "admin")

    def views() -> list[str]:
        return [d for _, _, _, a, t, d, _ in _rows(session_factory) if (a, t) == ("view", "audit")]

    first = admin.get("/admin/audit").text
    assert views() == [""]
    # Its own view is among the choices from the first view on (read after it is recorded).
    assert '<option value="view">bekeken</option>' in first
    assert '<option value="backup">' not in first
    with session_factory() as session:  # another process: the CLI's backup
        record(session, action="backup", actor="cli:root", org_id=org.id)
        for _ in range(5):
            record(session, action="read_note", actor="anna", org_id=org.id)
        session.commit()
    second = admin.get("/admin/audit?page=1").text
    assert '<option value="backup">back-up gemaakt</option>' in second
    assert '<option value="read_note">' not in second  # counsellors' work is only counted
    assert re.search(r"<td>notitie gelezen</td><td>5</td>", second)
    with session_factory() as session:
        record(session, action="read_note", actor="anna", org_id=org.id)
        session.commit()
    third = admin.get("/admin/audit?action=backup").text
    assert re.search(r"<td>notitie gelezen</td><td>6</td>", third)
    assert '<option value="backup" selected>back-up gemaakt</option>' in third
    english = admin.get("/lang/en?next=/admin/audit").text
    assert '<option value="backup">backup made</option>' in english
    assert views() == ["", "action=backup", "page=1", ""]  # newest first: one entry a view


def test_the_counsellors_totals_of_past_years_follow_a_purge_at_once(
    settings, session_factory, org
):
    """The years before this one are kept per data version, this year's are counted on every
    view: a purge of old entries shows on the next view, and so does a counsellor's read."""
    from datetime import datetime

    from gepmonitor.core.audit import AuditEntry, record
    from gepmonitor.core.db import utcnow
    from gepmonitor.maintenance.retention import purge

    year = utcnow().year
    with session_factory() as session:
        for at_year, count in ((year - 9, 6), (year - 1, 7)):
            for day in range(1, count + 1):
                at = datetime(at_year, 6, day, 12)
                session.add(AuditEntry(at=at, org_id=org.id, actor="anna", action="read_note"))
        session.commit()
    admin = logged_in_client(settings, session_factory, org, "admin")

    def totals() -> list[tuple[str, str, str]]:
        table = admin.get("/admin/audit").text.split('id="counsellor-activity"')[1]
        found = re.findall(r"<tr><td>(\d+)</td><td>([\w ]+)</td><td>([^<]+)</td></tr>", table)
        return [tuple(row) for row in found]

    assert totals() == [
        (str(year - 1), "notitie gelezen", "7"),
        (str(year - 9), "notitie gelezen", "6"),
    ]
    with session_factory() as session:  # `gep purge`: audit entries kept five years
        purge(session, settings, "cli:root", dry_run=False)
        session.commit()
    assert totals() == [(str(year - 1), "notitie gelezen", "7")]
    with session_factory() as session:
        for _ in range(5):
            record(session, action="read_note", actor="anna", org_id=org.id)
        session.commit()
    assert totals() == [
        (str(year), "notitie gelezen", "5"),
        (str(year - 1), "notitie gelezen", "7"),
    ]


def test_the_counsellors_totals_are_split_at_the_year_as_the_database_counts(session, org):
    """This year's entries are counted by a range of dates, the years before (and any entry
    dated after this year) by each entry's year: together the same as counting every entry
    by its year, on both databases."""
    from datetime import datetime

    from gepmonitor.audit import service
    from gepmonitor.core.audit import AuditEntry

    dated = {
        datetime(2024, 12, 31, 23, 59, 59, 999999): "read_note",
        datetime(2025, 1, 1): "read_note",
        datetime(2025, 12, 31, 23, 59, 59): "log_conversation",
        datetime(2026, 1, 1): "view_conversation",
        datetime(2027, 3, 1): "read_note",
        datetime(2025, 6, 1): "login",  # not a counsellor's action
    }
    for at, action in dated.items():
        session.add(AuditEntry(at=at, org_id=org.id, actor="anna", action=action))
    session.flush()
    split = service.counsellor_activity(session, org.id, 1, year=2025)
    assert [(a.year, a.action, a.count) for a in split] == [
        (2027, "read_note", 1),
        (2026, "view_conversation", 1),
        (2025, "log_conversation", 1),
        (2025, "read_note", 1),
        (2024, "read_note", 1),
    ]
    for year in (2023, 2024, 2026, 2028):  # wherever the split falls, the same totals
        assert service.counsellor_activity(session, org.id, 1, year=year) == split
    hidden = service.counsellor_activity(session, org.id, 2, year=2025)
    assert [a.count for a in hidden] == [None] * 5


def test_the_table_rows_escape_every_cell_as_the_template_does():
    """The rows are escaped a row at a time: the same HTML as escaping each cell, also for
    text with markup, quotes or the separator character itself."""
    from markupsafe import escape

    from gepmonitor.audit.web import _options, _table_row

    rows = [
        ("29-11-2026 10:00:00", "anna", "hr", "export", "<b>x</b>", "a=1&b='2'", '"ip"'),
        ("29-11-2026 10:00:01", "x\x1fy", "", "view", "audit", "\x1f\x1f", ""),
        ("29-11-2026 10:00:02", "", "", "", "", "", ""),
    ]
    for row in rows:
        expected = "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
        assert _table_row(row) == expected
    assert "&lt;b&gt;x&lt;/b&gt;" in _table_row(rows[0])
    assert "a=1&amp;b=&#39;2&#39;" in _table_row(rows[0])
    options = str(_options(("backup", "<odd>"), "en", "backup"))
    assert options == (
        '<option value="backup" selected>backup made</option>'
        '<option value="&lt;odd&gt;">&lt;odd&gt;</option>'
    )


def test_a_new_entry_is_listed_at_once_though_the_page_keeps_its_rows(
    settings, session_factory, org
):
    """The page keeps its frame and each entry's row from view to view (audit.web): each view
    still lists the newest entries at once (its own last view, one written elsewhere), in the
    reader's language, and a kept row shows only where the filter asks for it."""
    from gepmonitor.core.audit import record

    admin = logged_in_client(settings, session_factory, org, "admin")

    def listed(page: str) -> list[tuple[str, ...]]:  # who, role, action, target, details
        body = page.split("<tbody>")[1].split("</tbody>")[0]
        rows = re.findall(r"<tr>(.*?)</tr>", body)
        return [tuple(re.findall(r"<td>(.*?)</td>", row)[1:6]) for row in rows]

    first = listed(admin.get("/admin/audit").text)
    own_view = ("test-admin", "beheerder", "bekeken", "auditlog", "")
    assert first[0] == ("test-admin", "beheerder", "ingelogd", "", "")  # before any view
    second = listed(admin.get("/admin/audit").text)
    assert second == [own_view, *first]  # the first view, listed on the second
    with session_factory() as session:  # another process writes meanwhile
        record(session, action="login_failed", actor="mallory", org_id=org.id, detail="<b>")
        session.commit()
    third_page = admin.get("/admin/audit?limit=2").text
    assert listed(third_page) == [
        ("mallory", "", "mislukte inlogpoging", "", "&lt;b&gt;"),
        own_view,
    ]
    assert "2 regels getoond." in third_page and "Regels 1 tot en met 2" in third_page
    fourth = listed(admin.get("/admin/audit").text)
    assert fourth[:3] == [
        (*own_view[:4], "limit=2"),
        ("mallory", "", "mislukte inlogpoging", "", "&lt;b&gt;"),
        own_view,
    ]
    english = listed(admin.get("/lang/en?next=/admin/audit").text)
    assert english[:2] == [
        ("test-admin", "administrator", "viewed", "audit log", ""),
        ("test-admin", "administrator", "viewed", "audit log", "limit=2"),
    ]
    assert english[2] == ("mallory", "", "failed login", "", "&lt;b&gt;")
    assert listed(admin.get("/admin/audit?actor=mallory").text) == [
        ("mallory", "", "failed login", "", "&lt;b&gt;")
    ]
