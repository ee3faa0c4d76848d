"""Unicode-aware words: diacritics kept in the text, removed only for matching."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Generic, TypeVar

# A word: letters or digits, optionally joined by hyphens or apostrophes. Digits are harmless
# (no stem starts with one) and the simpler class is twice as fast as a letters-only one.
WORD = re.compile(r"\w+(?:[-'’]\w+)*")

# (word, start offset); plain tuples, because texts are checked thousands of times a second.
Token = tuple[str, int]

CACHE_LIMIT = 200_000  # words a word table remembers; emptied when full, so memory stays bounded

Fact = TypeVar("Fact")


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
    return split_words(text).tokens


@dataclass(frozen=True)
class Words:
    """The words of one text, split once and shared by every part of the check.

    The lists are parallel: ``written[i]`` starts at ``starts[i]`` and folds to ``folded[i]``.
    """

    written: list[str]
    starts: list[int]

    @cached_property
    def folded(self) -> list[str]:
        """Return the folded words, computed once."""
        return _FOLDED.lookup(self.written)

    @cached_property
    def folded_set(self) -> set[str]:
        """Return the set of the folded words."""
        return set(self.folded)

    @cached_property
    def tokens(self) -> list[Token]:
        """Return the (word, start) pairs."""
        return list(zip(self.written, self.starts, strict=True))


def split_words(text: str) -> Words:
    """Return the words of a text; built with map, which runs without a Python loop."""
    matches = list(WORD.finditer(text))
    return Words(list(map(re.Match.group, matches)), list(map(re.Match.start, matches)))


class WordTable(dict[str, Fact], Generic[Fact]):
    """A bounded cache of one fact per word as written, computed on the first lookup.

    A text repeats its words and texts share most of theirs, so each fact is computed once per
    distinct word; ``list(map(table.__getitem__, words))`` then looks a whole text up without a
    Python loop. The table is emptied when it holds ``limit`` words.
    """

    def __init__(self, compute: Callable[[str], Fact], limit: int = CACHE_LIMIT) -> None:
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, word: str) -> Fact:
        value = self.compute(word)
        if len(self) >= self.limit:
            self.clear()
        self[word] = value
        return value

    def lookup(self, words: list[str]) -> list[Fact]:
        """Return the fact of each word, in order."""
        return list(map(self.__getitem__, words))


_FOLDED: WordTable[str] = WordTable(fold)  # fold by plain lookup, without the LRU's bookkeeping
