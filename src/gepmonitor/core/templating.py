"""The one Jinja2 environment shared by web pages and reports, with i18n and number filters.

Templates translate with Jinja2's i18n extension: ``{{ _("Save") }}``,
``{{ _("Logged in as {username}", username=user.username) }}``,
``{{ ngettext("{n} report", "{n} reports", count) }}`` and ``{% trans %}...{% endtrans %}``
blocks (whose placeholders are Jinja's own ``%(name)s``). The language is the template's
``lang`` variable. Translations are escaped like any other text, and so are the values
filled into them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from gepmonitor.core import registry
from gepmonitor.core.formatting import (
    format_count,
    format_count_share,
    format_date,
    format_moment,
    format_number,
    format_pct,
)
from gepmonitor.core.i18n import translate, translate_plural

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# The web layer's base layout, core's report base, then each capability's <name>/templates;
# template names are prefixed by their folder, so none shadows another.
SHARED_TEMPLATE_FOLDERS = ("web", "core")


@lru_cache(maxsize=8192)
def _escaped(text: str) -> Markup:
    """Return a translated text escaped (a page escapes the same few hundred texts each time)."""
    return escape(text)


def _fill(context: Context, text: str, params: dict[str, Any]) -> str:
    """Return the translated text with params filled in, escaped when the template escapes."""
    percent = "%(" in text or "%%" in text  # a {% trans %} block: Jinja's %-placeholders
    if not context.eval_ctx.autoescape:
        out = text
    else:  # Markup equals its str, so only plain text goes through the cache
        out = _escaped(text) if type(text) is str else escape(text)
    if percent:
        return out % params
    if not params:
        return out
    try:
        return out.format(**params)
    except (KeyError, IndexError, ValueError):
        return out


@pass_context
def _gettext(context: Context, msgid: str, /, **params: Any) -> str:
    return _fill(context, translate(msgid, context.get("lang")), params)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int, /, **params: Any) -> str:
    text = translate_plural(singular, plural, n, context.get("lang"))
    return _fill(context, text, {"n": n, **params})


@pass_context
def _date(context: Context, day: Any, style: str = "long") -> str:
    return format_date(day, context.get("lang"), style)


@pass_context
def _moment(context: Context, moment: Any) -> str:
    return format_moment(moment, context.get("lang"))


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Return the shared Jinja2 environment (autoescaping HTML)."""
    folders = [*SHARED_TEMPLATE_FOLDERS, *(c.name for c in registry.capabilities("templates"))]
    loaders = [FileSystemLoader(str(PACKAGE_DIR / folder / "templates")) for folder in folders]
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html", "xml", "svg"]),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the package; no stat() on every page
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True  # {% trans %} msgids without layout whitespace
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext)
    env.filters["pct"] = format_pct
    env.filters["count"] = format_count
    env.filters["count_share"] = format_count_share
    env.filters["number"] = format_number
    env.filters["date"] = _date
    env.filters["moment"] = _moment
    return env


def render(template_name: str, lang: str, **context: object) -> str:
    """Render a template in the chosen language (`_()` and `ngettext()` read `lang`)."""
    return environment().get_template(template_name).render(lang=lang, **context)


def render_blocks(template_name: str, lang: str, **context: object) -> dict[str, Markup]:
    """Render each block of a template on its own, as HTML to place in a page.

    For parts of a page that depend on the data only: a page caches them per data version
    (core.cache) and places them with ``{{ parts.name }}`` around the parts that change per
    request (forms with their CSRF token, for instance).
    """
    template = environment().get_template(template_name)
    page = template.new_context({"lang": lang, **context})
    return {name: Markup("".join(block(page))) for name, block in template.blocks.items()}
