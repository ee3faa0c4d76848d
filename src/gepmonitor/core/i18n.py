"""Dutch and English text: message catalogues registered per module, looked up by key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

Lang = Literal["nl", "en"]
LANGUAGES: tuple[Lang, ...] = ("nl", "en")

# key -> {"nl": text, "en": text}; filled by each module's messages.py through register().
_CATALOGUE: dict[str, dict[str, str]] = {}


def register(messages: Mapping[str, tuple[str, str]]) -> None:
    """Add a module's messages, given as key -> (Dutch, English)."""
    for key, (dutch, english) in messages.items():
        _CATALOGUE[key] = {"nl": dutch, "en": english}


def normalise_lang(lang: str | None) -> Lang:
    """Return a supported language code, falling back to Dutch."""
    return "en" if (lang or "").lower().startswith("en") else "nl"


_ALL_LOADED = False


def _load_all_catalogues() -> None:
    """Import every gepmonitor module once, so every module's messages are registered."""
    global _ALL_LOADED
    _ALL_LOADED = True
    import pkgutil
    from importlib import import_module

    import gepmonitor

    for module in pkgutil.walk_packages(gepmonitor.__path__, "gepmonitor."):
        if ".migrations" in module.name or module.name.endswith("__main__"):
            continue
        try:
            import_module(module.name)
        except Exception:  # noqa: BLE001,S112 - a module that cannot load has no messages to give
            continue


def gettext(key: str, lang: str | None = "nl", **params: object) -> str:
    """Return the text for key in lang, formatted with params; unknown keys format themselves."""
    if key not in _CATALOGUE and not _ALL_LOADED:
        _load_all_catalogues()
    entry = _CATALOGUE.get(key)
    template = entry[normalise_lang(lang)] if entry else key
    if not params:
        return template
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def has_key(key: str) -> bool:
    """Return whether a message key is registered."""
    return key in _CATALOGUE


def all_keys() -> list[str]:
    """Return every registered message key."""
    return sorted(_CATALOGUE)


register(
    {
        "config.no_secret": (
            "Geen geheime sleutel: zet GEP_SECRET_KEY of voer `gep init` uit (verwacht {path}).",
            "No secret key: set GEP_SECRET_KEY or run `gep init` (expected {path}).",
        ),
        "org.unknown": (
            "Onbekende organisatie '{slug}'. Bekend: {known}.",
            "Unknown organisation '{slug}'. Known: {known}.",
        ),
        "db.not_initialised": (
            "De database is nog niet aangemaakt of verouderd: voer eerst `gep init` uit.",
            "The database has not been created or is out of date: run `gep init` first.",
        ),
        "suppressed": ("*", "*"),
        "report.bad_format": (
            "Onbekend formaat '{value}'; kies uit: {allowed}.",
            "Unknown format '{value}'; choose from: {allowed}.",
        ),
    }
)
