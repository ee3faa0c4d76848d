"""Phrases and expressions confined to words or to declared starts find what their regex finds."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from gepmonitor.recruitment.textcheck.evaluate import load_corpus
from gepmonitor.recruitment.textcheck.lexicon import Reach, load_lexicon
from gepmonitor.recruitment.textcheck.places import Places, matches
from gepmonitor.recruitment.textcheck.tokens import split_words

CORPUS = Path(__file__).resolve().parent.parent / "data" / "vacancy_corpus"

# Words and separators that come close to the edges of the phrases: parts after hyphens and
# apostrophes, digits glued to words, upper case, dotless i, pronoun pairs, ages and titles.
TRICKY = """timmerman Timmermannen VAKMAN brandweerman-achtig zakenman's x_vakman vakman2 man
zeeman’s co-max 30 jaar maximaal35 jaar oud max. 40 jaar hooguit 50 jaar nıet ouder dan 45 jonger
dan 30 tot 30 jaar tussen de 25 en 35 jaar 25-35 jaar 25 – 35 jaar oud maximaal 10 jaar werkervaring
20 jaar geleden jong team jonge, dynamische collega jonge honden recent afgestudeerd pas-afgestudeerd
young professionals digital natives moedertaal native-speaker accentloos zonder accent
Nederlandse afkomst (m/v) hij Hij zij/hij zij / hij haar of hem hij/zij zij en hij hem en haar
zijn Zijn in zijn team met zijn allen zijn/haar zijn of haar in-zijn binnen zijn eigen zijn mannetje
in zijn rol, met zijn werk, voor zijn team, van zijn eigen, aan zijn taken, op zijn afdeling, bij
zijn netwerk, naar zijn mening, door zijn kennis, over zijn ervaring, uit zijn functie, onder zijn
leiding, binnen zijn team, tussen zijn collega's, tegen zijn weg, om zijn rol, ZIJN TEAM, Om Zijn
stevig in je schoenen, Stevige gesprekspartner, sterke persoonlijkheid, staat zijn mannetje, je
mannetje staan, stond er haar mannetje, tegen een stootje, neemt graag het voortouw, het voortouw
nemen, knopen door te hakken, hakt de knopen door, de kar trekken, trekt samen de kar, logisch
denken, lef, Lef, lef-vol, zelflef, stevig-in je schoenen, de-kar trekken
trekt al die jaren de kar, neemt al die jaren het voortouw, x-in zijn rol, d'in zijn team
chairman chairmen foremen he him his himself she/he he or she under 30 years old aged 25-35 max.
40 up to 35 years mother tongue recently graduated young, driven people between 20 and 30 years
"""
SEPARATORS = [" ", " ", "  ", "\n", "\n\n", ", ", ". ", "-", "/", " / ", "'", "’", " (", ") "]


def _texts(language: str) -> list[str]:
    """Return corpus passages, whole corpus files and seeded mixtures of tricky words."""
    texts = [p.text for p in load_corpus(CORPUS) + load_corpus(CORPUS / "heldout")]
    texts += [path.read_text(encoding="utf-8") for path in sorted(CORPUS.rglob(f"{language}_*"))]
    vocabulary = TRICKY.split() + " ".join(texts).split()
    rng = random.Random(7)
    for _ in range(300):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(1, 60))]
        texts.append("".join(w + rng.choice(SEPARATORS) for w in words))
    return texts + [TRICKY, TRICKY.upper()]


def _confined(language: str) -> list[tuple[str, re.Pattern[str], Reach]]:
    """Return (id, pattern, reach) of every phrase and expression with a promise."""
    lexicon = load_lexicon(language)
    rules = [(p.id, p.pattern, p.reach) for p in lexicon.phrases]
    rules += [(e.id, e.pattern, e.reach) for e in lexicon.expressions]
    return [rule for rule in rules if rule[2].confined]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_confined_patterns_find_what_the_whole_text_regex_finds(language):
    confined = _confined(language)
    assert confined, "the lexicon confines no pattern"
    places = Places([(pattern, reach) for _, pattern, reach in confined])
    for text in _texts(language):
        starts = places.starts(split_words(text))
        for index, (ident, pattern, reach) in enumerate(confined):
            expected = [m.span() for m in pattern.finditer(text)]
            found = matches(pattern, reach, text, starts.get(index, []))
            assert [m.span() for m in found] == expected, (ident, text)


def test_the_equality_check_catches_a_wrong_promise():
    """A pattern whose declared starts miss one of its beginnings finds less than its regex."""
    text = "Je bent niet ouder dan 40 en maximaal 35 jaar oud."
    right = next(p for p in load_lexicon("nl").phrases if p.id == "leeftijd_max")
    wrong = Reach(starts=re.compile(r"\bmaximaal", re.IGNORECASE))
    starts = Places([(right.pattern, wrong)]).starts(split_words(text))
    assert len(matches(right.pattern, wrong, text, starts[0])) == 1
    assert len(list(right.pattern.finditer(text))) == 2
