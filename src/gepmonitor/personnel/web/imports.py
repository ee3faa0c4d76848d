"""Personnel import pages: upload, preview every problem before committing, history, replace."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from gepmonitor.accounts.deps import OrgDep, SessionDep, SettingsDep, render_page, require
from gepmonitor.accounts.models import User
from gepmonitor.accounts.pages import flash, flash_plural, render_error, request_lang
from gepmonitor.accounts.shared import Blocks, cached_async, page_blocks, send_page
from gepmonitor.core.config import Settings
from gepmonitor.core.errors import GepError, InputError, ValidationFailedError
from gepmonitor.core.formatting import format_date
from gepmonitor.core.i18n import N_
from gepmonitor.core.limits import ImportLimits
from gepmonitor.core.reader import UploadedFile
from gepmonitor.core.uploads import UploadStore
from gepmonitor.personnel import service
from gepmonitor.personnel.headers import FIELD_LABELS
from gepmonitor.personnel.importer import ParsedFile

router = APIRouter()

NAV = [("import_personnel", "/personnel/imports", N_("Personnel imports"))]

Importer = Annotated[User, Depends(require("import_personnel"))]
FormText = Annotated[str, Form()]


def _store(settings: Settings) -> UploadStore:
    return UploadStore(settings.data_dir / "uploads", settings.upload_preview_minutes)


def _owned(request: Request) -> dict[str, str]:
    """Return this session's waiting uploads (token -> key); old-style entries are dropped."""
    owned = request.session.get("uploads", {})
    return {k: v for k, v in owned.items() if isinstance(v, str)} if isinstance(owned, dict) else {}


def save_upload(request: Request, settings: Settings, upload: UploadFile) -> tuple[str, str]:
    """Keep an uploaded file, encrypted, under a token of this session; return (token, name)."""
    name = Path(upload.filename or "").name[:200]
    if not name:
        raise InputError("Choose a file first.")
    limit = settings.import_max_bytes
    data = upload.file.read(limit + 1)
    ImportLimits.current().check_size(len(data), name)
    owned = _owned(request)
    token = _store(settings).save(owned, UploadedFile(name, data))
    request.session["uploads"] = owned
    return token, name


def load_upload(request: Request, settings: Settings, token: str) -> UploadedFile:
    """Return the waiting upload of this session's token."""
    return _store(settings).load(_owned(request), token)


def _forget_upload(request: Request, settings: Settings, token: str) -> None:
    owned = _owned(request)
    _store(settings).forget(owned, token)
    request.session["uploads"] = owned


def _history(session: SessionDep, org: OrgDep) -> dict[str, object]:
    """Return what the page shows of the data: the import history and the default peildatum."""
    return {
        "snapshots": list(reversed(service.snapshot_overview(session, org))),
        "today": date.today().replace(month=12, day=31).isoformat(),
    }


def _page(request: Request, session: SessionDep, org: OrgDep, **context: object) -> Response:
    status = int(str(context.pop("status_code", 200)))
    return render_page(
        request,
        "personnel_imports.html",
        status_code=status,
        **_history(session, org),
        **context,
    )


@router.get("/personnel/imports", include_in_schema=False)
async def imports_page(
    request: Request, user: Importer, session: SessionDep, org: OrgDep
) -> Response:
    """Show the import history and the upload form."""
    lang = request_lang(request)

    def page() -> Blocks:
        return page_blocks("personnel_imports.html", lang, **_history(session, org))

    # The same for every importer: laid out once per data version, language and year (the
    # default peildatum is the year's last day); each reader's CSRF token is put in when sent.
    key = ("page.personnel.imports", lang, date.today().year)
    return send_page(request, await cached_async(session, org, key, page))


