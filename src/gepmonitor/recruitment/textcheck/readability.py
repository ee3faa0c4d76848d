"""Readability: sentence length, long words, Flesch-Douma (Dutch) or Flesch (English).

Flesch-Douma (Douma 1960) = 206.835 - 0.93 x words/sentence - 77 x syllables/word; English
Flesch reading ease = 206.835 - 1.015 x words/sentence - 84.6 x syllables/word. Syllables are
counted as groups of vowels (with diacritics; Dutch 'ij' counts as one). The language level is a
rough estimate from the score, documented in docs/recruitment.md: >= 70 B1, >= 50 B2, >= 30 C1,
below C2.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from gepmonitor.recruitment.textcheck.tokens import Token, fold, tokens

# A sentence ends at . ! ?, at a blank line, before a list item, and at the end of a line unless
# the next line goes on in lower case (a wrapped line, as PDF text has). Headings, list items
# and the paragraphs of .docx and .html files are lines of their own, so each counts apart.
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n(?:\s*\n|(?=\s*[-•*–]\s)|(?![ \t]*[a-zà-öø-ÿ]))")
VOWEL_GROUPS = {"nl": re.compile(r"ij|[aeiouy]+"), "en": re.compile(r"[aeiouy]+")}
LONG_WORD = 13  # letters; Dutch compounds above this are hard to read
LONG_SENTENCE = 20  # words


@dataclass(frozen=True)
class Readability:
    """Readability figures of a text."""

    sentences: int
    words: int
    syllables: int
    words_per_sentence: float
    syllables_per_word: float
    score: float  # Flesch-Douma (nl) or Flesch reading ease (en)
    level: str  # B1, B2, C1 or C2 (estimate)
    long_sentences: list[str]
    long_words: list[str]


@lru_cache(maxsize=65536)
def count_syllables(word: str, language: str) -> int:
    """Return the number of vowel groups of a word (at least 1)."""
    folded = fold(word)
    count = len(VOWEL_GROUPS[language].findall(folded))
    if language == "en" and folded.endswith("e") and count > 1 and not folded.endswith("le"):
        count -= 1
    return max(1, count)


def level_for(score: float) -> str:
    """Return the estimated language level for a readability score."""
    if score >= 70:
        return "B1"
    if score >= 50:
        return "B2"
    return "C1" if score >= 30 else "C2"


def readability(text: str, language: str, words: list[Token] | None = None) -> Readability:
    """Return the readability of a text in the given language."""
    words = tokens(text) if words is None else [w for w in words if not w[0].isdigit()]
    if not words:
        return Readability(0, 0, 0, 0.0, 0.0, 0.0, "-", [], [])
    starts = [start for _, start in words]
    cuts = [m.end() for m in SENTENCE_END.finditer(text)] + [len(text)]
    sentences: list[tuple[int, int, int]] = []  # (first word, word count, text start)
    previous_word, previous_cut = 0, 0
    for cut in cuts:
        index = bisect_left(starts, cut)
        if index > previous_word:
            sentences.append((previous_word, index - previous_word, previous_cut))
        previous_word, previous_cut = index, cut
    syllables = sum(count_syllables(word, language) for word, _ in words)
    per_sentence = len(words) / len(sentences)
    per_word = syllables / len(words)
    if language == "nl":
        score = 206.835 - 0.93 * per_sentence - 77 * per_word
    else:
        score = 206.835 - 1.015 * per_sentence - 84.6 * per_word
    long_sentences = [
        text[words[first][1] : words[first + count - 1][1] + len(words[first + count - 1][0])]
        for first, count, _ in sentences
        if count > LONG_SENTENCE
    ]
    return Readability(
        sentences=len(sentences),
        words=len(words),
        syllables=syllables,
        words_per_sentence=round(per_sentence, 1),
        syllables_per_word=round(per_word, 2),
        score=round(score, 1),
        level=level_for(score),
        long_sentences=long_sentences,
        long_words=sorted({w for w, _ in words if len(w) > LONG_WORD}),
    )
