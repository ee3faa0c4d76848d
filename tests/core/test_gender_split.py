"""split_by_gender: no hidden count can be worked out, and women and men are never hidden for x.

Enumeration: a reader knows the rule, so for every published split we list every (women, men,
other) that would publish exactly the same; a hidden count must have more than one possible value.
"""

from __future__ import annotations

import itertools

from gepmonitor.core.privacy import GenderSplit, split_by_gender

MIN_CELL = 5
RANGE = range(0, 16)


def test_no_hidden_count_has_a_single_possible_value():
    published: dict[GenderSplit, list[tuple[int, int, int]]] = {}
    for women, men, other in itertools.product(RANGE, RANGE, RANGE):
        published.setdefault(split_by_gender(women, men, other, MIN_CELL), []).append(
            (women, men, other)
        )
    for split, candidates in published.items():
        for position, shown in enumerate((split.women, split.men, split.other)):
            if shown is None:
                values = {candidate[position] for candidate in candidates}
                assert len(values) > 1, (split, position, values)


def test_a_small_x_never_hides_women_or_men():
    for women, men, other in itertools.product(range(5, 12), range(5, 12), range(1, 5)):
        split = split_by_gender(women, men, other, MIN_CELL)
        assert (split.women, split.men, split.other) == (women, men, None)
        assert (split.total, split.covers) == (women + men, "men_women")


def test_the_training_case():
    split = split_by_gender(79, 76, 1, MIN_CELL)
    assert (split.women, split.men, split.other, split.total) == (79, 76, None, 155)
    assert split_by_gender(79, 76, 1, MIN_CELL, exact=True).other == 1
