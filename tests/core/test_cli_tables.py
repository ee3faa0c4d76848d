"""CLI tables fit an 80-column terminal without breaking a word (COLUMNS=80)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from gepmonitor.core.cliutil import print_table

MEASURES_HEAD = ["nr.", "doel", "maatregel", "eigenaar", "periode", "status", "KPI", "gemeten"]
MEASURE = [
    "1",
    "OV1",
    "Pas toe of leg uit bij benoemingen in schaal 11 en hoger",
    "Directie",
    "2021-2028",
    "loopt",
    "aandeel vrouwen bij benoemingen in schaal 13+",
    "59,5%",
]
SIGNALS_HEAD = ["signaal", "p", "maatregel", "sleutel"]
SIGNAL = [
    "Sociale veiligheid – geslacht: vrouw, 0,50 lager",
    "< 0,001",
    "Aanpak sociale veiligheid voor vrouwen (signaal WBO 2025)",
    "WBO 2025:sociale_veiligheid:gender=v",
]


def printed(head: list[str], rows: list[list[str]], width: int = 80) -> list[str]:
    out = io.StringIO()
    whole = {3} if head == SIGNALS_HEAD else set()  # the signal's key stays on one line
    print_table(head, rows, whole=whole, out=Console(file=out, width=width, color_system=None))
    return out.getvalue().splitlines()


@pytest.mark.parametrize(
    ("head", "rows"),
    [(MEASURES_HEAD, [MEASURE, MEASURE]), (SIGNALS_HEAD, [SIGNAL]), (["a", "b"], [["1", "2"]])],
)
def test_every_line_fits_and_every_word_stays_whole(head, rows) -> None:
    lines = printed(head, rows)
    assert lines and all(len(line) <= 80 for line in lines)
    words = {word for line in lines for word in line.replace(":", " ").split()}
    for cell in [*head, *(cell for row in rows for cell in row)]:
        for word in cell.replace(":", " ").split():
            assert word in words, (word, lines)


def test_a_table_that_fits_keeps_its_header_row_and_columns() -> None:
    lines = printed(SIGNALS_HEAD, [SIGNAL])
    assert lines[1].split() == SIGNALS_HEAD
    assert any("WBO 2025:sociale_veiligheid:gender=v" in line for line in lines)


def test_too_many_columns_become_one_block_per_row() -> None:
    lines = printed(MEASURES_HEAD, [MEASURE], width=80)
    assert lines[0] == "nr.: 1"
    assert "  maatregel: Pas toe of leg uit bij benoemingen in schaal 11 en hoger" in lines
    wide = printed(MEASURES_HEAD, [MEASURE], width=200)
    assert wide[1].split() == MEASURES_HEAD  # a wide terminal gets the table


def test_survey_list_has_a_header_row(run_cli) -> None:
    assert run_cli("init")[0] == 0
    code, out, err = run_cli("--lang", "en", "survey", "list")
    assert code == 0, err
    assert [w for w in out.split() if w.isalpha()] == ["Round", "Year", "Source"]  # header only


STATUS_HEAD = [
    "band", "streefwaarde", "streefjaar", "nu", "verschil", "projectie trend",
    "projectie stromen", "benodigd aandeel vrouwen bij benoemingen", "oordeel",
]  # fmt: skip
STATUS = ["13+", "50,0%", "2028", "33,9%", "+16,1 pp", "33,0%", "34,5%",
          "niet haalbaar (>100%)", "niet op koers"]  # fmt: skip
STATUS_SHORT = {1: "sw", 2: "jaar", 4: "versch.", 5: "lin.", 6: "str.", 7: "nodig"}


def test_headers_too_wide_are_abbreviated_with_a_legend() -> None:
    out = io.StringIO()
    console = Console(file=out, width=80, color_system=None)
    print_table(STATUS_HEAD, [STATUS], numeric=range(1, 7), short=STATUS_SHORT, out=console)
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 80 for line in lines), lines
    header = next(line for line in lines if line.split()[:2] == ["band", "sw"])
    assert "versch." in header and "str." in header and "oordeel" in header
    legend = " ".join(line.strip() for line in lines[lines.index(header) + 3 :])
    assert "sw = streefwaarde; jaar = streefjaar; versch. = verschil" in legend
    assert "nodig = benodigd aandeel vrouwen bij benoemingen" in legend
    words = {word for line in lines for word in line.split()}
    assert {"50,0%", "+16,1", "pp", "haalbaar", "(>100%)", "koers"} <= words
    wide = io.StringIO()
    print_table(STATUS_HEAD, [STATUS], short=STATUS_SHORT, out=Console(file=wide, width=200))
    assert "streefwaarde" in wide.getvalue() and " = " not in wide.getvalue()  # no legend
