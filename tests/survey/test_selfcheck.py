"""The Horizon Europe self-check on the seeds: each verdict checked against the text by reading it."""

from __future__ import annotations

import json

import pytest
from tests.conftest import SEEDS

from gepmonitor.plan.selfcheck.checker import check_document

GRONINGEN = (SEEDS / "001_ea1dd7b03fb3184c.txt").read_text(encoding="utf-8")
OVERIJSSEL = (SEEDS / "002_d26e7388a961d9bf.txt").read_text(encoding="utf-8")


def verdicts(text, evidence=None):
    return {r.requirement.id: r for r in check_document(text, evidence)}


@pytest.mark.parametrize(
    ("requirement", "verdict", "quote"),
    [
        # "...waarom de provincie Groningen dit gender equality plan publiceert" and
        # "Namens Gedeputeerde Staten van Groningen: Gedeputeerde HRM, Provinciesecretaris".
        ("public_document", "met", "Namens Gedeputeerde Staten"),
        # Talent coaches, ambassadors and networks are named, but no budget or capacity.
        ("dedicated_resources", "partly", None),
        # The trend table "Verdeling man/vrouw hogere functies" and "Monitoring, effecten en
        # bijstellen ... gebaseerd op concrete data uit het managementinformatiesysteem".
        ("data_monitoring", "met", "man/vrouw"),
        # "Aandacht voor diversiteit in trainingen/workshops"; training for managers.
        ("training", "met", "diversiteit in trainingen"),
        # The instruments for "Werk-privé balans" and the culture of "Inclusie: Cultuur en gedrag".
        ("work_life_culture", "met", None),
        # "Traject Impuls Vrouwen hogere functies" and leadership training.
        ("leadership", "met", "hogere functies"),
        # "Werving & Selectie en gelijke kansen" and the comply-or-explain rule.
        ("recruitment_career", "met", "werving en selectie"),
        # A province: research only appears in the Commission's rationale, not as a measure.
        ("research_teaching", "missing", None),
        # "Klachtenregeling ongewenst gedrag ... (seksuele) intimidatie" and the counsellors.
        ("gender_based_violence", "met", "intimidatie"),
    ],
)
def test_groningen(requirement, verdict, quote):
    result = verdicts(GRONINGEN)[requirement]
    assert result.verdict == verdict
    if quote:
        assert any(quote.lower() in q.lower() for c in result.criteria for q in c.quotes)


@pytest.mark.parametrize(
    ("requirement", "verdict", "quote"),
    [
        # Signed "Provinciesecretaris/algemeen directeur", but nothing says it is published.
        ("public_document", "partly", "Provinciesecretaris"),
        # Chapter "Capaciteiten en middelen": "geld en middelen vrijgemaakt", two project leaders.
        ("dedicated_resources", "met", "geld en middelen"),
        # "...onze voortgang te monitoren", yearly reports to the board, men/women split.
        ("data_monitoring", "met", "monitoren"),
        # Team leaders were trained; awareness ("bewustwording") is a theme throughout.
        ("training", "met", "training"),
        ("work_life_culture", "met", "werk-privébalans"),
        # "...vrouwen in functieschaal 13 of hoger"; the board committed itself.
        ("leadership", "met", "functieschaal 13"),
        ("recruitment_career", "met", None),
        ("research_teaching", "missing", None),
        # "...geen agressie, pesten, discriminatie, gendergerelateerd geweld en (seksuele)
        # intimidatie".
        ("gender_based_violence", "met", "gendergerelateerd geweld"),
    ],
)
def test_overijssel(requirement, verdict, quote):
    result = verdicts(OVERIJSSEL)[requirement]
    assert result.verdict == verdict
    if quote:
        assert any(quote.lower() in q.lower() for c in result.criteria for q in c.quotes)


def test_system_data_count_as_evidence():
    text = "Wij publiceren dit plan. Vastgesteld door de directie."
    without = verdicts(text)["data_monitoring"]
    evidence = {"snapshots": "gepmonitor: 10 snapshots", "monitor": "report"}
    with_data = verdicts(text, evidence)["data_monitoring"]
    assert without.verdict == "missing" and with_data.verdict == "met"


def test_cli_check_plan(run_cli, tmp_path):
    run_cli("init")
    code, out, err = run_cli(
        "check-plan", str(SEEDS / "001_ea1dd7b03fb3184c.txt"), "--format", "json"
    )
    assert code == 0, err
    data = {r["id"]: r["verdict"] for r in json.loads(out)}
    assert data["public_document"] == "met" and data["research_teaching"] == "missing"
    target = tmp_path / "check.pdf"
    code, _, err = run_cli(
        "--lang",
        "en",
        "check-plan",
        str(SEEDS / "002_d26e7388a961d9bf.txt"),
        "--format",
        "pdf",
        "--output",
        str(target),
    )
    assert code == 0 and target.read_bytes().startswith(b"%PDF")
    code, _, err = run_cli("check-plan", str(tmp_path / "none.pdf"))
    assert code == 2 and "none.pdf" in err
