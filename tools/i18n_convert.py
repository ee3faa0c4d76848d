"""Convert key-based texts (``register({"key": (dutch, english)})``) to gettext msgids.

The mechanical part of issue 10 item 3, re-runnable on code that lands later in the old style:

1. Collect every ``register``/``_register``/``register_messages`` call (AST): key -> (nl, en),
   together with the keys converted before (``tools/i18n_keys.json``).
2. In Python files, replace each string literal that is a key with its English text: as is
   where it is the msgid argument of a gettext-style call (``gettext``, ``_t``, ``ngettext``,
   ``flash``, the domain errors), wrapped in ``N_(...)`` anywhere else so extraction finds it.
   Keys without a dot ("yes", "no", "suppressed") are replaced only in msgid positions.
   Remove the register calls and their imports.
3. In templates, replace ``_("key")``/``gettext("key")`` with the English text.
4. Put the Dutch into ``src/gepmonitor/locale/nl/LC_MESSAGES/messages.po``.

What it cannot do is printed at the end: keys built at run time (f"role.{role}"), key literals
left in templates outside ``_()``, modules left with nothing but a docstring. Those are
converted by hand (explicit dicts of ``N_("...")`` texts).

Usage: .venv/bin/python tools/i18n_convert.py [--dry-run] [paths...]
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "gepmonitor"
KEYMAP = ROOT / "tools" / "i18n_keys.json"
PO_FILE = SRC / "locale" / "nl" / "LC_MESSAGES" / "messages.po"
REGISTER_NAMES = {"register", "_register", "register_messages"}
# function name -> positions of msgid arguments (the same list as BABEL_KEYWORDS in the Makefile)
ERROR_CLASSES = (
    "GepError",
    "ConfigError",
    "NotFoundError",
    "PermissionDeniedError",
    "ConflictError",
    "InputError",
)
MSGID_CALLS: dict[str, tuple[int, ...]] = {
    "gettext": (0,),
    "_t": (0,),
    "_": (0,),
    "N_": (0,),
    "ngettext": (0, 1),
    "t": (0,),  # the report modules' local shorthand for gettext(key, lang)
    "ValueProblem": (0,),
    "flash": (1,),
    "error_response": (2,),
    "form_day": (2,),
    "read_with_columns": (2,),
    **{name: (0,) for name in ERROR_CLASSES},
}
LINE_LENGTH = 100

# Keys whose English was shared by keys with a different Dutch text: each gets its own msgid
# (or the Dutch is made one). key -> (English, Dutch or None to keep).
OVERRIDES: dict[str, tuple[str, str | None]] = {
    "plan.check_button": ("Run the self-check", None),
    "recruitment.check_button": ("Check the text", None),
    "targets.note": ("Explanation", None),
    "safety.sheet_reports": ("Formal reports", None),
    "recruitment.col_closed": ("closed on", None),
    "safety.outcome.closed": ("completed", None),
    "monitor.men": ("men", "mannen"),
    "survey.value.gender.m": ("men", "mannen"),
    "safety.t_men": ("men", "mannen"),
    "monitor.women": ("women", "vrouwen"),
    "survey.value.gender.v": ("women", "vrouwen"),
    "safety.t_women": ("women", "vrouwen"),
    "recruitment.col_title": ("job title", None),
    "recruitment.e_title": ("job title", None),
    "report.unit": ("unit", "afdeling"),
    "survey.by.unit": ("unit", "afdeling"),
    "field.unit": ("unit", "afdeling"),
}


def collect(paths: list[Path]) -> dict[str, tuple[str, str]]:
    """Return key -> (nl, en) from every register call in the given files."""
    entries: dict[str, tuple[str, str]] = {}
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not _is_register(node):
                continue
            assert isinstance(node, ast.Call)
            arg = node.args[0]
            if not isinstance(arg, ast.Dict):
                print(f"MANUAL {path}:{node.lineno}: register() of something not a dict literal")
                continue
            for key_node, value_node in zip(arg.keys, arg.values, strict=True):
                try:
                    key = ast.literal_eval(key_node)  # type: ignore[arg-type]
                    dutch, english = ast.literal_eval(value_node)
                except ValueError:
                    print(f"MANUAL {path}:{value_node.lineno}: {ast.unparse(value_node)[:70]}")
                    continue
                entries[key] = (dutch, english)
    return entries


def _is_register(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in REGISTER_NAMES
        and len(node.args) == 1
    )


def load_keymap() -> dict[str, tuple[str, str]]:
    """Return the keys converted by earlier runs: key -> (English msgid, Dutch)."""
    if not KEYMAP.exists():
        return {}
    return {key: (en, nl) for key, (en, nl) in json.loads(KEYMAP.read_text()).items()}


def build_map(entries: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """Return key -> (English msgid, Dutch), with the overrides applied."""
    mapping = load_keymap()
    for key, (dutch, english) in entries.items():
        english_override, dutch_override = OVERRIDES.get(key, (english, None))
        mapping[key] = (english_override, dutch_override or dutch)
    return mapping


class Edit:
    """One replacement of a source span (line/column as the ast gives them, 1-based lines)."""

    def __init__(self, node: ast.AST, text: str) -> None:
        self.start = (node.lineno, node.col_offset)  # type: ignore[attr-defined]
        self.end = (node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
        self.text = text


def apply_edits(source: str, edits: list[Edit]) -> str:
    """Apply edits (ast offsets are UTF-8 byte offsets) from the last to the first."""
    lines = [line.encode() for line in source.splitlines(keepends=True)]
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    data = b"".join(lines)
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        start = offsets[edit.start[0] - 1] + edit.start[1]
        end = offsets[edit.end[0] - 1] + edit.end[1]
        data = data[:start] + edit.text.encode() + data[end:]
    return data.decode()


def literal(text: str) -> str:
    """Return a double-quoted Python literal for text."""
    return json.dumps(text, ensure_ascii=False)


def _call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def convert_python(path: Path, mapping: dict[str, tuple[str, str]], report: list[str]) -> str:
    """Return the file's source with keys replaced and register calls removed."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    skip: set[int] = set()
    edits: list[Edit] = []
    needs_n = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and _is_register(node.value):
            skip.update(id(n) for n in ast.walk(node))
            edits.append(Edit(node, "pass  # i18n-convert: register removed"))
        elif isinstance(node, ast.JoinedStr):
            skip.update(id(n) for n in ast.walk(node))
        elif isinstance(node, ast.ImportFrom) and node.module == "gepmonitor.core.i18n":
            kept = [a for a in node.names if a.name != "register"]
            if len(kept) != len(node.names):
                skip.update(id(n) for n in ast.walk(node))
                text = (
                    "from gepmonitor.core.i18n import "
                    + ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in kept)
                    if kept
                    else "pass  # i18n-convert: import removed"
                )
                edits.append(Edit(node, text))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in MSGID_CALLS:
            built = [
                node.args[i]
                for i in MSGID_CALLS[_call_name(node) or ""]
                if i < len(node.args) and isinstance(node.args[i], ast.JoinedStr | ast.BinOp)
            ]
            if built:
                report.append(f"MANUAL {path}:{node.lineno}: msgid built at run time")
        if (
            id(node) in skip
            or not isinstance(node, ast.Constant)
            or not isinstance(node.value, str)
        ):
            continue
        entry = mapping.get(node.value)
        if entry is None:
            continue
        parent = parents.get(id(node))
        in_msgid_position = False
        if isinstance(parent, ast.Call):
            name = _call_name(parent)
            positions = MSGID_CALLS.get(name or "", ())
            in_msgid_position = any(
                i < len(parent.args) and parent.args[i] is node for i in positions
            )
        if "." not in node.value and not in_msgid_position:
            report.append(f"CHECK {path}:{node.lineno}: literal {node.value!r} left as is")
            continue
        if isinstance(parent, ast.Expr):  # a docstring or a bare string
            continue
        text = literal(entry[0])
        if not in_msgid_position:
            text = f"N_({text})"
            needs_n = True
            report.append(f"N_ {path.relative_to(ROOT)}:{node.lineno}: {node.value}")
        edits.append(Edit(node, text))
    if not edits:
        return source
    result = apply_edits(source, edits)
    result = re.sub(r"\n[ \t]*pass  # i18n-convert: (register|import) removed[^\n]*", "", result)
    if needs_n and not re.search(r"^from gepmonitor\.core\.i18n import .*\bN_\b", result, re.M):
        result = _add_import(result, "from gepmonitor.core.i18n import N_")
    return result


