"""The languages gepmonitor speaks: their codes and how a requested one is read.

A module of its own, imported by both core.i18n (texts) and core.formatting (numbers and dates),
so that neither imports the other to know the language.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["nl", "en"]
LANGUAGES: tuple[Lang, ...] = ("nl", "en")


def normalise_lang(lang: str | None) -> Lang:
    """Return a supported language code, falling back to Dutch."""
    return "en" if (lang or "").lower().startswith("en") else "nl"
