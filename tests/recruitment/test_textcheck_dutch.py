"""Dutch language handling, each rule tested on corpus passages and through `gep check-vacancy`.

The issue's examples: 'Individueel Keuzebudget' is a CAO term, 'We moedigen vrouwen ... aan'
is aanmoedigen (not 'moedig'), Groningen's core value 'gedreven' is not coded, 'een jonge,
dynamische teamspeler' is age, 'stevig in zijn schoenen' has a generic 'zijn'.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gepmonitor.recruitment.textcheck.check import check_text
from gepmonitor.recruitment.textcheck.evaluate import evaluate, load_corpus, unmet_goals
from gepmonitor.recruitment.textcheck.lexicon import load_lexicon
from gepmonitor.recruitment.textcheck.senses import verb_lemmas

CORPUS = load_corpus(Path(__file__).resolve().parent.parent / "data" / "vacancy_corpus")
ISSUE_TEXT = (
    "Wat bieden wij? Een salaris in schaal 11 en een Individueel Keuzebudget (IKB) van 21,5%. "
    "Onze kernwaarden zijn samen, gedreven, betrouwbaar en plezier. We moedigen vrouwen en "
    "mensen met een migratieachtergrond nadrukkelijk aan om te solliciteren."
)


def test_the_corpus_meets_the_goals():
    report = evaluate(CORPUS)
    assert unmet_goals(report) == []


def test_the_issue_examples_are_judged_right():
    result = check_text(ISSUE_TEXT, "nl")
    assert [w.word for w in result.masculine] == []
    assert [w.word for w in result.feminine] == ["betrouwbaar"]
    assert result.category == "feminine-coded"  # one communal core value, nothing masculine
    flagged = check_text(
        "Wij zoeken een jonge, dynamische teamspeler die stevig in zijn schoenen staat.", "nl"
    )
    assert [(p.text, p.category) for p in flagged.phrases] == [
        ("jonge, dynamische teamspeler", "age"),
        ("zijn", "pronoun"),
    ]
    assert [(w.word, w.gender) for w in flagged.coded_words] == [
        ("dynamische", "masculine"),
        ("teamspeler", "feminine"),
        ("stevig in zijn schoenen", "masculine"),
    ]


def test_the_issue_examples_through_gep_check_vacancy(run_cli, tmp_path):
    path = tmp_path / "vacature.txt"
    path.write_text(ISSUE_TEXT, encoding="utf-8")
    code, out, err = run_cli("check-vacancy", str(path), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["masculine_count"], data["category"]) == (0, "feminine-coded")
    path.write_text(
        "Wij zoeken een jonge, dynamische teamspeler die stevig in zijn schoenen staat."
    )
    code, out, err = run_cli("check-vacancy", str(path))
    assert code == 0, err
    assert "leeftijd" in out and "'zijn'" in out and "stevig in zijn schoenen" in out


@pytest.mark.parametrize(
    ("text", "word", "gender"),
    [
        ("Je werkt nauw samen met gemeenten.", "werkt … samen", "feminine"),
        ("Je zet door als het tegenzit.", "zet … door", "masculine"),
        ("Je zette door toen het tegenzat.", "zette … door", "masculine"),
        ("Je denkt actief mee over verbeteringen.", "denkt … mee", "feminine"),
        ("Je leeft je in in de positie van inwoners.", "leeft … in", "feminine"),
        ("Je blinkt uit in heldere rapportage.", "blinkt … uit", "masculine"),
        ("Je vindt het leuk om samen te werken.", "werken … samen", "feminine"),
    ],
)
def test_separable_verbs(text, word, gender):
    found = check_text(text, "nl").coded_words
    assert [(w.word, w.gender) for w in found] == [(word, gender)]


def test_a_particle_in_another_sentence_does_not_join():
    assert check_text("Je werkt hard. Samen met het team lukt dat.", "nl").coded_words == []
    assert check_text("We moedigen iedereen aan te solliciteren.", "nl").coded_words == []
    assert [w.word for w in check_text("Een moedige keuze.", "nl").coded_words] == ["moedige"]


def test_verb_lemmas_from_the_rule_and_the_library():
    assert "werken" in verb_lemmas("werkt", "nl")
    assert "zetten" in verb_lemmas("zet", "nl")
    assert "leven" in verb_lemmas("leeft", "nl")
    assert "denken" in verb_lemmas("dacht", "nl")  # only simplemma knows strong past forms


def _rules(language: str) -> list[tuple[str, re.Pattern[str]]]:
    lexicon = load_lexicon(language)
    rules = [(e.id, e.pattern) for e in lexicon.expressions]
    rules += [(p.id, p.pattern) for p in lexicon.phrases]
    rules += [(f"not_coded:{rule.pattern.pattern}", rule.pattern) for rule in lexicon.not_coded]
    return rules


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_rule_is_exercised_by_the_corpus(language):
    """Each expression, phrasing rule and fixed term must occur in some corpus passage."""
    texts = [p.text for p in CORPUS if p.language == language]
    unused = []
    for name, pattern in _rules(language):
        if not any(pattern.search(text) for text in texts):
            unused.append(name)
    separable = load_lexicon(language).separable
    for particle, verb in separable:
        if not any(
            w.stem == particle + verb
            for p in CORPUS
            if p.language == language
            for w in check_text(p.text, language).coded_words
        ) and (particle, verb) != ("aan", "moedigen"):
            unused.append(f"separable:{particle} {verb}")
    assert unused == []


@pytest.mark.parametrize(
    ("text", "coded"),
    [
        # a coded noun + linking s + a head that names a thing: not coded
        ("Je stelt samenwerkingsconvenanten op.", []),
        ("Het leiderschapstraject duurt een jaar.", []),
        ("De provincie beheert oude verdedigingswerken.", []),
        # ... unless the head names a quality of a person
        ("Je hebt overtuigingskracht.", [("overtuigingskracht", "masculine")]),
        ("Je hebt doorzettingsvermogen.", [("doorzettingsvermogen", "masculine")]),
        ("Je hebt verantwoordelijkheidsgevoel.", [("verantwoordelijkheidsgevoel", "feminine")]),
        ("Je hebt ondernemingszin.", [("ondernemingszin", "masculine")]),
        # 'vriendelijk' in a compound: suited to a thing, except towards the people served
        ("Een fietsvriendelijke en kindvriendelijke stad.", []),
        ("Je bent klantvriendelijk.", [("klantvriendelijk", "feminine")]),
        # adjectives as nouns for a group of people
        ("Je spreekt met zelfstandigen en betrokkenen.", []),
    ],
)
def test_compounds_and_derived_words(text, coded):
    assert [(w.word, w.gender) for w in check_text(text, "nl").coded_words] == coded
