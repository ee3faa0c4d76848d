"""Survey figures that tell the truth (issue 11), through the `gep` command on both databases.

The reported round: 254 women of whom 83 (32,7%) and 200 men of whom 21 (10,5%) were bullied by
colleagues, plus 2 respondents registered as x and 3 as unknown, and no manager column.
"""

from __future__ import annotations

import random
import re

import polars as pl
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from tests.webutil import logged_in_client, page_text

from gepmonitor.survey.analytics import (
    find_experience_signals,
    published_population,
    responses_frame,
    two_proportion_p,
)
from gepmonitor.survey.mapping import parse_mapping

MAPPING = """\
background: {gender: Geslacht, unit: Afdeling}
constructs: {veiligheid: {items: [sv1, sv2], label: Sociale veiligheid, label_en: Social safety}}
experiences: {pesten: {type: bullying, source: colleagues}}
"""


GROUPS = [("V", 254, 83), ("M", 200, 21), ("X", 2, 1), ("", 3, 0)]


def respondents(groups: list[tuple[str, int, int]] = GROUPS) -> list[str]:
    rng = random.Random(11)
    rows = []
    for code, size, bullied in groups:
        for index in range(size):
            unit = rng.choice(["Mobiliteit", "Natuur", "Ruimte"])
            answers = f"{rng.randint(2, 5)};{rng.randint(2, 5)}"
            rows.append(f"{code};{unit};{answers};{'ja' if index < bullied else 'nee'}")
    return rows


def import_round(run_cli, tmp_path, groups: list[tuple[str, int, int]] = GROUPS) -> None:
    (tmp_path / "map.yaml").write_text(MAPPING, encoding="utf-8")
    path = tmp_path / "wbo.csv"
    path.write_text(
        "\n".join(["Geslacht;Afdeling;sv1;sv2;pesten", *respondents(groups)]) + "\n",
        encoding="utf-8",
    )
    assert run_cli("init")[0] == 0
    code, out, err = run_cli(
        "import", "survey", str(path), "--round", "WBO 2025", "--year", "2025",
        "--mapping", str(tmp_path / "map.yaml"),
    )  # fmt: skip
    assert code == 0, err


def report_file(run_cli, tmp_path, fmt: str):  # type: ignore[no-untyped-def]
    out_file = tmp_path / f"wbo.{fmt}"
    code, _, err = run_cli(
        "--lang", "en", "report", "survey", "--round", "WBO 2025", "--format", fmt,
        "-o", str(out_file),
    )  # fmt: skip
    assert code == 0, err
    return out_file


def report_html(run_cli, tmp_path) -> str:
    return report_file(run_cli, tmp_path, "html").read_text(encoding="utf-8")


def flat(text: str) -> str:
    return re.sub(r"[│┃\s]+", " ", text)


def test_bullying_of_women_fires_a_signal(run_cli, tmp_path):
    import_round(run_cli, tmp_path)
    code, out, err = run_cli("--lang", "en", "survey", "signals", "--round", "WBO 2025")
    assert code == 0, err
    text = flat(out)
    assert "gender=v" in text and "32.7%" in text and "10.5%" in text
    assert "gender=m" not in text  # only the side that experiences it more is a signal
    html = report_html(run_cli, tmp_path)
    assert "bullying (colleagues) – gender: women: 32.7% against 10.5% for the others" in html


def test_women_and_men_are_shown_and_totals_say_of_whom(run_cli, tmp_path):
    import_round(run_cli, tmp_path)
    html = report_html(run_cli, tmp_path)
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]
    bullying = {c[2]: c[3:] for c in cells if len(c) == 5 and c[0] == "bullying"}
    assert bullying["women"] == ["254", "32.7%"] and bullying["men"] == ["200", "10.5%"]
    assert bullying["total (men and women)"] == ["454", "22.9%"]
    assert not any(key in bullying for key in ("x", "unknown"))
    assert "454 men and women answered the survey WBO 2025" in html
    assert "left out of every figure, totals included" in html


def test_a_mapping_without_a_manager_column_makes_no_manager_breakdown(run_cli, tmp_path):
    import_round(run_cli, tmp_path)
    html = report_html(run_cli, tmp_path)
    manager = html.split("By group: manager")[1].split("</table>")[0]
    assert "no data" in manager and ">no<" not in manager and "120" not in manager


def test_two_proportion_test_by_hand():
    # pooled p = 104/454; z = (83/254 - 21/200) / sqrt(p(1-p)(1/254 + 1/200))
    pooled = 104 / 454
    z = (83 / 254 - 21 / 200) / (pooled * (1 - pooled) * (1 / 254 + 1 / 200)) ** 0.5
    from scipy import stats

    assert two_proportion_p(83, 254, 21, 200) == pytest.approx(2 * stats.norm.sf(z))
    # small expected counts: Fisher's exact test
    assert two_proportion_p(3, 10, 0, 10) == pytest.approx(
        stats.fisher_exact([[3, 7], [0, 10]]).pvalue
    )


