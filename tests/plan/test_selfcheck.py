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


def first_quotes(result, criterion):
    """Return the quotes of one criterion of a requirement's result."""
    return next(c.quotes for c in result.criteria if c.criterion.id == criterion)


@pytest.mark.parametrize(
    ("requirement", "verdict", "criterion", "quote"),
    [
        # "...waarom de provincie Groningen dit gender equality plan publiceert" and
        # "Namens Gedeputeerde Staten van Groningen: Gedeputeerde HRM, Provinciesecretaris".
        ("public_document", "met", "signed", "Namens Gedeputeerde Staten"),
        # Talent coaches and the directors as ambassadors of the impulse for women, networks;
        # but no budget. (The "Levensfaseambassadeur" is a work-life instrument, not plan staff.)
        ("dedicated_resources", "partly", "people", "Ambassadeurs impuls vrouwen"),
        # "De analyse en monitoring wordt gebaseerd op concrete data uit het
        # managementinformatiesysteem" (with the trend table "Verdeling man/vrouw hogere functies").
        ("data_monitoring", "met", "sex_data", "managementinformatiesysteem"),
        ("data_monitoring", "met", "monitoring", "Met behulp van monitoring evalueren we"),
        # Training for managers ("Training managers voeren van goede gesprek ..."), but nothing
        # on unconscious bias or gender equality: "Aandacht voor diversiteit in
        # trainingen/workshops" and the heading "Leiderschap en training" are not that.
        ("training", "partly", "training", "Training managers"),
        # The instruments for "Werk-privé balans" and the culture of "Inclusie: Cultuur en gedrag".
        ("work_life_culture", "met", "culture", "Cultuur waarin ieder zich veilig voelt"),
        # "Traject Impuls Vrouwen hogere functies"; new "bestuurders en commissarissen".
        ("leadership", "met", "senior", "hogere functies"),
        ("leadership", "met", "decisions", "bestuurders en commissarissen"),
        # "Werving & Selectie en gelijke kansen" and the comply-or-explain rule.
        ("recruitment_career", "met", "rule", "pas toe of leg uit"),
        # A province: research only appears in the Commission's rationale, not as a measure.
        ("research_teaching", "missing", None, None),
        # "Klachtenregeling ongewenst gedrag ... (seksuele) intimidatie" and the counsellors.
        ("gender_based_violence", "met", "harassment", "intimidatie"),
        ("gender_based_violence", "met", "procedures", "twee interne vertrouwenspersonen"),
    ],
)
def test_groningen(requirement, verdict, criterion, quote):
    result = verdicts(GRONINGEN)[requirement]
    assert result.verdict == verdict
    if quote:
        assert any(quote.lower() in q.lower() for q in first_quotes(result, criterion))


@pytest.mark.parametrize(
    ("requirement", "verdict", "criterion", "quote"),
    [
        # Signed "Provinciesecretaris/algemeen directeur", but nothing says it is published.
        ("public_document", "partly", "signed", "Provinciesecretaris"),
        # Chapter "Capaciteiten en middelen": "geld en middelen vrijgemaakt", two project leaders.
        ("dedicated_resources", "met", "budget", "geld en middelen"),
        ("dedicated_resources", "met", "people", "Twee projectleiders zijn actief betrokken"),
        # "...registratie van diversiteitskenmerken ... instroom, doorstroom en uitstroom" and
        # "De voortgang van het GEP ... worden jaarlijks gerapporteerd aan de directie".
        ("data_monitoring", "met", "sex_data", "registratie van diversiteitskenmerken"),
        ("data_monitoring", "met", "monitoring", "jaarlijks gerapporteerd aan de directie"),
        # Team leaders were trained to discuss the survey results; "bewustwording" of diversity
        # is a theme, but no training on unconscious bias or gender equality.
        ("training", "partly", "training", "Teamleiders hebben een training gevolgd"),
        ("work_life_culture", "met", "balance", "werk-privébalans"),
        # "...vrouwen in functieschaal 13 of hoger"; inclusive leadership for managers.
        ("leadership", "met", "senior", "functieschaal 13"),
        ("recruitment_career", "met", None, None),
        ("research_teaching", "missing", None, None),
        # "...geen agressie, pesten, discriminatie, gendergerelateerd geweld en (seksuele)
        # intimidatie" (zero tolerance, not a negation) in "een ... veilige werkomgeving".
        ("gender_based_violence", "met", "harassment", "gendergerelateerd geweld"),
        ("gender_based_violence", "met", "safety", "veilige werkomgeving"),
    ],
)
def test_overijssel(requirement, verdict, criterion, quote):
    result = verdicts(OVERIJSSEL)[requirement]
    assert result.verdict == verdict
    if quote:
        assert any(quote.lower() in q.lower() for q in first_quotes(result, criterion))


def test_no_quote_is_about_society_or_a_work_life_instrument():
    safety = first_quotes(verdicts(OVERIJSSEL)["gender_based_violence"], "safety")
    assert not any("samenleving" in q for q in safety)
    people = first_quotes(verdicts(GRONINGEN)["dedicated_resources"], "people")
    assert not any("Levensfase" in q for q in people)


@pytest.mark.parametrize(
    ("text", "requirement", "criterion"),
    [
        ("We have no budget for this plan. There is no training at all.", "training", "training"),
        ("We have no budget for this plan at the moment.", "dedicated_resources", "budget"),
        ("Er is geen budget voor dit plan vrijgemaakt.", "dedicated_resources", "budget"),
        ("Trainingen worden niet gegeven aan het personeel.", "training", "training"),
        ("Our staff serve the public every single day.", "public_document", "public"),
        ("The board decided to buy new buses for the region.", "leadership", "decisions"),
    ],
)
def test_negations_and_loose_words_are_no_evidence(text, requirement, criterion):
    assert first_quotes(verdicts(text)[requirement], criterion) == []


def test_zero_tolerance_is_evidence():
    text = "We do not tolerate sexual harassment in our organisation."
    assert first_quotes(verdicts(text)["gender_based_violence"], "harassment")


def test_an_empty_document_is_an_error(run_cli, tmp_path):
    from gepmonitor.core.errors import InputError

    with pytest.raises(InputError):
        check_document("  \n\n ")
    run_cli("init")
    empty = tmp_path / "leeg.txt"
    empty.write_text(" ", encoding="utf-8")
    code, _, err = run_cli("check-plan", str(empty))
    assert code == 2 and "leeg.txt" in err and "Traceback" not in err


def test_text_output_shows_quotes_and_system_data(run_cli, tmp_path, session_factory, org):
    from gepmonitor.personnel import service as personnel
    from gepmonitor.personnel.demo import generate_demo_frame

    with session_factory() as session:
        frame = generate_demo_frame(4, staff=50, years=range(2024, 2026))
        personnel.store_frame(session, org, frame, source_name="demo", actor="t")
        session.commit()
    code, out, err = run_cli("--lang", "en", "check-plan", str(SEEDS / "001_ea1dd7b03fb3184c.txt"))
    assert code == 0, err
    line = next(x for x in out.splitlines() if "data by sex or gender" in x)
    assert "managementinformatiesysteem" in line and "personnel snapshots" in line


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
