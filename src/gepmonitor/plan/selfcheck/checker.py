"""The Horizon Europe GEP self-check: each requirement's verdict with its quoted evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from gepmonitor.core.errors import InputError
from gepmonitor.core.i18n import N_

RULES_FILE = Path(__file__).with_name("rules.yaml")
VERDICTS = ("met", "partly", "missing")
MAX_QUOTES = 2


@dataclass(frozen=True)
class Criterion:
    """Something the document (or the system's data) must show."""

    id: str
    label_nl: str
    label_en: str
    patterns: tuple[re.Pattern[str], ...]
    data: str | None


@dataclass(frozen=True)
class Requirement:
    """A mandatory requirement or content area."""

    id: str
    kind: str
    title_nl: str
    title_en: str
    rule: str
    criteria: tuple[Criterion, ...]


@dataclass
class CriterionResult:
    """Whether a criterion was found, with the quoted passages or the data that show it."""

    criterion: Criterion
    quotes: list[str] = field(default_factory=list)
    data_evidence: str = ""

    @property
    def found(self) -> bool:
        """Return whether the document or the data show the criterion."""
        return bool(self.quotes or self.data_evidence)


@dataclass
class RequirementResult:
    """A requirement's verdict and its evidence."""

    requirement: Requirement
    verdict: str
    criteria: list[CriterionResult]

    @property
    def verdict_label(self) -> str:
        """Return the verdict's text (an English msgid, translated where shown)."""
        return VERDICT_LABELS[self.verdict]


VERDICT_LABELS = {"met": N_("met"), "partly": N_("partly"), "missing": N_("missing")}


@lru_cache(maxsize=1)
def load_rules() -> tuple[Requirement, ...]:
    """Read the requirements from rules.yaml."""
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    return tuple(
        Requirement(
            r["id"],
            r["kind"],
            r["title_nl"],
            r["title_en"],
            r["rule"],
            tuple(
                Criterion(
                    c["id"],
                    c["label_nl"],
                    c["label_en"],
                    tuple(re.compile(p, re.IGNORECASE) for p in c["patterns"]),
                    c.get("data"),
                )
                for c in r["criteria"]
            ),
        )
        for r in data["requirements"]
    )


def sentences(text: str) -> list[str]:
    """Split a document into sentences (also at line breaks and table cells)."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"-\n(?=[a-z])", "", text)  # words hyphenated across lines in PDF extracts
    text = re.sub(r"(?<!\n)\n(?!\n)", " ", text)  # a single line break continues the sentence
    # PDF extracts put blank lines between wrapped lines: join when the sentence goes on.
    text = re.sub(r"(?<![.!?:])[ \t]*\n\s*\n\s*(?=[a-z(])", " ", text)
    pieces = re.split(r"(?<=[.!?:])\s+|\n\s*\n+|\t+|\s[•▪-]\s", text)
    return [" ".join(p.split())[:400] for p in pieces if len(p.split()) >= 3]


NEGATIONS = {"no", "not", "never", "without", "none", "geen", "niet", "nooit", "zonder"}
# "We do not tolerate harassment" / "tolereert geen intimidatie": a zero-tolerance statement.
TOLERANCE = re.compile(r"\b(toler\w*|accept\w*|duld\w*)", re.IGNORECASE)
WORD = re.compile(r"[\w'’-]+")


def is_negated(sentence: str, start: int, end: int) -> bool:
    """Return whether the phrase at start:end is negated ("no budget", "training wordt niet")."""
    if TOLERANCE.search(sentence):
        return False
    before = [w.lower() for w in WORD.findall(sentence[:start])][-4:]
    after = [w.lower() for w in WORD.findall(sentence[end:])][:4]
    if any(w in NEGATIONS for w in before):
        return True
    # Dutch puts "niet" after the subject: "een budget is er niet"; "niet alleen" is no negation.
    return any(w == "niet" and after[i + 1 : i + 2] != ["alleen"] for i, w in enumerate(after))


def is_heading(sentence: str) -> bool:
    """Return whether a piece of text is a heading or label rather than a sentence."""
    return not sentence.rstrip("*” '\"").endswith((".", "!", "?", ";")) or (
        len(sentence.split()) < 5
    )


def _rank(sentence: str, criterion: Criterion) -> int | None:
    """Return the most specific pattern that matches without negation, or None."""
    for rank, pattern in enumerate(criterion.patterns):
        for match in pattern.finditer(sentence):
            if not is_negated(sentence, match.start(), match.end()):
                return rank
    return None


def _ranked_quotes(parts: list[str], criterion: Criterion) -> list[str]:
    """Return the matching sentences: whole sentences before headings, then by pattern rank."""
    ranked = []
    for position, sentence in enumerate(parts):
        rank = _rank(sentence, criterion)
        if rank is not None:
            ranked.append((is_heading(sentence), rank, position, sentence))
    return [sentence for *_, sentence in sorted(ranked)]


def verdict_for(rule: str, found: int, total: int) -> str:
    """Return met, partly or missing for the number of criteria found."""
    needed = total if rule == "all" else min(2, total)
    if found >= needed:
        return "met"
    return "partly" if found else "missing"


def verdict_of(rule: str, outcomes: list[CriterionResult]) -> str:
    """Return the verdict; rule 'first_plus_one' needs the first criterion and one other."""
    found = sum(o.found for o in outcomes)
    if rule == "first_plus_one":
        if outcomes[0].found and found >= 2:
            return "met"
        return "partly" if found else "missing"
    return verdict_for(rule, found, len(outcomes))


def check_document(
    text: str, data_evidence: dict[str, str] | None = None, name: str = "document"
) -> list[RequirementResult]:
    """Check a GEP document (and the system's data) against every requirement."""
    data_evidence = data_evidence or {}
    parts = sentences(text)
    if not parts:
        raise InputError(
            "{file}: no readable text (an empty document or a scanned PDF?); nothing was checked.",
            file=name,
        )
    results = []
    for requirement in load_rules():
        outcomes = []
        for criterion in requirement.criteria:
            quotes = _ranked_quotes(parts, criterion)
            outcome = CriterionResult(
                criterion, quotes[:MAX_QUOTES], data_evidence.get(criterion.data or "", "")
            )
            outcomes.append(outcome)
        results.append(
            RequirementResult(requirement, verdict_of(requirement.rule, outcomes), outcomes)
        )
    return results


def results_to_dict(results: list[RequirementResult], lang: str) -> list[dict[str, Any]]:
    """Return the results as JSON-ready data."""
    return [
        {
            "id": r.requirement.id,
            "kind": r.requirement.kind,
            "title": r.requirement.title_en if lang == "en" else r.requirement.title_nl,
            "verdict": r.verdict,
            "criteria": [
                {
                    "id": c.criterion.id,
                    "label": c.criterion.label_en if lang == "en" else c.criterion.label_nl,
                    "found": c.found,
                    "quotes": c.quotes,
                    "data": c.data_evidence,
                }
                for c in r.criteria
            ],
        }
        for r in results
    ]
