"""Vacancy texts of about 500 words checked per second on one core. Target: >= 2,000/s.

Texts are built from real sentences, shuffled: the Dutch passages of the annotated vacancy corpus
(tests/data/vacancy_corpus, in the styles of provinces, municipalities, universities and
ministries), the vacancy sentences below, and the Dutch sentences of the source documents in
../shared/seeds (gender-equality plans and council answers of provinces, when that folder is
beside the repository, as in CI). So the vocabulary is a real one of
thousands of words and the checker's word cache does not always hit. The baseline is a plain
loop: every word of the text against every stem with startswith, as the reference tool does.
Ours runs the whole check (coded words, phrasing, readability).
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path
from typing import Any

from gepmonitor.recruitment.textcheck.check import check_text
from gepmonitor.recruitment.textcheck.lexicon import load_lexicon
from gepmonitor.recruitment.textcheck.tokens import fold, tokens

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "vacancy_corpus"
VACANCY_SENTENCES = """
Wij zoeken een daadkrachtige projectleider die resultaatgericht werkt en stevig onderhandelt.
Je werkt samen met collega's van verschillende teams aan de energietransitie in onze provincie.
Als beleidsadviseur mobiliteit adviseer je Gedeputeerde Staten over het openbaar vervoer.
Je bent zorgzaam, betrokken en je hebt oog voor de mensen om je heen.
Hij rapporteert aan de directeur en stuurt een team van twaalf medewerkers aan.
Moedertaal Nederlands is vereist voor deze functie.
Wij zoeken een jonge, dynamische collega die past in ons enthousiaste team.
Je hebt een afgeronde opleiding op hbo- of wo-niveau, bijvoorbeeld bestuurskunde of planologie.
Je bent analytisch sterk, zelfstandig en je neemt graag het voortouw.
Wij bieden een salaris van maximaal 5.008 euro bruto per maand bij een fulltime dienstverband.
De provincie is een inclusieve werkgever en moedigt iedereen aan om te solliciteren.
Je krijgt een individueel keuzebudget van 17,05 procent van je salaris.
Je bent stressbestendig en competitief ingesteld en je wilt de beste zijn.
In deze rol verbind je de belangen van gemeenten, waterschappen en maatschappelijke partners.
Je zorgt ervoor dat het beleid voor natuur en landschap goed wordt uitgevoerd.
Wij werken hybride: je werkt deels thuis en deels op ons provinciehuis.
Ervaring met het aansturen van complexe projecten in een politiek-bestuurlijke omgeving is een pre.
Je bent een echte teamspeler die anderen ondersteunt en helpt.
Een assessment en een antecedentenonderzoek kunnen deel uitmaken van de procedure.
Je bent ambitieus, onafhankelijk en beslissend wanneer het erop aankomt.
De eerste gesprekken vinden plaats in de week na de sluitingsdatum.
Voor vragen over de functie kun je contact opnemen met de teamleider.
Je begeleidt stagiairs en je draagt je kennis graag over aan nieuwe collega's.
Wij zoeken een ervaren jurist omgevingsrecht met minimaal vijf jaar werkervaring.
Je bent communicatief vaardig, empathisch en je luistert goed naar inwoners.
Je bent maximaal 35 jaar oud en woont in de regio.
Deze vacature staat zowel intern als extern open.
Je bent verantwoordelijk voor de planning en control-cyclus van het programma.
Je schrijft heldere adviezen en nota's voor het college en Provinciale Staten.
Je hebt lef, durft knopen door te hakken en bent niet bang voor weerstand.
"""


def corpus() -> tuple[list[str], str]:
    """Return the sentence pool and where it came from."""
    sentences = [line.strip() for line in VACANCY_SENTENCES.splitlines() if line.strip()]
    source = f"{len(sentences)} vacancy sentences"
    passages = []
    for path in sorted(CORPUS.glob("nl_*.txt")):
        for passage in re.split(r"^## .*$", path.read_text(encoding="utf-8"), flags=re.M):
            plain = re.sub(r"\[\[([^|\]]+)\|[^\]]*\]\]", r"\1", passage).strip()
            if plain:
                passages.append(re.sub(r"\s+", " ", plain))
    sentences += passages
    source += f" + {len(passages)} passages of the annotated vacancy corpus"
    if SEEDS.is_dir():
        found = []
        for path in sorted(SEEDS.glob("*.txt")):
            text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
            for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text):
                words = sentence.split()
                if 6 <= len(words) <= 40 and sum(w.isalpha() for w in words) >= len(words) * 0.7:
                    found.append(sentence)
        sentences += found
        source += f" + {len(found)} sentences of the seeds' documents"
    return sentences, source


def make_texts(count: int, words: int = 500, seed: int = 3) -> list[str]:
    """Return distinct texts of about the given length: shuffled sentences of the corpus."""
    rng = random.Random(seed)
    pool, _source = corpus()
    texts = []
    for _ in range(count):
        chosen: list[str] = []
        length = 0
        while length < words:
            sentence = rng.choice(pool)
            chosen.append(sentence)
            length += len(sentence.split())
        texts.append(" ".join(chosen))
    return texts


def baseline(text: str) -> int:
    """Count coded words with a plain loop over all stems."""
    lexicon = load_lexicon("nl")
    stems = lexicon.masculine_stems + lexicon.feminine_stems
    return sum(1 for word, _ in tokens(text) for stem in stems if fold(word).startswith(stem))


def rate(function: Any, texts: list[str]) -> tuple[float, float]:
    """Return texts per second of wall time and per second of this process's CPU time."""
    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        function(text)
    return (
        len(texts) / (time.perf_counter() - started),
        len(texts) / max(1e-9, time.process_time() - cpu),
    )


def run(quick: bool = False) -> dict[str, Any]:
    """Measure texts per second for the full check and for the baseline."""
    texts = make_texts(300 if quick else 3000)
    _pool, source = corpus()
    vocabulary = {fold(word) for text in texts for word, _ in tokens(text)}
    check_text("Wij zoeken een collega.", "nl")  # compile the lexicon
    ours, ours_cpu = rate(lambda t: check_text(t, "nl"), texts)
    base, _base_cpu = rate(baseline, texts[: max(50, len(texts) // 10)])
    return {
        "corpus": source,
        "texts": len(texts),
        "words_per_text": round(sum(len(t.split()) for t in texts) / len(texts)),
        "distinct_words": len(vocabulary),
        "texts_per_second": round(ours),
        "texts_per_cpu_second": round(ours_cpu),
        "baseline_texts_per_second": round(base),
        "speedup_vs_baseline": round(ours / base, 1),
        "target_2000_per_second": ours >= 2000,
    }
