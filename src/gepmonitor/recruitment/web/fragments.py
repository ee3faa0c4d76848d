"""A page body rendered for one request alone: a form with the user's input or its problem.

Pages that show only the organisation's data are laid out once per data version and sent with
the reader's own token (accounts.shared: cached_async, page_blocks, send_page); a form sent back
with what the user typed, or with an error, is never kept.
"""

from __future__ import annotations

from fastapi import Request
from markupsafe import Markup

from gepmonitor.accounts.auth import ensure_csrf_token
from gepmonitor.accounts.pages import request_lang
from gepmonitor.core.templating import render


def fresh_body(request: Request, template: str, **context: object) -> Markup:
    """Return the template rendered for this request alone (a form with input, an error)."""
    token = ensure_csrf_token(request)
    return Markup(render(template, request_lang(request), csrf_token=token, **context))
