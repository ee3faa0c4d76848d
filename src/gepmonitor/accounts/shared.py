"""Answers shared between readers: pages and API bodies built once per data version.

A page or API answer that shows only the organisation's data (and what its cache key names: the
year, the language, what the reader's role may see, today) is built once per data version
(core.cache) and sent to every reader it fits:

- a page's blocks (title, content) are rendered with accounts.pages.render_shared's CSRF slot,
  and each request puts its own token in and wraps them in the layout (user, menu, message);
- an API answer is kept as the JSON bytes FastAPI would send for the route's response model.

Endpoints that use them are async: a cached answer is served without a thread hop, and a missing
one is computed in a worker thread (cached_async), so the event loop never waits for long.
Audit records of a read are written by the endpoint on every request, never in the computation.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import suppress
from functools import lru_cache
from typing import Any, TypeVar

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape
from pydantic import TypeAdapter
from sqlalchemy.orm import Session

from gepmonitor.accounts.auth import ensure_csrf_token
from gepmonitor.accounts.pages import (
    CSRF_SLOT,
    focusable_tables,
    layout_context,
    page_address,
    render_page,
    request_lang,
    with_csrf,
)
from gepmonitor.core.cache import CACHE, MISSING, data_stamp
from gepmonitor.core.models import Organisation
from gepmonitor.core.templating import render, render_blocks
from gepmonitor.core.versions import all_stamps

T = TypeVar("T")
Blocks = dict[str, Markup]
SHELL = "accounts_shared_page.html"  # the layout around a page's shared blocks


async def _kept(full_key: tuple[Hashable, ...] | None, compute: Callable[[], T]) -> T:
    """Return the value kept under full_key in place, or compute (and keep) it in a thread."""
    if full_key is None:  # no stamp to key on in this session now: compute, keep nothing
        return await run_in_threadpool(compute)
    value = CACHE.lookup(full_key)
    if value is not MISSING:
        return value  # type: ignore[no-any-return]
    return await run_in_threadpool(CACHE.get, full_key, compute)


async def cached_async(
    session: Session, org: Organisation, key: tuple[Hashable, ...], compute: Callable[[], T]
) -> T:
    """Return core.cache.cached()'s answer from an async endpoint.

    A value already cached for the organisation's current data is returned in place (reading
    the stamp is one indexed query); a missing one is computed in a worker thread.
    """
    current = data_stamp(session, org)
    return await _kept(None if current is None else (current, *key), compute)


async def cached_across_async(
    session: Session, key: tuple[Hashable, ...], compute: Callable[[], T]
) -> T:
    """Return core.cache.cached_across()'s answer from an async endpoint (see cached_async)."""
    current = all_stamps(session)
    return await _kept(None if current is None else ("across", current, *key), compute)


def page_blocks(template: str, lang: str, **context: object) -> Blocks:
    """Render a page template's blocks for every reader (forms get the CSRF slot).

    The template extends base.html and uses nothing of the request: only the context given
    here, the language and csrf_token. Its tables are made focusable here, once.
    """
    blocks = render_blocks(template, lang, csrf_token=CSRF_SLOT, **context)
    return {name: Markup(focusable_tables(html)) for name, html in blocks.items()}


def send_page(request: Request, blocks: Blocks, status_code: int = 200) -> HTMLResponse:
    """Send a page made of shared blocks, with the reader's own token and layout.

    The layout around the blocks (user, menu, language switch) is rendered once per reader,
    page address and language (layout_frame) and the blocks are put in its slots; a page with a
    message to show once (after a redirect) is rendered whole.
    """
    if "flash" in request.session:
        own = {name: with_csrf(request, html) for name, html in blocks.items()}
        return render_page(request, SHELL, status_code, blocks=own)
    token = str(escape(ensure_csrf_token(request)))
    parts = layout_frame(request, request_lang(request), tuple(blocks))
    html = "".join(blocks[part] if index % 2 else part for index, part in enumerate(parts))
    return HTMLResponse(html.replace(CSRF_SLOT, token), status_code=status_code)


_BLOCK_SLOT = re.compile(r'<gep-block-slot name="(\w+)"/>')
FRAMES_KEPT = 2048  # layouts kept per app: readers × pages × languages in use


def layout_frame(request: Request, lang: str, names: tuple[str, ...]) -> list[str]:
    """Return the layout around a shared page, split at its blocks' slots.

    The list alternates layout text and block names: [text, name, text, ...]. Its forms carry
    CSRF_SLOT. Kept per app for the reader (UserView: id, name, role), page address, language
    and blocks present: nothing else of the request shows in the layout.
    """
    frames: OrderedDict[Hashable, list[str]] = request.app.state.layout_frames
    key = (getattr(request.state, "user", None), page_address(request), lang, names)
    parts = frames.get(key)
    if parts is not None:
        with suppress(KeyError):  # dropped by another thread meanwhile
            frames.move_to_end(key)
        return parts
    slots = {name: Markup(f'<gep-block-slot name="{name}"/>') for name in names}
    layout = layout_context(request, lang, CSRF_SLOT, None)
    parts = _BLOCK_SLOT.split(render(SHELL, lang, **layout, blocks=slots))
    frames[key] = parts
    while len(frames) > FRAMES_KEPT:
        with suppress(KeyError):
            frames.popitem(last=False)
    return parts


@lru_cache(maxsize=64)
def static_blocks(template: str, lang: str) -> Blocks:
    """Return the blocks of a page that shows no data (a form), rendered once per language."""
    return page_blocks(template, lang)


@lru_cache(maxsize=32)
def _adapter(model: Any) -> TypeAdapter[Any]:
    return TypeAdapter(model)


def json_bytes(model: Any, value: Any) -> bytes:
    """Return value as the JSON FastAPI sends for a route whose response model is model."""
    adapter = _adapter(model)
    return adapter.dump_json(adapter.validate_python(value))


def json_response(body: bytes) -> Response:
    """Send JSON bytes built by json_bytes."""
    return Response(body, media_type="application/json")
