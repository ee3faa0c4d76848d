"""The corpus scorer: markup parsed into spans, precision and recall computed by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from gepmonitor.recruitment.textcheck.evaluate import (
    evaluate,
    load_corpus,
    parse_corpus,
    parse_passage,
)

CORPUS = Path(__file__).resolve().parent.parent / "data" / "vacancy_corpus"


def test_markup_becomes_plain_text_with_spans():
    passage = parse_passage("x", "nl", "provincie", "Een [[daadkrachtige|m]] en [[jong|age]] team.")
    assert passage.text == "Een daadkrachtige en jong team."
    assert [(s.text, s.label, passage.text[s.start : s.end]) for s in passage.spans] == [
        ("daadkrachtige", "m", "daadkrachtige"),
        ("jong", "age", "jong"),
    ]
    with pytest.raises(ValueError, match="unknown label"):
        parse_passage("x", "nl", "s", "[[woord|q]]")


def test_scores_computed_by_hand():
    text = (
        "## a | gemeente\nWij zoeken een [[daadkrachtige|m]] en [[zorgzame|f]] collega.\n"
        "## b | gemeente\nHet salaris is [[inclusief|none]] vakantiegeld.\n"
        "## c | gemeente\nJe werkt in een [[jong team|age]]. Je bent [[moedig|none]].\n"
    )
    report = evaluate(parse_corpus(text, "nl"))["nl"]
    # found: daadkrachtige (right), zorgzame (right), moedig (wrong: labelled none)
    assert report["coded"] == {"gold": 2, "found": 3, "precision": 0.6667, "recall": 1.0}
    assert report["masculine"] == {"gold": 1, "found": 2, "precision": 0.5, "recall": 1.0}
    assert report["exclusion"] == {"gold": 1, "found": 1, "precision": 1.0, "recall": 1.0}
    assert report["traps"] == {"labelled": 2, "flagged": 1}
    # b and c have no coded label; c is called masculine-coded because of 'moedig'
    assert (report["neutral_passages"], report["neutral_called_coded"]) == (2, 1)


def test_the_corpus_is_large_enough_and_well_formed():
    passages = load_corpus(CORPUS)
    by_language = {lang: [p for p in passages if p.language == lang] for lang in ("nl", "en")}
    assert len(by_language["nl"]) >= 200 and len(by_language["en"]) >= 100
    styles = {p.style for p in passages}
    assert {"provincie", "gemeente", "universiteit", "ministerie"} <= styles
    for passage in passages:
        assert passage.text.strip(), passage.id


def test_the_held_out_set_is_separate_and_well_formed():
    """The held-out set is not part of the tuning corpus; its figures are reported, not goals."""
    held_out = load_corpus(CORPUS / "heldout")
    main_ids = {p.id for p in load_corpus(CORPUS)}
    counts = {lang: sum(p.language == lang for p in held_out) for lang in ("nl", "en")}
    assert counts["nl"] >= 40 and counts["en"] >= 20
    assert not main_ids & {p.id for p in held_out}
    for path in (CORPUS / "heldout").glob("*.txt"):
        assert path.read_text(encoding="utf-8").startswith("# HELD-OUT"), path


def test_the_bench_reports_the_held_out_set_apart():
    from bench.bench_textcorpus import run

    result = run()
    assert result["nl"]["passages"] >= 200  # the tuning corpus alone
    held_out = result["heldout"]
    assert held_out["nl"]["passages"] >= 40 and held_out["en"]["passages"] >= 20
    assert "coded" in held_out["nl"] and isinstance(held_out["unmet"], list)
