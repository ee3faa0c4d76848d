"""Exclusionary phrasing: age, origin and language, generic 'hij'/'he', male-only titles.

A phrase whose lexicon entry promises where its matches lie (within one word, or beginning at
given words) is tried only there (places.py), with the same findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from gepmonitor.recruitment.textcheck.lexicon import load_lexicon
from gepmonitor.recruitment.textcheck.places import Places, matches
from gepmonitor.recruitment.textcheck.tokens import Words, split_words


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
    where the text's words make a match possible, which keeps the checker fast. A phrase counts
    only in a text that holds one of its triggers; that test is made for a phrase that matched
    (the same findings as testing first, and most texts need no set of their folded words).
    """
    words = words if words is not None else split_words(text)
    starts = _places(language).starts(words)
    found = []
    for index, phrase in enumerate(load_lexicon(language).phrases):
        if phrase.reach.confined and index not in starts:
            continue  # no word holds the beginning of a match
        hits = matches(phrase.pattern, phrase.reach, text, starts.get(index, []))
        if not hits or not phrase.may_match(words.folded_set):
            continue
        for match in hits:
            start, end = _hit_span(match)
            found.append(
                PhraseFinding(
                    text[start:end], start, end, phrase.category, phrase.id, phrase.suggestion
                )
            )
    return sorted(found, key=lambda f: f.start)


@lru_cache(maxsize=4)
def _places(language: str) -> Places:
    """Return where in each word the language's phrases may begin a match."""
    return Places([(p.pattern, p.reach) for p in load_lexicon(language).phrases])


def _hit_span(match: re.Match[str]) -> tuple[int, int]:
    """Return the span of the group named hit (or hit2, ...) when one took part in the match.

    A pattern marks the excluding word inside its context this way: in 'in zijn schoenen' only
    'zijn' is marked.
    """
    for name, value in match.groupdict().items():
        if name.startswith("hit") and value is not None:
            return match.span(name)
    return match.span()
