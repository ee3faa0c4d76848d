"""The reports page: every report the user's role may make, as the registry declares them.

Each capability lists its reports in its ``report.py`` (core.reporting.ReportKind); this page
offers each one the role may make, with its years or rounds, formats and language, and
``/reports/{key}`` makes the file (recorded in the audit log).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from gepmonitor.accounts.deps import (
    LangDep,
    OrgDep,
    SessionDep,
    SettingsDep,
    YearQuery,
    check_exact,
    require,
)
from gepmonitor.accounts.models import User
from gepmonitor.accounts.pages import request_lang
from gepmonitor.accounts.roles import has_permission
from gepmonitor.accounts.shared import Blocks, cached_async, page_blocks, send_page
from gepmonitor.core.audit import record
from gepmonitor.core.errors import InputError, NotFoundError, PermissionDeniedError
from gepmonitor.core.i18n import LANGUAGES, N_
from gepmonitor.core.rendering import MEDIA_TYPES, ReportFormat
from gepmonitor.core.reporting import ReportKind, ReportRequest, find_kind, report_kinds

router = APIRouter()

NAV = [("generate_reports", "/reports", N_("Reports"))]

Reporter = Annotated[User, Depends(require("generate_reports"))]
EXTRA_MEDIA = {"png": "image/png", "svg": "image/svg+xml"}


def _allowed(user: User, kind: ReportKind) -> bool:
    return has_permission(user.role, kind.permission)


@router.get("/reports", include_in_schema=False)
async def reports_page(
    request: Request, user: Reporter, session: SessionDep, org: OrgDep
) -> Response:
    """Show every report the user's role may make, each with its own form."""
    lang = request_lang(request)

    def page() -> Blocks:
        kinds = [
            {"kind": kind, "choices": kind.choices(session, org)}
            for kind in report_kinds()
            if _allowed(user, kind)
        ]
        return page_blocks(
            "personnel_reports.html",
            lang,
            kinds=kinds,
            may_exact=has_permission(user.role, "see_small_cells"),
        )

    # The choices (years, rounds) once per data version, day (years count back from today),
    # role (its reports) and language.
    key = ("page.reports", user.role, lang, date.today())
    return send_page(request, await cached_async(session, org, key, page))


@router.get("/reports/{key}", include_in_schema=False)
def report_download(
    request: Request,
    key: str,
    user: Reporter,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    lang: LangDep,
    choice: Annotated[str, Query(max_length=100)] = "",
    year: YearQuery = None,
    round: Annotated[str, Query(max_length=100)] = "",  # noqa: A002
    format: str = "pdf",  # noqa: A002
    report_lang: str = "",
    exact: bool = False,
) -> Response:
    """Make one report and send it as a download (recorded in the audit log)."""
    kind = find_kind(key)
    if kind is None:
        raise NotFoundError("No report '{name}'.", name=key[:40])
    if not _allowed(user, kind):
        raise PermissionDeniedError("Your role has no access to this page or data.")
    if kind.form_path:
        raise InputError(
            "The self-check reads a document: upload it on {path}.", path=kind.form_path
        )
    fmt = format.lower()
    if fmt not in kind.all_formats():
        raise InputError(
            "Unknown format '{value}'; choose from: {allowed}.",
            value=format,
            allowed=", ".join(kind.all_formats()),
        )
    chosen_lang = report_lang or lang
    if chosen_lang not in LANGUAGES:
        raise InputError("Unknown language '{value}': choose nl or en.", value=report_lang)
    choices = kind.choices(session, org)
    chosen = (
        choice
        or (str(year) if year is not None else "")
        or round
        or (choices[0] if choices else "")
    )
    if chosen not in choices:
        raise InputError(
            "'{value}' cannot be chosen for this report; choose from: {allowed}.",
            value=chosen[:100],
            allowed=", ".join(choices) or "-",
        )
    exact = check_exact(user, exact) if kind.exact_allowed else False
    content = kind.build(ReportRequest(session, org, settings, chosen, chosen_lang, fmt, exact))
    name = f"{kind.file_stem}-{org.slug}-{chosen}-{chosen_lang}.{fmt}".replace(" ", "-")
    record(
        session,
        action="export",
        actor=user.username,
        org_id=org.id,
        target=name,
        detail=f"lang={chosen_lang}" + ("; exact counts" if exact else ""),
    )
    media = MEDIA_TYPES.get(ReportFormat(fmt)) if fmt in set(ReportFormat) else EXTRA_MEDIA[fmt]
    disposition = "inline" if fmt == "html" else "attachment"
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f'{disposition}; filename="{name}"'},
    )
