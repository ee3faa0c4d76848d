"""Exclusionary phrasing: age, origin and language, generic 'hij'/'he', male-only titles."""

from __future__ import annotations

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
    found = [
        PhraseFinding(m.group(), m.start(), m.end(), phrase.category, phrase.id, phrase.suggestion)
        for phrase in load_lexicon(language).phrases
        if phrase.may_match(words)
        for m in phrase.pattern.finditer(text)
    ]
    return sorted(found, key=lambda f: f.start)