def _add_import(source: str, line: str) -> str:
    """Insert an import after the last top-level import (ruff sorts them afterwards)."""
    tree = ast.parse(source)
    imports = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    lines = source.splitlines(keepends=True)
    at = imports[-1].end_lineno if imports else 1  # type: ignore[union-attr]
    assert at is not None
    lines.insert(at, line + "\n")
    return "".join(lines)


TEMPLATE_CALL = re.compile(r"""\b(_|gettext|ngettext)\(\s*(["'])([^"'\n]+)\2""")
TEMPLATE_KEY = re.compile(r"""["']([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)+)["']""")


def convert_template(path: Path, mapping: dict[str, tuple[str, str]], report: list[str]) -> str:
    """Return the template with `_("key")` calls turned into `_("English")`."""
    source = path.read_text(encoding="utf-8")

    def replace(match: re.Match[str]) -> str:
        entry = mapping.get(match.group(3))
        if entry is None:
            return match.group(0)
        return f"{match.group(1)}({literal(entry[0])}"

    result = TEMPLATE_CALL.sub(replace, source)
    for number, line in enumerate(result.splitlines(), 1):
        for match in TEMPLATE_KEY.finditer(line):
            if match.group(1) in mapping:
                report.append(f"MANUAL {path.relative_to(ROOT)}:{number}: key {match.group(1)}")
        if re.search(r"""\b_\(\s*["'][^"']*["']\s*~""", line):
            report.append(f"MANUAL {path.relative_to(ROOT)}:{number}: _() of a built key")
    return result


