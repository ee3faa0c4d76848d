"""Suppressed appointment counts cannot be derived from what the summary shows (issue 12,
finding 8): the number filled is known, and the comply-or-explain list names men."""

from __future__ import annotations

from datetime import date
from itertools import product

from gepmonitor.recruitment.models import Appointment, Vacancy
from gepmonitor.recruitment.summary import summarise

MIN_CELL = 5


def _rows(scale: int, genders: str, explained: int = 0) -> list[tuple[Vacancy, Appointment]]:
    """One filled vacancy per letter; the first `explained` men have an explanation."""
    rows = []
    for number, gender in enumerate(genders):
        vacancy = Vacancy(
            reference=f"V{number}",
            title="Functie",
            scale=scale,
            opened=date(2018, 1, 1),
            **{f"{kind}_{g}": 1 for kind in ("applicants", "suitable") for g in "mvx"},
        )
        reason = "Beste kandidaat na gesprekken" if gender == "m" and explained > 0 else ""
        if reason:
            explained -= 1
        appointment = Appointment(
            gender=gender, appointed_on=date(2018, 3, 1), explanation=reason, approver="Directie"
        )
        rows.append((vacancy, appointment))
    return rows


def _candidates(shown: dict[str, int | None], filled: int, named: int) -> set[tuple[int, ...]]:
    """Return every (m, v, x) a reader could believe, given what is shown and known."""
    options = set()
    for m, v, x in product(range(filled + 1), repeat=3):
        counts = {"m": m, "v": v, "x": x}
        if m + v + x != filled or m < named:
            continue
        if all(
            (shown[g] == counts[g])
            if shown[g] is not None
            else 0 < counts[g] < MIN_CELL or counts[g] == 0
            for g in "mvx"
        ):
            options.add((m, v, x))
    return options


def test_seven_filled_six_men_does_not_give_the_women_away():
    summary = summarise(_rows(11, "mmmmmmv"), 2018, 11, MIN_CELL)
    shown = summary.appointed_above
    assert shown["v"] is None
    women = {v for _, v, _ in _candidates(shown, 7, 0)}
    assert len(women) > 1, shown  # before: m 6, x 0 shown, so women = 1
    assert summary.share_women_above is None


def test_named_men_do_not_give_the_rest_away():
    # 2019: two men, both appointed with an explanation that the list names; one woman.
    summary = summarise(_rows(12, "mmv", explained=2), 2019, 11, MIN_CELL)
    shown = summary.appointed_above
    assert [e.reference for e in summary.explained] == ["V0", "V1"]
    # Hidden cells may be zeros (complements), so a reader cannot rule zero out either.
    assert shown["m"] is None and shown["v"] is None and shown["x"] is None
    options = _candidates(shown, 3, 2)
    assert len({v for _, v, _ in options}) > 1, shown  # before: x 0 shown, so v = 3 - 2 - 0


def test_large_counts_stay_shown_and_exact_shows_all():
    summary = summarise(_rows(11, "m" * 6 + "v" * 7), 2018, 11, MIN_CELL)
    assert summary.appointed_above == {"m": 6, "v": 7, "x": 0}
    exact = summarise(_rows(11, "mmmmmmv"), 2018, 11, MIN_CELL, exact=True)
    assert exact.appointed_above == {"m": 6, "v": 1, "x": 0}


def test_a_small_x_hides_neither_women_nor_men():
    # issue 11: 10 men, 8 women and 1 x appointed; the x alone is hidden
    summary = summarise(_rows(11, "m" * 10 + "v" * 8 + "x"), 2018, 11, MIN_CELL)
    assert summary.appointed_above == {"m": 10, "v": 8, "x": None}
    # the share counts men and women only (labelled so): 8 of 18, not 8 of 19
    assert summary.share_covers == "men_women"
    assert summary.share_women_above == 8 / 18
    shown = summarise(_rows(11, "m" * 10 + "v" * 8 + "x" * 5), 2018, 11, MIN_CELL)
    assert shown.appointed_above == {"m": 10, "v": 8, "x": 5} and shown.share_covers == "all"
    assert shown.share_women_above == 8 / 23


def test_no_hidden_count_follows_from_what_the_summary_publishes():
    """Enumeration: a reader who knows the rule sees the counts and the share (the summary
    publishes no number filled); every hidden count must still have more than one value."""
    published: dict[tuple, list[tuple[int, int, int]]] = {}
    for m, v, x in product(range(10), repeat=3):
        summary = summarise(_rows(11, "m" * m + "v" * v + "x" * x), 2018, 11, MIN_CELL)
        key = (tuple(summary.appointed_above.items()), summary.share_women_above)
        published.setdefault(key, []).append((m, v, x))
    for (shown, _share), candidates in published.items():
        for position, (_gender, value) in enumerate(shown):
            if value is None:
                assert len({c[position] for c in candidates}) > 1, (shown, candidates)


def test_no_small_count_below_the_threshold_follows_from_all_scales_minus_above():
    """Enumeration: the report shows the appointments in all scales and at or above the
    threshold, and the list names the explained men; neither a hidden count nor a small number
    of appointments below the threshold (the difference) may have only one possible value."""
    sizes, x_sizes = (0, 1, 2, 5), (0, 1, 2)  # two small values each: a hidden one has a twin
    published: dict[tuple, list[tuple[int, ...]]] = {}
    for m_a, v_a, x_a, m_b, v_b, x_b in product(sizes, sizes, x_sizes, sizes, sizes, x_sizes):
        for named_a, named_b in product({0, m_a}, {0, m_b}):
            rows = _rows(11, "m" * m_a + "v" * v_a + "x" * x_a, explained=named_a)
            rows += _rows(8, "m" * m_b + "v" * v_b + "x" * x_b, explained=named_b)
            summary = summarise(rows, 2018, 11, MIN_CELL)
            key = (
                tuple(summary.appointed.items()),
                tuple(summary.appointed_above.items()),
                summary.share_women_above,
                named_a,
                named_b,  # the list names each explained man with his scale
            )
            published.setdefault(key, []).append((m_a, v_a, x_a, m_b, v_b, x_b))
    for key, candidates in published.items():
        named_b = key[4]
        for position, gender in enumerate("mvx"):
            below = {c[3 + position] for c in candidates}
            small = [n for n in below if 0 < n < MIN_CELL]
            if small and not (gender == "m" and named_b and below == {named_b}):
                assert len(below) > 1, (key, candidates)
            for level, shown in enumerate(key[:2]):
                if shown[position][1] is None:
                    values = {c[position] + (c[3 + position] if level == 0 else 0)
                              for c in candidates}  # fmt: skip
                    # a small count must not be pinned down (men the list names one by one
                    # are public; a large count the enumeration's few sizes pin is no leak)
                    named = {key[3] + key[4] if level == 0 else key[3]} if gender == "m" else set()
                    pinned = values - named if len(values) == 1 else set()
                    assert not any(0 < n < MIN_CELL for n in pinned), (key, candidates)


def test_the_difference_below_the_threshold_hides_the_all_scales_count_not_the_women_above():
    # 10 women in scale 11+, 2 more in scale 8: "12 in all scales" would give the 2 away
    rows = _rows(11, "m" * 10 + "v" * 10) + _rows(8, "m" * 6 + "vv")
    summary = summarise(rows, 2018, 11, MIN_CELL)
    assert summary.appointed_above == {"m": 10, "v": 10, "x": 0}
    assert summary.appointed["v"] is None and summary.appointed["m"] == 16
    assert summary.share_women_above == 0.5
