"""Target pages: create, change and delete the share of women aimed for per band."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from gepmonitor.accounts.deps import OrgDep, SessionDep, render_page, require
from gepmonitor.accounts.models import User
from gepmonitor.accounts.pages import flash, request_lang
from gepmonitor.accounts.shared import Blocks, cached_async, page_blocks, send_page
from gepmonitor.core.errors import GepError, InputError
from gepmonitor.core.i18n import N_
from gepmonitor.core.parsing import is_whole
from gepmonitor.personnel import service
from gepmonitor.personnel.bands import DEFAULT_BANDS, parse_band

router = APIRouter()

NAV = [("edit_targets", "/personnel/targets", N_("Targets"))]

Editor = Annotated[User, Depends(require("edit_targets"))]
FormText = Annotated[str, Form()]


def parse_percentage(text: str) -> float:
    """Return a share from '45', '45%', '45,5' or '0.45'; raise an InputError otherwise."""
    cleaned = text.strip().rstrip("%").strip().replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise InputError(
            "Target '{value}' is not a number; write for example 45 or 45.5.", value=text
        ) from None
    return service.parse_share(value)


def parse_year(text: str, field: str, required: bool = True) -> int | None:
    """Return a year from text; empty is None unless required."""
    cleaned = text.strip()
    if not cleaned and not required:
        return None
    if not is_whole(cleaned, 4):
        raise InputError(
            "'{value}' is not a year (field {field}); write for example 2030.",
            field=field,
            value=text,
        )
    return int(cleaned)


def _page(request: Request, session: SessionDep, org: OrgDep, **context: object) -> Response:
    status = int(str(context.pop("status_code", 200)))
    return render_page(
        request,
        "personnel_targets.html",
        status_code=status,
        targets=service.list_targets(session, org),
        bands=DEFAULT_BANDS,
        **context,
    )


@router.get("/personnel/targets", include_in_schema=False)
async def targets_page(
    request: Request, user: Editor, session: SessionDep, org: OrgDep
) -> Response:
    """List the targets with forms to change, add and delete them."""
    lang = request_lang(request)

    def page() -> Blocks:
        targets = service.list_targets(session, org)
        return page_blocks("personnel_targets.html", lang, targets=targets, bands=DEFAULT_BANDS)

    # The same for every editor: laid out once per data version and language; each reader's
    # CSRF token is put in when the page is sent.
    key = ("page.personnel.targets", lang)
    return send_page(request, await cached_async(session, org, key, page))


@router.post("/personnel/targets", include_in_schema=False)
def targets_save(
    request: Request,
    user: Editor,
    session: SessionDep,
    org: OrgDep,
    band: FormText = "",
    share: FormText = "",
    year: FormText = "",
    start_year: FormText = "",
    note: FormText = "",
) -> Response:
    """Create a band's target or change it."""
    try:
        code = parse_band(band.strip()).code
        service.save_target(
            session,
            org,
            code,
            parse_percentage(share),
            parse_year(year, "year") or 0,
            actor=user.username,
            start_year=parse_year(start_year, "start_year", required=False),
            note=note.strip()[:500],
        )
    except GepError as error:
        session.rollback()
        values = {
            "band": band,
            "share": share,
            "year": year,
            "start_year": start_year,
            "note": note,
        }
        return _page(
            request,
            session,
            org,
            error=error.render(request_lang(request)),
            values=values,
            status_code=error.http_status,
        )
    flash(request, "Target for band {band} saved.", band=code)
    return RedirectResponse("/personnel/targets", status_code=303)


@router.post("/personnel/targets/delete", include_in_schema=False)
def targets_delete(
    request: Request, user: Editor, session: SessionDep, org: OrgDep, band: FormText = ""
) -> Response:
    """Delete a band's target."""
    service.delete_target(session, org, band.strip(), user.username)
    flash(request, "Target for band {band} deleted.", band=band.strip())
    return RedirectResponse("/personnel/targets", status_code=303)
