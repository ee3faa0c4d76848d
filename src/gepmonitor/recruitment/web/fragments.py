"""Page bodies rendered once per data version (core.cache), sent with the reader's CSRF token.

A page's body (everything inside the layout) that shows only the organisation's data is the same
for every request until the data change: it is rendered once per data version, language and
whatever else the key names, with accounts.pages.render_shared (its forms get a slot instead of
a token), and each request puts its own token in (with_csrf).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import lru_cache

from fastapi import Request
from markupsafe import Markup
from sqlalchemy.orm import Session

from gepmonitor.accounts.auth import ensure_csrf_token
from gepmonitor.accounts.pages import render_shared, request_lang, with_csrf
from gepmonitor.core.cache import cached
from gepmonitor.core.models import Organisation
from gepmonitor.core.templating import render


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
        return fresh_body(request, template, **context())
    body = cached(
        session, org, ("recruitment.body", template, lang, *key),
        lambda: render_shared(template, lang, **context()),
    )  # fmt: skip
    return with_csrf(request, body)


def fresh_body(request: Request, template: str, **context: object) -> Markup:
    """Return the template rendered for this request alone (a form with input, an error)."""
    token = ensure_csrf_token(request)
    return Markup(render(template, request_lang(request), csrf_token=token, **context))


def static_body(request: Request, template: str) -> Markup:
    """Return a body that shows no data (an empty form), rendered once per language."""
    return with_csrf(request, _static(template, request_lang(request)))


@lru_cache(maxsize=32)
def _static(template: str, lang: str) -> Markup:
    return render_shared(template, lang, form={})
