"""The Dutch catalogue's upkeep: extract the msgids, update the .po, fold in other .po files.

`make messages` runs ``pybabel extract`` (babel.cfg, the keywords in the Makefile) into
build/messages.pot and then ``python tools/messages.py update build/messages.pot``, which adds
the command line's --help texts (read from the Typer command tree: they are no gettext calls)
and merges it into src/gepmonitor/locale/nl/LC_MESSAGES/messages.po: new msgids come in empty,
msgids no longer in the code go, nothing is fuzzy-matched, entries are sorted and carry no
line numbers (so two branches that add texts rarely conflict).

``python tools/messages.py fold FILE.po...`` adds the translations of other .po files
(for example /work/coord/nl/<branch>.po) to the catalogue; a msgid translated differently in
both is reported and keeps the catalogue's text.

``python tools/messages.py check`` lists msgids of the code without Dutch and translations
whose placeholders differ from their msgid (what tests/test_messages.py asserts).
"""

from __future__ import annotations

import io
import re
import shlex
import string
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "gepmonitor"
PO_FILE = SOURCE / "locale" / "nl" / "LC_MESSAGES" / "messages.po"
MAPPING = ROOT / "babel.cfg"
WIDTH = 100
HEADER = """Dutch texts of gepmonitor. The msgids are the English texts of the code and templates.
Update with `make messages`; see docs/development.md ("Texts and translations")."""
# Header fields that change on every run and would only cause merge conflicts.
VOLATILE = re.compile(
    r'^"(POT-Creation-Date|PO-Revision-Date|Last-Translator|Language-Team|Report-Msgid-Bugs-To'
    r'|Generated-By): .*\\n"\n',
    re.M,
)


def keywords() -> dict[str, object]:
    """Return the extraction keywords: Babel's defaults and the Makefile's BABEL_KEYWORDS."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^BABEL_KEYWORDS\s*:?=\s*((?:.*\\\n)*.*)$", text, re.M)
    assert match, "the Makefile defines BABEL_KEYWORDS"
    args = shlex.split(match.group(1).replace("\\\n", " "))
    names = [args[i + 1] for i, arg in enumerate(args) if arg == "-k"]
    from babel.messages.extract import DEFAULT_KEYWORDS

    return {**DEFAULT_KEYWORDS, **parse_keywords(names)}


def extract() -> Catalog:
    """Return every msgid of the code and the templates, as `make messages` extracts them."""
    with MAPPING.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    template = Catalog(project="gepmonitor")
    found = extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords(), strip_comment_tags=True
    )
    for filename, lineno, message, comments, context in found:
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    add_cli_help(template)
    return template


def add_cli_help(template: Catalog) -> None:
    """Add the --help texts of the command line (Typer keeps them outside gettext calls)."""
    from gepmonitor.cli import whole_command
    from gepmonitor.core.clihelp import help_texts

    for text in sorted(help_texts(whole_command())):
        if text not in template:
            template.add(text, None, [("gep --help", 0)])


def read(path: Path = PO_FILE) -> Catalog:
    """Return a .po file as a catalogue."""
    with path.open("rb") as handle:
        return read_po(handle, locale="nl")


def write(catalogue: Catalog, path: Path = PO_FILE) -> None:
    """Write the catalogue sorted, without line numbers or volatile header fields."""
    catalogue.header_comment = "\n".join(f"# {line}" for line in HEADER.splitlines())
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalogue,
        width=WIDTH,
        no_location=True,
        omit_header=False,
        sort_output=True,
        ignore_obsolete=True,
    )
    path.write_text(VOLATILE.sub("", buffer.getvalue().decode("utf-8")), encoding="utf-8")


def update(template: Catalog) -> Catalog:
    """Merge the extracted msgids into the catalogue: new ones empty, gone ones dropped."""
    catalogue = read()
    catalogue.update(template, no_fuzzy_matching=True, update_header_comment=False)
    write(catalogue)
    return catalogue


def fold(paths: Iterable[Path]) -> list[str]:
    """Add the translations of other .po files; return the conflicts (catalogue text kept)."""
    catalogue = read()
    conflicts = []
    for path in paths:
        for message in read(path):
            if not message.id or not _translated(message):
                continue
            existing = catalogue.get(message.id)
            same_shape = existing is not None and existing.id == message.id  # both plural or not
            if same_shape and _translated(existing) and existing.string != message.string:
                conflicts.append(f"{path.name}: {message.id!r}: kept {existing.string!r}")
                continue
            if existing is not None:  # Babel's __setitem__ would keep the old (empty) text
                del catalogue[message.id]
            catalogue[message.id] = Message(message.id, message.string, flags=message.flags)
    write(catalogue)
    return conflicts


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings) and "fuzzy" not in message.flags


def placeholders(text: str) -> set[str]:
    """Return the {name} and %(name)s placeholders of a text ('{' '}' doubled are literal)."""
    names = set(re.findall(r"%\((\w+)\)[sd]", text))
    try:
        names |= {f"{{{name}}}" for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        names.add("<unbalanced braces>")
    return names


def problems(template: Catalog, catalogue: Catalog) -> list[str]:
    """Return msgids without Dutch and translations whose placeholders differ."""
    found = []
    for message in template:
        if not message.id:
            continue
        key = message.id
        translated = catalogue.get(key)
        singular = key[0] if isinstance(key, tuple) else key
        where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
        if translated is None or not _translated(translated):
            found.append(f"no Dutch: {singular!r} ({where})")
            continue
        wanted = set().union(*(placeholders(k) for k in (key if isinstance(key, tuple) else [key])))
        strings = translated.string
        forms = list(strings) if isinstance(strings, tuple | list) else [strings]
        for index, form in enumerate(forms):
            have = placeholders(form)
            plural_singular = isinstance(key, tuple) and index == 0 and len(forms) > 1
            if have != wanted and not (plural_singular and have <= wanted):
                found.append(
                    f"placeholders differ: {singular!r} has {sorted(wanted)}, "
                    f"Dutch {form!r} has {sorted(have)}"
                )
    return found


def main(argv: list[str]) -> int:
    """Run update, fold or check."""
    command, *args = argv or ["check"]
    if command == "update":
        with open(args[0], "rb") as handle:
            template = read_po(handle)
        add_cli_help(template)
        catalogue = update(template)
        untranslated = [m.id for m in catalogue if m.id and not _translated(m)]
        print(f"{len(catalogue)} msgids; {len(untranslated)} without Dutch")
        for msgid in untranslated:
            print(f"  no Dutch: {msgid!r}")
        return 0
    if command == "fold":
        for line in fold(Path(a) for a in args):
            print("conflict:", line)
        return 0
    if command == "check":
        found = problems(extract(), read())
        print("\n".join(found) or "every msgid has Dutch with the same placeholders")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
