"""Measure the text checker on an annotated corpus: precision and recall per label and language.

The corpus format (tests/data/vacancy_corpus/README.md): passages start with
``## <id> | <style>``; labels are inline, ``[[words|m]]``, ``[[words|f]]``, ``[[words|age]]``
(or origin, pronoun, title), ``[[words|m+pronoun]]`` for two labels on one span and
``[[words|none]]`` for a trap. A found word or phrase is right
when it overlaps a labelled span of its kind; a labelled span is found when something of its
kind overlaps it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gepmonitor.recruitment.textcheck.check import CheckResult, check_text

GENDERS = {"m": "masculine", "f": "feminine"}
EXCLUSION_KINDS = ("age", "origin", "pronoun", "title")
LABELS = (*GENDERS, *EXCLUSION_KINDS, "none")
MARK = re.compile(r"\[\[([^\[\]|]+)\|([a-z+]+)\]\]")
HEADER = re.compile(r"^## +(\S+) *\| *(\S+) *$", re.MULTILINE)
GOALS = {"coded_precision": 0.95, "coded_recall": 0.90, "exclusion_recall": 0.90}


@dataclass(frozen=True)
class Span:
    """A labelled stretch of a passage's plain text."""

    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True)
class Passage:
    """One annotated passage: its plain text and labels."""

    id: str
    language: str
    style: str
    text: str
    spans: tuple[Span, ...]

    @property
    def neutral(self) -> bool:
        """Return whether no word of the passage is labelled gender-coded."""
        return not any(span.label in GENDERS for span in self.spans)


def parse_passage(ident: str, language: str, style: str, marked: str) -> Passage:
    """Return the passage with its markup removed and its labels as spans of the plain text."""
    parts: list[str] = []
    spans: list[Span] = []
    position = 0
    length = 0
    for match in MARK.finditer(marked):
        before = marked[position : match.start()]
        parts.append(before)
        length += len(before)
        words = match.group(1)
        for label in match.group(2).split("+"):  # 'm+pronoun': both labels on one span
            if label not in LABELS:
                raise ValueError(f"{ident}: unknown label '{label}' on '{words}'")
            spans.append(Span(length, length + len(words), label, words))
        parts.append(words)
        length += len(words)
        position = match.end()
    parts.append(marked[position:])
    text = "".join(parts)
    if "[[" in text or "]]" in text:
        raise ValueError(f"{ident}: unbalanced label markup")
    return Passage(ident, language, style, text, tuple(spans))


def parse_corpus(text: str, language: str) -> list[Passage]:
    """Return the passages of one corpus file's text."""
    headers = list(HEADER.finditer(text))
    passages = []
    for index, header in enumerate(headers):
        end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
        body = text[header.end() : end].strip()
        passages.append(parse_passage(header.group(1), language, header.group(2), body))
    return passages


def load_corpus(directory: Path) -> list[Passage]:
    """Return every passage of the corpus files (nl_*.txt, en_*.txt) in a directory."""
    passages: list[Passage] = []
    for path in sorted(directory.glob("*.txt")):
        language = path.name.split("_", 1)[0]
        passages.extend(parse_corpus(path.read_text(encoding="utf-8"), language))
    seen: set[str] = set()
    for passage in passages:
        if passage.id in seen:
            raise ValueError(f"passage id {passage.id} occurs twice")
        seen.add(passage.id)
    return passages


