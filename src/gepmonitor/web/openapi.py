"""The OpenAPI description tells the truth about errors: ``{"detail": text, "problems": [...]}``.

FastAPI describes every 422 as its own validation error (``detail`` a list of objects), but the
app answers every error, 422 included, with one sentence in ``detail`` and, for a file with
problems, one line per problem in ``problems`` (web.errors). Clients generated from the
description, and schemathesis, would otherwise read a correct answer as broken.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "One clear message."},
        "problems": {
            "type": "array",
            "items": {"type": "string"},
            "description": "One line per problem of an uploaded file (file, row, column).",
        },
    },
    "required": ["detail"],
}


def describe_errors(app: FastAPI) -> None:
    """Make the app's OpenAPI description give the error answer the app really sends."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            schemas = schema.get("components", {}).get("schemas", {})
            if "HTTPValidationError" in schemas:
                schemas["HTTPValidationError"] = ERROR_SCHEMA
                schemas.pop("ValidationError", None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
