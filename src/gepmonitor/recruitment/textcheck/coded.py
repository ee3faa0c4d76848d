"""Find gender-coded words with gepmonitor's rules: diacritics, hyphens, compounds, case.

Counts equal the reference tool's on all of its test vectors: every word counts each time it
occurs, and a hyphenated word counts once per coded part ('leader-supporter' is one masculine
and one feminine word), unless it starts with a hyphenated stem ('co-operative' counts whole).
Beyond the reference, diacritics are kept in the text and ignored when matching, a word that
matches several stems of one list counts once, 'zelf-bewust' matches like 'zelfbewust', and
'contains' stems also match inside compounds ('slagkrachtig').

Exceptions cover inflections and compounds: an exception blocks a stem match when it starts
at or before the stem and reaches at least as far ('warmte' blocks 'warm' in
'warmtetransitieplannen', 'helpdesk' blocks 'help' in 'helpdesk-medewerkers'), so a longer
stem still counts ('ondernemingszin' despite 'onderneming').
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

from gepmonitor.recruitment.textcheck.lexicon import Lexicon, load_lexicon
from gepmonitor.recruitment.textcheck.senses import (
    expression_matches,
    not_coded_spans,
    separable_verbs,
)
from gepmonitor.recruitment.textcheck.tokens import Words, WordTable, fold, split_words

# (part index, or -1 for the whole word; gender; matched stem)
Hit = tuple[int, str, str]


@dataclass(frozen=True)
class CodedWord:
    """A coded word found in the text."""

    word: str
    start: int
    end: int
    gender: str  # "masculine" or "feminine"
    stem: str
    suggestion: str


def _covered(word: str, start: int, end: int, exceptions: frozenset[str]) -> bool:
    """Return whether an exception occurring in the word spans the stem match [start, end)."""
    for exception in exceptions:
        position = word.find(exception, 0, end + len(exception))
        while 0 <= position <= start:
            if position + len(exception) >= end:
                return True
            position = word.find(exception, position + 1, end + len(exception))
    return False


def _covered_when_joined(
    parts: list[str], index: int, stem: str, joined: str, exceptions: frozenset[str]
) -> bool:
    """Return whether an exception of the word written without hyphens covers a part's stem."""
    start = sum(len(p) for p in parts[:index]) + max(0, parts[index].find(stem))
    return _covered(joined, start, start + len(stem), exceptions)  # 'help-desk' is 'helpdesk'


@lru_cache(maxsize=4)
def _part_classifier(language: str) -> Callable[[str], tuple[str, str] | None]:
    """Return a function giving (gender, stem) of one folded word without hyphens, or None."""
    lexicon = load_lexicon(language)
    compiled = [(gender, *lexicon.patterns(gender)) for gender in ("masculine", "feminine")]
    exceptions = lexicon.exceptions

    def classify_part(folded: str) -> tuple[str, str] | None:
        for gender, starts, inside in compiled:
            match = starts.match(folded)
            if match and not _covered(folded, 0, match.end(), exceptions):
                return (
                    None if lexicon.names_a_thing(folded, match.end()) else (gender, match.group())
                )
            position = 1
            while match := inside.search(folded, position):
                if not _covered(folded, match.start(), match.end(), exceptions):
                    if lexicon.names_a_thing(folded, match.end()):
                        return None
                    return gender, match.group()
                position = match.start() + 1
        return None

    return classify_part


def word_parts(folded: str, hyphenated: tuple[str, ...]) -> list[str]:
    """Return the parts a folded word is checked as: itself, or its hyphen-separated parts.

    A word that starts with a hyphenated stem ('co-operat') stays whole, as in the reference.
    """
    if "-" not in folded or folded.startswith(hyphenated):
        return [folded]
    return folded.split("-")