def _preview_context(parsed: ParsedFile, lang: str) -> dict[str, object]:
    mapping = parsed.mapping
    by_gender: dict[str, int] = {}
    if parsed.frame is not None:
        by_gender = {str(g): int(n) for g, n in parsed.frame.group_by("gender").len().iter_rows()}
    return {
        "name": parsed.name,
        "rows": parsed.row_count,
        "mapping": [
            (FIELD_LABELS.get(name, name), mapping.headers[index])
            for name, index in mapping.fields.items()
        ],
        "dropped": mapping.dropped_names,
        "ignored": mapping.ignored,
        "problems": [problem.render(lang) for problem in parsed.problems],
        "truncated": parsed.truncated,
        "problem_count": parsed.problem_count,
        "by_gender": sorted(by_gender.items()),
    }


@router.post("/personnel/imports/preview", include_in_schema=False)
def imports_preview(
    request: Request,
    user: Importer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    file: Annotated[UploadFile | None, File()] = None,
    peildatum: FormText = "",
    replace: FormText = "",
) -> Response:
    """Validate the uploaded file and show the mapping and every problem; write nothing."""
    lang = request_lang(request)
    try:
        day = service.parse_peildatum(peildatum)
        if file is None:
            raise InputError("Choose a file first.")
        token, name = save_upload(request, settings, file)
        parsed = service.preview_import(
            load_upload(request, settings, token), day, settings.resolved_secret_key()
        )
    except GepError as error:
        return _page(
            request, session, org, error=render_error(error, lang), status_code=error.http_status
        )
    exists = any(s.peildatum == day for s in service.list_snapshots(session, org))
    preview = _preview_context(parsed, lang)
    return _page(
        request,
        session,
        org,
        preview=preview,
        token=token,
        peildatum=day.isoformat(),
        peildatum_shown=format_date(day, lang),
        exists=exists,
        replace=replace == "1",
        status_code=422 if preview["problems"] else 200,
    )


@router.post("/personnel/imports/commit", include_in_schema=False)
def imports_commit(
    request: Request,
    user: Importer,
    session: SessionDep,
    org: OrgDep,
    settings: SettingsDep,
    token: FormText = "",
    peildatum: FormText = "",
    replace: FormText = "",
) -> Response:
    """Import the previewed file: all rows or none."""
    lang = request_lang(request)
    try:
        day = service.parse_peildatum(peildatum)
        upload = load_upload(request, settings, token)
        name = upload.name
        summary = service.import_personnel(
            session,
            org,
            upload,
            day,
            secret=settings.resolved_secret_key(),
            actor=user.username,
            replace=replace == "1",
        )
    except ValidationFailedError as error:
        session.rollback()  # nothing of a failed import may be committed
        lines = [problem.render(lang) for problem in error.problems]
        summary_line = error.render(lang).split("\n")[0]
        return _page(request, session, org, error=summary_line, problems=lines, status_code=422)
    except GepError as error:
        session.rollback()
        return _page(
            request, session, org, error=render_error(error, lang), status_code=error.http_status
        )
    _forget_upload(request, settings, token)
    if summary.replaced:
        flash_plural(
            request,
            "Peildatum {peildatum} replaced by {rows} row from {file}.",
            "Peildatum {peildatum} replaced by {rows} rows from {file}.",
            summary.rows,
            peildatum=day,
            rows=summary.rows,
            file=name,
        )
    else:
        flash_plural(
            request,
            "{rows} row from {file} imported for peildatum {peildatum}.",
            "{rows} rows from {file} imported for peildatum {peildatum}.",
            summary.rows,
            peildatum=day,
            rows=summary.rows,
            file=name,
        )
    return RedirectResponse("/personnel/imports", status_code=303)


@router.post("/personnel/imports/delete", include_in_schema=False)
def imports_delete(
    request: Request,
    user: Importer,
    session: SessionDep,
    org: OrgDep,
    peildatum: FormText = "",
) -> Response:
    """Remove the snapshot of a peildatum."""
    day = service.parse_peildatum(peildatum)
    service.delete_snapshot(session, org, day, user.username)
    flash(request, "The data of peildatum {peildatum} has been removed.", peildatum=day)
    return RedirectResponse("/personnel/imports", status_code=303)
