"""Exclusionary phrasing: age, origin and language, generic 'hij'/'he', male-only titles."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gepmonitor.recruitment.textcheck.lexicon import load_lexicon
from gepmonitor.recruitment.textcheck.tokens import fold, tokens


@dataclass(frozen=True)
class PhraseFinding:
    """A passage that excludes or discourages a group, with a suggestion."""

    text: str
    start: int
    end: int
    category: str  # age, origin, pronoun, title
    rule: str
    suggestion: str


def find_phrases(text: str, language: str, words: set[str] | None = None) -> list[PhraseFinding]:
    """Return every exclusionary passage of the text, in order of position.

    ``words`` (the folded words of the text) lets patterns whose trigger words are absent be
    skipped, which keeps the checker fast.
    """
    if words is None:
        words = {fold(word) for word, _ in tokens(text)}
    found = []
    for phrase in load_lexicon(language).phrases:
        if not phrase.may_match(words):
            continue
        for match in phrase.pattern.finditer(text):
            start, end = _hit_span(match)
            found.append(
                PhraseFinding(
                    text[start:end], start, end, phrase.category, phrase.id, phrase.suggestion
                )
            )
    return sorted(found, key=lambda f: f.start)


def _hit_span(match: re.Match[str]) -> tuple[int, int]:
    """Return the span of the group named hit (or hit2, ...) when one took part in the match.

    A pattern marks the excluding word inside its context this way: in 'in zijn schoenen' only
    'zijn' is marked.
    """
    for name, value in match.groupdict().items():
        if name.startswith("hit") and value is not None:
            return match.span(name)
    return match.span()
