"""Audit log pages: view and filter the log, export it as CSV (administrators)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from markupsafe import Markup, escape

from gepmonitor.accounts.auth import client_ip
from gepmonitor.accounts.deps import OrgDep, SessionDep, SettingsDep, require
from gepmonitor.accounts.models import User
from gepmonitor.accounts.pages import request_lang
from gepmonitor.accounts.roles import ROLE_LABELS
from gepmonitor.accounts.shared import Blocks, cached_async, page_blocks, send_page
from gepmonitor.audit import service as audit_view
from gepmonitor.audit.labels import action_label, target_label
from gepmonitor.core.audit import append, record
from gepmonitor.core.db import utcnow
from gepmonitor.core.formatting import format_date
from gepmonitor.core.i18n import N_, gettext

router = APIRouter()

NAV = [("view_audit", "/admin/audit", N_("Audit log"))]

Auditor = Annotated[User, Depends(require("view_audit"))]


def _audit_filter(
    action: str, actor: str, since: str, until: str, limit: int
) -> audit_view.AuditFilter:
    return audit_view.AuditFilter(
        action=action.strip(),
        actor=actor.strip().lower(),
        since=audit_view.parse_day(since, N_("Invalid date '{value}' for 'From': use YYYY-MM-DD.")),
        until=audit_view.parse_day(
            until, N_("Invalid date '{value}' for 'Up to and including': use YYYY-MM-DD.")
        ),
        limit=limit,
    )


@dataclass(frozen=True)
class Pager:
    """Where a page of the log is: its number, its entries' positions and its neighbours."""

    page: int
    first: int  # position of the page's first entry, newest first, from 1
    last: int
    newer: str  # link to the page before (newer entries), "" on the first page
    older: str  # link to the page after (older entries), "" when none follow


def _pager(page: int, per_page: int, shown: int, more: bool, query: dict[str, str]) -> Pager:
    def link(number: int) -> str:
        return f"/admin/audit?{urlencode({**query, 'page': number})}"

    first = (page - 1) * per_page + 1
    return Pager(
        page=page,
        first=first,
        last=first + shown - 1,
        # past the end (no entries), newer leads back to the first page
        newer=link(page - 1 if shown else 1) if page > 1 else "",
        older=link(page + 1) if more else "",
    )


def _shown(entry: audit_view.Entry, lang: str) -> tuple[str, ...]:
    """Return an entry as the table's texts: when, who, role, action, target, details, address."""
    at, actor, role, action, target, detail, ip = entry
    role = gettext(ROLE_LABELS[role], lang) if role in ROLE_LABELS else role
    when = f"{format_date(at.date(), lang, 'short')} {at.hour:02}:{at.minute:02}:{at.second:02}"
    return (when, actor, role, action_label(action, lang), target_label(target, lang), detail, ip)


_CELL = "\x1f"  # between a row's cells while they are escaped together; never left in a page


def _table_row(row: tuple[str, ...]) -> str:
    """Return a row of the table's texts as its HTML row of cells, each text escaped.

    A row's cells are escaped in one call (joined by a control character that escaping keeps,
    then split on it), a tenth of the time of one call per cell. A row whose text holds that
    character itself is escaped a cell at a time.
    """
    joined = _CELL.join(row)
    if joined.count(_CELL) == len(row) - 1:
        cells = str(escape(joined)).replace(_CELL, "</td><td>")
    else:
        cells = "</td><td>".join(str(escape(cell)) for cell in row)
    return f"<tr><td>{cells}</td></tr>"


@lru_cache(maxsize=4096)
def _entry_row(entry: audit_view.Entry, lang: str) -> str:
    """Return an entry as the table's HTML row in lang, made once while kept.

    An entry never changes; audit.service keeps a page's entries as the same objects from view
    to view.
    """
    return _table_row(_shown(entry, lang))


_ROWS_SLOT = "<audit-rows-slot/>"  # where the entries go in the page's kept blocks


