"""Page rendering: the base layout's context (user, language, CSRF token, navigation)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from importlib import import_module
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from gepmonitor.accounts.auth import LANG_COOKIE, ensure_csrf_token
from gepmonitor.accounts.roles import ROLE_LABELS, check_permission, has_permission
from gepmonitor.core.errors import GepError, ValidationFailedError
from gepmonitor.core.formatting import format_date
from gepmonitor.core.i18n import LANGUAGES, N_, gettext, ngettext
from gepmonitor.core.templating import render

NavItem = tuple[str | None, str, str]  # (permission name or None, path, menu text)


def collect_nav(module_names: Iterable[str]) -> list[NavItem]:
    """Return the NAV entries declared by the given modules, in order.

    An entry naming a permission no capability declares raises UnknownPermissionError here,
    when the app is built.
    """
    items: list[NavItem] = []
    for name in module_names:
        for item in getattr(import_module(name), "NAV", []):
            if item[0] is not None:
                check_permission(item[0])
            items.append(item)
    return items


def request_lang(request: Request) -> str:
    """Return the request's language: the remembered switch, else the instance default."""
    chosen = request.cookies.get(LANG_COOKIE, "")
    if chosen in LANGUAGES:
        return chosen
    if request.url.path.startswith("/api/"):
        accept = request.headers.get("accept-language", "").strip().lower()
        if accept.startswith(LANGUAGES):
            return accept[:2]
    return str(request.app.state.settings.lang)


def visible_nav(request: Request, user: Any) -> list[dict[str, object]]:
    """Return the navigation items the user's role holds, marking the current page.

    One item is current: the one whose address is the longest start of the page's path, so
    /plan/check lights up "self-check" and not "plan" as well.
    """
    if user is None:
        return []
    path = request.url.path
    items: list[dict[str, object]] = []
    for permission, href, key in request.app.state.nav:
        if permission is not None and not has_permission(user.role, permission):
            continue
        items.append({"href": href, "key": key, "current": False})

    def matches(href: str) -> bool:
        return path == href or (href != "/" and path.startswith(href.rstrip("/") + "/"))

    hrefs = [str(item["href"]) for item in items if matches(str(item["href"]))]
    if hrefs:
        longest = max(hrefs, key=len)
        next(item for item in items if item["href"] == longest)["current"] = True
    return items


