"""English gender-coded word check exactly as the reference gender-decoder defines it.

This mode follows the published rules (Gaucher, Friesen & Kay 2011 stems as adapted by the
MIT-licensed gender-decoder), including their tokenizer, which drops non-ASCII characters, so
results match that project on its test vectors. gepmonitor's own checker (coded.py) keeps
diacritics and handles compounds; this module exists to prove the English word lists and rules.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from gepmonitor.recruitment.textcheck.lexicon import load_lexicon

_SEPARATORS = re.compile(r"[.,\t<>*?!\"\[\]@':;()/&\u2018\u2019\u201c\u201d]")


def reference_tokens(text: str) -> list[str]:
    """Split text into lower-case words by the reference rules."""
    lexicon = load_lexicon("en")
    text = "".join(ch if ord(ch) < 128 else " " for ch in text)
    text = re.sub(r"\s", " ", text)
    text = _SEPARATORS.sub(" ", text)
    words = [w.lower() for w in text.split(" ") if w]
    result: list[str] = []
    for word in words:
        if "-" in word and not any(word.startswith(h) for h in lexicon.hyphenated):
            result.extend(part for part in word.split("-") if part)
        else:
            result.append(word)
    return result


@dataclass(frozen=True)
class ReferenceResult:
    """Coded words and the verdict of the reference method."""

    masculine_words: list[str]
    feminine_words: list[str]

    @property
    def score(self) -> int:
        """Return feminine count minus masculine count."""
        return len(self.feminine_words) - len(self.masculine_words)

    @property
    def category(self) -> str:
        """Return the reference category for the score."""
        score, feminine = self.score, len(self.feminine_words)
        if score == 0:
            return "neutral" if feminine else "empty"
        if score > 3:
            return "strongly feminine-coded"
        if score > 0:
            return "feminine-coded"
        return "strongly masculine-coded" if score < -3 else "masculine-coded"


def reference_classify(text: str) -> ReferenceResult:
    """Return the coded words of a text by the reference prefix rules."""
    lexicon = load_lexicon("en")
    masculine: list[str] = []
    feminine: list[str] = []
    for word in reference_tokens(text):
        if word in lexicon.exceptions:
            continue
        masculine.extend(word for stem in lexicon.masculine_stems if word.startswith(stem))
        feminine.extend(word for stem in lexicon.feminine_stems if word.startswith(stem))
    return ReferenceResult(masculine, feminine)


def display_list(words: list[str]) -> list[str]:
    """Return distinct words in first-seen order, 'word (n times)' when repeated."""
    counts = Counter(words)
    seen: list[str] = []
    for word in words:
        if word not in seen:
            seen.append(word)
    return [f"{w} ({counts[w]} times)" if counts[w] > 1 else w for w in seen]
