"""Dutch and English text: English msgids in the code, the Dutch in a gettext catalogue.

Write every user-facing text in English and look it up where it is shown::

    gettext("Imported {rows} rows into {year}.", lang, rows=n, year=y)
    ngettext("{n} problem found", "{n} problems found", n, lang, n=n)

Texts defined away from where they are shown are marked with ``N_("...")`` so that
``make messages`` (pybabel extract) finds them. Placeholders are ``{name}`` (str.format).

The Dutch catalogue is ``gepmonitor/locale/nl/LC_MESSAGES/messages.po``. It is compiled with
Babel on the first Dutch lookup of a process into ``messages-<hash of the .po>.mo`` beside it
(or in the user's cache folder when the package folder is read-only), so a fresh clone, an
edited .po and a read-only install all work without a build step, and an up-to-date .mo is
simply opened. English needs no catalogue: the msgid is the text.
"""

from __future__ import annotations

import hashlib
import io
import os
from datetime import date
from functools import cache
from gettext import GNUTranslations, NullTranslations
from pathlib import Path

from gepmonitor.core.lang import LANGUAGES, Lang, normalise_lang

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "Lang",
    "N_",
    "catalogue",
    "compile_po",
    "fill",
    "gettext",
    "ngettext",
    "normalise_lang",
    "translate",
    "translate_plural",
]

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"


def N_(msgid: str) -> str:  # noqa: N802 - the name gettext tools look for
    """Mark a text for the catalogue without translating it (it is translated where shown)."""
    return msgid


def translate(msgid: str, lang: str | None) -> str:
    """Return the text of msgid in lang, placeholders not filled in."""
    if not msgid or normalise_lang(lang) == "en":
        return msgid
    return catalogue("nl").gettext(msgid)


def translate_plural(singular: str, plural: str, n: int, lang: str | None) -> str:
    """Return the singular or plural text for n in lang, placeholders not filled in."""
    if normalise_lang(lang) == "en":
        return singular if n == 1 else plural
    return catalogue("nl").ngettext(singular, plural, n)


def fill(
    text: str, params: dict[str, object], fallback: str | None = None, lang: str | None = None
) -> str:
    """Return text with its {name} placeholders filled in (the fallback's if the text's fail).

    A date is written as people read it in lang ('2 januari 2025'); ISO belongs in CSV/JSON.
    """
    if not params:
        return text
    if any(isinstance(value, date) for value in params.values()):
        from gepmonitor.core.formatting import format_date

        params = {
            name: format_date(value, lang) if isinstance(value, date) else value
            for name, value in params.items()
        }
    for candidate in (text, fallback):
        if candidate is None:
            continue
        try:
            return candidate.format(**params)
        except (KeyError, IndexError, ValueError):
            continue
    return text


def gettext(msgid: str, lang: str | None = "nl", /, **params: object) -> str:
    """Return msgid in lang with its {name} placeholders filled in from params."""
    return fill(translate(msgid, lang), params, msgid, lang)


def ngettext(
    singular: str, plural: str, n: int, lang: str | None = "nl", /, **params: object
) -> str:
    """Return the singular or plural text for n in lang, filled in from params (and n)."""
    english = singular if n == 1 else plural
    return fill(translate_plural(singular, plural, n, lang), {"n": n, **params}, english, lang)


@cache
def catalogue(lang: Lang) -> NullTranslations:
    """Return the compiled catalogue of lang, compiling its .po first when needed."""
    source = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        return NullTranslations()
    name = f"{DOMAIN}-{hashlib.blake2b(data, digest_size=8).hexdigest()}.mo"
    folders = (source.parent, _user_cache() / lang)
    for folder in folders:
        try:
            with (folder / name).open("rb") as handle:
                return GNUTranslations(handle)
        except OSError:
            continue
    compiled = compile_po(data, lang)
    for folder in folders:
        if _store(folder, name, compiled):
            break
    return GNUTranslations(io.BytesIO(compiled))


def compile_po(data: bytes, lang: str) -> bytes:
    """Return the .mo (Babel's compiler) of a .po file's bytes; fuzzy entries are left out."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    buffer = io.BytesIO()
    write_mo(buffer, read_po(io.BytesIO(data), locale=lang), use_fuzzy=False)
    return buffer.getvalue()


def _user_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gepmonitor" / "locale"


def _store(folder: Path, name: str, compiled: bytes) -> bool:
    """Write the .mo atomically (parallel processes may race) and drop older ones."""
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(compiled)
        os.replace(temporary, folder / name)
    except OSError:
        return False
    for old in folder.glob(f"{DOMAIN}-*.mo"):
        if old.name != name:
            old.unlink(missing_ok=True)
    return True
