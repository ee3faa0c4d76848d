"""Check a vacancy text: coded words, exclusionary phrasing, readability, with suggestions."""

from __future__ import annotations

from dataclasses import dataclass

from gepmonitor.core.errors import InputError
from gepmonitor.recruitment.textcheck.coded import CodedWord, find_coded_words
from gepmonitor.recruitment.textcheck.language import detect_language
from gepmonitor.recruitment.textcheck.phrases import PhraseFinding, find_phrases
from gepmonitor.recruitment.textcheck.readability import Readability, readability
from gepmonitor.recruitment.textcheck.tokens import split_words

CATEGORIES = (
    "empty",
    "neutral",
    "feminine-coded",
    "strongly feminine-coded",
    "masculine-coded",
    "strongly masculine-coded",
)
MAX_CHARACTERS = 200_000


@dataclass(frozen=True)
class CheckResult:
    """Everything the checker found in one text."""

    text: str
    language: str
    coded_words: list[CodedWord]
    phrases: list[PhraseFinding]
    readability: Readability

    @property
    def masculine(self) -> list[CodedWord]:
        """Return the masculine-coded words."""
        return [w for w in self.coded_words if w.gender == "masculine"]

    @property
    def feminine(self) -> list[CodedWord]:
        """Return the feminine-coded words."""
        return [w for w in self.coded_words if w.gender == "feminine"]

    @property
    def score(self) -> int:
        """Return feminine minus masculine count."""
        return len(self.feminine) - len(self.masculine)

    @property
    def category(self) -> str:
        """Return the overall coding, with the reference method's thresholds."""
        if self.score == 0:
            return "neutral" if self.feminine else "empty"
        if self.score > 0:
            return "strongly feminine-coded" if self.score > 3 else "feminine-coded"
        return "strongly masculine-coded" if self.score < -3 else "masculine-coded"


def check_text(text: str, language: str | None = None) -> CheckResult:
    """Check a text; the language is detected unless given ('nl' or 'en'; empty: detect)."""
    language = (language or "").strip().lower() or None
    if language not in (None, "nl", "en"):
        raise InputError("Unknown language '{value}'; choose nl or en.", value=language)
    if len(text) > MAX_CHARACTERS:
        raise InputError(
            "The text is too long (more than {limit} characters).", limit=MAX_CHARACTERS
        )
    if not text.strip():
        raise InputError("The text is empty; give a vacancy text.")
    words = split_words(text)
    lang = language or detect_language(text, words.folded[:1000])
    return CheckResult(
        text=text,
        language=lang,
        coded_words=find_coded_words(text, lang, words),
        phrases=find_phrases(text, lang, words),
        readability=readability(text, lang, words),
    )
