"""The Dutch catalogue: every msgid of the code and templates translated, placeholders kept,
compiled on first use, plurals through ngettext, templates through Jinja2's i18n extension."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from tools import messages

from gepmonitor.core import i18n
from gepmonitor.core.i18n import gettext, ngettext
from gepmonitor.core.templating import environment

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    return messages.extract()


def test_every_msgid_has_a_dutch_translation_with_the_same_placeholders(extracted):
    problems = messages.problems(extracted, messages.read())
    assert not problems, "\n".join(problems)


def test_extraction_finds_code_templates_errors_and_marked_texts(extracted):
    ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in extracted}
    assert "Logged in as {username} ({role})" in ids  # a template's _()
    assert "Unknown organisation '{slug}'. Known: {known}." in ids  # a domain error
    assert "undesirable behaviour" in ids  # an N_() vocabulary label
    assert "{count} problem found; nothing was written." in ids  # an ngettext pair
    assert len(ids) > 800


def test_every_error_class_raised_with_a_message_is_an_extraction_keyword():
    # An error class whose messages are not extracted shows them in English on a Dutch page.
    import ast

    raised: set[str] = set()
    bases: dict[str, set[str]] = {}  # class name -> its bases' names, from the source
    for path in (ROOT / "src" / "gepmonitor").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names = {b.id for b in node.bases if isinstance(b, ast.Name)}
                bases.setdefault(node.name, set()).update(names)
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                call = node.exc
                first = call.args[0] if call.args else None
                if (
                    isinstance(call.func, ast.Name)
                    and isinstance(first, ast.Constant)
                    and isinstance(first.value, str)
                ):
                    raised.add(call.func.id)

    def is_ours(name: str) -> bool:
        return name == "GepError" or any(is_ours(base) for base in bases.get(name, ()))

    ours = {name for name in raised if is_ours(name)}
    assert {"InputError", "SsoError", "SsoRefusedError"} <= ours
    assert ours <= set(messages.keywords()), sorted(ours - set(messages.keywords()))


def test_the_check_fails_on_a_missing_translation_and_on_different_placeholders():
    template = Catalog()
    template.add("Saved {n} rows.")
    template.add("Unknown {thing}.")
    template.add(("{n} row", "{n} rows"))
    dutch = Catalog(locale="nl")
    dutch.add("Saved {n} rows.", "{n} rijen opgeslagen.")
    dutch.add("Unknown {thing}.", "Onbekend {ding}.")
    dutch.add(("{n} row", "{n} rows"), ("één rij", "{n} rijen"))  # the singular may leave n out
    found = messages.problems(template, dutch)
    assert len(found) == 1 and "{thing}" in found[0] and "{ding}" in found[0]
    del dutch["Saved {n} rows."]
    assert any(
        p.startswith("no Dutch: 'Saved {n} rows.'") for p in messages.problems(template, dutch)
    )


def test_dutch_and_english_lookups_with_placeholders():
    assert gettext("Saved.", "nl") == "Opgeslagen."
    assert gettext("Saved.", "en") == "Saved."
    assert gettext("Unknown organisation '{slug}'. Known: {known}.", "nl", slug="x", known="a") == (
        "Onbekende organisatie 'x'. Bekend: a."
    )
    assert gettext("A text nobody translated {x}", "nl", x=1) == "A text nobody translated 1"


def test_plurals_through_ngettext():
    one = "{count} problem found; nothing was written."
    many = "{count} problems found; nothing was written."
    assert ngettext(one, many, 1, "nl", count=1) == "1 probleem gevonden; er is niets opgeslagen."
    assert ngettext(one, many, 5, "nl", count=5) == "5 problemen gevonden; er is niets opgeslagen."
    assert ngettext(one, many, 0, "en", count=0) == "0 problems found; nothing was written."
    assert ngettext(one, many, 1, "en", count=1) == "1 problem found; nothing was written."
    # the count may also be passed as a placeholder named n, as the project's texts do
    assert ngettext("{n} row", "{n} rows", 2, "en", n=2) == "2 rows"


def test_a_date_in_a_message_is_written_for_people():
    text = "Counsellor {code} was not serving on {day}."
    assert "op 2 januari 2025 niet" in gettext(text, "nl", code="VP-1", day=date(2025, 1, 2))
    assert gettext(text, "en", code="VP-1", day=date(2025, 1, 2)).endswith("on 2 January 2025.")


def test_templates_translate_with_the_i18n_extension():
    env = environment()
    source = (
        '{{ _("Saved.") }}|{{ _("Logged in as {username} ({role})", username=u, role="x") }}|'
        '{{ ngettext("{count} signal without a measure.", "{count} signals without a measure.",'
        " n, count=n) }}|{% trans %}Saved.{% endtrans %}"
    )
    template = env.from_string(source)
    nl = template.render(lang="nl", u="<b>", n=3)
    assert nl == ("Opgeslagen.|Ingelogd als &lt;b&gt; (x)|3 signalen zonder maatregel.|Opgeslagen.")
    assert template.render(lang="en", u="a", n=1).startswith("Saved.|Logged in as a (x)|1 signal")
    block = env.from_string("{% trans name=u %}Hello {{ name }}, 50% done{% endtrans %}")
    assert block.render(lang="nl", u="<b>") == "Hello &lt;b&gt;, 50% done"  # not in the catalogue


def test_the_catalogue_is_compiled_on_first_use_and_again_when_the_po_changes(
    tmp_path, monkeypatch
):
    locale = tmp_path / "locale"
    shutil.copytree(ROOT / "src" / "gepmonitor" / "locale", locale, ignore=_no_mo)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    folder = locale / "nl" / "LC_MESSAGES"
    i18n.catalogue.cache_clear()
    try:
        assert not list(folder.glob("*.mo"))
        assert gettext("Saved.", "nl") == "Opgeslagen."
        first = list(folder.glob("messages-*.mo"))
        assert len(first) == 1
        po = folder / "messages.po"
        po.write_text(
            po.read_text(encoding="utf-8").replace('"Opgeslagen."', '"Bewaard."'), encoding="utf-8"
        )
        i18n.catalogue.cache_clear()
        assert gettext("Saved.", "nl") == "Bewaard."
        second = list(folder.glob("messages-*.mo"))
        assert len(second) == 1 and second != first  # the stale one is gone
    finally:
        i18n.catalogue.cache_clear()


def test_a_read_only_package_compiles_into_the_user_cache(tmp_path, monkeypatch):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    locale = tmp_path / "locale"
    shutil.copytree(ROOT / "src" / "gepmonitor" / "locale", locale, ignore=_no_mo)
    folder = locale / "nl" / "LC_MESSAGES"
    folder.chmod(0o555)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    i18n.catalogue.cache_clear()
    try:
        assert gettext("Saved.", "nl") == "Opgeslagen."
        assert list((tmp_path / "cache" / "gepmonitor" / "locale" / "nl").glob("messages-*.mo"))
    finally:
        folder.chmod(0o755)
        i18n.catalogue.cache_clear()


def _loaded_after_help(*args: str) -> str:
    """Run `gep ARGS --help` in a new process; return 'catalogues loaded, babel imported'."""
    code = (
        "import sys\n"
        "from gepmonitor.core import i18n\n"
        "assert i18n.gettext('Saved.', 'en') == 'Saved.'\n"
        "from gepmonitor import cli\n"
        f"sys.argv = ['gep', *{list(args)!r}, '--help']\n"
        "try:\n"
        "    cli.main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(i18n.catalogue.cache_info().currsize, 'babel' in sys.modules)\n"
    )
    env = {**os.environ, "COLUMNS": "100", "GEP_LANG": "nl"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def test_english_never_loads_the_catalogue_and_dutch_help_opens_the_compiled_one():
    assert _loaded_after_help("--lang", "en") == "0 False"
    i18n.catalogue.cache_clear()
    i18n.catalogue("nl")  # compiled and stored here, so the next process only opens the .mo
    assert _loaded_after_help() == "1 False"


def test_the_catalogue_ships_with_the_package():
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "**/*.po" in data["tool"]["setuptools"]["package-data"]["gepmonitor"]


def _no_mo(_folder: str, names: list[str]) -> list[str]:
    return [name for name in names if name.endswith(".mo")]