@pytest.mark.parametrize("bullied_women", [83, 30])
def test_signal_needs_the_difference_and_the_test(bullied_women):
    mapping = parse_mapping(MAPPING)
    data = []
    for gender, size, bullied in (("v", 254, bullied_women), ("m", 200, 21)):
        for index in range(size):
            data.append(
                {
                    "gender": gender,
                    "age_band": None,
                    "unit": None,
                    "is_manager": None,
                    "answers": {"sv1": 3, "sv2": 4},
                    "experiences": {"pesten": index < bullied},
                }
            )
    frame = responses_frame(data, mapping)
    signals = find_experience_signals(frame, mapping, "R", 10)
    # 30 of 254 is 11,8% against 10,5%: below the 5-point threshold and not significant
    assert [s.group for s in signals] == (["v"] if bullied_women == 83 else [])


def test_small_gender_groups_are_left_out_not_the_women():
    mapping = parse_mapping(MAPPING)
    data = [
        {
            "gender": g,
            "age_band": None,
            "unit": None,
            "is_manager": None,
            "answers": {"sv1": 3, "sv2": 4},
            "experiences": {"pesten": False},
        }
        for g in ["v"] * 20 + ["m"] * 20 + ["x"] * 2 + ["onbekend"] * 12
    ]
    frame = responses_frame(data, mapping)
    from gepmonitor.survey.analytics import construct_scores

    keep, left_out = published_population(frame, construct_scores(frame, mapping), mapping, 10)
    assert left_out == ("x",)
    assert frame.filter(keep)["gender"].value_counts().sort("gender").rows() == [
        ("m", 20),
        ("onbekend", 12),
        ("v", 20),
    ]
    assert isinstance(keep, pl.Series)


def test_the_page_and_the_workbook_show_the_women_too(
    run_cli, settings, session_factory, org, tmp_path
):
    import_round(run_cli, tmp_path)
    board = logged_in_client(settings, session_factory, org, "board")
    page = board.get("/lang/en?next=/survey")
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", page_text(page.text))
    assert "bullying colleagues women 254 32.7%" in text, text
    assert "bullying colleagues men 200 10.5%" in text
    assert "bullying colleagues total (men and women) 454 22.9%" in text
    assert "left out of every figure" in text
    path = report_file(run_cli, tmp_path, "xlsx")
    rows = [
        [str(c) if c is not None else "" for c in row]
        for sheet in load_workbook(path, read_only=True).worksheets
        for row in sheet.iter_rows(values_only=True)
    ]
    bullying = {r[2]: r[3:5] for r in rows if len(r) >= 5 and r[0] == "bullying"}
    assert bullying == {
        "women": ["254", "32.7"],
        "men": ["200", "10.5"],
        "total (men and women)": ["454", "22.9"],
    }


def test_a_total_with_the_unknown_group_in_it_is_not_called_men_and_women(run_cli, tmp_path):
    # x (2) is left out of every figure; unknown (12) is large enough and stays in the totals
    import_round(run_cli, tmp_path, [("V", 254, 83), ("M", 200, 21), ("X", 2, 1), ("", 12, 2)])
    html = report_html(run_cli, tmp_path)
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]
    bullying = {c[2]: c[3:] for c in cells if len(c) == 5 and c[0] == "bullying"}
    assert bullying["women"] == ["254", "32.7%"] and bullying["men"] == ["200", "10.5%"]
    assert bullying["unknown"] == ["12", "16.7%"]
    assert bullying["total (without x)"] == ["466", "22.7%"]  # 106 of 254 + 200 + 12
    assert "466 respondents in the groups shown answered the survey WBO 2025" in html
    assert "so the totals are of the groups shown" in html
    assert "total (men and women)" not in html


def test_the_report_defines_its_figures_and_the_signal_test(run_cli, tmp_path):
    import_round(run_cli, tmp_path)
    html = re.sub(r"\s+", " ", report_html(run_cli, tmp_path))
    definitions = dict(
        re.findall(
            r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td></tr>',
            html.split("<h2>Definitions</h2>")[1].split("</table>")[0],
        )
    )
    assert set(definitions) == {
        "Respondents",
        "Scores",
        "Experience rates",
        "Signals on scores",
        "Signals on experiences",
        "Suppression",
    }
    assert "round WBO 2025 (2025)" in definitions["Respondents"]
    assert "at least 10 respondents" in definitions["Respondents"]
    assert "scale 1 to 5" in definitions["Scores"]
    experiences = definitions["Signals on experiences"]
    assert "at least 5 percentage points" in experiences and "p &lt; 0.05" in experiences
    assert "two-sided test for two proportions" in experiences and "Fisher" in experiences
    assert "at least 10 respondents" in experiences
    assert "Welch" in definitions["Signals on scores"]
    assert "1 to 4" in definitions["Suppression"]
    # the PDF shows the women's figure and the same definitions, in Dutch by default
    path = tmp_path / "wbo.pdf"
    code, _, err = run_cli(
        "report", "survey", "--round", "WBO 2025", "--format", "pdf", "-o", str(path)
    )
    assert code == 0, err
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))
    assert re.search(r"pesten collega's vrouwen 254 32,7%", text), text
    assert "Signalen bij ervaringen" in text and "tweezijdige toets voor twee proporties" in text
    workbook = load_workbook(report_file(run_cli, tmp_path, "xlsx"), read_only=True)
    terms = [r[0] for r in workbook["Definitions"].iter_rows(min_row=2, values_only=True)]
    assert terms == list(definitions)
