"""The recruitment summary compares like with like and never hides women for an x (issue 11)."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

from tests.personnel.exports import demo_frame

from gepmonitor.personnel import service as personnel
from gepmonitor.personnel.demo import DEMO_TARGETS
from gepmonitor.recruitment.service import VacancyInput, add_vacancy, appoint


def summary_rows(run_cli, tmp_path) -> dict[str, str]:
    path = tmp_path / "recruitment.html"
    code, _, err = run_cli(
        "--lang", "en", "report", "recruitment", "--year", "2025", "--format", "html",
        "-o", str(path),
    )  # fmt: skip
    assert code == 0, err
    html = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
    pairs = re.findall(r"<tr><t[hd][^>]*>([^<]*)</t[hd]><td[^>]*>([^<]*)</td></tr>", html)
    return {unescape(key): unescape(value) for key, value in pairs}


def fill_register(session, org, appointments: list[tuple[int, str]]) -> None:
    personnel.store_frame(session, org, demo_frame(), source_name="demo", actor="t")
    for band, share, year, start, _note in DEMO_TARGETS:
        personnel.save_target(session, org, band, share, year, actor="t", start_year=start)
    for index, (scale, gender) in enumerate(appointments):
        vacancy = add_vacancy(
            session, org, VacancyInput(f"Functie {index}", scale, date(2025, 2, 1)), actor="t"
        )
        appoint(
            session, org, vacancy, gender, date(2025, 3, 1), threshold=11, actor="t",
            explanation="motivering" if gender == "m" else "", approver="directie",
        )  # fmt: skip
    session.commit()


def test_required_share_sits_next_to_the_same_kind_of_number(run_cli, session, org, tmp_path):
    # register: 6 women and 5 men appointed in scale 13+, 5 men and 5 women in scale 11-12, 1 x
    appointments = [(13, "v")] * 6 + [(14, "m")] * 5 + [(11, "m")] * 5 + [(12, "v")] * 5
    fill_register(session, org, [*appointments, (11, "x")])
    rows = summary_rows(run_cli, tmp_path)
    required = "Required share of women among appointments into 13+ (rates 2016–2025)"
    assert rows[required] == "82.1%"
    flows = "Share of women among appointments into 13+, personnel flows 2016–2025"
    assert rows[flows] == "48.7% (185 of 380)"
    register = "Share of women among the register's appointments into 13+, 2025"
    assert rows[register] == "54.5% (6 of 11)"
    # one x appointee: men and women stay visible, only the x is hidden
    appointed = [v for k, v in rows.items() if k.startswith("Appointed (men / women / x)")]
    assert appointed == ["10 / 11 / *"]


def test_the_register_share_of_a_band_gives_away_no_small_difference(
    run_cli, session, org, tmp_path
):
    # scale 11+ (the threshold) shows 10 men and 7 women; scale 13+ has 6 women, so showing it
    # would give away the one woman appointed in scale 11-12
    appointments = [(13, "v")] * 6 + [(14, "m")] * 5 + [(11, "m")] * 5 + [(12, "v")]
    fill_register(session, org, appointments)
    rows = summary_rows(run_cli, tmp_path)
    assert [v for k, v in rows.items() if k.startswith("Appointed (men / women / x)")] == [
        "10 / 7 / 0"
    ]
    register_share = "Share of women among the register's appointments into 13+, 2025"
    assert rows[register_share] == "*"


def test_a_vacancy_file_without_applicant_columns_says_no_data(run_cli, tmp_path):
    rows = ["title,scale,opened,appointed_gender,appointed_on"]
    rows += [f"Beleidsadviseur {i},11,2025-02-01,v,2025-04-01" for i in range(6)]
    path = tmp_path / "vacatures.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert run_cli("init")[0] == 0
    code, _, err = run_cli("import", "vacancies", str(path))
    assert code == 0, err
    summary = summary_rows(run_cli, tmp_path)
    assert summary["Applicants above the threshold (men / women / x)"] == "no data"
    assert summary["Suitable candidates (men / women / x)"] == "no data"
    assert summary["Appointed (men / women / x)"] == "0 / 6 / 0"


def test_all_scales_minus_the_threshold_gives_away_no_small_count(run_cli, session, org, tmp_path):
    # 10 women and 10 men appointed in scale 11+, 2 women and 6 men in scale 8: showing 12 women
    # in all scales beside 10 in scale 11+ would give the 2 women below the threshold away
    appointments = [(11, "v")] * 10 + [(12, "m")] * 10 + [(8, "v")] * 2 + [(8, "m")] * 6
    fill_register(session, org, appointments)
    rows = summary_rows(run_cli, tmp_path)
    assert rows["Appointed (men / women / x)"] == "16 / * / 0"
    assert rows["Appointed in scale 11+ (men / women / x)"] == "10 / 10 / 0"
    assert rows["Share of women among appointments above the threshold"] == "50.0%"
