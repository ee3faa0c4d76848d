"""Find gender-coded words with gepmonitor's rules: diacritics, hyphens, compounds, case.

Unlike the reference tool, a word that matches several stems of one list counts once, hyphenated
words are checked whole and per part (so 'zelf-bewust' and 'zelfbewust' both match), and
diacritics are kept in the text and ignored when matching.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from gepmonitor.recruitment.textcheck.lexicon import Lexicon, load_lexicon
from gepmonitor.recruitment.textcheck.tokens import Token, fold, tokens


@dataclass(frozen=True)
class CodedWord:
    """A coded word found in the text."""

    word: str
    start: int
    end: int
    gender: str  # "masculine" or "feminine"
    stem: str
    suggestion: str


@lru_cache(maxsize=4)
def _classifier(language: str) -> Callable[[str], tuple[str, str] | None]:
    lexicon = load_lexicon(language)
    compiled = [(gender, *lexicon.patterns(gender)) for gender in ("masculine", "feminine")]
    cache: dict[str, tuple[str, str] | None] = {}

    def classify_part(folded: str) -> tuple[str, str] | None:
        if folded in lexicon.exceptions:
            return None
        for gender, starts, inside in compiled:
            match = starts.match(folded) or inside.search(folded, 1)
            if match:
                return gender, match.group()
        return None

    def classify(folded: str) -> tuple[str, str] | None:
        if folded in cache:
            return cache[folded]
        result = classify_part(folded)
        if result is None and "-" in folded:
            for part in folded.split("-"):
                result = classify_part(part) if len(part) > 2 else None
                if result:
                    break
        if result is None and "-" in folded:
            result = classify_part(folded.replace("-", ""))
        cache[folded] = result
        return result

    return classify


def find_coded_words(text: str, language: str, words: list[Token] | None = None) -> list[CodedWord]:
    """Return every coded word of the text in order."""
    lexicon = load_lexicon(language)
    classify = _classifier(language)
    found = []
    for word, start in words if words is not None else tokens(text):
        hit = classify(fold(word))
        if hit is None:
            continue
        gender, stem = hit
        found.append(
            CodedWord(
                word, start, start + len(word), gender, stem, _suggestion(lexicon, gender, stem)
            )
        )
    return found


@lru_cache(maxsize=4096)
def _suggestion(lexicon: Lexicon, gender: str, stem: str) -> str:
    for key, text in lexicon.stem_suggestions.items():
        if stem.startswith(fold(key)) or fold(key) in stem:
            return text
    return lexicon.suggestions.get(gender, "")
