"""The selection register through the gep command: intake to appointment, funnel, purge."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from gepmonitor.recruitment.models import Candidate, PurgedCount, Scorecard


def timer_command() -> list[str]:
    """Return the gep arguments of deploy/gepmonitor-purge.service's ExecStart line."""
    unit = Path(__file__).resolve().parents[2] / "deploy" / "gepmonitor-purge.service"
    line = next(x for x in unit.read_text().splitlines() if x.startswith("ExecStart="))
    program, *args = line.removeprefix("ExecStart=").split()
    assert program.endswith("/gep")
    return args


def ok(run_cli, *args):
    code, out, err = run_cli("--lang", "en", *args)
    assert code == 0, (args, out, err)
    return out


def test_a_vacancy_runs_from_intake_to_appointment_and_is_purged(run_cli, session_factory):
    ok(run_cli, "init")
    ok(run_cli, "vacancy", "add", "--title", "Jurist", "--scale", "11", "--opened", "2025-02-03",
       "--closed", "2025-02-24")  # fmt: skip
    ok(run_cli, "vacancy", "competences", "V2025-001", "Wetgeving;hard;3", "Samenwerken;soft;2")
    warned = ok(run_cli, "vacancy", "member", "V2025-001", "--name", "Henk", "--role", "chair",
                "--gender", "m")  # fmt: skip
    assert "all one gender" in warned
    ok(run_cli, "vacancy", "member", "V2025-001", "--name", "Ria", "--role", "hr", "--gender", "v")
    for gender in ("v", "v", "m", "m", "m", "v"):
        ok(run_cli, "vacancy", "candidate", "V2025-001", "--gender", gender)
    ok(run_cli, "vacancy", "consent", "V2025-001", "K006")
    for code in ("K001", "K003"):
        ok(run_cli, "vacancy", "stage", "V2025-001", code, "interviewed")
    code, _, err = run_cli("--lang", "en", "vacancy", "stage", "V2025-001", "K002", "hired")
    assert code == 2 and "cannot be set here" in err
    ok(run_cli, "vacancy", "score", "V2025-001", "K001", "--member", "1", "--score",
       "Wetgeving=4", "--score", "Samenwerken=5", "--notes", "Samenwerken=S: overleg. R: akkoord")  # fmt: skip
    shown = ok(run_cli, "vacancy", "scores", "V2025-001", "K001")
    assert "Henk" in shown and "4.40" in shown  # (3*4 + 2*5) / 5
    code, _, err = run_cli("--lang", "en", "vacancy", "score", "V2025-001", "K001", "--member",
                           "1", "--score", "Wetgeving=1", "--score", "Samenwerken=1")  # fmt: skip
    assert code == 2 and "cannot be changed" in err
    ok(run_cli, "vacancy", "decide", "V2025-001", "K001", "--date", "2025-03-20", "--reason",
       "Wetgeving=Kent de Omgevingswet het best.", "--reason",
       "Samenwerken=Sterke voorbeelden met gemeenten.")  # fmt: skip
    ok(run_cli, "vacancy", "appoint-candidate", "V2025-001", "K001", "--date", "2025-04-01")
    ok(run_cli, "vacancy", "step", "V2025-001", "text_published", "--date", "2025-02-03")
    listing = ok(run_cli, "vacancy", "show", "V2025-001")
    assert "appointed" in listing and "Kent de Omgevingswet" in listing
    assert "on 20 March 2025" in listing and "4.40" in listing
    code, dutch, _ = run_cli("vacancy", "show", "V2025-001")  # Dutch by default
    assert code == 0 and "benoemd" in dutch and "op 20 maart 2025" in dutch and "4,40" in dutch
    assert " (schaal " in dutch.splitlines()[0] and "col_scale" not in dutch
    assert "03-02-2025" in dutch  # the text published on 3 February, in the checklist table
    week = ok(run_cli, "recruitment", "week", "--date", "2025-03-05")
    assert "V2025-001 Jurist" in week and "Candidates informed" in week
    funnel = ok(run_cli, "recruitment", "funnel", "--year", "2025")
    assert "Candidates who reached each stage" in funnel and "Selection committees" in funnel
    exact = ok(run_cli, "recruitment", "funnel", "--year", "2025", "--exact")
    assert "scales 11-12\twomen\t3\t1\t1\t1\t1\t1" in exact
    # four weeks after the procedure: everyone but K006 (consent: a year) goes
    assert "Candidate data removed: 0." in ok(run_cli, "recruitment", "purge", "--date",
                                              "2025-04-28")  # fmt: skip
    assert "Candidate data removed: 5." in ok(run_cli, "recruitment", "purge", "--date",
                                              "2025-04-29")  # fmt: skip
    with session_factory() as session:
        assert session.scalars(select(Candidate.code)).all() == ["K006"]
        assert session.scalar(select(func.count()).select_from(Scorecard)) == 0
        assert session.scalar(select(func.sum(PurgedCount.count))) == 5
    # the funnel is the same after the purge
    assert ok(run_cli, "recruitment", "funnel", "--year", "2025", "--exact") == exact
    # the daily timer (deploy/gepmonitor-purge.*) purges every organisation of the instance
    from gepmonitor.core.orgs import ensure_org, list_orgs

    with session_factory() as session:
        ensure_org(session, "tweede", "Tweede provincie")
        session.commit()
        first = next(o.slug for o in list_orgs(session) if o.slug != "tweede")
    everyone = ok(run_cli, *timer_command(), "--date", "2026-04-01")
    assert f"{first}: candidate data removed: 1." in everyone
    assert "tweede: candidate data removed: 0." in everyone
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Candidate)) == 0
