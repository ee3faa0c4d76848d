"""The one Jinja2 environment shared by web pages and reports, with i18n and number filters."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from gepmonitor.core import registry
from gepmonitor.core.formatting import (
    format_count,
    format_count_share,
    format_moment,
    format_number,
    format_pct,
)
from gepmonitor.core.i18n import gettext

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# The web layer's base layout, core's report base, then each capability's <name>/templates;
# template names are prefixed by their folder, so none shadows another.
SHARED_TEMPLATE_FOLDERS = ("web", "core")


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
    )
    env.globals["gettext"] = gettext
    env.filters["pct"] = format_pct
    env.filters["count"] = format_count
    env.filters["count_share"] = format_count_share
    env.filters["number"] = format_number
    env.filters["moment"] = format_moment
    return env


def render(template_name: str, lang: str, **context: object) -> str:
    """Render a template; inside it, `_('key')` gives text in the chosen language."""
    template = environment().get_template(template_name)

    def translate(key: str, **params: object) -> str:
        return gettext(key, lang, **params)

    return template.render(_=translate, lang=lang, **context)
