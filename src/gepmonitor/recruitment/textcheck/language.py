"""Tell Dutch from English by the share of common function words."""

from __future__ import annotations

from gepmonitor.recruitment.textcheck.tokens import fold, tokens

DUTCH = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "in",
        "is",
        "je",
        "jij",
        "wij",
        "we",
        "op",
        "te",
        "met",
        "voor",
        "die",
        "dat",
        "niet",
        "zijn",
        "bij",
        "ons",
        "ook",
        "als",
        "aan",
        "er",
        "om",
        "naar",
        "of",
        "door",
        "wat",
        "wordt",
        "hebt",
        "heb",
    ]
)
ENGLISH = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "of",
        "in",
        "is",
        "you",
        "we",
        "on",
        "to",
        "with",
        "for",
        "that",
        "this",
        "not",
        "are",
        "be",
        "at",
        "our",
        "also",
        "as",
        "by",
        "or",
        "from",
        "what",
        "will",
        "have",
        "has",
    ]
)


def detect_language(text: str, words: list[str] | None = None) -> str:
    """Return 'nl' or 'en' for a text (Dutch when it is a tie); words: its folded words."""
    if words is None:
        words = [fold(word) for word, _ in tokens(text[:5000])]
    dutch = sum(map(DUTCH.__contains__, words))
    english = sum(map(ENGLISH.__contains__, words))
    return "en" if english > dutch else "nl"
