"""Exclusionary phrasing: age, origin and language, generic 'hij'/'he', male-only titles.

A phrase's regex need not scan the whole text. A phrase whose matches stay within one word
(``within_word`` in the lexicon) runs on each distinct word once, and its matches are placed
where the words occur; a phrase that says where its matches begin (``starts``) is tried only
at those places. Both give the matches of ``pattern.finditer(text)``, in its order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

from gepmonitor.recruitment.textcheck.lexicon import Phrase, load_lexicon
from gepmonitor.recruitment.textcheck.tokens import Words, WordTable, split_words

# (phrase index, start, end) of a match inside one word; end is -1 for a place a match may begin
WordHit = tuple[int, int, int]
Span = tuple[int, int]


@dataclass(frozen=True)
class PhraseFinding:
    """A passage that excludes or discourages a group, with a suggestion."""

    text: str
    start: int
    end: int
    category: str  # age, origin, pronoun, title
    rule: str
    suggestion: str


def find_phrases(text: str, language: str, words: Words | None = None) -> list[PhraseFinding]:
    """Return every exclusionary passage of the text, in order of position.

    ``words`` (the text's words, when the caller has split them already) lets a pattern run only
    where the text's words make a match possible, which keeps the checker fast.
    """
    words = words if words is not None else split_words(text)
    places = _places(words, _word_table(language))
    present: set[str] | None = None  # the folded words, for the trigger test; built when needed
    found = []
    for index, phrase in enumerate(load_lexicon(language).phrases):
        confined = phrase.within_word or phrase.starts is not None
        if confined and index not in places:
            continue  # no word holds a match or the start of one
        present = set(words.folded) if present is None else present
        if not phrase.may_match(present):
            continue
        for start, end in _spans(phrase, text, places.get(index, [])):
            found.append(
                PhraseFinding(
                    text[start:end], start, end, phrase.category, phrase.id, phrase.suggestion
                )
            )
    return sorted(found, key=lambda f: f.start)


def _spans(phrase: Phrase, text: str, places: list[Span]) -> list[Span]:
    """Return the spans a phrase marks: its matches (or their hit groups) in the text."""
    if phrase.within_word:
        return places  # the hit spans themselves, found in each word
    if phrase.starts is not None:
        return [_hit_span(m) for m in matches_from(phrase.pattern, text, (s for s, _ in places))]
    return [_hit_span(m) for m in phrase.pattern.finditer(text)]


def matches_from(
    pattern: re.Pattern[str], text: str, candidates: Iterable[int]
) -> list[re.Match[str]]:
    """Return the matches ``pattern.finditer(text)`` gives, trying only the candidate offsets.

    The candidates (in increasing order) must hold every offset where a match may begin. Like
    finditer, the search goes on after the end of each match, so matches never overlap. A match
    at an offset still sees the text before it (for lookbehind and word boundaries). Should the
    pattern match the empty string, finditer's own rules apply: the whole text is searched.
    """
    found: list[re.Match[str]] = []
    end = 0
    for position in candidates:
        if position < end:
            continue
        match = pattern.match(text, position)
        if match is not None:
            if match.end() == position:
                return list(pattern.finditer(text))
            found.append(match)
            end = match.end()
    return found


def _places(words: Words, table: WordTable[tuple[WordHit, ...]]) -> dict[int, list[Span]]:
    """Return, by phrase index, the spans in the text of the phrases' hits in its words."""
    hits = table.lookup(words.written)
    places: dict[int, list[Span]] = {}
    for index in compress(range(len(hits)), hits):  # only the words with a hit
        offset = words.starts[index]
        for phrase, start, end in hits[index]:
            places.setdefault(phrase, []).append((offset + start, offset + end))
    return places


@lru_cache(maxsize=4)
def _word_table(language: str) -> WordTable[tuple[WordHit, ...]]:
    """Return the language's table of the phrase hits inside each word as written."""
    phrases = load_lexicon(language).phrases

    def hits(word: str) -> tuple[WordHit, ...]:
        found: list[WordHit] = []
        for index, phrase in enumerate(phrases):
            if phrase.within_word:
                found += [(index, *_hit_span(m)) for m in phrase.pattern.finditer(word)]
            elif phrase.starts is not None:
                found += [(index, m.start(), -1) for m in phrase.starts.finditer(word)]
        return tuple(found)

    return WordTable(hits)


def _hit_span(match: re.Match[str]) -> Span:
    """Return the span of the group named hit (or hit2, ...) when one took part in the match.

    A pattern marks the excluding word inside its context this way: in 'in zijn schoenen' only
    'zijn' is marked.
    """
    for name, value in match.groupdict().items():
        if name.startswith("hit") and value is not None:
            return match.span(name)
    return match.span()
