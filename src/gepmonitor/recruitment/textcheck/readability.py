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
from itertools import compress
from operator import not_

from gepmonitor.recruitment.textcheck.tokens import Words, WordTable, fold, split_words

# A sentence ends at . ! ?, at a blank line, before a list item, and at the end of a line unless
# the next line goes on in lower case (a wrapped line, as PDF text has). Headings, list items
# and the paragraphs of .docx and .html files are lines of their own, so each counts apart.
#   [.!?]+(?=\s|$)  |  \n(?:\s*\n|(?=\s*[-•*–]\s)|(?![ \t]*[a-zà-öø-ÿ]))
# written below to start with the set of its first characters, which lets the regex engine skip
# to them fast (three times faster than the plain alternation, with the same matches).
SENTENCE_END = re.compile(
    r"[.!?\n](?:(?<=[.!?])[.!?]*(?=\s|$)|(?<=\n)(?:\s*\n|(?=\s*[-•*–]\s)|(?![ \t]*[a-zà-öø-ÿ])))"
)
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


def readability(text: str, language: str, words: Words | None = None) -> Readability:
    """Return the readability of a text in the given language.

    ``words``: the text's words, when the caller (check_text) has split them already; numbers
    (words of digits only) are then left out. Without them every word of the text counts.
    """
    count_numbers = words is None
    words = split_words(text) if words is None else words
    syllables_of = _syllable_table(language).lookup(words.written)  # 0: a number
    numbers = list(compress(range(len(syllables_of)), map(not_, syllables_of)))
    if count_numbers:  # a number counts as a word of one syllable
        written, starts, syllables = words.written, words.starts, sum(syllables_of) + len(numbers)
    else:
        written, starts = _without(words, numbers)
        syllables = sum(syllables_of)
    if not written:
        return Readability(0, 0, 0, 0.0, 0.0, 0.0, "-", [], [])
    sentences = _sentences(text, starts)
    per_sentence = len(written) / len(sentences)
    per_word = syllables / len(written)
    if language == "nl":
        score = 206.835 - 0.93 * per_sentence - 77 * per_word
    else:
        score = 206.835 - 1.015 * per_sentence - 84.6 * per_word
    long_sentences = [
        text[starts[first] : starts[first + count - 1] + len(written[first + count - 1])]
        for first, count in sentences
        if count > LONG_SENTENCE
    ]
    return Readability(
        sentences=len(sentences),
        words=len(written),
        syllables=syllables,
        words_per_sentence=round(per_sentence, 1),
        syllables_per_word=round(per_word, 2),
        score=round(score, 1),
        level=level_for(score),
        long_sentences=long_sentences,
        long_words=sorted(set(compress(written, map(LONG_WORD.__lt__, map(len, written))))),
    )


def _without(words: Words, numbers: list[int]) -> tuple[list[str], list[int]]:
    """Return the words as written and their starts, leaving out those at the given indexes."""
    if not numbers:
        return words.written, words.starts
    written, starts = words.written.copy(), words.starts.copy()
    for index in reversed(numbers):  # a text has few numbers: deleting them is cheap
        del written[index], starts[index]
    return written, starts


def _sentences(text: str, starts: list[int]) -> list[tuple[int, int]]:
    """Return (first word, word count) of each sentence that holds a word."""
    cuts = [*map(re.Match.end, SENTENCE_END.finditer(text)), len(text)]
    sentences = []
    previous = 0
    for cut in cuts:
        index = bisect_left(starts, cut)
        if index > previous:
            sentences.append((previous, index - previous))
        previous = index
    return sentences


@lru_cache(maxsize=4)
def _syllable_table(language: str) -> WordTable[int]:
    """Return the language's table of the syllables of each word as written; 0 for a number."""
    return WordTable(lambda word: 0 if word.isdigit() else count_syllables(word, language))
