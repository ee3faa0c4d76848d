"""A seeded fuzzer over every importer and the vacancy checker, through the `gep` command.

Each case takes a valid seed file of one target (personnel CSV/XLSX and mapping file, vacancies,
conversations, survey answers and mapping, attendance, a vacancy text), mutates it a few times
(bytes, encodings, separators, quotes, line ends, Rich markup, formula starts, huge numbers and
fields, XLSX cells) with a random generator seeded by the case number, and runs the real command
in-process. A case ends in one of:

- accepted: exit code 0;
- refused: exit code 2 with one clear message, and not one row of any table changed;
- internal error: exit code 1 ("Internal error ...");
- traceback: an exception escaped the command (also while printing its error).

Pay files go through `gep import pay`. The goal is no internal errors, no tracebacks and no changed rows after a refusal. `make fuzz`
runs 10,000 cases (bench/fuzz.py); the test suite runs a fixed corpus (tests/test_fuzz.py).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import random
import shutil
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, text

TEST_SECRET = "fuzz-secret-key-not-for-production"
PEILDATUM = "2024-12-31"

PERSONNEL_HEADER = [
    "Personeelsnummer",
    "Geslacht",
    "Geboortejaar",
    "Salarisschaal",
    "Trede",
    "FTE",
    "Afdeling",
    "Leidinggevende",
    "Contractsoort",
    "Datum in dienst",
    "Datum uit dienst",
    "Reden uit dienst",
    "Salaris",
]
VACANCY_HEADER = (
    "reference;title;scale;opened;closed;applicants_m;applicants_v;shortlisted_m;shortlisted_v;"
    "suitable_m;suitable_v;appointed_gender;appointed_on;explanation;approver;"
    "competences_hard;competences_soft"
)
CONVERSATION_HEADER = (
    "counsellor,date,track,themes,person,hierarchical,source,referral,formal,outcome,org"
)
SURVEY_MAPPING = """\
scale: {min: 1, max: 5}
favourable_from: 4
background: {gender: Geslacht, manager: Leidinggevende, unit: Afdeling}
constructs:
  wp: {items: [wp1, wp2], label: Werkplezier}
experiences:
  pesten: {type: bullying, source: colleagues}
"""
PERSONNEL_MAPPING = """\
columns:
  Pers.nr: personnel_number
  M/V code: gender
  Schaalnummer: scale
  Opmerking: ignore
values:
  gender:
    "1": m
    "2": v
