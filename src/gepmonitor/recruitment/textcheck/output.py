"""Present a check result: plain text for the terminal, JSON, and HTML with highlights."""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

from gepmonitor.core.formatting import format_number
from gepmonitor.core.i18n import N_, gettext, ngettext
from gepmonitor.recruitment.textcheck.check import CheckResult


def result_to_dict(result: CheckResult) -> dict[str, Any]:
    """Return the result as JSON-ready data."""
    read = result.readability
    return {
        "language": result.language,
        "category": result.category,
        "score": result.score,
        "masculine_count": len(result.masculine),
        "feminine_count": len(result.feminine),
        "coded_words": [
            {
                "word": w.word,
                "start": w.start,
                "end": w.end,
                "gender": w.gender,
                "stem": w.stem,
                "suggestion": w.suggestion,
            }
            for w in result.coded_words
        ],
        "phrases": [
            {
                "text": p.text,
                "start": p.start,
                "end": p.end,
                "category": p.category,
                "rule": p.rule,
                "suggestion": p.suggestion,
            }
            for p in result.phrases
        ],
        "readability": {
            "sentences": read.sentences,
            "words": read.words,
            "syllables": read.syllables,
            "words_per_sentence": read.words_per_sentence,
            "syllables_per_word": read.syllables_per_word,
            "score": read.score,
            "score_name": "Flesch-Douma" if result.language == "nl" else "Flesch reading ease",
            "level": read.level,
            "long_sentences": read.long_sentences,
            "long_words": read.long_words,
        },
    }


CATEGORY_LABELS = {
    "strongly masculine-coded": N_("strongly masculine-coded"),
    "masculine-coded": N_("masculine-coded"),
    "neutral": N_("neutral"),
    "feminine-coded": N_("feminine-coded"),
    "strongly feminine-coded": N_("strongly feminine-coded"),
    "empty": N_("no coded words"),
}
PHRASE_LABELS = {
    "age": N_("age"),
    "origin": N_("origin/language"),
    "pronoun": N_("generic 'he'"),
    "title": N_("male job title"),
}
CODED_WORDS = {"masculine": N_("Masculine-coded"), "feminine": N_("Feminine-coded")}


def _label(labels: dict[str, str], code: str, lang: str) -> str:
    return gettext(labels[code], lang) if code in labels else code


def result_to_text(result: CheckResult, lang: str) -> str:
    """Return a readable report of the result for the terminal."""
    read = result.readability
    lines = [
        gettext(
            "Verdict: {category} ({masculine} masculine-, {feminine} feminine-coded; "
            "language {language}).",
            lang,
            category=_label(CATEGORY_LABELS, result.category, lang),
            masculine=len(result.masculine),
            feminine=len(result.feminine),
            language=result.language,
        ),
    ]
    for gender, heading in CODED_WORDS.items():
        words = [w for w in result.coded_words if w.gender == gender]
        if words:
            lines.append(
                gettext(heading, lang)
                + ": "
                + ", ".join(display_list([w.word.lower() for w in words], lang))
            )
    seen: set[str] = set()
    for word in result.coded_words:
        if word.word.lower() not in seen and word.suggestion:
            seen.add(word.word.lower())
            lines.append(f"  - {word.word}: {word.suggestion}")
    for phrase in result.phrases:
        lines.append(
            gettext(
                "Exclusionary wording ({category}): '{text}' — {suggestion}",
                lang,
                text=phrase.text,
                category=_label(PHRASE_LABELS, phrase.category, lang),
                suggestion=phrase.suggestion,
            )
        )
    lines.append(
        gettext(
            "Readability: {name} {score} (estimated level {level}); {wps} words per sentence "
            "in {sentences}, {words}.",
            lang,
            name="Flesch-Douma" if result.language == "nl" else "Flesch",
            score=format_number(read.score, lang),
            level=read.level,
            wps=format_number(read.words_per_sentence, lang),
            sentences=ngettext(
                "{count} sentence", "{count} sentences", read.sentences, lang, count=read.sentences
            ),
            words=ngettext("{count} word", "{count} words", read.words, lang, count=read.words),
        )
    )
    if read.long_sentences:
        lines.append(
            ngettext(
                "{count} sentence over 20 words: shorten it.",
                "{count} sentences over 20 words: shorten them.",
                len(read.long_sentences),
                lang,
                count=len(read.long_sentences),
            )
        )
    if read.long_words:
        lines.append(gettext("Long words: {words}.", lang, words=", ".join(read.long_words[:12])))
    return "\n".join(lines)


def display_list(words: list[str], lang: str | None = "en") -> list[str]:
    """Return distinct words in first-seen order, 'word (n times)' when repeated."""
    counts = Counter(words)
    return [
        ngettext(
            "{word} ({count} time)",
            "{word} ({count} times)",
            counts[word],
            lang,
            word=word,
            count=counts[word],
        )
        if counts[word] > 1
        else word
        for word in dict.fromkeys(words)
    ]


def highlight_html(result: CheckResult) -> str:
    """Return the text as escaped HTML with coded words and phrases marked.

    Marks nest: a coded word inside a phrase gets its own mark within the phrase's mark; a
    mark that would cross the end of the one around it is cut there, so the HTML stays valid.
    """
    marks: list[tuple[int, int, str, str]] = [
        (w.start, w.end, f"coded {w.gender}", w.suggestion) for w in result.coded_words
    ] + [(p.start, p.end, f"phrase {p.category}", p.suggestion) for p in result.phrases]
    marks.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    text = result.text
    parts: list[str] = []
    open_ends: list[int] = []  # ends of the marks currently open, innermost last
    position = 0
    for start, end, css, tip in marks:
        while open_ends and open_ends[-1] <= start:
            position = _close(parts, text, position, open_ends.pop())
        if open_ends:
            end = min(end, open_ends[-1])
        if end <= max(start, position):
            continue  # the same passage is marked already
        parts.append(escape(text[position:start]))
        parts.append(f'<mark class="{css}" title="{escape(tip)}">')
        open_ends.append(end)
        position = start
    while open_ends:
        position = _close(parts, text, position, open_ends.pop())
    parts.append(escape(text[position:]))
    return "".join(parts).replace("\n", "<br>\n")


def _close(parts: list[str], text: str, position: int, end: int) -> int:
    """Write the text up to a mark's end and close the mark; return the new position."""
    parts.append(escape(text[position:end]) + "</mark>")
    return end
