"""Quality of the vacancy text checker on the annotated corpus (tests/data/vacancy_corpus).

Precision and recall per label and language. Goals (issue 15): coded words precision >= 0.95
and recall >= 0.90, exclusionary phrasing recall >= 0.90, no neutral passage called
gender-coded. Every miss and false find is listed, so a change shows what it fixed or broke.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gepmonitor.recruitment.textcheck.evaluate import GOALS, evaluate, load_corpus, unmet_goals

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "vacancy_corpus"


def run(quick: bool = False) -> dict[str, Any]:
    """Score the checker on the whole corpus (it is small, so --quick changes nothing)."""
    report = evaluate(load_corpus(CORPUS))
    return {"goals": GOALS, "unmet": unmet_goals(report), **report}