def update_catalogue(mapping: dict[str, tuple[str, str]], report: list[str]) -> None:
    """Add every key's English msgid with its Dutch to the catalogue (existing entries stay)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    if PO_FILE.exists():
        with PO_FILE.open("rb") as handle:
            catalogue = read_po(handle, locale="nl")
    else:
        catalogue = Catalog(locale="nl", project="gepmonitor", fuzzy=False)
    for english, dutch in mapping.values():
        existing = catalogue.get(english)
        if existing is not None and existing.string and existing.string != dutch:
            report.append(f"CONFLICT {english!r}: catalogue {existing.string!r}, key {dutch!r}")
            continue
        if existing is None or not existing.string:
            catalogue.add(english, dutch)
    PO_FILE.parent.mkdir(parents=True, exist_ok=True)
    with PO_FILE.open("wb") as handle:
        write_po(handle, catalogue, width=LINE_LENGTH, no_location=True, sort_output=True)


def split_long_strings(path: Path) -> bool:
    """Split string literals on lines over the line length into implicit concatenations."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    edits: list[Edit] = []
    inside_fstring: set[int] = set()
    bracketed: set[int] = set()  # strings whose parent already brackets a concatenation
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            inside_fstring.update(id(n) for n in ast.walk(node))
        if isinstance(node, ast.Call | ast.List | ast.Dict | ast.Set) or (
            isinstance(node, ast.Tuple) and lines[node.lineno - 1][node.col_offset :][:1] == "("
        ):
            bracketed.update(id(child) for child in ast.iter_child_nodes(node))
        if isinstance(node, ast.keyword):
            bracketed.add(id(node.value))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in inside_fstring
            and node.lineno == node.end_lineno
            and len(lines[node.lineno - 1]) > LINE_LENGTH
            and " " in node.value
        ):
            indent = len(lines[node.lineno - 1]) - len(lines[node.lineno - 1].lstrip())
            width = LINE_LENGTH - indent - 8
            chunks = _chunks(node.value, width)
            if len(chunks) < 2:
                continue
            pad = " " * (indent + 4)
            body = "\n".join(pad + literal(chunk) for chunk in chunks)
            if id(node) in bracketed:
                edits.append(Edit(node, body.lstrip()))
            else:
                edits.append(Edit(node, "(\n" + body + "\n" + " " * indent + ")"))
    if not edits:
        return False
    path.write_text(apply_edits(source, edits), encoding="utf-8")
    return True


def _chunks(text: str, width: int) -> list[str]:
    words = re.findall(r"\S+\s*", text)
    chunks = [""]
    for word in words:
        if chunks[-1] and len(chunks[-1]) + len(word) > width:
            chunks.append("")
        chunks[-1] += word
    return chunks


def main(argv: list[str] | None = None) -> int:
    """Run the conversion over src (or the given files)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="files to convert (default: all)")
    parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")
    parser.add_argument("--tests", action="store_true", help="convert key literals in tests/ too")
    parser.add_argument(
        "--tests-only", action="store_true", help="convert key literals in tests/ only"
    )
    args = parser.parse_args(argv)
    python_files = sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)
    templates = sorted(SRC.rglob("*.html"))
    entries = collect(python_files)
    mapping = build_map(entries)
    if args.paths:
        chosen = {p.resolve() for p in args.paths}
        python_files = [p for p in python_files if p.resolve() in chosen]
        templates = [p for p in templates if p.resolve() in chosen]
    if args.tests_only:
        python_files, templates = [], []
    if args.tests or args.tests_only:
        python_files += sorted((ROOT / "tests").rglob("*.py"))
    report: list[str] = []
    changed: list[Path] = []
    for path in python_files:
        new = convert_python(path, mapping, report)
        if new != path.read_text(encoding="utf-8"):
            changed.append(path)
            if not args.dry_run:
                path.write_text(new, encoding="utf-8")
    for path in templates:
        new = convert_template(path, mapping, report)
        if new != path.read_text(encoding="utf-8"):
            changed.append(path)
            if not args.dry_run:
                path.write_text(new, encoding="utf-8")
    if not args.dry_run and not args.tests_only:
        update_catalogue(mapping, report)
        KEYMAP.write_text(
            json.dumps(mapping, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        python_changed = [str(p) for p in changed if p.suffix == ".py"]
        if python_changed:
            ruff = str(Path(sys.executable).parent / "ruff")
            subprocess.run([ruff, "format", "-q", *python_changed], check=False)
            for name in python_changed:
                split_long_strings(Path(name))
            subprocess.run([ruff, "check", "-q", "--fix", "--select", "I,F401", *python_changed])
            subprocess.run([ruff, "format", "-q", *python_changed], check=False)
    for line in report:
        print(line)
    print(
        f"{len(entries)} keys registered here, {len(mapping)} known; {len(changed)} files changed"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
