"""File downloads: the right media type for a report file and an attachment header."""

from __future__ import annotations

from pathlib import PurePath

from fastapi.responses import Response

MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".html": "text/html; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
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
