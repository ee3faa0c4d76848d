"""File downloads: the right media type for a report file, an attachment header, an audit row."""

from __future__ import annotations

from pathlib import PurePath

from fastapi.responses import Response
from sqlalchemy.orm import Session

from gepmonitor.accounts.models import User
from gepmonitor.core.audit import record
from gepmonitor.core.models import Organisation

MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".html": "text/html; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".csv": "text/csv; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".json": "application/json",
}


def file_response(data: bytes, filename: str) -> Response:
    """Return the bytes as a download named filename, typed by its extension."""
    media = MEDIA_TYPES.get(PurePath(filename).suffix.lower(), "application/octet-stream")
    safe = filename.replace('"', "").replace("\n", "")
    return Response(
        data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{safe}"'}
    )


def export_response(
    session: Session,
    user: User,
    org: Organisation,
    data: bytes,
    filename: str,
    *,
    exact: bool = False,
) -> Response:
    """Record the export in the audit log (who, which file, exact or not) and send the file."""
    record(
        session,
        action="export",
        actor=user.username,
        org_id=org.id,
        target=filename,
        detail="exact counts" if exact else "",
    )
    return file_response(data, filename)