def safe_next(target: str | None, default: str = "/") -> str:
    """Return target when it is a local path (no open redirects), else the default."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def flash(request: Request, msgid: str, *, error: bool = False, **params: object) -> None:
    """Keep a message to show once on the next page (e.g. after a redirect); errors stand out."""
    kind = "error" if error else "ok"
    request.session["flash"] = [msgid, _shown(request, params), kind]


def flash_plural(request: Request, singular: str, plural: str, n: int, **params: object) -> None:
    """Keep a message whose text depends on a count n (ngettext's singular and plural)."""
    request.session["flash"] = [singular, _shown(request, params), "ok", plural, n]


def _shown(request: Request, params: dict[str, object]) -> dict[str, str]:
    """Return the placeholders as text; dates are written now, in the next page's language."""
    lang = request_lang(request)
    return {k: format_date(v, lang) if isinstance(v, date) else str(v) for k, v in params.items()}


def _pop_flash(request: Request, lang: str) -> tuple[str, str] | None:
    """Return the kept message and its kind ('ok' or 'error'), once."""
    stored = request.session.pop("flash", None)
    if not isinstance(stored, list) or len(stored) not in (2, 3, 5):
        return None
    kind = "error" if len(stored) >= 3 and stored[2] == "error" else "ok"
    if len(stored) == 5 and isinstance(stored[4], int):
        text = ngettext(str(stored[0]), str(stored[3]), stored[4], lang, **dict(stored[1]))
        return text, kind
    return gettext(str(stored[0]), lang, **dict(stored[1])), kind


def render_page(
    request: Request, template: str, status_code: int = 200, **context: object
) -> HTMLResponse:
    """Render a page template (extending base.html) with the layout's context."""
    lang = request_lang(request)
    layout = layout_context(request, lang, ensure_csrf_token(request), _pop_flash(request, lang))
    html = render(template, lang, **layout, **context)
    return HTMLResponse(focusable_tables(html), status_code=status_code)


def layout_context(
    request: Request, lang: str, csrf_token: str, flash: tuple[str, str] | None
) -> dict[str, Any]:
    """Return what base.html shows around a page: the user, menu, language switch, message."""
    user = getattr(request.state, "user", None)
    return {
        "request": request,
        "user": user,
        "csrf_token": csrf_token,
        "nav": visible_nav(request, user),
        "path": request.url.path,
        "here": page_address(request),
        "min_cell": request.app.state.settings.min_cell,
        "other_lang": "en" if lang == "nl" else "nl",
        "flash": flash,
        "role_labels": ROLE_LABELS,
    }


def page_address(request: Request) -> str:
    """Return the page's path with its query string (where the language switch returns to)."""
    return str(request.url.path) + (f"?{request.url.query}" if request.url.query else "")


# Where a shared fragment's forms carry the reader's CSRF token: markup that no escaped value can
# produce, so text typed by a user never turns into a token.
CSRF_SLOT = Markup("<csrf-token-slot/>")


def render_shared(template: str, lang: str, **context: object) -> Markup:
    """Render part of a page that is the same for every reader, to be cached and shared.

    Its forms get CSRF_SLOT instead of a token (a token is one session's secret and must never
    be cached); with_csrf() puts the reader's own token in when the page is sent.
    """
    return Markup(render(template, lang, csrf_token=CSRF_SLOT, **context))


def with_csrf(request: Request, fragment: Markup) -> Markup:
    """Return a shared fragment with the request's own CSRF token in its forms.

    One plain pass over the text (Markup.replace would escape its arguments again, and a
    page's content can be long); a fragment without a form is returned as it is.
    """
    if CSRF_SLOT not in fragment:
        return fragment
    token = str(escape(ensure_csrf_token(request)))
    return Markup(str.replace(fragment, CSRF_SLOT, token))


_TABLE = re.compile(r"<table\b(?![^>]*\btabindex=)")
_FOCUSABLE_WRAP = re.compile(r'<div class="table-wrap"[^>]*\btabindex="0"[^>]*>\s*$')


def focusable_tables(html: str) -> str:
    """Let the keyboard reach every table: on a phone a wide one scrolls within its own box.

    web.css makes a table scroll sideways inside its box on a narrow screen; a box that scrolls
    must take focus so it can be scrolled without a mouse (WCAG 2.1.1). A table inside a
    focusable ``.table-wrap`` region is left alone: the region scrolls and takes focus.
    """
    parts, last = [], 0
    for match in _TABLE.finditer(html):
        start = match.start()
        parts.append(html[last:start])
        inside_region = _FOCUSABLE_WRAP.search(html, max(0, start - 300), start)
        parts.append("<table" if inside_region else '<table tabindex="0"')
        last = match.end()
    parts.append(html[last:])
    return "".join(parts)


# Domain messages worded for the CLI (or carrying a library's raw text), with the web's own
# wording: msgid -> (page msgid, API msgid).
BAD_XLSX = N_(
    "{file}: not a readable Excel file. Save it as .xlsx or export it as CSV and try again."
)
WEB_WORDING = {
    "Peildatum {peildatum} has already been imported; use --replace to replace it.": (
        N_(
            "Peildatum {peildatum} has already been imported. Check the file again and tick "
            "'Replace the existing data of {peildatum}' to replace them."
        ),
        N_("Peildatum {peildatum} has already been imported; send replace=true to replace it."),
    ),
    "{file}: not a readable Excel file ({error}).": (BAD_XLSX, BAD_XLSX),
}


def web_key(error: GepError, api: bool) -> str:
    """Return the msgid the web shows for a domain error (page or API wording)."""
    wording = WEB_WORDING.get(error.msgid)
    return wording[1 if api else 0] if wording else error.msgid


def render_error(error: GepError, lang: str, api: bool = False) -> str:
    """Return a domain error's message as the web shows it."""
    if isinstance(error, ValidationFailedError):
        return error.render(lang)
    return gettext(web_key(error, api), lang, **error.params)