@lru_cache(maxsize=256)
def _frame(
    lang: str,
    min_cell: int,
    count: int,
    wanted: audit_view.AuditFilter,
    since: str,
    until: str,
    pager: Pager,
    export: str,
    options: Markup,
    activity: tuple[audit_view.Activity, ...],
) -> tuple[Blocks, str, str]:
    """Return the page's blocks around its entries: all but content, and content split there.

    The content block comes as the text before and after the table's rows (_ROWS_SLOT). A pure
    function of what the page shows but its entries, kept while the same: the filter, the
    pager, the number of entries shown (count), the choices and the counsellors' totals.
    """
    blocks = page_blocks(
        "audit_log.html",
        lang,
        min_cell=min_cell,
        count=count,
        table_rows=Markup(_ROWS_SLOT),
        wanted=wanted,
        per_page=audit_view.row_limit(wanted),
        since=since,
        until=until,
        pager=pager,
        max_rows=audit_view.MAX_ROWS,
        export=export,
        options=options,
        activity=[(entry, action_label(entry.action, lang)) for entry in activity],
    )
    before, _, after = str(blocks.pop("content")).partition(_ROWS_SLOT)  # no slot: no rows
    return blocks, before, after


def _blocks(frame: tuple[Blocks, str, str], rows: str) -> Blocks:
    """Return the page's blocks with its entries' rows in the content block."""
    blocks, before, after = frame
    return {**blocks, "content": Markup(before + rows + after)}


@lru_cache(maxsize=256)
def _options(actions: tuple[str, ...], lang: str, chosen: str) -> Markup:
    """Return the filter's choices as options: each action present with its label in lang."""
    return Markup("").join(
        Markup('<option value="{}"{}>{}</option>').format(
            action, Markup(" selected") if action == chosen else "", action_label(action, lang)
        )
        for action in actions
    )


@router.get("/admin/audit", include_in_schema=False)
async def audit_page(
    request: Request,
    user: Auditor,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    action: str = "",
    actor: str = "",
    since: str = "",
    until: str = "",
    limit: int = audit_view.PER_PAGE,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    """Show the audit log a page at a time, newest first, filtered by action, actor and dates.

    Everything the page shows is read on every view (the log changes without changing the data
    version), except the counsellors' totals of the years before this one: those change only
    with the data version (core.cache). The view's own entry is written last, so that its write
    lock is held only until the commit that follows at once.
    """
    wanted = _audit_filter(action, actor, since, until, limit)
    year, min_cell = utcnow().year, settings.min_cell
    closed = await cached_async(
        session,
        org,
        ("audit.counsellors", year, min_cell),
        lambda: audit_view.closed_counsellor_activity(session, org.id, year, min_cell),
    )

    def shown() -> Response:
        rows, more = audit_view.page_of(session, org.id, wanted, page)
        lang = request_lang(request)
        filters = {"action": action, "actor": actor, "since": since, "until": until}
        filters = {key: value for key, value in filters.items() if value}
        shown = {**filters, "limit": str(limit)} if limit != audit_view.PER_PAGE else filters
        # Its own view ("view") is among the choices from the first view on.
        choices, recent = audit_view.actions_and_recent_activity(
            session, org.id, "view", year, min_cell
        )
        # The layout around the page is kept per reader and address (accounts.shared.send_page);
        # the page around its entries per what it shows (_frame), each entry's row per entry.
        frame = _frame(
            lang,
            min_cell,
            len(rows),
            wanted,
            since,
            until,
            _pager(page, audit_view.row_limit(wanted), len(rows), more, shown),
            f"/admin/audit.csv?{urlencode(filters)}" if filters else "/admin/audit.csv",
            _options(tuple(choices), lang, wanted.action),
            (*recent, *closed),
        )
        blocks = _blocks(frame, "\n  ".join([_entry_row(row, lang) for row in rows]))
        response = send_page(request, blocks)
        append(
            session,
            action="view",
            actor=user.username,
            org_id=org.id,
            target="audit",
            detail=request.url.query,
            ip=client_ip(request),
        )
        return response

    if audit_view.row_limit(wanted) > audit_view.PER_PAGE:  # a long page: in a worker thread
        return await run_in_threadpool(shown)
    return shown()


@router.get("/admin/audit.csv", include_in_schema=False)
def audit_export(
    request: Request,
    user: Auditor,
    session: SessionDep,
    org: OrgDep,
    action: str = "",
    actor: str = "",
    since: str = "",
    until: str = "",
    limit: int = audit_view.MAX_ROWS,
) -> Response:
    """Download the filtered audit log as CSV (the export itself is audited)."""
    wanted = _audit_filter(action, actor, since, until, limit)
    rows = audit_view.search(session, org.id, wanted)
    record(
        session,
        action="export",
        actor=user.username,
        org_id=org.id,
        role=user.role,
        target="audit.csv",
        detail=f"{len(rows)} rows; {request.url.query}",
        ip=client_ip(request),
    )
    return Response(
        audit_view.to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{audit_view.export_name()}"'},
    )
