"""The vacancy text checker: the English reference vectors, Dutch cases, files, CLI."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from docx import Document
from tests.conftest import REFERENCE

from gepmonitor.recruitment.textcheck.check import check_text
from gepmonitor.recruitment.textcheck.coded import word_parts
from gepmonitor.recruitment.textcheck.lexicon import load_lexicon
from gepmonitor.recruitment.textcheck.output import display_list, highlight_html
from gepmonitor.recruitment.textcheck.readability import (
    SENTENCE_END,
    count_syllables,
    readability,
)
from gepmonitor.recruitment.textcheck.readers import read_document
from gepmonitor.recruitment.textcheck.tokens import fold, tokens

VECTORS = json.loads((REFERENCE / "gender_decoder_en.json").read_text(encoding="utf-8"))


def test_english_lexicon_equals_the_reference_lists():
    lexicon = load_lexicon("en")
    lists = VECTORS["wordlists"]
    assert list(lexicon.masculine_stems) == lists["masculine_coded_words"]
    assert list(lexicon.feminine_stems) == lists["feminine_coded_words"]
    assert list(lexicon.hyphenated) == lists["hyphenated_coded_words"]


@pytest.mark.parametrize(
    "vector", VECTORS["vectors"], ids=lambda v: v["kind"] + ":" + v["input"][:30]
)
def test_our_checker_gives_the_reference_outcome_on_every_vector(vector):
    """The checker users get (CLI, web, API) must equal the reference word for word."""
    if vector["kind"] == "tokenize":
        hyphenated = load_lexicon("en").hyphenated
        words = [p for w, _ in tokens(vector["input"]) for p in word_parts(fold(w), hyphenated)]
        assert words == vector["expected_words"]
        return
    result = check_text(vector["input"], "en")
    masculine = [fold(w.word) for w in result.masculine]
    feminine = [fold(w.word) for w in result.feminine]
    if vector["kind"] == "list_words":
        assert display_list(masculine) == vector["expected_masculine_display"]
        return
    assert len(masculine) == vector["expected_masculine_count"]
    assert len(feminine) == vector["expected_feminine_count"]
    assert result.score == vector["expected_score"]
    assert result.category == vector["expected_category"]
    if "expected_masculine_words" in vector:
        assert masculine == vector["expected_masculine_words"]
        assert feminine == vector["expected_feminine_words"]


def test_hyphenated_parts_are_marked_where_they_are():
    result = check_text("A leader-supporter role", "en")
    assert [(w.word, w.start, w.end, w.gender) for w in result.coded_words] == [
        ("leader", 2, 8, "masculine"),
        ("supporter", 9, 18, "feminine"),
    ]


def test_dutch_lexicon_is_large_enough():
    lexicon = load_lexicon("nl")
    assert len(lexicon.masculine_stems) >= 60 and len(lexicon.feminine_stems) >= 60
    assert lexicon.sources


@pytest.mark.parametrize(
    ("word", "gender"),
    [
        ("daadkrachtig", "masculine"),
        ("Daadkrachtige", "masculine"),
        ("RESULTAATGERICHT", "masculine"),
        ("resultaatgerichtheid", "masculine"),
        ("competitief", "masculine"),
        ("slagkrachtig", "masculine"),
        ("zelf-bewust", "masculine"),
        ("stressbestendige", "masculine"),
        ("zorgzaam", "feminine"),
        ("samenwerken", "feminine"),
        ("samenwerkingsgericht", "feminine"),
        ("coöperatief", "feminine"),
        ("klantvriendelijk", "feminine"),
        ("empathisch", "feminine"),
    ],
)
def test_dutch_coded_words_with_inflections_compounds_case_and_diacritics(word, gender):
    found = check_text(f"Wij zoeken iemand die {word} is.", "nl").coded_words
    assert [(w.word, w.gender) for w in found] == [(word, gender)]
    assert found[0].suggestion


@pytest.mark.parametrize(
    "text",
    [
        "Het salaris is inclusief vakantiegeld.",
        "Je werkt aan het warmtenet en de warmtepomp.",
        "Dat is beslist een mooie baan.",
        "Eén van de taken is het helder schrijven.",
    ],
)
def test_dutch_false_friends_are_not_coded(text):
    assert check_text(text, "nl").coded_words == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Je werkt in een jong team.", "age"),
        ("Maximaal 35 jaar oud.", "age"),
        ("Je bent recent afgestudeerd.", "age"),
        ("Moedertaal Nederlands is vereist.", "origin"),
        ("Je bent een native speaker.", "origin"),
        ("Hij rapporteert aan de directeur.", "pronoun"),
        ("Wij zoeken een timmerman.", "title"),
        ("Beleidsmedewerker (m/v)", "title"),
    ],
)
def test_dutch_exclusionary_phrasing(text, category):
    phrases = check_text(text, "nl").phrases
    assert [p.category for p in phrases] == [category]
    assert phrases[0].suggestion


def test_hij_of_zij_is_not_flagged():
    assert check_text("Hij of zij werkt zelfstandig.", "nl").phrases == []


def test_dutch_readability_by_hand():
    # 2 sentences, 8 words; syllables: de(1) kat(1) zit(1) op(1) de(1) mat(1) hij(1) slaapt(1)
    result = readability("De kat zit op de mat. Hij slaapt.", "nl")
    assert (result.sentences, result.words, result.syllables) == (2, 8, 8)
    assert result.score == pytest.approx(206.835 - 0.93 * 4 - 77 * 1, abs=0.05)
    assert result.level == "B1"
    assert count_syllables("beleidsmedewerker", "nl") == 6
    assert count_syllables("één", "nl") == 1


def test_headings_list_items_and_paragraph_lines_end_sentences():
    html = b"<h2>Wat ga je doen</h2><p>Je werkt aan beleid.</p><ul><li>analyseren</li><li>schrijven</li></ul>"
    text = read_document(html, "v.html")
    assert (readability(text, "nl").sentences, readability(text, "nl").words) == (4, 10)
    document = Document()
    document.add_heading("Wie ben jij", level=2)
    document.add_paragraph("analytisch sterk", style="List Bullet")
    document.add_paragraph("een teamspeler", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    assert readability(read_document(buffer.getvalue(), "v.docx"), "nl").sentences == 3
    # a line that goes on in lower case is a wrapped sentence, as in PDF text
    assert readability("Je werkt aan\nbeleid voor de regio.\nWij bieden veel", "nl").sentences == 2


def test_language_detection_and_html_highlight_escapes():
    result = check_text("<b>Wij</b> zoeken een daadkrachtige collega & een teamspeler.")
    assert result.language == "nl"
    html = highlight_html(result)
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert '<mark class="coded masculine"' in html and ">daadkrachtige</mark>" in html
    assert (
        check_text("We are looking for a confident leader who supports the team.").language == "en"
    )


def test_readers(tmp_path):
    document = Document()
    document.add_paragraph("Wij zoeken een daadkrachtige collega.")
    buffer = io.BytesIO()
    document.save(buffer)
    assert "daadkrachtige" in read_document(buffer.getvalue(), "v.docx")
    html = (
        b"<html><head><style>x{}</style></head>"
        b"<body><p>Een <b>zorgzame</b> collega</p></body></html>"
    )
    assert read_document(html, "v.html") == "Een zorgzame collega"
    from weasyprint import HTML

    pdf = HTML(string="<p>Een competitieve omgeving</p>").write_pdf()
    assert "competitieve" in read_document(pdf, "v.pdf")
    assert "café" in read_document("café".encode("cp1252"), "v.txt")


def test_cli_check_vacancy(run_cli, tmp_path):
    path = tmp_path / "vacature.txt"
    path.write_text(
        "Wij zoeken een daadkrachtige en competitieve leider voor ons jonge team.", encoding="utf-8"
    )
    code, out, err = run_cli("check-vacancy", str(path))
    assert code == 0, err
    assert "mannelijk gecodeerd" in out and "daadkrachtige" in out and "leeftijd" in out
    assert "woorden per zin in 1 zin, 11 woorden." in out  # one sentence: singular
    code, out, _ = run_cli("check-vacancy", "-", input="Wij zoeken jou. Jij bent het.")
    assert "in 2 zinnen, 6 woorden." in out
    code, out, _ = run_cli("check-vacancy", str(path), "--format", "json")
    assert json.loads(out)["masculine_count"] == 3
    code, out, _ = run_cli("check-vacancy", "-", "--lang", "en", input="A young team of leaders")
    assert code == 0 and "young team" in out
    code, _, err = run_cli("check-vacancy", str(tmp_path / "missing.txt"))
    assert code == 2 and "missing.txt" in err
    bad = tmp_path / "x.xyz"
    bad.write_bytes(b"data")
    code, _, err = run_cli("check-vacancy", str(bad))
    assert code == 2 and "x.xyz" in err


def test_the_fast_sentence_end_regex_equals_its_plain_form():
    """readability.SENTENCE_END is the plain alternation below, reordered for speed."""
    plain = re.compile(r"[.!?]+(?=\s|$)|\n(?:\s*\n|(?=\s*[-•*–]\s)|(?![ \t]*[a-zà-öø-ÿ]))")
    corpus = Path(__file__).resolve().parent.parent / "data" / "vacancy_corpus"
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.txt"))]
    texts += [
        "Eind.\n\nNieuw?! Ja...\n- punt\n• punt\nverder\nHoofdletter\n \t\nx.y. z!",
        "?",
        "\n",
    ]
    for text in texts:
        assert [m.span() for m in SENTENCE_END.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ]
