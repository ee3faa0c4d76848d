"""Rules for a new password, after NIST SP 800-63B: long enough, not common, not guessable.

No composition rules (no required digits or capitals): length and refusing what attackers try
first is what protects. A password is refused when it is shorter than 12 characters, longer than
1024, made of few different characters ('aaaaaaaaaaaa', spaces), a run on the keyboard or the
alphabet ('1234567890ab', 'qwertyuiopas'), contains the username, or is a common password or a
common word with digits and signs around it ('password12', 'Welkom2024!'). The list of common
words is kept in this module (offline: nothing is sent anywhere).
"""

from __future__ import annotations

import re

from gepmonitor.accounts.auth import MAX_PASSWORD_LENGTH
from gepmonitor.core.errors import InputError

MIN_LENGTH = 12
MIN_DISTINCT = 5

# Rows people slide along, and the alphabet, forwards; runs backwards are checked too.
_RUNS = (
    "1234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "abcdefghijklmnopqrstuvwxyz",
    "azertyuiop",
)
# What is left of a password once digits, signs and spaces around and between its words are
# taken away; these are the words attackers' lists start with (English and Dutch).
COMMON_WORDS = frozenset(
    """
    password passwort passw0rd wachtwoord wachtwoorden welkom welcome hallo hello geheim secret
    letmein admin administrator beheer beheerder root user gebruiker login inloggen qwerty azerty
    iloveyou ikhouvanjou monkey dragon football voetbal baseball master shadow sunshine princess
    superman batman trustno1 whatever starwars pokemon computer internet changeme veranderen
    zomer winter lente herfst voorjaar najaar summer spring autumn januari februari maart april
    mei juni juli augustus september oktober november december january february march may june
    july august october
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag monday tuesday wednesday thursday
    friday saturday sunday
    provincie province gemeente gepmonitor gep monitor ajax feyenoord psv nederland holland
    amsterdam rotterdam utrecht groningen test testen tester demo default standaard
    """.split()  # noqa: SIM905 - a word list reads best as text
)
# Whole passwords often seen in breach lists at this length or more.
COMMON_PASSWORDS = frozenset(
    """
    123456789012 1234567890123 12345678901234 111111111111 000000000000 123123123123
    qwertyuiopas 1q2w3e4r5t6y 1qaz2wsx3edc qwerty123456 password1234 welkom123456 abc123abc123
    iloveyou1234 aaaaaaaaaaaa 147258369147 987654321098 zaq12wsxcde3 passwordpassword
    """.split()  # noqa: SIM905
)
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_NOT_LETTERS = re.compile(r"[^a-z]+")


def check_new_password(password: str, username: str) -> None:
    """Raise an InputError naming the rule a new password breaks; return when it is fine."""
    if len(password) < MIN_LENGTH:
        raise InputError(
            "The password is too short: use at least {min} characters.", min=MIN_LENGTH
        )
    if len(password) > MAX_PASSWORD_LENGTH:  # argon2 on megabytes costs real CPU (auth)
        raise InputError(
            "The password is too long: use at most {max} characters.", max=MAX_PASSWORD_LENGTH
        )
    lowered = password.lower()
    name = username.strip().lower()
    if name and name in lowered:
        raise InputError("The password must not contain the username.")
    if len(set(lowered)) < MIN_DISTINCT:
        raise InputError(
            "The password repeats too few different characters; use a sentence or several words."
        )
    if _is_run(lowered):
        raise InputError(
            "The password is a run of keys or letters (like 1234 or qwerty); choose another."
        )
    if lowered in COMMON_PASSWORDS or _only_common_words(lowered):
        raise InputError(
            "This password is one of the first that attackers try; choose a less common one, "
            "for instance a few unrelated words."
        )


def _is_run(text: str) -> bool:
    """Return whether the text is mostly one run along a keyboard row or the alphabet."""
    plain = re.sub(r"\s+", "", text)
    covered = 0
    index = 0
    while index < len(plain):
        length = _run_length(plain, index)
        covered += length if length >= 3 else 0
        index += max(length, 1)
    return covered >= len(plain) * 0.75


def _run_length(text: str, start: int) -> int:
    """Return how many characters from start follow one keyboard row or the alphabet."""
    best = 1
    for row in (*_RUNS, *(r[::-1] for r in _RUNS)):
        position = row.find(text[start])
        if position < 0:
            continue
        length = 1
        while (
            start + length < len(text)
            and position + length < len(row)
            and text[start + length] == row[position + length]
        ):
            length += 1
        best = max(best, length)
    return best


def _only_common_words(text: str) -> bool:
    """Return whether nothing but common words is left once digits and signs are removed."""
    plain = [w for w in _NOT_LETTERS.split(text) if w]
    if len("".join(plain)) < 4:
        return True  # nearly all digits and signs, e.g. '2024-12-31!!'
    # As written ('password12'), and with digits read as letters ('p@ssw0rd').
    readings = (plain, [w for w in _NOT_LETTERS.split(text.translate(_LEET)) if w])
    for words in readings:
        # Letters left alone between digits and signs ('x7Kq') are not words to look up.
        longer = [word for word in words if len(word) > 2]
        if longer and all(_made_of_common(word) for word in longer):
            return True
    return False


def _made_of_common(word: str) -> bool:
    """Return whether the word is a common word, repeated or joined ('wachtwoordwachtwoord')."""
    if word in COMMON_WORDS or len(word) <= 2:
        return True
    return any(
        word[:cut] in COMMON_WORDS and _made_of_common(word[cut:]) for cut in range(3, len(word))
    )
