"""Unicode-aware words: diacritics kept in the text, removed only for matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A word: letters or digits, optionally joined by hyphens or apostrophes. Digits are harmless
# (no stem starts with one) and the simpler class is twice as fast as a letters-only one.
WORD = re.compile(r"\w+(?:[-'’]\w+)*")

# (word, start offset); plain tuples, because texts are checked thousands of times a second.
Token = tuple[str, int]


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Return the word lower-cased and without diacritics ('Één' -> 'een', 'coöperatief')."""
    lowered = word.casefold()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


def tokens(text: str) -> list[Token]:
    """Return the words of a text with their start offsets."""
    return [(m.group(), m.start()) for m in WORD.finditer(text)]