"""
PAY_HEADER = "Personeelsnummer;Naam;Geslacht;Schaal;Betaalde uren;Basissalaris;IKB;Toelagen;Bonus"
PAY_ROWS = [
    "1001;Jan;M;11;1.872;52.000,00;8.512,40;;",
    "1002;Els;V;11;1.872;50.000,00;8.185,00;1.200,50;",
    "1003;Sam;X;11;936;26.000,00;€ 4.256,20;;",
    "1004;Kim;V;13;1.664;55.000;9.003,50;;2.000",
]
VACANCY_TEXT = (
    "Wij zoeken een gedreven en stressbestendige beleidsmedewerker (m/v) voor ons jonge team. "
    "Hij is een echte teamspeler en native speaker Nederlands. Je werkt aan mobiliteit.\n\n"
    "We are looking for an ambitious, assertive analyst who thrives under pressure.\n"
)

# Text a spreadsheet, a terminal or a parser may treat specially.
TOKENS = [
    "[/]",
    "[bold]",
    "[red]x[/red]",
    "[link=http://x]",
    '=HYPERLINK("http://x","klik")',
    "+1",
    "-1+1",
    "@SUM(A1)",
    "\t",
    "\r",
    "\n",
    "\r\n",
    '"',
    '""',
    ";",
    ",",
    "\x00",
    "\x1b[31m",
    "\ufeff",
    "\u202e",
    "é",
    "€",
    "😀",
    "100000000000000000000",
    "-0",
    "1e309",
    "NaN",
    "inf",
    "2024-02-30",
    "0000-00-00",
    "9999-12-31",
    "31-12-2024",
    "  ",
    "ja",
    "nee",
    "v",
    "m",
    "x",
    "onbekend",
    "{",
    "}",
    "*a",
    "&a",
    "!!python/object:os.system",
    "%",
    "{count}",
    "{0}",
    "\\",
    "²",
    "①",
    "١٢",
    "99999999999",
    "-5",
    "1.5",
    "1,5",
]


@dataclass(frozen=True)
class Case:
    """One fuzz case: the target, what was done to its seed, the file and its name."""

    number: int
    target: str
    mutations: tuple[str, ...]
    data: bytes
    suffix: str


@dataclass
class Outcome:
    """How one case ended."""

    case: Case
    kind: str  # accepted, refused, internal_error, traceback
    message: str = ""
    changed: bool = False  # a table changed although the file was refused


@dataclass
class Summary:
    """The totals of a fuzz run."""

    cases: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    by_target: Counter[str] = field(default_factory=Counter)
    changed_after_refusal: int = 0
    failures: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        """Count an outcome; keep failing ones for the report."""
        self.cases += 1
        self.by_kind[outcome.kind] += 1
        self.by_target[outcome.case.target] += 1
        self.changed_after_refusal += outcome.changed
        if outcome.kind in ("internal_error", "traceback") or outcome.changed:
            self.failures.append(outcome)

    def as_dict(self, limit: int | None = 20) -> dict[str, object]:
        """Return the totals as plain values (for bench/results.json), the first `limit`
        failures with them (all when None)."""
        return {
            "cases": self.cases,
            "accepted": self.by_kind["accepted"],
            "refused": self.by_kind["refused"],
            "internal_errors": self.by_kind["internal_error"],
            "tracebacks": self.by_kind["traceback"],
            "changed_rows_after_refusal": self.changed_after_refusal,
            "by_target": dict(sorted(self.by_target.items())),
            "failures": [
                {
                    "case": f.case.number,
                    "target": f.case.target,
                    "mutations": list(f.case.mutations),
                    "kind": f.kind,
                    "message": f.message[-400:],
                }
                for f in self.failures[:limit]
            ],
        }


# --- seeds ---------------------------------------------------------------------------------


def _csv(header: list[str], rows: list[list[str]], delimiter: str = ";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _personnel_rows(rng: random.Random, count: int = 12) -> list[list[str]]:
    rows = []
    for number in range(count):
        rows.append(
            [
                str(100000 + number),
                rng.choice(["V", "M", "X", "Vrouw", "Man", ""]),
                str(rng.randint(1960, 2002)),
                rng.choice(["8", "10", "11", "schaal 12", "13", "trainee"]),
                str(rng.randint(0, 12)),
                rng.choice(["1", "0,8", "0.9", "80%"]),
                rng.choice(["Mobiliteit", "Natuur", "Financiën"]),
                rng.choice(["ja", "nee", ""]),
                rng.choice(["vast", "tijdelijk"]),
                "2015-03-01",
                "",
                "",
                rng.choice(["€ 4.250,00", "3875.50", ""]),
            ]
        )
    return rows


def _fixed_zip(data: bytes) -> bytes:
    """Return a workbook or Word file without the time it was made (its zip entries' dates and
    docProps/core.xml), so that a case number makes the same bytes in every run."""
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(
                    rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-01-01T00:00:00Z", content
                )
            info = zipfile.ZipInfo(item.filename, (2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return out.getvalue()


def _xlsx(header: list[str], rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _docx(text: str) -> bytes:
    from docx import Document

    document = Document()
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def seeds() -> dict[str, list[tuple[str, bytes]]]:
    """Return valid seed files (suffix, bytes) per target."""
    rng = random.Random(0)
    personnel = _personnel_rows(rng)
    vacancy_rows = [
        "R1;Jurist;11;2023-03-01;;5;9;2;3;1;2;v;2023-05-01;;;Omgevingsrecht;samenwerken",
        "R2;Teamleider;13;2023-02-01;2023-06-01;8;6;3;2;2;1;;;;;;",
        "R3;Adviseur;9;2023-04-01;;3;4;1;1;1;1;m;2023-06-01;;;;",
    ]
    conversation_rows = [
        "VP-1,2024-03-01,undesirable_behaviour,bullying,P1,ja,colleague,none,nee,advice,",
        "VP-1,2024-04-02,undesirable_behaviour,discrimination|other,P2,nee,manager,none,nee,"
        "advice,",
    ]
    survey_rows = [
        ["v", "nee", "HR", "4", "5", "nee"],
        ["m", "ja", "ICT", "3", "2", "ja"],
        ["x", "", "HR", "2", "4", ""],
    ]
    survey_head = ["Geslacht", "Leidinggevende", "Afdeling", "wp1", "wp2", "pesten"]
    mapped_head = ["Pers.nr", "M/V code", "Schaalnummer", "FTE", "Opmerking"]
    mapped_rows = [[str(200 + n), str(1 + n % 2), str(8 + n % 6), "1", "x"] for n in range(8)]
    return {
        "personnel": [
            (".csv", _csv(PERSONNEL_HEADER, personnel)),
            (".csv", _csv(PERSONNEL_HEADER, personnel, ",")),
            (".xlsx", _xlsx(PERSONNEL_HEADER, [list(r) for r in personnel])),
        ],
        "personnel_mapping": [(".yaml", PERSONNEL_MAPPING.encode("utf-8"))],
        "vacancies": [(".csv", "\n".join([VACANCY_HEADER, *vacancy_rows]).encode("utf-8"))],
        "conversations": [
            (".csv", "\n".join([CONVERSATION_HEADER, *conversation_rows]).encode("utf-8"))
        ],
        "survey": [(".csv", _csv(survey_head, survey_rows))],
        "survey_mapping": [(".yaml", SURVEY_MAPPING.encode("utf-8"))],
        "attendance": [(".csv", b"personeelsnummer\n100001\n100002\n100003\n")],
        "pay": [
            (".csv", "\r\n".join([PAY_HEADER, *PAY_ROWS]).encode("cp1252")),
            (".xlsx", _xlsx(PAY_HEADER.split(";"), [r.split(";") for r in PAY_ROWS])),
        ],
        "vacancy_text": [
            (".txt", VACANCY_TEXT.encode("utf-8")),
            (".html", f"<html><body><p>{VACANCY_TEXT}</p></body></html>".encode()),
            (".docx", _docx(VACANCY_TEXT)),
        ],
        "_mapped_personnel": [(".csv", _csv(mapped_head, mapped_rows))],
    }


TARGETS = (
    "personnel",
    "personnel_mapping",
    "vacancies",
    "conversations",
    "survey",
    "survey_mapping",
    "attendance",
    "pay",
    "vacancy_text",
)


# --- mutations -----------------------------------------------------------------------------


def _text_of(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _insert_token(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    token = rng.choice(TOKENS)
    text = _text_of(data)
    at = rng.randrange(len(text) + 1)
    return f"insert {token!r}", (text[:at] + token + text[at:]).encode("utf-8")


def _replace_cell(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    """Replace one cell of a delimited text by a token or a long run of characters."""
    text = _text_of(data)
    lines = text.split("\n")
    line = rng.randrange(len(lines))
    sep = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    cells = lines[line].split(sep)
    index = rng.randrange(len(cells))
    token = rng.choice(TOKENS) if rng.random() < 0.8 else "x" * rng.choice([300, 5000, 140000])
    cells[index] = token
    lines[line] = sep.join(cells)
    return f"cell {line}:{index}={token[:20]!r}", "\n".join(lines).encode("utf-8")


def _flip_bytes(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if buffer:
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    return "flip bytes", bytes(buffer)


def _cut(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    if not data:
        return "cut", data
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.randint(1, 64))
    if rng.random() < 0.5:
        return f"truncate at {start}", data[:start]
    return f"cut {start}-{end}", data[:start] + data[end:]


def _duplicate(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    if not data:
        return "duplicate", data
    start = rng.randrange(len(data))
    end = min(len(data), start + rng.randint(1, 200))
    return f"duplicate {start}-{end}", data[:end] + data[start:end] + data[end:]


def _encoding(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    text = _text_of(data)
    choice = rng.choice(
        ["utf-16", "utf-16-le", "utf-16-be", "utf-16 odd", "bom+utf-8", "cp1252", "latin-1",
         "bom twice", "utf-16 bom+utf-8", "utf-32"]
    )  # fmt: skip
    if choice == "utf-16 odd":
        return choice, text.encode("utf-16")[:-1]
    if choice == "bom+utf-8":
        return choice, b"\xef\xbb\xbf" + text.encode("utf-8")
    if choice == "bom twice":
        return choice, b"\xef\xbb\xbf\xef\xbb\xbf" + text.encode("utf-8")
    if choice == "utf-16 bom+utf-8":
        return choice, b"\xff\xfe" + text.encode("utf-8")
    try:
        return choice, text.encode(choice)
    except UnicodeEncodeError:
        return choice, text.encode(choice, errors="replace")


def _line_ends(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    # rb"\u2028" is the six characters \u2028 (as the first version of this list made them, by
    # mistake); kept so that a case number still makes the same file as in earlier runs.
    end = rng.choice([b"\r", b"\r\n", b"\n\n", b"\r\r\n", b"\x85", rb"\u2028"])
    return f"line ends {end!r}", data.replace(b"\n", end)


def _separator(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    old, new = rng.choice([(b";", b","), (b",", b";"), (b";", b"\t"), (b",", b"|")])
    return f"separator {old!r}->{new!r}", data.replace(old, new)


def _many_rows(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    lines = data.split(b"\n")
    if len(lines) < 2:
        return "many rows", data
    body = lines[1:] * rng.choice([2, 20, 200])
    return f"rows x{len(body)}", b"\n".join([lines[0], *body])


def _quote(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    at = rng.randrange(len(data) + 1)
    return f"quote at {at}", data[:at] + b'"' + data[at:]


def _yaml(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    bombs = [
        b'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
        b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        b"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        b"columns: *f\nvalues: {gender: *f}\nconstructs: *f\n",
        b"columns: [1, 2]\n",
        b"columns: {a: [b]}\nvalues: {gender: [1]}\n",
        b"- a\n- b\n",
        b"!!python/object/apply:os.system ['true']\n",
        b"constructs: {wp: {items: []}}\n",
        b"constructs: {wp: {items: [wp1], reversed: [zz]}}\nbackground: {gender: 5}\n",
        b"scale: {min: 5, max: 1}\nconstructs: {wp: {items: [wp1]}}\n",
        b"\xff\xfe\x00\x00",
        b"columns:\n  " + b"a" * 5000 + b": gender\n",
        b"values: {gender: {'1': '[/]'}}\ncolumns: {'[bold]': gender}\n",
    ]
    if rng.random() < 0.5:
        bomb = rng.choice(bombs)
        return f"yaml {bomb[:30]!r}", bomb
    return _insert_token(rng, data)


def _xlsx_cells(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    """Rewrite a workbook with odd cell values (huge ints, floats, dates, booleans, errors)."""
    values: list[object] = [
        10**20,
        -(10**20),
        2**63,
        1e308,
        -1e-300,
        float("nan"),
        True,
        date(1, 1, 1),
        date(9999, 12, 31),
        "#DIV/0!",
        "=1/0",
        "[/]",
        "x" * 40000,
        "",
        None,
        0.1 + 0.2,
        12.999999999,
    ]
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - not a workbook any more: mutate its bytes instead
        return _flip_bytes(rng, data)
    sheet = workbook.active
    assert sheet is not None
    done = []
    for _ in range(rng.randint(1, 4)):
        row, column = rng.randint(1, sheet.max_row), rng.randint(1, sheet.max_column)
        value = rng.choice(values)
        try:
            sheet.cell(row, column).value = value  # type: ignore[assignment]
        except Exception:  # noqa: BLE001 - openpyxl refuses some values: keep the old one
            continue
        done.append(f"{row}:{column}={str(value)[:12]}")
    buffer = io.BytesIO()
    try:
        workbook.save(buffer)
    except Exception:  # noqa: BLE001
        return "xlsx unchanged", data
    return "xlsx " + ",".join(done), _fixed_zip(buffer.getvalue())


TEXT_MUTATIONS: list[Callable[[random.Random, bytes], tuple[str, bytes]]] = [
    _insert_token,
    _replace_cell,
    _replace_cell,
    _flip_bytes,
    _cut,
    _duplicate,
    _encoding,
    _line_ends,
    _separator,
    _many_rows,
    _quote,
]


def make_case(number: int, seed_files: dict[str, list[tuple[str, bytes]]]) -> Case:
    """Return case `number`: a target's seed with one to three mutations, all from the number."""
    rng = random.Random(number)
    target = TARGETS[number % len(TARGETS)]
    suffix, data = rng.choice(seed_files[target])
    done = []
    for _ in range(rng.randint(1, 3)):
        if suffix == ".yaml":
            name, data = _yaml(rng, data)
        elif suffix in (".xlsx", ".docx") and rng.random() < 0.7:
            name, data = _xlsx_cells(rng, data) if suffix == ".xlsx" else _flip_bytes(rng, data)
        else:
            name, data = rng.choice(TEXT_MUTATIONS)(rng, data)
        done.append(name)
    if rng.random() < 0.03:
        suffix = rng.choice([".xlsx", ".csv", ".txt", ".pdf", ".docx", ""])
        done.append(f"named {suffix or 'without suffix'}")
    return Case(number, target, tuple(done), data, suffix)


