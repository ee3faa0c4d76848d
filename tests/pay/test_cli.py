"""The pay commands as a user types them: analysis, register, exact figures (audited)."""

from __future__ import annotations

import json

from sqlalchemy import select
from tests.pay.test_import import write_csv

from gepmonitor.core.audit import AuditEntry
from gepmonitor.pay import service

HEADER = "Personeelsnummer;Geslacht;Schaal;Betaalde uren;Basissalaris;IKB;Geboortejaar;Datum in dienst;FTE"


def rows() -> list[str]:
    out = []
    for i in range(60):
        gender = "V" if i % 2 else "M"
        scale = (10, 11, 12)[i % 3]
        fte = "1" if i % 4 else "0,8"
        factor = 0.8 if fte == "0,8" else 1.0
        basic = (3000 + 400 * (scale - 10) + 25 * (i % 11)) * 12 * factor
        basic *= 0.96 if gender == "V" else 1.0
        out.append(
            f"{8000 + i};{gender};{scale};{1872 * factor:.0f};{basic:.2f};{basic * 0.1637:.2f};"
            f"{1965 + i % 30};{2000 + i % 20}-03-01;{fte}"
        )
    return out


def test_analysis_register_and_exact_through_gep(run_cli, session, org, tmp_path):
    path = write_csv(tmp_path / "loon.csv", rows(), header=HEADER)
    code, out, err = run_cli("import", "pay", str(path), "--year", "2024")
    assert code == 0, err
    code, out, err = run_cli("--lang", "en", "paygap", "analysis", "--year", "2024")
    assert code == 0, err
    assert "60 workers (30 women, 30 men; 0 left out" in out
    result = service.analyse(session, org, 2024, min_cell=5).regression
    assert result is not None and -0.06 < result.kennedy < -0.02  # the 4% put in the data
    assert f"women earn {abs(result.kennedy) * 100:.1f}% less than men" in out
    assert f"Logib rating {result.rating}" in out
    code, out, err = run_cli("--lang", "en", "paygap", "register", "list", "--year", "2024")
    assert code == 0, err
    code, out, err = run_cli("paygap", "--year", "2024", "--format", "json", "--exact")
    assert code == 0, err
    assert json.loads(out)["exact"] is True
    session.rollback()  # a fresh transaction sees the CLI's commits
    details = list(
        session.scalars(select(AuditEntry.detail).where(AuditEntry.target == "pay 2024"))
    )
    assert any("exact" in d for d in details)
    code, out, err = run_cli("paygap", "--year", "2030")
    assert code == 2 and "2030" in err
    assert service.pay_years(session, org)[0].row_count == 60


def test_pay_tables_fit_80_columns_without_breaking_a_word(cli_env, tmp_path):
    """`gep paygap` and `gep paygap register list` in an 80-column terminal (COLUMNS=80)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, **cli_env, "COLUMNS": "80"}

    def gep80(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "gepmonitor", *args],
            env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert subprocess.run([sys.executable, "-m", "gepmonitor", "init"], env=env).returncode == 0
    from tests.pay.test_report import rows as flagged_rows  # scale 11 has a gap of 5% or more

    path = write_csv(tmp_path / "loon.csv", flagged_rows())
    gep80("import", "pay", str(path), "--year", "2024")
    figures = gep80("paygap", "--year", "2024")
    register = gep80("paygap", "register", "list")
    for out in (figures, register):
        lines = out.splitlines()
        assert lines and all(len(line) <= 80 for line in lines), out
    words = set(figures.split()) | set(register.replace(":", " ").split())
    for text in ("Gemiddeld verschil, uurloon", "Werknemers: vrouwen / mannen / overig",
                 "gemiddeld verschil", "herstel nodig", "uiterlijk"):  # fmt: skip
        assert all(word in words for word in text.split()), (text, figures, register)
    gap = next(word for word in register.split() if word.endswith("%"))
    assert "," in gap and "." not in gap  # Dutch decimal comma, as in the report
