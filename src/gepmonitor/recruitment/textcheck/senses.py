"""Word senses beyond single stems: separable verbs, fixed expressions, fixed terms.

Three rules refine the stem matches of coded.py, each driven by the lexicon's data:

- Separable verbs (Dutch): "we moedigen vrouwen aan" is aanmoedigen (to encourage), not
  'moedig' (brave); "je werkt nauw samen" is samenwerken and "je zet door" doorzetten. A
  finite verb and a particle later in the same sentence (or "samen te werken") are looked up
  as (particle, verb lemma); the verb's lemma comes from simplemma, with a rule for regular
  present-tense forms first.
- Fixed expressions of several words: "stevig in je schoenen staan", "knopen doorhakken".
- Not coded: fixed terms and other senses ("Individueel Keuzebudget", "zelfstandig bevoegd",
  "verantwoordelijk voor", "competitive salary"); a coded word inside one does not count.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import compress

from gepmonitor.recruitment.textcheck.lexicon import Lexicon
from gepmonitor.recruitment.textcheck.places import Places, matches_from
from gepmonitor.recruitment.textcheck.tokens import Words, WordTable, fold, split_words

SENTENCE_BREAK = re.compile(r"[.!?;:]|\n")
WINDOW = 12  # words between a finite verb and its particle, at most


@lru_cache(maxsize=1)
def _simplemma() -> object | None:
    try:
        import simplemma
    except ImportError:  # pragma: no cover - a dependency; without it only the rule applies
        return None
    return simplemma


@lru_cache(maxsize=65536)
def verb_lemmas(folded: str, language: str) -> frozenset[str]:
    """Return the infinitives a folded word form may belong to (rule guesses and simplemma)."""
    guesses = {folded, folded + "en"}
    stem = folded[:-1] if folded.endswith("t") and len(folded) > 3 else folded
    guesses |= {stem + "en", stem + stem[-1:] + "en"}  # werkt -> werken, zet -> zetten
    if stem.endswith("f"):
        guesses.add(stem[:-1] + "ven")  # leeft -> leven (with the vowel undoubled below)
    if stem.endswith("s"):
        guesses.add(stem[:-1] + "zen")
    guesses |= {_undouble(g) for g in list(guesses)}
    library = _simplemma()
    if library is not None:
        guesses.add(fold(library.lemmatize(folded, lang=language)))  # type: ignore[attr-defined]
    return frozenset(guesses)


def _undouble(word: str) -> str:
    """Return the infinitive with a doubled vowel made single ('leeven' -> 'leven')."""
    match = re.search(r"([aeou])\1([^aeiou])en$", word)
    return word[: match.start()] + match.group(1) + match.group(2) + "en" if match else word


def separable_verbs(text: str, words: Words, lexicon: Lexicon) -> list[tuple[int, str, str, str]]:
    """Return (verb index, gender or 'none', particle, verb) for each separable verb found."""
    if not lexicon.separable:
        return []
    verb_table = _verb_table(lexicon)  # built by the first check, whatever the text holds
    verbs_of = _verbs_by_particle(lexicon)
    particle_of = _particle_table(lexicon).lookup(words.written)  # folded particle, or ''
    particles = list(compress(range(len(particle_of)), particle_of))
    if not particles:
        return []
    verbs_of_word = verb_table.lookup(words.written)  # the separable verbs each word may be
    verb_places = list(compress(range(len(verbs_of_word)), verbs_of_word))
    if not verb_places:
        return []
    found: list[tuple[int, str, str, str]] = []
    used: set[int] = set()
    for index in particles:
        particle = particle_of[index]
        for verb in _candidates(index, words.written, verbs_of_word, verb_places):
            if verb in used:
                continue
            lemmas = verbs_of[particle] & verbs_of_word[verb]
            if not lemmas:
                continue
            if not _same_sentence(text, words.starts[verb], words.starts[index]):
                continue
            lemma = min(lemmas)
            found.append((verb, lexicon.separable[(particle, lemma)], words.written[index], lemma))
            used.add(verb)
            break
    return found


def _same_sentence(text: str, first: int, second: int) -> bool:
    """Return whether no sentence break lies after the first of two offsets, up to the other."""
    low, high = min(first, second), max(first, second)
    return SENTENCE_BREAK.search(text, low + 1, high + 1) is None


def _candidates(
    index: int, written: list[str], verbs_of_word: list[frozenset[str]], verb_places: list[int]
) -> list[int]:
    """Return the words that may be the verb of the particle at index, nearest first.

    "samen te werken": the word after 'te' comes first; then the words before the particle,
    back to WINDOW words. Only words that may be a separable verb at all (verb_places, in
    order) are returned.
    """
    before = verb_places[bisect_left(verb_places, index - WINDOW) : bisect_left(verb_places, index)]
    after = index + 2
    if after < len(written) and verbs_of_word[after] and fold(written[index + 1]) == "te":
        return [after, *reversed(before)]
    return before[::-1]


@lru_cache(maxsize=4)
def _verb_table(lexicon: Lexicon) -> WordTable[frozenset[str]]:
    """Return the table of the separable verbs' infinitives each word may belong to.

    Building it looks one verb up, which loads simplemma's dictionary of the language (a one-off
    half second): the first check of a text pays for it, as the lexicon's preparation, rather
    than the first text that happens to hold a particle.
    """
    verbs = frozenset(verb for _, verb in lexicon.separable)
    table = WordTable(lambda word: verbs & verb_lemmas(fold(word), lexicon.language))
    table.lookup(sorted(verbs)[:1])
    return table


@lru_cache(maxsize=4)
def _particle_table(lexicon: Lexicon) -> WordTable[str]:
    """Return the table of each word as written: its folded form if a particle, else ''."""
    particles = _verbs_by_particle(lexicon)
    return WordTable(lambda word: folded if (folded := fold(word)) in particles else "")


@lru_cache(maxsize=4)
def _verbs_by_particle(lexicon: Lexicon) -> dict[str, frozenset[str]]:
    """Return particle -> the infinitives it makes a separable verb with."""
    verbs: dict[str, set[str]] = {}
    for particle, verb in lexicon.separable:
        verbs.setdefault(particle, set()).add(verb)
    return {particle: frozenset(found) for particle, found in verbs.items()}


def not_coded_spans(text: str, found: list[CodedSpan], lexicon: Lexicon) -> list[tuple[int, int]]:
    """Return the spans of fixed terms and other senses that hold one of the found words.

    Only the rules written with a word that shares letters with a found word run, and only
    around that word, so a text pays for the few rules its coded words could fall under.
    """
    spans = []
    relevant = _relevant_table(lexicon)
    for start, end in found:
        for index in relevant[text[start:end]]:
            rule = lexicon.not_coded[index].pattern
            low, high = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
            spans += [
                m.span()
                for m in rule.finditer(text, low, high)
                if m.start() < end and start < m.end()
            ]
    return spans


CONTEXT = 80  # characters around a found word in which a fixed term holding it is looked for
CodedSpan = tuple[int, int]


@lru_cache(maxsize=4)
def _relevant_table(lexicon: Lexicon) -> WordTable[tuple[int, ...]]:
    """Return the table of the relevant not-coded rules of each found word as written."""
    return WordTable(lambda word: _relevant_rules(lexicon, fold(word)))


@lru_cache(maxsize=8192)
def _relevant_rules(lexicon: Lexicon, word: str) -> tuple[int, ...]:
    """Return the indexes of the not-coded rules whose literal words overlap the word."""
    return tuple(
        index
        for index, rule in enumerate(lexicon.not_coded)
        if not any(len(lit) >= 4 for lit in rule.literals)  # no word to tie it to: always
        or any(len(lit) >= 4 and (lit in word or word in lit) for lit in rule.literals)
        or any(lit[:4] == word[:4] for lit in rule.literals if len(lit) >= 4)
    )


def expression_matches(
    text: str, lexicon: Lexicon, lowered: str | None = None, words: Words | None = None
) -> list[tuple[int, int, str, str, str]]:
    """Return (start, end, gender, expression id, suggestion) of each fixed expression.

    ``lowered``: the text case-folded, and ``words``: its words, when the caller has them. An
    expression runs only if one of its literals occurs in the lower-cased text; one that
    promises where its matches lie is tried there first, and only its matches are put to that
    test (the same findings, without searching the text for literals that mostly occur).
    """
    found = []
    starts: dict[int, list[int]] | None = None  # where confined expressions may begin
    for index, expression in enumerate(lexicon.expressions):
        matches: list[re.Match[str]] | None = None
        if expression.reach.confined:
            if starts is None:
                words = words if words is not None else split_words(text)
                starts = _expression_places(lexicon).starts(words)
            matches = matches_from(expression.pattern, text, starts.get(index, []))
            if not matches:
                continue
        lowered = text.casefold() if lowered is None else lowered
        if not expression.rule.may_match(lowered):
            continue
        if matches is None:
            matches = list(expression.pattern.finditer(text))
        found += [
            (m.start(), m.end(), expression.gender, expression.id, expression.suggestion)
            for m in matches
        ]
    return found


@lru_cache(maxsize=4)
def _expression_places(lexicon: Lexicon) -> Places:
    """Return where in each word the lexicon's expressions may begin a match."""
    return Places([(e.pattern, e.reach) for e in lexicon.expressions])
