"""Every message key used in code and templates exists, in Dutch and in English."""

from __future__ import annotations

import re
from pathlib import Path

from gepmonitor.core.i18n import _CATALOGUE, _load_all_catalogues, has_key

SRC = Path(__file__).resolve().parents[1] / "src" / "gepmonitor"
# Literal keys passed to errors, gettext/_() and flash(); keys built at run time are skipped.
CALLS = re.compile(
    r"""(?:Error|gettext|_t|\b_|flash\(request,)\(?\s*["']([a-z_]+\.[a-z0-9_.]+)["']"""
)


def used_keys() -> set[str]:
    keys = set()
    for path in list(SRC.rglob("*.py")) + list(SRC.rglob("*.html")):
        if "migrations" in path.parts:
            continue
        keys.update(CALLS.findall(path.read_text(encoding="utf-8")))
    return keys


def test_every_used_key_is_registered():
    _load_all_catalogues()
    missing = sorted(k for k in used_keys() if not has_key(k) and not k.endswith((".", "_")))
    assert not missing, f"message keys without text: {missing}"


def test_every_message_has_both_languages():
    _load_all_catalogues()
    empty = [k for k, texts in _CATALOGUE.items() if not texts["nl"] or not texts["en"]]
    assert not empty