@lru_cache(maxsize=4)
def _classifier(language: str) -> Callable[[str], tuple[Hit, ...]]:
    """Return a function giving the coded hits of one word as written."""
    lexicon = load_lexicon(language)
    classify_part = _part_classifier(language)
    hyphenated = tuple(fold(stem) for stem in lexicon.hyphenated)
    exceptions = lexicon.exceptions

    def classify(word: str) -> tuple[Hit, ...]:
        folded = fold(word)
        parts = word_parts(folded, hyphenated)
        if len(parts) == 1:
            hit = classify_part(folded)
            return ((-1, *hit),) if hit else ()
        joined = folded.replace("-", "")
        hits = tuple(
            (index, *hit)
            for index, part in enumerate(parts)
            if part
            and (hit := classify_part(part))
            and not _covered_when_joined(parts, index, hit[1], joined, exceptions)
        )
        if not hits and (hit := classify_part(joined)):
            hits = ((-1, *hit),)
        return hits

    return classify


# (offset in the word, part as written, gender, stem, suggestion) of one coded part of a word
CodedPart = tuple[int, str, str, str, str]


@lru_cache(maxsize=4)
def _part_table(language: str) -> WordTable[tuple[CodedPart, ...]]:
    """Return the language's table of the coded parts of each word as written."""
    lexicon = load_lexicon(language)
    classify = _classifier(language)

    def coded_parts(word: str) -> tuple[CodedPart, ...]:
        found = []
        for index, gender, stem in classify(word):
            part, offset = _part(word, index)
            found.append((offset, part, gender, stem, _suggestion(lexicon, gender, stem)))
        return tuple(found)

    return WordTable(coded_parts)


def find_coded_words(text: str, language: str, words: Words | None = None) -> list[CodedWord]:
    """Return every coded word of the text in order (a coded part of a hyphenated word apart).

    ``words``: the text's words, when the caller has split them already.
    """
    words = words if words is not None else split_words(text)
    parts = _part_table(language).lookup(words.written)
    found = []
    for index in compress(range(len(parts)), parts):  # only the words with a coded part
        start = words.starts[index]
        for offset, part, gender, stem, suggestion in parts[index]:
            begin = start + offset
            found.append(CodedWord(part, begin, begin + len(part), gender, stem, suggestion))
    lexicon = load_lexicon(language)
    if lexicon.separable or lexicon.expressions or lexicon.not_coded:
        found = _refine(text, words, found, lexicon)
    return found


def _refine(text: str, words: Words, found: list[CodedWord], lexicon: Lexicon) -> list[CodedWord]:
    """Apply separable verbs, fixed expressions and fixed terms to the stem matches."""
    for index, gender, particle, verb in separable_verbs(text, words, lexicon):
        word, start = words.written[index], words.starts[index]
        end = start + len(word)
        found = [w for w in found if w.end <= start or w.start >= end]
        if gender in ("masculine", "feminine"):
            stem = fold(particle) + verb
            suggestion = _suggestion(lexicon, gender, stem)
            found.append(CodedWord(f"{word} … {particle}", start, end, gender, stem, suggestion))
    for start, end, gender, ident, suggestion in expression_matches(text, lexicon, None, words):
        found = [w for w in found if w.end <= start or w.start >= end]
        tip = suggestion or lexicon.suggestions.get(gender, "")
        found.append(CodedWord(text[start:end], start, end, gender, ident, tip))
    spans = not_coded_spans(text, [(w.start, w.end) for w in found], lexicon)
    if spans:
        found = [w for w in found if not any(w.start < e and s < w.end for s, e in spans)]
    return sorted(found, key=lambda w: w.start)


def _part(word: str, index: int) -> tuple[str, int]:
    """Return the index'th hyphen-separated part of a word and its offset (-1: the whole word)."""
    if index < 0:
        return word, 0
    parts = word.split("-")
    return parts[index], sum(len(p) + 1 for p in parts[:index])


@lru_cache(maxsize=4096)
def _suggestion(lexicon: Lexicon, gender: str, stem: str) -> str:
    for key, text in lexicon.stem_suggestions.items():
        if stem.startswith(fold(key)) or fold(key) in stem:
            return text
    return lexicon.suggestions.get(gender, "")
