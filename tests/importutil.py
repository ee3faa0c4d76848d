"""Checks shared by the import tests: every problem listed once, with row, column and message."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli_main import gep

from gepmonitor.core.errors import ValidationFailedError

# (row, column) -> a part of the English message of the problem found there.
Expected = dict[tuple[int, str], str]


def assert_every_problem(error: ValidationFailedError, file: str, expected: Expected) -> None:
    """Check the problems are exactly the expected ones, each on its own line with its message."""
    assert sorted((p.row, p.column) for p in error.problems) == sorted(expected)
    english = error.render("en").splitlines()
    count = len(expected)
    assert english[0] == f"{count} problem{'' if count == 1 else 's'} found; nothing was written."
    for (row, column), message in expected.items():
        assert any(
            line.startswith(f"{file}, row {row}, column '{column}'") and message in line
            for line in english[1:]
        ), (row, column)


def assert_command_lists_every_problem(
    cli_env: dict[str, str], command: str, path: Path, expected: Expected, *extra: str
) -> None:
    """Run `gep import COMMAND PATH [EXTRA]` in Dutch and English: exit 2, one block, no traceback."""
    for options, row, column in (((), "rij", "kolom"), (("--lang", "en"), "row", "column")):
        result = gep(cli_env, *options, "import", command, str(path), *extra)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 + len(expected), result.stderr
        for number, name in expected:
            assert any(f"{path.name}, {row} {number}, {column} '{name}'" in x for x in lines)
