"""`gep` starts without the heavy libraries only some commands use (bench/bench_start.py times it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gepmonitor.core import registry

ROOT = Path(__file__).resolve().parents[1]
# Each costs from a tenth of a second to a second to import; `gep --help` needs none of them.
HEAVY = (
    "scipy",
    "numpy",
    "matplotlib",
    "weasyprint",
    "statsmodels",
    "fastapi",
    "uvicorn",
    # The database layer, data frames and settings: each command that needs them imports them.
    "sqlalchemy",
    "polars",
    "pydantic_settings",  # (pydantic itself: Typer imports it to build a command's options)
    "argon2",
    "yaml",
)


def _imported_after(code: str) -> list[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    child = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    loaded = json.loads(child.stdout.strip().splitlines()[-1])
    return sorted({name.split(".")[0] for name in loaded} & set(HEAVY))


def test_importing_the_cli_imports_no_heavy_library():
    assert _imported_after("import gepmonitor.cli") == []


@pytest.mark.parametrize(
    "argv", [["--help"], ["import", "--help"], ["report", "--help"], ["monitor", "--help"]]
)
def test_gep_help_imports_no_heavy_library(argv: list[str]) -> None:
    code = (
        f"import sys\nsys.argv = ['gep', *{argv!r}]\nfrom gepmonitor.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert _imported_after(code) == []


def test_a_command_imports_its_services_when_it_runs(tmp_path: Path) -> None:
    """The lazy service modules load on first use: `gep init` then `gep orgs` print real state."""
    env = {
        "PYTHONPATH": str(ROOT / "src"),
        "PATH": "/usr/bin:/bin",
        "GEP_DATABASE_URL": f"sqlite:///{tmp_path}/start.db",
        "GEP_DATA_DIR": str(tmp_path),
        "GEP_LANG": "en",
    }

    def gep(*argv: str) -> str:
        child = subprocess.run(
            [sys.executable, "-m", "gepmonitor", *argv], capture_output=True, text=True, env=env
        )
        assert child.returncode == 0, child.stderr
        return child.stdout

    gep("init", "--name", "Startorganisatie")
    assert gep("orgs").split() == ["default", "Startorganisatie"]
    gep("target", "set", "--band", "13+", "--share", "45", "--year", "2030")  # lazy service
    assert "45" in gep("target", "list")
    dutch = gep("--lang", "nl", "target", "list")  # the headings in Dutch too
    assert all(head in dutch for head in ("band", "streefwaarde", "jaar", "toelichting"))
    assert "note" not in dutch and "45,0%" in dutch


# Modules `gep --help` itself used to import: Typer's help printer (with Rich's Markdown renderer,
# markdown-it and Pygments) and the progress bar of `gep import personnel`.
HELP_PRINTER = ("typer.rich_utils", "rich.markdown", "rich.syntax", "rich.progress")
HELP_PRINTER_PACKAGES = ("markdown_it", "pygments")


def _help_state(*argv: str) -> dict[str, object]:
    """Run `gep ARGV --help` in a new process; return what it imported and which commands it built."""
    code = (
        "import contextlib, io, json, sys\n"
        "from gepmonitor import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    code = cli.run([*{list(argv)!r}, '--help'])\n"
        "tree = cli._COMMANDS['nl']\n"
        "print(json.dumps({'code': code, 'out': out.getvalue(), 'modules': sorted(sys.modules),\n"
        "    'unbuilt': sorted(tree.builders), 'built': sorted(set(tree.commands) - set(tree.builders)),\n"
        "    'import_unbuilt': sorted(getattr(tree.commands['import'], 'builders', {}))}))\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "GEP_LANG": "nl"},
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


def test_top_level_help_builds_no_command_and_imports_no_help_printer():
    state = _help_state()
    assert state["code"] == 0
    assert "Opdrachten" in state["out"] and "check-vacancy" in state["out"]
    modules = set(state["modules"])
    assert modules.isdisjoint(HELP_PRINTER), sorted(modules & set(HELP_PRINTER))
    assert not {name.split(".")[0] for name in modules} & set(HELP_PRINTER_PACKAGES)
    # Every command is listed from the index; none was built, no capability's module imported.
    assert modules.isdisjoint(registry.modules("cli")), sorted(
        modules & set(registry.modules("cli"))
    )
    assert state["built"] == []
    assert {"init", "monitor", "import", "report", "paygap"} <= set(state["unbuilt"])


def test_a_command_is_built_when_its_help_is_asked_and_its_siblings_are_not():
    state = _help_state("import", "personnel")
    assert state["code"] == 0
    assert "--peildatum" in state["out"] and "[verplicht]" in state["out"]
    assert state["built"] == ["import"]
    assert "personnel" not in state["import_unbuilt"]
    assert {"pay", "survey", "vacancies", "conversations"} <= set(state["import_unbuilt"])
    modules = set(state["modules"])
    assert modules.isdisjoint(HELP_PRINTER)
    loaded = sorted(modules & set(registry.modules("cli")))
    assert loaded == ["gepmonitor.personnel.cli"]


def test_the_command_index_lists_what_the_capabilities_register():
    """`gep` lists the capabilities' commands from cli_index.json: run `make cli-index`."""
    from gepmonitor import cli

    assert json.loads(cli.CLI_INDEX.read_text(encoding="utf-8")) == cli.index(), (
        "src/gepmonitor/cli_index.json is out of date: run `make cli-index`"
    )
