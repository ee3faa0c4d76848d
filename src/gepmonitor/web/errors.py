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
from gepmonitor.core.i18n import N_, gettext

log = logging.getLogger("gepmonitor.web")

# The title of the error page per HTTP status, and the explanation where the title is not enough.
HTTP_TITLES = {
    400: N_("Bad request"),
    401: N_("Not logged in"),
    403: N_("Forbidden"),
    404: N_("Page not found"),
    405: N_("This method is not allowed here"),
    409: N_("Conflict with existing data"),
    413: N_("The file is too large"),
    422: N_("Invalid input"),
    429: N_("Too many attempts"),
    500: N_("Internal error"),
}
HTTP_DETAILS = {
    404: N_("This page or record does not exist. Check the address."),
    405: N_("This address does not support this method."),
    413: N_(
        "The file sent is too large: the limit is {mb} MB. Make it smaller or split it and "
        "try again."
    ),
    500: N_("Something went wrong on our side. The error has been logged; try again later."),
}
SOMETHING_WRONG = N_("Something went wrong")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _lang(request: Request) -> str:
    from gepmonitor.accounts.pages import request_lang

    return request_lang(request)


def error_response(
    request: Request,
    status: int,
    msgid: str,
    lines: list[str] | None = None,
    params: Mapping[str, object] | None = None,
    message: str | None = None,
) -> Response:
    """Return the error as JSON for the API or as the error page for the browser.

    The message is msgid in the request's language with params filled in, unless given.
    """
    lang = _lang(request)
    if message is None:
        message = gettext(msgid, lang, **(params or {}))
    if _is_api(request):
        body: dict[str, Any] = {"detail": message}
        if lines:
            body["problems"] = lines
        return JSONResponse(body, status_code=status)
    from gepmonitor.accounts.pages import render_page

    return render_page(
        request,
        "web_error.html",
        status_code=status,
        title=gettext(HTTP_TITLES.get(status, SOMETHING_WRONG), lang),
        message=message,
        lines=lines or [],
    )


def _gep_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, GepError)
    lang = _lang(request)
    if isinstance(error, ValidationFailedError):
        lines = [problem.render(lang) for problem in error.problems]
        return error_response(
            request, error.http_status, error.msgid, lines, message=error.summary(lang)
        )
    key = web_key(error, _is_api(request))
    return error_response(request, error.http_status, key, params=error.params)


def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    status = error.status_code
    msgid = HTTP_DETAILS.get(status) or HTTP_TITLES.get(status) or SOMETHING_WRONG
    response = error_response(request, status, msgid)
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response


# Parts of an error location that name where the value came from, not which field it is.
_SOURCES = ("body", "query", "path", "header", "cookie")


def _field_name(location: tuple[Any, ...]) -> str:
    """Return the field's name ('' when the error is about the request body as a whole)."""
    parts = [str(part) for part in location if part not in _SOURCES and not isinstance(part, int)]
    return ".".join(parts[-2:])


# pydantic's error types, as the end of a sentence about a field ("field 'year': ...").
VALIDATION_MESSAGES = {
    "bool_parsing": N_("must be true or false"),
    "bool_type": N_("must be true or false"),
    "date_from_datetime_parsing": N_("must be a date (YYYY-MM-DD)"),
    "date_parsing": N_("must be a date (YYYY-MM-DD)"),
    "dict_type": N_("must be a JSON object"),
    "enum": N_("is not an allowed value"),
    "finite_number": N_("must be a finite number"),
    "float_parsing": N_("must be a number"),
    "float_type": N_("must be a number"),
    "greater_than": N_("must be greater than {gt}"),
    "greater_than_equal": N_("must be at least {ge}"),
    "int_from_float": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "int_type": N_("must be a whole number"),
    "json_invalid": N_("is not valid JSON"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be at most {le}"),
    "list_type": N_("must be a list"),
    "literal_error": N_("is not an allowed value"),
    "missing": N_("is missing"),
    "model_attributes_type": N_("must be a JSON object"),
    "string_too_long": N_("is too long (at most {max_length} characters)"),
    "string_too_short": N_("is too short (at least {min_length} characters)"),
    "string_type": N_("must be text"),
    "upload_file": N_("must be a file"),
}


def _number(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def validation_message(error: Mapping[str, Any], lang: str) -> str:
    """Return pydantic's error as a sentence in the user's language (never its English text)."""
    kind = str(error.get("type", ""))
    if kind == "value_error" and "UploadFile" in str(error.get("msg", "")):
        kind = "upload_file"
    msgid = VALIDATION_MESSAGES.get(kind, N_("has an invalid value"))
    limits = {name: _number(value) for name, value in (error.get("ctx") or {}).items()}
    return gettext(msgid, lang, **limits)


def describe_validation_errors(errors: list[Any], lang: str) -> list[str]:
    """Return one readable line per invalid field of a request."""
    lines = []
    for error in errors:
        text = validation_message(error, lang)
        field = _field_name(tuple(error.get("loc", ())))
        if field:
            lines.append(gettext("field '{field}': {message}", lang, field=field, message=text))
        else:
            lines.append(gettext("the request body {message}", lang, message=text))
    return lines


def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    lines = describe_validation_errors(list(error.errors()), _lang(request))
    response = error_response(request, 422, "Invalid input", lines)
    if _is_api(request):
        # Keep the one-string contract: the detail names every bad field.
        import json

        body = json.loads(bytes(response.body))
        body["detail"] = body["detail"] + ": " + "; ".join(lines)
        return JSONResponse(body, status_code=422)
    return response


def _login_required(request: Request, _error: Exception) -> Response:
    if _is_api(request):
        response = error_response(
            request, 401, "Not logged in: log in or send an API token (Authorization: Bearer ...)."
        )
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
    return error_response(
        request,
        422,
        "A value entered does not fit: a number or year is too large or too small, or a text "
        "too long. Check what you entered.",
    )


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
    return error_response(
        request,
        500,
        "Something went wrong on our side. The error has been logged; try again later.",
    )


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
