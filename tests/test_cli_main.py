"""The real `gep` entry point: usage mistakes and refused writes are one line with exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from tests.personnel.groningen import write_groningen_csvs


def gep(cli_env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m gepmonitor ARGS` as a separate process, as a user would."""
    env = {**os.environ, **cli_env, "COLUMNS": "200"}
    env.pop("GEP_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "gepmonitor", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "expected", "dutch"),
    [
        (["--lang", "de", "orgs"], "--lang", "Onbekende taal 'de': kies nl of en."),
        (["report", "monitor", "--year", "2021", "--nope"], "--nope", "Onbekende optie"),
        (["monitor", "--from", "abc"], "--from", "Ongeldige waarde voor '--from': verwacht een"),
        (["import", "personnel"], "file", "Argument 'file' ontbreekt."),
        (["orgs", "extra"], "extra", "Onverwachte extra argumenten: extra"),
        (["--lang", "nl"], "gep", "Opdracht ontbreekt."),
        (["monitorr"], "monitorr", "Onbekende opdracht 'monitorr'. Bedoelde je 'monitor'?"),
        (["xyz"], "xyz", "Onbekende opdracht 'xyz'."),
    ],
)
def test_usage_mistakes_are_one_line_with_exit_code_2(tmp_path, args, expected, dutch):
    # No storage is touched: click refuses the arguments before any command runs.
    result = gep({"GEP_DATA_DIR": str(tmp_path), "GEP_LANG": "nl"}, *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0] and "--help" in lines[0]
    assert dutch in lines[0] and "(zie '" in lines[0]
    assert "Traceback" not in result.stderr and "Interne fout" not in result.stderr


def test_report_commands_take_lang_after_their_name(cli_env, tmp_path, session):
    assert gep(cli_env, "init").returncode == 0
    path, peildatum = write_groningen_csvs(tmp_path)[-1]
    result = gep(cli_env, "import", "personnel", str(path), "--peildatum", peildatum)
    assert result.returncode == 0, result.stderr
    english = tmp_path / "monitor-en.html"
    result = gep(
        cli_env, "report", "monitor", "--year", "2021", "--format", "html", "--lang", "en",
        "-o", str(english),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "written" in result.stdout.lower()
    page = english.read_text(encoding="utf-8")
    assert 'lang="en"' in page and "37.7%" in page

    dutch = tmp_path / "monitor-nl.html"
    result = gep(
        cli_env, "report", "monitor", "--year", "2021", "--format", "html", "-o", str(dutch)
    )
    assert result.returncode == 0, result.stderr
    assert 'lang="nl"' in dutch.read_text(encoding="utf-8")


def test_refused_report_write_is_one_line(cli_env, tmp_path, session):
    assert gep(cli_env, "init").returncode == 0
    for path, peildatum in write_groningen_csvs(tmp_path)[:1]:
        assert (
            gep(cli_env, "import", "personnel", str(path), "--peildatum", peildatum).returncode == 0
        )
    target = tmp_path / "no-such-folder" / "monitor.html"
    result = gep(
        cli_env, "report", "monitor", "--year", "2016", "--format", "html", "-o", str(target)
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(target) in lines[0] and "niet schrijven" in lines[0]
    assert not target.exists()


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("GEP_LANG", "fr"),
        ("GEP_MIN_CELL", "abc"),
        ("GEP_HTTPS", "misschien"),
        ("GEP_DATABASE_URL", "foo://x"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(tmp_path, setting, value):
    result = gep({"GEP_DATA_DIR": str(tmp_path), setting: value}, "orgs")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Ongeldige instelling: ") and setting in lines[0]


def test_help_is_in_the_language_of_the_output(run_cli):
    # GEP_LANG is nl in the test environment: Dutch help, Typer's headings included.
    code, out, _ = run_cli("report", "integrity", "--help")
    assert code == 0
    assert "Het jaarverslag integriteit en sociale veiligheid schrijven" in out
    assert "Opties" in out and "[verplicht]" in out and "[standaard: pdf]" in out
    assert "Options" not in out and "Write the integrity" not in out
    code, out, _ = run_cli("--lang", "en", "--help")
    assert code == 0
    assert "Gender Equality Plan and social-safety monitor" in out
    assert "Options" in out and "Commands" in out and "Opties" not in out
    # --lang after a report command's name counts too, with an '=' as well
    _, out, _ = run_cli("report", "integrity", "--lang=en", "--help")
    assert "Write the integrity and social-safety annual report" in out and "[required]" in out
    code, _, err = run_cli("--lang", "en", "report", "monitor", "--nope")
    assert code == 2 and "No such option: --nope (see '" in err
    assert "report monitor --help')" in err


def _command_paths(command, prefix=()):  # type: ignore[no-untyped-def]
    """Yield the argument lists that name every command and group of a Click tree."""
    yield list(prefix)
    for name, sub in getattr(command, "commands", {}).items():
        yield from _command_paths(sub, (*prefix, name))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_flags_show_no_type_in_any_help(monkeypatch, lang):
    # Typer printed every flag as `--replace <bool>`, as if it took a value.
    import contextlib
    import io

    from gepmonitor import cli

    monkeypatch.setenv("COLUMNS", "80")
    # Every path of the whole tree (in English, every command built); `gep --lang nl` below
    # builds each command of its own tree when it is used.
    paths = list(_command_paths(cli.whole_command()))
    assert len(paths) > 50 and ["import", "personnel"] in paths
    flags = 0
    for path in paths:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert cli.run(["--lang", lang, *path, "--help"]) == 0, path
        text = out.getvalue()
        assert "<bool>" not in text, (path, text)
        assert "--help " in text and max(len(line) for line in text.splitlines()) <= 80, path
        flags += "--replace " in text
    assert flags >= 2  # import personnel, import pay: the flag itself is still listed
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli.run(["--lang", lang, "import", "personnel", "--help"])
    assert "<str>" in out.getvalue()  # options that take a value keep their type


@pytest.mark.parametrize("args", [[], ["safety"], ["paygap", "register"], ["report"]])
def test_a_group_without_a_command_prints_its_help_once(tmp_path, args):
    result = gep({"GEP_DATA_DIR": str(tmp_path), "GEP_LANG": "nl"}, *args)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.count("Usage: gep") == 1, result.stdout
    assert "Opdrachten" in result.stdout and "Opties" in result.stdout


def test_an_internal_error_before_the_command_runs_speaks_the_language_asked_for(
    monkeypatch, capfd
):
    # A bug while the command tree is built (as a capability missing from cli_index.json was):
    # the one-line report is in --lang's language although no option callback has run yet.
    from gepmonitor import cli

    def broken(_lang):  # fault injection: the tree cannot be built
        raise KeyError("gepmonitor.toy.cli")

    monkeypatch.setattr(cli, "_command", broken)
    monkeypatch.delenv("GEP_DEBUG", raising=False)
    monkeypatch.setattr(cli.state, "lang", None)
    assert cli.run(["--lang", "en", "--help"]) == 1
    english = capfd.readouterr().err
    assert english.startswith("Internal error (KeyError: 'gepmonitor.toy.cli')"), english
    assert cli.run(["--lang", "nl", "orgs"]) == 1
    assert capfd.readouterr().err.startswith("Interne fout (KeyError")
