"""The Horizon Europe GEP self-check: each requirement's verdict with its quoted evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

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


def _ranked_quotes(parts: list[str], criterion: Criterion) -> list[str]:
    """Return the matching sentences, those matching the more specific (earlier) patterns first."""
    ranked = []
    for position, sentence in enumerate(parts):
        ranks = [i for i, p in enumerate(criterion.patterns) if p.search(sentence)]
        if ranks:
            ranked.append((min(ranks), position, sentence))
    return [sentence for _, _, sentence in sorted(ranked)]


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
    text: str, data_evidence: dict[str, str] | None = None
) -> list[RequirementResult]:
    """Check a GEP document (and the system's data) against every requirement."""
    data_evidence = data_evidence or {}
    parts = sentences(text)
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
