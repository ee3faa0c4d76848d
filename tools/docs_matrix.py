"""Rewrite the permission matrix in README.md and docs/web.md from the capabilities' declarations.

Each capability declares its permissions in `src/gepmonitor/<name>/permissions.py`; the table
between the `<!-- permission-matrix:start/end -->` markers is generated from them. Run
`make docs-matrix` after adding or changing a permission: until then
tests/web/test_route_matrix.py fails.
"""

from __future__ import annotations

from pathlib import Path

from gepmonitor.accounts.matrix import MATRIX_FILES, with_matrix

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Rewrite the matrix block of every file that shows it."""
    for name in MATRIX_FILES:
        path = ROOT / name
        text = path.read_text(encoding="utf-8")
        new = with_matrix(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
        print(f"{'wrote' if new != text else 'unchanged'} {name}")


if __name__ == "__main__":
    main()
