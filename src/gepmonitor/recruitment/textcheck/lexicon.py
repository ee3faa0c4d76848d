"""Load a lexicon data file (recruitment/lexicons/<lang>.yaml) into fast lookup structures."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from gepmonitor.recruitment.textcheck.tokens import fold

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"


@dataclass(frozen=True)
class Reach:
    """Where a pattern's matches may lie, as the lexicon promises; by default anywhere.

    ``within_word``: no match reaches beyond one word (a token of tokens.py), nor looks beyond
    it. ``starts``: every match begins where this regex matches at the start of a word or of a
    part of one after a hyphen or apostrophe ('maximaal|max|hooguit'), or, with
    ``words_before``, at the start of a word or word part at most that many words before such
    a place ('zijn' with 1 word before: 'in zijn'). Either promise lets the pattern run on a few
    words instead of the whole text (places.py), with the same matches;
    tests/recruitment/test_textcheck_phrases.py holds every pattern to its promise.
    """

    within_word: bool = False
    starts: re.Pattern[str] | None = None  # compiled as \b(?:starts), ignoring case
    words_before: int = 0

    @property
    def confined(self) -> bool:
        """Return whether the lexicon promises where the matches lie."""
        return self.within_word or self.starts is not None

    @classmethod
    def of(cls, entry: dict[str, Any]) -> Reach:
        """Return the promise of a lexicon entry (keys within_word, starts, words_before)."""
        starts = entry.get("starts")
        return cls(
            within_word=bool(entry.get("within_word", False)),
            starts=re.compile(rf"\b(?:{starts})", re.IGNORECASE) if starts else None,
            words_before=int(entry.get("words_before", 0)),
        )


@dataclass(frozen=True)
class Phrase:
    """An exclusionary phrasing pattern with its category and suggestion."""

    id: str
    category: str
    pattern: re.Pattern[str]
    suggestion: str
    triggers: frozenset[str] = frozenset()  # folded words; the pattern runs only if one occurs
    suffixes: tuple[str, ...] = ()  # ... or if a word ends with one of these ('*man')
    reach: Reach = Reach()

    def may_match(self, words: set[str]) -> bool:
        """Return whether the text's folded words make a match possible."""
        if not self.triggers and not self.suffixes:
            return True
        if self.triggers & words:
            return True
        return any(word.endswith(self.suffixes) for word in words) if self.suffixes else False


@dataclass(frozen=True)
class Rule:
    """A regex with the literal words it is written with; it runs only when one occurs."""

    pattern: re.Pattern[str]
    literals: tuple[str, ...]

    @classmethod
    def of(cls, source: str, triggers: list[str] | None = None) -> Rule:
        """Compile a case-insensitive rule and collect its literals of three letters or more.

        Every alternative of a rule holds such a literal, so a text (folded to lower case)
        that contains none of them cannot match, and the regex need not run.
        """
        # escapes, group names and flags are no literals; a letter that may be absent ('s?')
        # ends a literal before it
        plain = re.sub(r"\\[a-zA-Z]|\(\?P<\w+>|\(\?-?i:|[^\W\d_][?*]|[^\W\d_]\{0", " ", source)
        literals = tuple(sorted({w.casefold() for w in re.findall(r"[^\W\d_]{3,}", plain)}))
        if triggers:
            literals = tuple(t.casefold() for t in triggers)
        return cls(re.compile(source, re.IGNORECASE), literals)

    def may_match(self, lowered: str) -> bool:
        """Return whether the lower-cased text contains one of the rule's literals."""
        return any(map(lowered.__contains__, self.literals))


