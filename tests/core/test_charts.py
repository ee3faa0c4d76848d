"""Charts never draw a suppressed count as zero: it has no bar and carries the mark."""

from __future__ import annotations

from gepmonitor.core.charts import bar_chart


def _labels(figure) -> list[str]:  # type: ignore[no-untyped-def]
    return [text.get_text() for axes in figure.axes for text in axes.texts]


def test_a_hidden_count_is_marked_not_drawn_as_zero():
    figure = bar_chart(["2022", "2023", "2024"], {"totaal": [None, 5, 0]}, hidden="*")
    assert _labels(figure) == ["*", "5", "0"]
    heights = [patch.get_height() for patch in figure.axes[0].patches]
    assert heights == [0.0, 5.0, 0.0]  # no bar for the hidden year


def test_hidden_marks_stand_even_where_values_are_not_labelled():
    categories = [f"t{i}" for i in range(15)]
    values = [None if i == 3 else float(i + 5) for i in range(15)]
    figure = bar_chart(categories, {"men": values, "women": values}, hidden="*")
    labels = _labels(figure)
    assert labels.count("*") == 2 and {x for x in labels if x != "*"} == {""}


def test_without_the_mark_a_missing_value_has_no_label():
    figure = bar_chart(["a", "b"], {"x": [None, 2.0]})
    assert _labels(figure) == ["", "2"]


def test_the_same_data_gives_the_same_svg_and_png():
    """A chart carries no creation date or random ids: a rerun is byte for byte the same."""
    from gepmonitor.core.charts import to_png, to_svg

    def chart():  # type: ignore[no-untyped-def]
        return bar_chart(["2024", "2025"], {"vrouwen": [3.0, None]}, hidden="*")

    first, second = to_svg(chart()), to_svg(chart())
    assert first == second and "<dc:date>" not in first
    assert to_png(chart()) == to_png(chart())


def test_a_line_chart_keeps_its_years_on_the_axis_when_one_point_is_left():
    """Hidden years leave gaps, but the axis still spans the period (not 1925 to 2125)."""
    from gepmonitor.core.charts import lines_chart

    years = list(range(2016, 2026))
    values = [None] * 9 + [0.53]
    axes = lines_chart(years, {"nieuw": values, "vertrek": values}, percent=True).axes[0]
    low, high = axes.get_xlim()
    assert 2015 <= low < 2016 and 2025 < high <= 2026
    ticks = [t for t in axes.get_xticks() if low <= t <= high]
    assert min(ticks) >= 2016 and max(ticks) <= 2025
