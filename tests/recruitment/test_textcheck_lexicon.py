"""Dutch and English matching: exceptions through inflections and compounds, phrasing, output."""

from __future__ import annotations

import pytest

from gepmonitor.recruitment.textcheck.check import check_text
from gepmonitor.recruitment.textcheck.output import highlight_html, result_to_text

# A realistic provincial vacancy full of words that only look coded.
VACANCY = """Beleidsadviseur Energietransitie (schaal 11)

Wat ga je doen
Als beleidsadviseur werk je aan de warmtetransitieplannen en de toekomstbestendige inrichting
van de regio. Trouwens: je schrijft voorstellen voor Gedeputeerde Staten en je adviseert de
ondernemingsraad over de gevolgen voor medewerkers. Je legt begrippen uit in
gebruiksvriendelijke en milieuvriendelijke taal. Vertrouwelijke stukken behandel je zorgvuldig.

Wie ben jij
Je bent een daadkrachtige en resultaatgerichte collega met een analytische blik. Je bent
stressbestendig en ambitieus. Je werkt graag samen en bent betrokken bij de opgaven.

Wat bieden wij
Een salaris afhankelijk van ervaring, maximaal € 6.100 bruto per maand. Je kunt bij de
vertrouwenspersoon terecht en de helpdesk-medewerkers helpen je op weg. Je hebt maximaal 10 jaar
werkervaring nodig. Kinderopvang voor kinderen tot 12 jaar wordt vergoed. Zij of hij krijgt een
laptop.
"""


@pytest.mark.parametrize(
    "word",
    [
        "ondernemingsraad",
        "ondernemingsraden",
        "toekomstbestendige",
        "afhankelijk",
        "Vertrouwelijke",
        "Vertrouwenspersoon",
        "vertrouwenspersonen",
        "Trouwens",
        "begrippen",
        "begrippenlijst",
        "gebruiksvriendelijke",
        "milieuvriendelijke",
        "warmteplannen",
        "warmtetransitieplannen",
        "helpdesk-medewerkers",
        "helpdeskmedewerker",
        "help-desk",
        "respectievelijk",
    ],
)
def test_dutch_exceptions_cover_inflections_and_compounds(word):
    assert check_text(f"Wij noemen {word} hier.", "nl").coded_words == []


@pytest.mark.parametrize(
    ("word", "gender"),
    [
        ("ondernemend", "masculine"),
        ("ondernemingszin", "masculine"),  # a longer stem wins over the exception
        ("vertrouwen", "feminine"),
        ("begrip", "feminine"),
        ("warmhartige", "feminine"),
        ("klantvriendelijke", "feminine"),
        ("hands-on", "masculine"),
        ("no-nonsense", "masculine"),
    ],
)
def test_dutch_stems_still_match_next_to_their_exceptions(word, gender):
    found = check_text(f"Wij zoeken iemand die {word} is.", "nl").coded_words
    assert [(w.word, w.gender) for w in found] == [(word, gender)]


def test_realistic_provincial_vacancy_gets_the_right_verdict():
    result = check_text(VACANCY)
    assert result.language == "nl"
    assert [w.word for w in result.masculine] == [
        "daadkrachtige",
        "resultaatgerichte",
        "analytische",
        "stressbestendig",
        "ambitieus",
    ]
    # 'Je werkt graag samen' is samenwerken, a separable verb
    assert [w.word for w in result.feminine] == ["werkt … samen", "betrokken", "helpen"]
    assert result.category == "masculine-coded"
    assert result.phrases == []


@pytest.mark.parametrize(
    ("text", "lang", "flagged", "category"),
    [
        ("Wij zoeken een jonge collega.", "nl", "jonge collega", "age"),
        ("Je komt in een jong, dynamisch team.", "nl", "jong, dynamisch team", "age"),
        ("Je bent tussen de 25 en 35 jaar.", "nl", "tussen de 25 en 35 jaar", "age"),
        ("Leeftijd: 25-35 jaar.", "nl", "25-35 jaar", "age"),
        ("Je bent jonger dan 30.", "nl", "jonger dan 30", "age"),
        ("Nederlands op moedertaalniveau.", "nl", "moedertaalniveau", "origin"),
        ("Je bent native English speaker.", "nl", "native English speaker", "origin"),
        ("Wij zoeken een klusjesman.", "nl", "klusjesman", "title"),
        ("Vacature cameraman.", "nl", "cameraman", "title"),
        ("Oud-politieman gezocht.", "nl", "politieman", "title"),
        ("De vuilnisman komt.", "nl", "vuilnisman", "title"),
        ("Ervaren zeeman.", "nl", "zeeman", "title"),
        ("Een echte sportman.", "nl", "sportman", "title"),
        ("Join our young, dynamic team.", "en", "young, dynamic team", "age"),
        ("Max. 35 years.", "en", "Max. 35 years", "age"),
        ("Aged 25-35.", "en", "Aged 25-35", "age"),
        ("We need a fireman.", "en", "fireman", "title"),
        ("A policeman reports.", "en", "policeman", "title"),
        ("Skilled workmen wanted.", "en", "workmen", "title"),
    ],
)
def test_exclusionary_phrasing_found(text, lang, flagged, category):
    assert [(p.text, p.category) for p in check_text(text, lang).phrases] == [(flagged, category)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Je hebt maximaal 10 jaar werkervaring.", "nl"),
        ("Kinderopvang voor kinderen tot 12 jaar.", "nl"),
        ("Je hebt 20-30 jaar ervaring.", "nl"),
        ("Zij/hij rapporteert aan de directeur.", "nl"),
        ("Zij of hij rapporteert aan de directeur.", "nl"),
        ("He or she reports to the director.", "en"),
        ("She or he reports to the director.", "en"),
        ("Up to 10 years of experience.", "en"),
    ],
)
def test_no_false_alarms_on_experience_children_and_both_pronouns(text, lang):
    assert check_text(text, lang).phrases == []


def test_generic_he_still_flagged():
    assert [p.category for p in check_text("Hij rapporteert.", "nl").phrases] == ["pronoun"]
    assert [p.category for p in check_text("He reports.", "en").phrases] == ["pronoun"]


def test_text_output_gives_every_finding_a_suggestion_and_dutch_counts():
    result = check_text("Daadkrachtig en zorgzaam. Daadkrachtig.", "nl")
    text = result_to_text(result, "nl")
    assert "daadkrachtig (2 keer)" in text and "times" not in text
    assert "  - zorgzaam: " in text and "  - Daadkrachtig: " in text
    assert "daadkrachtig (2 times)" in result_to_text(result, "en")


def test_html_marks_a_coded_word_inside_a_phrase():
    html = highlight_html(check_text("Een jong en daadkrachtig team.", "nl"))
    assert html.count("<mark") == html.count("</mark>") == 2
    phrase = html.index('<mark class="phrase age"')
    coded = html.index('<mark class="coded masculine"')
    assert phrase < coded < html.index("team</mark>")
    assert ">daadkrachtig</mark> team</mark>" in html