@dataclass(frozen=True)
class Expression:
    """A coded fixed expression of several words ('stevig in je schoenen staan')."""

    id: str
    gender: str
    rule: Rule
    suggestion: str
    reach: Reach = Reach()

    @property
    def pattern(self) -> re.Pattern[str]:
        """Return the expression's regex."""
        return self.rule.pattern


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Coded-word stems, exceptions, suggestions and phrasing patterns of one language."""

    language: str
    masculine_stems: tuple[str, ...]
    feminine_stems: tuple[str, ...]
    masculine_contains: tuple[str, ...] = ()
    feminine_contains: tuple[str, ...] = ()
    hyphenated: tuple[str, ...] = ()
    exceptions: frozenset[str] = frozenset()
    suggestions: dict[str, str] = field(default_factory=dict)
    stem_suggestions: dict[str, str] = field(default_factory=dict)
    phrases: tuple[Phrase, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    not_coded: tuple[Rule, ...] = ()  # fixed terms and other senses of coded words
    expressions: tuple[Expression, ...] = ()
    separable: dict[tuple[str, str], str] = field(default_factory=dict)  # (particle, verb)
    thing_joint: re.Pattern[str] | None = None  # linking part of a compound naming a thing
    person_heads: tuple[str, ...] = ()  # heads that keep such a compound about a person

    def names_a_thing(self, folded: str, stem_end: int) -> bool:
        """Return whether the word is a compound naming a thing after a coded activity.

        The coded stem ends before a linking part ('samenwerking-s-overeenkomst') followed by a
        head of four letters or more that names no quality of a person.
        """
        if self.thing_joint is None:
            return False
        for joint in self.thing_joint.finditer(folded):
            head = folded[joint.end() :]
            if joint.end() >= stem_end and len(head) >= 4:
                return not head.startswith(self.person_heads)
        return False

    def patterns(self, gender: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """Return (starts-with, inside-a-compound) regexes of the gender's folded stems."""
        stems = self.masculine_stems if gender == "masculine" else self.feminine_stems
        inside = self.masculine_contains if gender == "masculine" else self.feminine_contains
        return _alternation(stems, "^"), _alternation(inside, "")


def _alternation(stems: tuple[str, ...], anchor: str) -> re.Pattern[str]:
    if not stems:
        return re.compile("(?!)")
    ordered = sorted({fold(s) for s in stems}, key=len, reverse=True)
    return re.compile(anchor + "(?:" + "|".join(re.escape(s) for s in ordered) + ")")


def _phrase(entry: dict[str, Any]) -> Phrase:
    """Compile a phrase entry; triggers are words or '*suffix'."""
    triggers = [fold(t) for t in entry.get("triggers", [])]
    return Phrase(
        entry["id"],
        entry["category"],
        re.compile(entry["pattern"], re.IGNORECASE),
        entry["suggestion"],
        frozenset(t for t in triggers if not t.startswith("*")),
        tuple(t[1:] for t in triggers if t.startswith("*")),
        Reach.of(entry),
    )


@lru_cache(maxsize=4)
def load_lexicon(language: str) -> Lexicon:
    """Read and compile the lexicon of a language ('nl' or 'en')."""
    data = yaml.safe_load((LEXICON_DIR / f"{language}.yaml").read_text(encoding="utf-8"))
    suggestions = data.get("suggestions", {})
    phrases = tuple(_phrase(p) for p in data.get("phrases", []))
    return Lexicon(
        language=language,
        masculine_stems=tuple(data["masculine"]["stems"]),
        feminine_stems=tuple(data["feminine"]["stems"]),
        masculine_contains=tuple(data["masculine"].get("contains", [])),
        feminine_contains=tuple(data["feminine"].get("contains", [])),
        hyphenated=tuple(data.get("hyphenated", [])),
        exceptions=frozenset(fold(e) for e in data.get("exceptions", [])),
        suggestions={k: v for k, v in suggestions.items() if isinstance(v, str)},
        stem_suggestions=dict(suggestions.get("stems", {})),
        phrases=phrases,
        sources=dict(data.get("sources", {})),
        not_coded=tuple(Rule.of(source) for source in data.get("not_coded", [])),
        expressions=tuple(
            Expression(
                e["id"],
                e["gender"],
                Rule.of(e["pattern"], e.get("triggers")),
                e["suggestion"],
                Reach.of(e),
            )
            for e in data.get("expressions", [])
        ),
        separable={
            (fold(entry["particle"]), fold(entry["verb"])): entry["gender"]
            for entry in data.get("separable", [])
        },
        thing_joint=re.compile(things["joint"])
        if (things := data.get("thing_compounds"))
        else None,
        person_heads=tuple(fold(h) for h in (things or {}).get("person_heads", [])),
    )
