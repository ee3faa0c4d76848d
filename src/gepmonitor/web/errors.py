"""Error handling: every error becomes a page (HTML) or ``{"detail": ...}`` (API), never a trace."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from gepmonitor.accounts.pages import web_key
from gepmonitor.core.dberrors import database_refusal
from gepmonitor.core.errors import GepError, ValidationFailedError
from gepmonitor.core.i18n import gettext, has_key

log = logging.getLogger("gepmonitor.web")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _lang(request: Request) -> str:
    from gepmonitor.accounts.pages import request_lang

    return request_lang(request)


def error_response(
    request: Request,
    status: int,
    key: str,
    lines: list[str] | None = None,
    params: Mapping[str, object] | None = None,
) -> Response:
    """Return the error as JSON for the API or as the error page for the browser."""
    lang = _lang(request)
    message = gettext(key, lang, **(params or {}))
    if _is_api(request):
        body: dict[str, Any] = {"detail": message}
        if lines:
            body["problems"] = lines
        return JSONResponse(body, status_code=status)
    from gepmonitor.accounts.pages import render_page

    title_key = f"http.{status}" if has_key(f"http.{status}") else "http.error"
    return render_page(
        request,
        "web_error.html",
        status_code=status,
        title=gettext(title_key, lang),
        message=message,
        lines=lines or [],
    )


def _gep_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, GepError)
    lang = _lang(request)
    if isinstance(error, ValidationFailedError):
        lines = [problem.render(lang) for problem in error.problems]
        return error_response(request, error.http_status, error.key, lines, error.params)
    key = web_key(error, _is_api(request))
    return error_response(request, error.http_status, key, params=error.params)


def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    key = f"http.{error.status_code}_detail"
    if not has_key(key):
        key = f"http.{error.status_code}"
    if not has_key(key):
        key = str(error.detail) if isinstance(error.detail, str) else "http.error"
    response = error_response(request, error.status_code, key)
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response


# Parts of an error location that name where the value came from, not which field it is.
_SOURCES = ("body", "query", "path", "header", "cookie")


def _field_name(location: tuple[Any, ...]) -> str:
    """Return the field's name ('' when the error is about the request body as a whole)."""
    parts = [str(part) for part in location if part not in _SOURCES and not isinstance(part, int)]
    return ".".join(parts[-2:])


def _number(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def validation_message(error: Mapping[str, Any], lang: str) -> str:
    """Return pydantic's error as a sentence in the user's language (never its English text)."""
    kind = str(error.get("type", ""))
    if kind == "value_error" and "UploadFile" in str(error.get("msg", "")):
        kind = "upload_file"
    key = f"validation.{kind}" if has_key(f"validation.{kind}") else "validation.invalid"
    limits = {name: _number(value) for name, value in (error.get("ctx") or {}).items()}
    return gettext(key, lang, **limits)


def describe_validation_errors(errors: list[Any], lang: str) -> list[str]:
    """Return one readable line per invalid field of a request."""
    lines = []
    for error in errors:
        text = validation_message(error, lang)
        field = _field_name(tuple(error.get("loc", ())))
        if field:
            lines.append(gettext("validation.field", lang, field=field, message=text))
        else:
            lines.append(gettext("validation.body", lang, message=text))
    return lines


def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    lines = describe_validation_errors(list(error.errors()), _lang(request))
    response = error_response(request, 422, "validation.summary", lines)
    if _is_api(request):
        # Keep the one-string contract: the detail names every bad field.
        import json

        body = json.loads(bytes(response.body))
        body["detail"] = body["detail"] + ": " + "; ".join(lines)
        return JSONResponse(body, status_code=422)
    return response


def _login_required(request: Request, _error: Exception) -> Response:
    if _is_api(request):
        response = error_response(request, 401, "auth.login_required")
        response.headers["WWW-Authenticate"] = "Bearer"
        return response
    from urllib.parse import quote

    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":
        target = "/"
    return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)


def _password_change_required(_request: Request, _error: Exception) -> Response:
    return RedirectResponse("/account/password", status_code=303)


def _out_of_range(request: Request, error: Exception) -> Response:
    # Last line of defence: routes bound their numbers (web.deps), but a value parsed by hand
    # from a form can still be too large for a date or a database column (OverflowError on
    # SQLite, DataError on PostgreSQL).
    log.warning("number out of range on %s %s: %s", request.method, request.url.path, error)
    return error_response(request, 422, "http.out_of_range")


def _database_error(request: Request, error: Exception) -> Response:
    # A read-only, full or busy database, or a clash with a change made at the same moment, is
    # told as such; anything else the database raises is a bug (500).
    assert isinstance(error, DBAPIError)
    refusal = database_refusal(error)
    if refusal is None:
        return _unexpected(request, error)
    log.warning(
        "database refused %s %s: %s", request.method, request.url.path, type(error.orig).__name__
    )
    return _gep_error(request, refusal)


def _unexpected(request: Request, error: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    return error_response(request, 500, "http.500_detail")


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn every error into a clean page or JSON answer."""
    from gepmonitor.accounts.deps import LoginRequiredError, PasswordChangeRequiredError

    app.add_exception_handler(GepError, _gep_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(LoginRequiredError, _login_required)
    app.add_exception_handler(PasswordChangeRequiredError, _password_change_required)
    app.add_exception_handler(OverflowError, _out_of_range)
    app.add_exception_handler(DataError, _out_of_range)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(Exception, _unexpected)