@dataclass
class Tally:
    """Counts behind one precision and recall figure."""

    gold: int = 0
    found: int = 0
    found_right: int = 0
    gold_found: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Return the counts with precision and recall (None when undefined)."""
        return {
            "gold": self.gold,
            "found": self.found,
            "precision": round(self.found_right / self.found, 4) if self.found else None,
            "recall": round(self.gold_found / self.gold, 4) if self.gold else None,
        }


@dataclass
class LanguageScore:
    """Every figure of one language."""

    passages: int = 0
    tallies: dict[str, Tally] = field(default_factory=dict)
    traps: int = 0
    traps_flagged: int = 0
    neutral: int = 0
    neutral_called_coded: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)

    def tally(self, name: str) -> Tally:
        """Return the tally of a label, made on first use."""
        return self.tallies.setdefault(name, Tally())


def _overlaps(start: int, end: int, span: Span) -> bool:
    return start < span.end and span.start < end


def _score_coded(passage: Passage, result: CheckResult, score: LanguageScore) -> None:
    gold = [s for s in passage.spans if s.label in GENDERS]
    for code, gender in GENDERS.items():
        mine = [s for s in gold if s.label == code]
        found = [w for w in result.coded_words if w.gender == gender]
        for tally in (score.tally(gender), score.tally("coded")):
            tally.gold += len(mine)
            tally.found += len(found)
        for word in found:
            if any(_overlaps(word.start, word.end, s) for s in mine):
                score.tally(gender).found_right += 1
                score.tally("coded").found_right += 1
            else:
                score.errors.append(
                    {"passage": passage.id, "error": f"false {gender}", "text": word.word}
                )
        for span in mine:
            if any(_overlaps(w.start, w.end, span) for w in found):
                score.tally(gender).gold_found += 1
                score.tally("coded").gold_found += 1
            else:
                score.errors.append(
                    {"passage": passage.id, "error": f"missed {gender}", "text": span.text}
                )


def _score_exclusion(passage: Passage, result: CheckResult, score: LanguageScore) -> None:
    gold = [s for s in passage.spans if s.label in EXCLUSION_KINDS]
    total = score.tally("exclusion")
    total.gold += len(gold)
    total.found += len(result.phrases)
    for phrase in result.phrases:
        right = [s for s in gold if _overlaps(phrase.start, phrase.end, s)]
        score.tally(f"exclusion:{phrase.category}").found += 1
        if right:
            total.found_right += 1
            if any(s.label == phrase.category for s in right):
                score.tally(f"exclusion:{phrase.category}").found_right += 1
        else:
            score.errors.append(
                {"passage": passage.id, "error": f"false {phrase.category}", "text": phrase.text}
            )
    for span in gold:
        kind = score.tally(f"exclusion:{span.label}")
        kind.gold += 1
        hits = [p for p in result.phrases if _overlaps(p.start, p.end, span)]
        if hits:
            total.gold_found += 1
            kind.gold_found += any(p.category == span.label for p in hits)
        else:
            score.errors.append(
                {"passage": passage.id, "error": f"missed {span.label}", "text": span.text}
            )


def _score_traps(passage: Passage, result: CheckResult, score: LanguageScore) -> None:
    found = [(w.start, w.end) for w in result.coded_words] + [
        (p.start, p.end) for p in result.phrases
    ]
    for span in passage.spans:
        if span.label == "none":
            score.traps += 1
            if any(_overlaps(start, end, span) for start, end in found):
                score.traps_flagged += 1


def evaluate(
    passages: Iterable[Passage], check: Callable[[str, str], CheckResult] = check_text
) -> dict[str, Any]:
    """Return precision and recall per label and language, neutral passages, traps and errors."""
    scores: dict[str, LanguageScore] = {}
    for passage in passages:
        score = scores.setdefault(passage.language, LanguageScore())
        result = check(passage.text, passage.language)
        score.passages += 1
        _score_coded(passage, result, score)
        _score_exclusion(passage, result, score)
        _score_traps(passage, result, score)
        if passage.neutral:
            score.neutral += 1
            if result.category not in ("empty", "neutral"):
                score.neutral_called_coded += 1
                score.errors.append(
                    {"passage": passage.id, "error": "neutral called", "text": result.category}
                )
    return {language: _report(score) for language, score in sorted(scores.items())}


def _report(score: LanguageScore) -> dict[str, Any]:
    report: dict[str, Any] = {"passages": score.passages}
    for name in ("masculine", "feminine", "coded", "exclusion"):
        report[name] = score.tally(name).as_dict()
    report["exclusion_by_kind"] = {
        kind: score.tally(f"exclusion:{kind}").as_dict() for kind in EXCLUSION_KINDS
    }
    report["traps"] = {"labelled": score.traps, "flagged": score.traps_flagged}
    report["neutral_passages"] = score.neutral
    report["neutral_called_coded"] = score.neutral_called_coded
    report["errors"] = score.errors
    return report


def unmet_goals(report: dict[str, Any]) -> list[str]:
    """Return a line for every goal a language's report misses (empty: all goals met)."""
    unmet = []
    for language, figures in report.items():
        checks = [
            ("coded precision", figures["coded"]["precision"], GOALS["coded_precision"]),
            ("coded recall", figures["coded"]["recall"], GOALS["coded_recall"]),
            ("exclusion recall", figures["exclusion"]["recall"], GOALS["exclusion_recall"]),
        ]
        for name, value, goal in checks:
            if value is None or value < goal:
                unmet.append(f"{language}: {name} {value} < {goal}")
        if figures["neutral_called_coded"]:
            unmet.append(f"{language}: {figures['neutral_called_coded']} neutral passages coded")
    return unmet
