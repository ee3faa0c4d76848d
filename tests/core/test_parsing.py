"""Every cell parser of the imports, on the values HR exports write."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gepmonitor.core.parsing import (
    EXPONENT_PROBLEM,
    ValueProblem,
    parse_birth_year,
    parse_bool,
    parse_contract,
    parse_date,
    parse_fte,
    parse_gender,
    parse_int,
    parse_number,
    parse_pay,
    parse_scale,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3.456", 3456.0),  # a Dutch thousands separator, not 3.456
        ("3.456,78", 3456.78),
        ("3456,78", 3456.78),
        ("€ 3.456", 3456.0),
        ("€3.456,78", 3456.78),
        ("3.456,78 EUR", 3456.78),
        ("1.234.567,89", 1234567.89),
        ("3456.78", 3456.78),  # English notation from an export with English settings
        ("1,234.56", 1234.56),
        ("3,5", 3.5),
        # A lone separator before three digits groups thousands in both notations: an amount
        # has no third decimal ('2,500' from an English export in whole euros is 2500).
        ("2,500", 2500.0),
        ("1,234", 1234.0),
        ("€ 2,500", 2500.0),
        ("2,500.00", 2500.0),
        ("12,345,678", 12345678.0),
        ("2,50", 2.5),
        ("2,5000", 2.5),
        ("0", 0.0),
        ("  4 250,00 ", 4250.0),  # a space as thousands separator
        ("4\u00a0250,00", 4250.0),
    ],
)
def test_parse_pay_reads_dutch_and_english_amounts(raw, expected):
    assert parse_pay(raw) == expected


def test_parse_pay_empty_is_none_and_bad_values_are_problems():
    assert parse_pay("") is None
    assert parse_pay("  ") is None
    with pytest.raises(ValueProblem) as bad:
        parse_pay("veel")
    assert bad.value.msgid == "unreadable pay"
    with pytest.raises(ValueProblem) as negative:
        parse_pay("-3.456,78")
    assert negative.value.msgid == "Amounts may not be negative."
    with pytest.raises(ValueProblem):
        parse_pay("3.45.6")


@pytest.mark.parametrize(
    "raw", ["50.000,01e3090", "1.000,5e400", "NaN", "nan", "sNaN", "Infinity", "-Infinity", "inf"]
)
def test_an_exponent_beyond_any_amount_is_a_problem_not_an_internal_error(raw):
    """make fuzz case 1915: '1e309' inserted into an amount made Babel's strict check raise
    decimal.InvalidOperation, which `gep import pay` reported as an internal error; case 8845:
    'NaN' hours parsed as Decimal('NaN'), whose comparison with 0 raised it too."""
    with pytest.raises(ValueProblem) as bad:
        parse_pay(raw)
    assert bad.value.msgid == (EXPONENT_PROBLEM if "e" in raw else "unreadable pay")


@pytest.mark.parametrize("raw", ["1e309", "1e5", "1E5", "2.5e3", "1,5E+3", "1e-5", "€ 1e5"])
def test_numbers_with_an_exponent_are_refused_by_every_number_parser(raw):
    """'1e309' was read as an infinite amount, '1e5' as 100,000 pay or hours: Babel and Decimal
    read exponents, which no HR or payroll export writes."""
    for parse in (parse_pay, parse_number, parse_int, parse_fte):
        with pytest.raises(ValueProblem) as bad:
            parse(raw)
        assert bad.value.msgid == EXPONENT_PROBLEM


@pytest.mark.parametrize("raw", ["inf", "-inf", "nan", "1_000", "١٢", "0x10", "∞", "1e"])
def test_words_and_other_digits_are_unreadable_numbers(raw):
    for parse, msgid in (
        (parse_pay, "unreadable pay"),
        (parse_int, "expected a whole number"),
        (parse_fte, "FTE must be above 0 and at most 1.2"),
    ):
        with pytest.raises(ValueProblem) as bad:
            parse(raw)
        assert bad.value.msgid == msgid, (parse, raw)


def test_parse_number_keeps_decimals_exact():
    assert parse_number("3.456,78") == Decimal("3456.78")
    assert parse_number("-12,5") == Decimal("-12.5")
    assert parse_number("") is None
    assert parse_number("0.889", small=True) == Decimal("0.889")
    assert parse_number("0,889", small=True) == Decimal("0.889")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("3", 3), ("3.0", 3), ("3,0", 3), ("1.200", 1200), (" 12 ", 12), ("", None)],
)
def test_parse_int(raw, expected):
    assert parse_int(raw) == expected


@pytest.mark.parametrize("raw", ["3,5", "drie", "3.5"])
def test_parse_int_refuses_fractions_and_words_with_the_given_key(raw):
    with pytest.raises(ValueProblem) as problem:
        parse_int(raw, "step must be a whole number")
    assert problem.value.msgid == "step must be a whole number"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", 1.0),
        ("0,8", 0.8),
        ("0.8", 0.8),
        ("0.8889", 0.8889),
        ("0.889", 0.889),  # three decimals: not a thousands separator for an FTE
        ("80%", 0.8),
        ("88,89 %", 0.8889),
        ("1,2", 1.2),
    ],
)
def test_parse_fte(raw, expected):
    assert parse_fte(raw) == expected


@pytest.mark.parametrize("raw", ["0", "1,3", "", "vol", "-0,5", "130%"])
def test_parse_fte_refuses_out_of_range_and_unreadable(raw):
    with pytest.raises(ValueProblem) as problem:
        parse_fte(raw)
    assert problem.value.msgid == "FTE must be above 0 and at most 1.2"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("V", "v"),
        ("vrouw", "v"),
        ("F", "v"),
        ("W", "v"),
        ("Female", "v"),
        ("M", "m"),
        ("man", "m"),
        ("X", "x"),
        ("non-binary", "x"),
        ("anders", "x"),
        ("", "onbekend"),
        ("U", "onbekend"),
        ("onbekend", "onbekend"),
    ],
)
def test_parse_gender(raw, expected):
    assert parse_gender(raw) == expected


def test_parse_gender_refuses_unknown_codes():
    with pytest.raises(ValueProblem) as problem:
        parse_gender("q")
    assert (
        problem.value.msgid
        == "unknown gender code; use F/Female/V, M/Male, X/Non-binary or empty for unknown"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11", (11, "11")),
        ("schaal 11", (11, "11")),
        ("Scale 8", (8, "8")),
        ("11.0", (11, "11")),
        ("11,0", (11, "11")),
        ("trainee", (None, "trainee")),
        ("geen", (None, "geen")),
        ("", (None, "geen")),
    ],
)
def test_parse_scale(raw, expected):
    assert parse_scale(raw) == expected


@pytest.mark.parametrize("raw", ["0", "19", "elf", "11.5"])
def test_parse_scale_refuses_outside_1_to_18(raw):
    with pytest.raises(ValueProblem) as problem:
        parse_scale(raw)
    assert (
        problem.value.msgid
        == "salary scale must be a whole number from {low} to {high}, or 'trainee'/'none'"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-01", date(2024, 3, 1)),
        ("01-03-2024", date(2024, 3, 1)),
        ("1/3/2024", date(2024, 3, 1)),
        ("01.03.2024", date(2024, 3, 1)),
        ("2024/03/01", date(2024, 3, 1)),
        ("01-03-24", date(2024, 3, 1)),
        ("2024-03-01 00:00:00", date(2024, 3, 1)),
        ("2024-03-01T08:00:00", date(2024, 3, 1)),
        ("", None),
    ],
)
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31-02-2024", "maart 2024", "2024-13-01"])
def test_parse_date_refuses_impossible_dates(raw):
    with pytest.raises(ValueProblem) as problem:
        parse_date(raw)
    assert problem.value.msgid == "unreadable date; use YYYY-MM-DD or DD-MM-YYYY"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1975", 1975), ("1975.0", 1975), ("14-05-1975", 1975), ("1975-05-14", 1975), ("", None)],
)
def test_parse_birth_year(raw, expected):
    assert parse_birth_year(raw) == expected


@pytest.mark.parametrize("raw", ["1850", "75", "ooit"])
def test_parse_birth_year_refuses_unlikely_years(raw):
    with pytest.raises(ValueProblem):
        parse_birth_year(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("ja", True), ("J", True), ("yes", True), ("1", True), ("x", True), ("waar", True)]
    + [("nee", False), ("no", False), ("0", False), ("", False), ("niet", False)],
)
def test_parse_bool(raw, expected):
    assert parse_bool(raw) is expected


def test_parse_bool_refuses_other_words():
    with pytest.raises(ValueProblem) as problem:
        parse_bool("misschien")
    assert problem.value.msgid == "expected yes or no"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("vast", "vast"),
        ("Onbepaalde tijd", "vast"),
        ("permanent", "vast"),
        ("tijdelijk", "tijdelijk"),
        ("fixed-term", "tijdelijk"),
        ("trainee", "trainee"),
        ("BBL", "bbl"),
        ("stagiair", "stage"),
        ("", "onbekend"),
    ],
)
def test_parse_contract(raw, expected):
    assert parse_contract(raw) == expected


def test_parse_contract_refuses_unknown_kinds():
    with pytest.raises(ValueProblem) as problem:
        parse_contract("freelance")
    assert (
        problem.value.msgid
        == "unknown contract type; use permanent, temporary, trainee, bbl or internship"
    )