def cases(first: int, count: int) -> Iterator[Case]:
    """Yield cases first .. first + count - 1."""
    seed_files = seeds()
    for number in range(first, first + count):
        yield make_case(number, seed_files)


# --- running -------------------------------------------------------------------------------


class Instance:
    """A gepmonitor instance (SQLite) prepared for every target; reset after accepted cases.

    settings: more GEP_* variables for every command (the test suite's corpus lowers
    GEP_IMPORT_MAX_ROWS, so that a case that multiplies its rows a million times costs a
    fraction of a second).
    """

    def __init__(self, folder: Path, settings: dict[str, str] | None = None) -> None:
        self.folder = folder
        self.data_dir = folder / "data"
        self.database = self.data_dir / "gepmonitor.db"
        self.baseline = folder / "baseline.db"
        self.env = {
            "GEP_DATA_DIR": str(self.data_dir),
            "GEP_DATABASE_URL": f"sqlite:///{self.database}",
            "GEP_SECRET_KEY": TEST_SECRET,
            "GEP_LANG": "en",
            **(settings or {}),
        }
        self._active = False  # inside active(): the variables are set, the settings built
        self._engine: Engine | None = None  # the fingerprint's, while the database file stays
        self.files = folder / "files"
        self.files.mkdir(parents=True, exist_ok=True)
        seed_files = seeds()
        (self.files / "mapping.yaml").write_text(PERSONNEL_MAPPING, encoding="utf-8")
        (self.files / "survey.yaml").write_text(SURVEY_MAPPING, encoding="utf-8")
        (self.files / "mapped.csv").write_bytes(seed_files["_mapped_personnel"][0][1])
        (self.files / "survey.csv").write_bytes(seed_files["survey"][0][1])
        self._prepare()

    def _prepare(self) -> None:
        for args in (
            ["init"],
            ["safety", "counsellor-add", "--code", "VP-1", "--track", "undesirable_behaviour"]
            + ["--from", "2020-01-01"],
            ["plan", "event-add", "--title", "Dag", "--date", "2024-06-12"],
        ):
            code, out, err, error = self.run(args)
            assert code == 0 and error is None, (args, out, err, error)
        self._release()
        shutil.copy(self.database, self.baseline)

    def _release(self) -> None:
        from gepmonitor.core.cliutil import state

        if state._engine is not None:
            state._engine.dispose()
        state._engine = None
        if self._engine is not None:
            self._engine.dispose()
        self._engine = None
        for extra in ("-wal", "-shm"):
            Path(f"{self.database}{extra}").unlink(missing_ok=True)

    def reset(self) -> None:
        """Put the database back as it was before the cases."""
        self._release()
        shutil.copy(self.baseline, self.database)

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        """Set the instance's GEP_* variables for every command run inside, and put the old
        ones back after (so they never change the settings of a test that runs later)."""
        from gepmonitor.core.config import get_settings

        if self._active:
            yield
            return
        old = {key: os.environ.get(key) for key in (*self.env, "GEP_DEBUG")}
        os.environ.update(self.env)
        os.environ.pop("GEP_DEBUG", None)
        get_settings.cache_clear()
        self._active = True
        try:
            yield
        finally:
            self._active = False
            for key, value in old.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            get_settings.cache_clear()

    def run(self, args: list[str]) -> tuple[int, str, str, BaseException | None]:
        """Run `gep ARGS` in-process; return exit code, output, errors and an escaped exception."""
        from gepmonitor import cli
        from gepmonitor.core.cliutil import state

        with self.active():
            state.org = state.lang = None
            out, err = io.StringIO(), io.StringIO()
            code, escaped = 0, None
            try:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    code = cli.run(args)
            except BaseException as error:  # noqa: BLE001 - anything that escapes is a finding
                escaped = error
                code = -1
                err.write("".join(traceback.format_exception(error)))
        return code, out.getvalue(), err.getvalue(), escaped

    def fingerprint(self) -> tuple[int, ...]:
        """Return the row count and largest key of every table, in one query."""
        from gepmonitor.core.db import Base, load_all_models, make_engine

        load_all_models()
        parts = []
        for table in Base.metadata.sorted_tables:
            parts.append(f"(SELECT count(*) FROM {table.name})")
            key = next(iter(table.primary_key.columns), None)
            if key is not None and key.type.python_type is int:
                parts.append(f"(SELECT coalesce(max({key.name}), 0) FROM {table.name})")
        # An engine of its own (made from the URL, not from the settings), kept until the
        # database file is put back (reset).
        if self._engine is None:
            self._engine = make_engine(self.env["GEP_DATABASE_URL"])
        with self._engine.connect() as connection:
            return tuple(connection.execute(text("SELECT " + ", ".join(parts))).one())

    def arguments(self, case: Case, path: Path) -> list[str]:
        """Return the command that reads the case's file."""
        files = self.files
        return {
            "personnel": ["import", "personnel", str(path), "--peildatum", PEILDATUM],
            "personnel_mapping": ["import", "personnel", str(files / "mapped.csv")]
            + ["--peildatum", PEILDATUM, "--mapping", str(path)],
            "vacancies": ["import", "vacancies", str(path)],
            "conversations": ["import", "conversations", str(path)],
            "survey": ["import", "survey", str(path), "--round", "WBO fuzz", "--year", "2025"]
            + ["--mapping", str(files / "survey.yaml")],
            "survey_mapping": ["import", "survey", str(files / "survey.csv")]
            + ["--round", "WBO fuzz", "--year", "2025", "--mapping", str(path)],
            "attendance": ["plan", "attendance", "1", str(path)],
            "pay": ["import", "pay", str(path), "--year", "2024"],
            "vacancy_text": ["check-vacancy", str(path)],
        }[case.target]

    def run_case(self, case: Case) -> Outcome:
        """Run one case and classify its outcome."""
        path = self.files / f"case{case.suffix}"
        path.write_bytes(case.data)
        before = self.fingerprint()
        code, out, err, escaped = self.run(self.arguments(case, path))
        if escaped is not None:
            outcome = Outcome(case, "traceback", err)
        elif code == 0:
            outcome = Outcome(case, "accepted")
        elif code == 2:
            outcome = Outcome(case, "refused", err, changed=self.fingerprint() != before)
        else:
            outcome = Outcome(case, "internal_error", err or out)
        if outcome.kind != "refused" and case.target != "vacancy_text":
            self.reset()
        return outcome


def run_fuzz(
    folder: Path,
    first: int,
    count: int,
    progress: Callable[[Summary], None] | None = None,
    every: int = 250,
    settings: dict[str, str] | None = None,
) -> Summary:
    """Run `count` cases from `first` on a fresh instance in folder; return the totals.

    settings: more GEP_* variables for the instance (see Instance).

    progress, when given, gets the totals so far after every `every` cases (a long run that is
    stopped keeps what it found).
    """
    instance = Instance(folder, settings)
    summary = Summary()
    try:
        with instance.active():
            for case in cases(first, count):
                summary.add(instance.run_case(case))
                if progress is not None and summary.cases % every == 0:
                    progress(summary)
    finally:
        instance._release()
    return summary
