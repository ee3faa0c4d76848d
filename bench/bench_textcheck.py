"""Vacancy texts of about 500 words checked per second on one core. Target: >= 2,000/s.

The baseline is a plain loop: every word of the text against every stem with startswith, as
the reference tool does. Ours runs the whole check (coded words, phrasing, readability).
"""

from __future__ import annotations

import random
import time

from gepmonitor.recruitment.textcheck.check import check_text
from gepmonitor.recruitment.textcheck.lexicon import load_lexicon
from gepmonitor.recruitment.textcheck.tokens import fold, tokens

FILLER = [
    "je",
    "werkt",
    "bij",
    "de",
    "provincie",
    "aan",
    "beleid",
    "voor",
    "de",
    "regio",
    "en",
    "de",
    "mensen",
    "die",
    "er",
    "wonen",
    "met",
    "collega's",
    "uit",
    "verschillende",
    "teams",
    "aan",
    "opgaven",
    "op",
    "het",
    "gebied",
    "van",
    "mobiliteit",
    "natuur",
    "energie",
    "en",
    "wonen",
    "wij",
    "bieden",
    "een",
    "goed",
    "salaris",
    "opleiding",
    "en",
    "ruimte",
    "voor",
    "ontwikkeling",
]
CODED = [
    "daadkrachtig",
    "resultaatgericht",
    "samenwerken",
    "zorgzaam",
    "competitief",
    "betrokken",
    "analytisch",
    "verbindend",
    "stressbestendig",
    "enthousiast",
    "zelfstandig",
    "coöperatief",
]


def make_texts(count: int, words: int = 500, seed: int = 3) -> list[str]:
    """Return distinct Dutch vacancy-like texts of about the given length."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        chosen = [
            rng.choice(CODED) if rng.random() < 0.04 else rng.choice(FILLER) for _ in range(words)
        ]
        sentences = [" ".join(chosen[i : i + 14]).capitalize() + "." for i in range(0, words, 14)]
        texts.append(" ".join(sentences))
    return texts


def baseline(text: str) -> int:
    """Count coded words with a plain loop over all stems."""
    lexicon = load_lexicon("nl")
    stems = lexicon.masculine_stems + lexicon.feminine_stems
    return sum(1 for word, _ in tokens(text) for stem in stems if fold(word).startswith(stem))


def rate(function, texts: list[str]) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    for text in texts:
        function(text)
    return len(texts) / (time.perf_counter() - started)


def run(quick: bool = False) -> dict[str, object]:
    """Measure texts per second for the full check and for the baseline."""
    texts = make_texts(300 if quick else 3000)
    check_text(texts[0], "nl")  # compile the lexicon
    ours = rate(lambda t: check_text(t, "nl"), texts)
    base = rate(baseline, texts[: max(50, len(texts) // 10)])
    return {
        "texts": len(texts),
        "words_per_text": 500,
        "texts_per_second": round(ours),
        "baseline_texts_per_second": round(base),
        "speedup_vs_baseline": round(ours / base, 1),
        "target_2000_per_second": ours >= 2000,
    }
