"""Run a lexicon regex only where its matches may lie: inside words, or where they begin.

A pattern whose matches stay within one word (``Reach.within_word``) runs once per distinct
word, and a pattern that says where its matches begin (``Reach.starts``) is tried only there.
A word table remembers, for each distinct word, where in it each pattern's matches may begin;
a text's candidates are those offsets placed where the words occur, and ``matches`` gives what
``pattern.finditer(text)`` gives, in its order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress

from gepmonitor.recruitment.textcheck.lexicon import Reach
from gepmonitor.recruitment.textcheck.tokens import Words, WordTable

# (pattern index, offset in the word) of each place where a match may begin
WordPlaces = tuple[tuple[int, int], ...]


def _part_starts(word: str) -> tuple[int, ...]:
    """Return the offsets of a word's parts: its start and each offset after a hyphen or quote."""
    return (0, *(index + 1 for index, char in enumerate(word) if char in "-'’"))


_PARTS: WordTable[tuple[int, ...]] = WordTable(_part_starts)


class Places:
    """Where the confined patterns of a lexicon section may begin a match, word by word."""

    def __init__(self, patterns: Sequence[tuple[re.Pattern[str], Reach]]) -> None:
        self.reaches = [reach for _, reach in patterns]
        self.patterns = [pattern for pattern, _ in patterns]
        self.table: WordTable[WordPlaces] = WordTable(self._in_word)
        starts = [r.starts.pattern for r in self.reaches if r.starts and not r.within_word]
        # one search tells whether any pattern's starts occur in a word (most words: none)
        self.any_start = re.compile("|".join(starts), re.IGNORECASE) if starts else None

    def _in_word(self, word: str) -> WordPlaces:
        """Return the places in one word where a confined pattern's match may begin."""
        may_start = self.any_start is not None and self.any_start.search(word) is not None
        found: list[tuple[int, int]] = []
        for index, (pattern, reach) in enumerate(zip(self.patterns, self.reaches, strict=True)):
            if reach.within_word:
                found += [(index, m.start()) for m in pattern.finditer(word)]
            elif reach.starts is not None and may_start:
                found += [(index, m.start()) for m in reach.starts.finditer(word)]
        return tuple(found)

    def starts(self, words: Words) -> dict[int, list[int]]:
        """Return, by pattern index, the offsets in the text where a match may begin, in order."""
        places = self.table.lookup(words.written)
        found: dict[int, list[int]] = {}
        for index in compress(range(len(places)), places):  # only the words with a place
            for pattern, offset in places[index]:
                before = self.reaches[pattern].words_before
                spots = found.setdefault(pattern, [])
                if before:
                    spots += _parts_before(words, index, offset, before)
                spots.append(words.starts[index] + offset)
        for pattern, spots in found.items():
            if self.reaches[pattern].words_before:
                found[pattern] = sorted(set(spots))  # the words before two places may overlap
        return found


def _parts_before(words: Words, index: int, offset: int, before: int) -> list[int]:
    """Return the text offsets of the word parts from `before` words back up to a place."""
    spots = []
    for word in range(max(0, index - before), index + 1):
        start = words.starts[word]
        parts = _PARTS[words.written[word]]
        spots += [start + part for part in parts if word < index or part < offset]
    return spots


def matches(
    pattern: re.Pattern[str], reach: Reach, text: str, starts: list[int]
) -> list[re.Match[str]]:
    """Return the matches of the pattern in the text; a confined one is tried at its starts."""
    if reach.confined:
        return matches_from(pattern, text, starts)
    return list(pattern.finditer(text))


def matches_from(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """Return the matches ``pattern.finditer(text)`` gives, trying only the given offsets.

    The offsets (in increasing order) must hold every offset where a match may begin. Like
    finditer, the search goes on after the end of each match, so matches never overlap. A match
    at an offset still sees the text before it (for lookbehind and word boundaries). Should the
    pattern match the empty string, finditer's own rules apply: the whole text is searched.
    """
    found: list[re.Match[str]] = []
    end = 0
    for position in starts:
        if position < end:
            continue
        match = pattern.match(text, position)
        if match is not None:
            if match.end() == position:
                return list(pattern.finditer(text))
            found.append(match)
            end = match.end()
    return found
