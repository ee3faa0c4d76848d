"""Parsers for the values of HR exports: gender codes, scales, numbers, FTE, dates, yes/no."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from gepmonitor.core.i18n import N_

# Salary scales of the CAO Provincies; trainee and none are written as text, not numbers.
SCALE_MIN, SCALE_MAX = 1, 18


class ValueProblem(Exception):
    """A value that cannot be read; carries the English msgid for the import report."""

    def __init__(self, msgid: str, **params: object) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params

    @property
    def key(self) -> str:
        """Return the msgid (the name from before the texts were English msgids)."""
        return self.msgid


GENDER_CODES = {
    "v": "v",
    "vrouw": "v",
    "f": "v",
    "female": "v",
    "woman": "v",
    "w": "v",
    "vrouwelijk": "v",
    "m": "m",
    "man": "m",
    "male": "m",
    "mannelijk": "m",
    "x": "x",
    "anders": "x",
    "non-binary": "x",
    "nonbinary": "x",
    "non binary": "x",
    "divers": "x",
    "other": "x",
    "nb": "x",
    "": "onbekend",
    "onbekend": "onbekend",
    "unknown": "onbekend",
    "o": "onbekend",
    "u": "onbekend",
    "?": "onbekend",
}
NO_SCALE = {
    "trainee": "trainee",
    "geen": "geen",
    "none": "geen",
    "-": "geen",
    "n.v.t.": "geen",
    "nvt": "geen",
    "stage": "geen",
    "bbl": "geen",
    "": "geen",
}
CONTRACT_CODES = {
    "vast": "vast",
    "onbepaalde tijd": "vast",
    "permanent": "vast",
    "vast contract": "vast",
    "tijdelijk": "tijdelijk",
    "bepaalde tijd": "tijdelijk",
    "temporary": "tijdelijk",
    "fixed-term": "tijdelijk",
    "fixed term": "tijdelijk",
    "trainee": "trainee",
    "traineeship": "trainee",
    "bbl": "bbl",
    "leerwerk": "bbl",
    "apprentice": "bbl",
    "apprenticeship": "bbl",
    "stage": "stage",
    "stagiair": "stage",
    "intern": "stage",
    "internship": "stage",
    "": "onbekend",
    "onbekend": "onbekend",
    "unknown": "onbekend",
}
TRUE_WORDS = {"ja", "j", "yes", "y", "1", "x", "true", "waar", "wel"}
FALSE_WORDS = {"nee", "n", "no", "0", "", "false", "onwaar", "niet"}
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%d-%m-%y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)


def parse_gender(raw: str) -> str:
    """Return v, m, x or onbekend for a gender code in Dutch or English."""
    code = GENDER_CODES.get(raw.strip().lower())
    if code is None:
        raise ValueProblem(
            "unknown gender code; use F/Female/V, M/Male, X/Non-binary or empty for unknown"
        )
    return code


def parse_scale(raw: str) -> tuple[int | None, str]:
    """Return (scale, label) for '1'..'18' (also 'schaal 11', '11.0') or trainee/geen."""
    text = raw.strip().lower()
    if text in NO_SCALE:
        return None, NO_SCALE[text]
    match = re.fullmatch(r"(?:schaal|scale)?\s*(\d{1,2})(?:[.,]0+)?", text)
    if match is None:
        raise ValueProblem(
            "salary scale must be a whole number from {low} to {high}, or 'trainee'/'none'",
            low=SCALE_MIN,
            high=SCALE_MAX,
        )
    scale = int(match.group(1))
    if not SCALE_MIN <= scale <= SCALE_MAX:
        raise ValueProblem(
            "salary scale must be a whole number from {low} to {high}, or 'trainee'/'none'",
            low=SCALE_MIN,
            high=SCALE_MAX,
        )
    return scale, str(scale)


_CURRENCY = re.compile(r"^(?:€|eur)|(?:€|eur)$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
# What is left of a number once currency and spaces are gone: ASCII digits, separators, a sign.
# Babel and Decimal would also read '1e5', '1e309' (infinite as a float), '1_000' and digits of
# other scripts ('١٢'), none of which an HR or payroll export writes.
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9.,]+")
_EXPONENT = re.compile(r"[0-9.,][eE][+-]?[0-9]")
EXPONENT_PROBLEM = N_("a number with an exponent (such as 1e5) is not read; write it in full")


MAX_INT = 2**31 - 1  # the largest value of an integer column (PostgreSQL INTEGER)


def parse_number(
    raw: str, key: str = N_("expected a whole number"), *, small: bool = False
) -> Decimal | None:
    """Return a number as Dutch or English exports write it, None when empty.

    Dutch first (Babel's parse_decimal, locale nl, strict): '3.456' is 3456, '3.456,78' and
    '3456,78' are 3456.78, '3,5' is 3.5. Text that is no well-formed Dutch number is read the
    English way (strict), as HR systems with English settings write it: '3456.78', '1,234.56'.
    A euro sign or 'EUR' and spaces are ignored. With ``small`` (a value below a thousand, such as
    an FTE) a dot without a comma is a decimal point: '0.889' is 0.889, not 889.
    Only ASCII digits, '.', ',' and a sign are read: an exponent ('1e5', '1e309'), 'inf', 'nan',
    '1_000' or digits of another script are refused (ValueProblem), never turned into a number.
    """
    from babel.numbers import NumberFormatError, parse_decimal

    text = _SPACES.sub("", _CURRENCY.sub("", raw.strip()))
    if not text:
        return None
    if not _PLAIN_NUMBER.fullmatch(text):
        raise ValueProblem(EXPONENT_PROBLEM if _EXPONENT.search(text) else key)
    locales = ("en", "nl") if small and "," not in text else ("nl", "en")
    for locale in locales:
        try:
            number = parse_decimal(text, locale=locale, strict=True)
        except (NumberFormatError, ArithmeticError):  # '50.000,01e3090': Decimal overflows
            continue
        if number.is_finite():  # 'NaN' and 'Infinity' parse, but compare with an exception
            return number
    raise ValueProblem(key)


def parse_int(raw: str, key: str = N_("expected a whole number")) -> int | None:
    """Return a whole number ('3', '3.0', '1.200' as 1200), or None for an empty value.

    Numbers a database integer column cannot hold (beyond 2**31 - 1) are refused too.
    """
    number = parse_number(raw, key)
    if number is None:
        return None
    if number != number.to_integral_value() or abs(number) > MAX_INT:
        raise ValueProblem(key)
    return int(number)


def is_whole(text: str, digits: int = 9) -> bool:
    """Return whether text is a whole number of at most `digits` ASCII digits.

    str.isdigit() alone also accepts '²' or '①', which int() then refuses with a ValueError.
    """
    return text.isascii() and text.isdigit() and len(text) <= digits


def parse_fte(raw: str) -> float:
    """Return the FTE (0 < fte <= 1.2) from '0,8', '0.8889' or '80%'."""
    text = raw.strip()
    percent = text.endswith("%")
    number = parse_number(
        text.rstrip("%"), N_("FTE must be above 0 and at most 1.2"), small=not percent
    )
    if number is None:
        raise ValueProblem("FTE must be above 0 and at most 1.2")
    value = float(number) / 100 if percent else float(number)
    if not 0 < value <= 1.2:
        raise ValueProblem("FTE must be above 0 and at most 1.2")
    return round(value, 4)


def parse_date(raw: str) -> date | None:
    """Return a date from ISO or Dutch notation (or an Excel datetime), None when empty."""
    text = raw.strip()
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueProblem("unreadable date; use YYYY-MM-DD or DD-MM-YYYY")


def parse_birth_year(raw: str) -> int | None:
    """Return the birth year from a year or a full birth date; None when empty."""
    text = raw.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}(?:[.,]0+)?", text):
        year = int(text[:4])
    else:
        parsed = parse_date(text)
        year = parsed.year if parsed else 0
    if not 1900 <= year <= 2100:
        raise ValueProblem("unreadable birth year or date")
    return year


def parse_bool(raw: str) -> bool:
    """Return True/False for ja/nee, yes/no, 1/0, x/empty."""
    text = raw.strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueProblem("expected yes or no")


def parse_contract(raw: str) -> str:
    """Return vast, tijdelijk, trainee, bbl, stage or onbekend."""
    code = CONTRACT_CODES.get(raw.strip().lower())
    if code is None:
        raise ValueProblem(
            "unknown contract type; use permanent, temporary, trainee, bbl or internship"
        )
    return code


# One separator followed by exactly three digits: '2,500' or '3.456'. An amount of money has no
# third decimal, so in either notation the separator groups thousands.
_LONE_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}[.,][0-9]{3}")


def parse_pay(raw: str) -> float | None:
    """Return a pay amount ('€ 3.456,78', '3456.78'; see parse_number), None when empty.

    A lone separator before exactly three digits groups thousands in both notations: '3.456'
    (Dutch) and '2,500' (an English export in whole euros) are 3456 and 2500, never 3.456 or
    2.5, since an amount has no third decimal.
    """
    plain = _SPACES.sub("", _CURRENCY.sub("", raw.strip()))
    if _LONE_THOUSANDS.fullmatch(plain):
        raw = plain.replace(",", "").replace(".", "")
    number = parse_number(raw, N_("unreadable pay"))
    if number is None:
        return None
    if number < 0:
        raise ValueProblem("Amounts may not be negative.")
    return float(number)
