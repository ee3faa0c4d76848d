"""Page bodies rendered once per data version (core.cache), with the viewer's CSRF token put in.

A page's body (everything inside the layout) that shows only the organisation's data is the same
for every request until the data change: it is rendered once per data version, language and
whatever else the key names. Its forms carry each viewer's own CSRF token, so the body is
rendered with a random mark that no data can contain, and the mark is replaced per request.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable
from functools import lru_cache

from fastapi import Request
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from gepmonitor.accounts.auth import ensure_csrf_token
from gepmonitor.accounts.pages import request_lang
from gepmonitor.core.cache import cached
from gepmonitor.core.models import Organisation
from gepmonitor.core.templating import render

MARK = secrets.token_hex(16)  # per process: never in a page's data


def cached_body(
    request: Request,
    session: Session,
    org: Organisation,
    template: str,
    key: tuple[Hashable, ...],
    context: Callable[[], dict[str, object]],
    *,
    keep: bool = True,
) -> Markup:
    """Return the template rendered with context(), once per data version, language and key.

    key names everything the body shows besides the organisation's data and the language (the
    year, the viewer, today, settings); keep=False renders it afresh (a form with the user's
    input or an error).
    """
    lang = request_lang(request)
    if not keep:
        return Markup(render(template, lang, csrf_token=ensure_csrf_token(request), **context()))
    html = cached(
        session, org, ("recruitment.body", template, lang, *key),
        lambda: render(template, lang, csrf_token=MARK, **context()),
    )  # fmt: skip
    return Markup(html.replace(MARK, _token(request)))


def fresh_body(request: Request, template: str, **context: object) -> Markup:
    """Return the template rendered for this request alone (a form with input, an error)."""
    token = ensure_csrf_token(request)
    return Markup(render(template, request_lang(request), csrf_token=token, **context))


def static_body(request: Request, template: str) -> Markup:
    """Return a body that shows no data (an empty form), rendered once per language."""
    return Markup(_static(template, request_lang(request)).replace(MARK, _token(request)))


@lru_cache(maxsize=32)
def _static(template: str, lang: str) -> str:
    return render(template, lang, csrf_token=MARK, form={})


def _token(request: Request) -> str:
    return str(escape(ensure_csrf_token(request)))
