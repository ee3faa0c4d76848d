"""`gep vacancy ...` commands of the selection register: intake to appointment on one vacancy."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from gepmonitor.core.cliutil import cli_actor, console, lazy_module, state
from gepmonitor.core.errors import InputError
from gepmonitor.core.formatting import format_date, format_number
from gepmonitor.core.i18n import N_, gettext
from gepmonitor.recruitment.cli.common import pairs, parse_day, print_table

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from gepmonitor.core.models import Organisation
    from gepmonitor.recruitment import (
        checklist,
        dossier,
        outcomes,
        scoring,
        selection,
        service,
        tables,
    )
    from gepmonitor.recruitment.models import Vacancy
    from gepmonitor.recruitment.textcheck import check as textcheck
    from gepmonitor.recruitment.textcheck import output as textcheck_output
    from gepmonitor.recruitment.textcheck import readers

    Change = Callable[[Session, Organisation, Vacancy], object]
else:  # the services load when a command runs, not for `gep --help`
    checklist = lazy_module("gepmonitor.recruitment.checklist")
    dossier = lazy_module("gepmonitor.recruitment.dossier")
    outcomes = lazy_module("gepmonitor.recruitment.outcomes")
    scoring = lazy_module("gepmonitor.recruitment.scoring")
    selection = lazy_module("gepmonitor.recruitment.selection")
    service = lazy_module("gepmonitor.recruitment.service")
    tables = lazy_module("gepmonitor.recruitment.tables")
    textcheck = lazy_module("gepmonitor.recruitment.textcheck.check")
    textcheck_output = lazy_module("gepmonitor.recruitment.textcheck.output")
    readers = lazy_module("gepmonitor.recruitment.textcheck.readers")


def _on(reference: str, change: Change, done: str, **params: object) -> None:
    """Run a change on a vacancy in one transaction and print what was done."""
    with state.session() as session:
        org = state.organisation(session)
        vacancy = service.find_vacancy(session, org, reference)
        change(session, org, vacancy)
        console.print(gettext(done, state.language, reference=vacancy.reference, **params))


def competences(
    reference: str = typer.Argument(..., help="Vacancy reference (or number)."),
    items: list[str] = typer.Argument(
        ..., help="'name;hard|soft;weight', e.g. 'Wetgeving;hard;3'."
    ),
) -> None:
    """Fix the intake's competences (replaces them; refused once a scorecard exists)."""
    parsed = []
    for item in items:
        name, kind, weight = ([p.strip() for p in item.split(";")] + ["", ""])[:3]
        if weight and (not weight.isdigit() or len(weight) > 2):
            raise InputError("Weight '{value}' is not a whole number.", value=weight)
        parsed.append(selection.CompetenceInput(name, kind or "soft", int(weight or 1)))
    _on(reference, lambda s, o, v: selection.set_competences(s, o, v, parsed, actor=cli_actor()),
        N_("The competences of {reference} are saved."))  # fmt: skip


def member(
    reference: str = typer.Argument(..., help="Vacancy reference (or number)."),
    name: str = typer.Option(..., "--name", help="Name of the committee member."),
    role: str = typer.Option(..., "--role", help="chair, manager, hr, colleague or external."),
    gender: str = typer.Option(..., "--gender", help="v, m or x."),
    username: str = typer.Option("", "--username", help="Account with which they score."),
) -> None:
    """Add a member to the selection committee (warns when it is all one gender)."""

    def add(session: Session, org: Organisation, vacancy: Vacancy) -> None:
        selection.add_member(session, org, vacancy, name=name, role=role, gender=gender,
                             username=username, actor=cli_actor())  # fmt: skip
        one = selection.committee_warning(
            [m.gender for m in selection.list_members(session, vacancy)]
        )
        if one:
            console.print(_warning(one))

    _on(reference, add, N_("The committee of {reference} has a new member."))


def _warning(gender: str) -> str:
    return gettext("The committee is all one gender ({gender}). Add a member of another gender.",
                   state.language, gender=tables.group_label(gender, state.language))  # fmt: skip


def candidate(
    reference: str = typer.Argument(..., help="Vacancy reference (or number)."),
    gender: str = typer.Option(..., "--gender", help="v, m or x."),
    code: str = typer.Option("", "--code", help="Pseudonymous code (default K001, K002, ...)."),
    consent: bool = typer.Option(False, "--consent", help="Agreed to be kept a year."),
) -> None:
    """Register an applicant under a pseudonymous code, never a name."""
    made: list[str] = []
    _on(reference, lambda s, o, v: made.append(selection.add_candidate(
        s, o, v, code=code, gender=gender, consent=consent, actor=cli_actor()).code),
        N_("Candidate added to {reference}."))  # fmt: skip
    console.print(made[0])


def stage(
    reference: str = typer.Argument(..., help="Vacancy reference (or number)."),
    code: str = typer.Argument(..., help="Candidate code."),
    value: str = typer.Argument(..., help="applied, long_list, short_list or interviewed."),
) -> None:
    """Record the furthest stage a candidate reached."""
    _on(reference, lambda s, o, v: selection.set_stage(s, o, v, code, value, actor=cli_actor()),
        N_("Candidate of {reference} updated."))  # fmt: skip


def suitable(
    reference: str = typer.Argument(..., help="Vacancy reference (or number)."),
    code: str = typer.Argument(..., help="Candidate code."),
    no: bool = typer.Option(False, "--no", help="Judged not suitable (after all)."),
) -> None:
    """Record that the committee judged a short-listed candidate suitable."""
    _on(reference, lambda s, o, v: selection.set_suitable(
        s, o, v, code, not no, actor=cli_actor()),
        N_("Candidate of {reference} updated."))  # fmt: skip


def consent(
    reference: str = typer.Argument(..., help="Vacancy reference (or number)."),
    code: str = typer.Argument(..., help="Candidate code."),
    no: bool = typer.Option(False, "--no", help="Consent withdrawn: four weeks again."),
) -> None:
    """Record that a candidate agreed to be kept a year instead of four weeks."""
    _on(reference, lambda s, o, v: selection.set_consent(
        s, o, v, code, not no, actor=cli_actor()),
        N_("Candidate of {reference} updated."))  # fmt: skip


def score(
    reference: str = typer.Argument(..., help="Vacancy reference (or number)."),
    code: str = typer.Argument(..., help="Candidate code."),
    member_key: str = typer.Option(..., "--member", help="The member's username (or number)."),
    scores: list[str] = typer.Option(..., "--score", help="competence=1..5, once per competence."),
    notes: list[str] = typer.Option([], "--notes", help="competence=STARR notes."),
) -> None:
    """Submit a committee member's STARR scorecard of a candidate (final once submitted)."""
    values = pairs(scores, "--score")
    texts = pairs(notes, "--notes")
    parsed = {}
    for name, value in values.items():
        if not value.isdigit() or len(value) > 1:
            raise InputError("Give '{name}' a score from 1 to 5.", name=name)
        parsed[name] = (int(value), texts.get(name, ""))

    def submit(session: Session, org: Organisation, vacancy: Vacancy) -> None:
        found = scoring.find_member(session, vacancy, member_key)
        scoring.submit_scorecard(session, org, vacancy, code, found, parsed, actor=cli_actor())

    _on(reference, submit, "Your scorecard of {code} is submitted.", code=code)


def scores_command(
    reference: str = typer.Argument(..., help="Vacancy reference (or number)."),
    code: str = typer.Argument(..., help="Candidate code."),
    viewer: str = typer.Option("", "--as", help="Show what this committee member may see."),
) -> None:
    """Show a candidate's scorecards (as a member sees them with --as)."""
    with state.session() as session:
        org = state.organisation(session)
        vacancy = service.find_vacancy(session, org, reference)
        sheet = scoring.score_sheet(session, org, vacancy, code, viewer=viewer,
                                    actor=cli_actor(), manager=True)  # fmt: skip
        _print_sheet(sheet)


def _print_sheet(sheet: scoring.ScoreSheet) -> None:
    lang = state.language
    if sheet.hidden:
        console.print(gettext("Submit your own scorecard of {code} first; {done} of {members} "
                              "are in.", lang, code=sheet.code, done=sheet.submitted,
                              members=sheet.members))  # fmt: skip
        return
    head = [gettext("Member", lang), *(c.name for c in sheet.competences),
            gettext("Weighted score", lang)]  # fmt: skip
    rows = [[card.member, *(str(card.scores[c.name][0]) for c in sheet.competences),
             format_number(card.weighted, lang, 2)] for card in sheet.cards]  # fmt: skip
    print_table(head, rows, gettext("Candidate {code}", lang, code=sheet.code))


def decide(
    reference: str = typer.Argument(..., help="Vacancy reference (or number)."),
    code: str = typer.Argument(..., help="The chosen candidate."),
    on: str = typer.Option(..., "--date", help="Date of the decision, YYYY-MM-DD."),
    reasons: list[str] = typer.Option(..., "--reason", help="competence=reason, every one."),
) -> None:
    """Record the committee's choice with a reason on every competence."""
    day, why = parse_day(on, "--date"), pairs(reasons, "--reason")
    _on(reference, lambda s, o, v: scoring.record_decision(
        s, o, v, code, day, why, actor=cli_actor()),
        N_("The decision on {reference} is recorded."))  # fmt: skip


def appoint_candidate(
    reference: str = typer.Argument(..., help="Vacancy reference (or number)."),
    code: str = typer.Argument(..., help="The chosen candidate."),
    on: str = typer.Option(..., "--date", help="Appointment date, YYYY-MM-DD."),
    explanation: str = typer.Option("", "--explanation", help="Comply or explain."),
    approver: str = typer.Option("", "--approver", help="Who approved the explanation."),
) -> None:
    """Appoint the chosen candidate; comply or explain applies and the procedure ends."""
    day = parse_day(on, "--date")
    _on(reference, lambda s, o, v: scoring.appoint_candidate(
        s, o, v, code, day, threshold=state.settings.recruitment_threshold_scale,
        actor=cli_actor(), explanation=explanation, approver=approver),
        N_("Appointment to {reference} recorded."))  # fmt: skip


def end(
    reference: str = typer.Argument(..., help="Vacancy reference (or number)."),
    on: str = typer.Option(..., "--date", help="The day the procedure ended, YYYY-MM-DD."),
) -> None:
    """End the procedure without an appointment (the retention period starts)."""
    day = parse_day(on, "--date")
    _on(reference, lambda s, o, v: selection.end_procedure(s, o, v, day, actor=cli_actor()),
        N_("The procedure of {reference} has ended."))  # fmt: skip


def step(
    reference: str = typer.Argument(..., help="Vacancy reference (or number)."),
    name: str = typer.Argument(..., help="text_published, candidates_informed or "
                               "rejections_explained."),
    on: str = typer.Option(..., "--date", help="The day it was done, YYYY-MM-DD."),
) -> None:  # fmt: skip
    """Record the day a step of the NVP sollicitatiecode was done."""
    day = parse_day(on, "--date")
    _on(reference, lambda s, o, v: checklist.mark_step(s, o, v, name, day, actor=cli_actor()),
        N_("Checklist of {reference} updated."))  # fmt: skip


def check_text_command(
    reference: str = typer.Argument(..., help="Vacancy reference (or number)."),
    file: Path = typer.Argument(..., help="The vacancy's text: .txt, .docx, .pdf or .html."),
    lang: str = typer.Option(None, "--lang", help="nl or en (default: detected)."),
) -> None:
    """Check the vacancy's text and keep the outcome (not the text) in its history."""
    result = textcheck.check_text(readers.read_path(file), lang)
    done = N_("The text of {reference} is checked; the outcome is in its history.")
    _on(reference, lambda s, o, v: checklist.record_text_check(s, o, v, result,
        actor=cli_actor()), done)  # fmt: skip
    console.print(
        textcheck_output.result_to_text(result, state.language), highlight=False, markup=False
    )


def show(
    reference: str = typer.Argument(..., help="Vacancy reference (or number)."),
    viewer: str = typer.Option("", "--as", help="Show scorecards as this member may see them."),
) -> None:
    """Show a vacancy's selection register (an audited read of candidate data)."""
    with state.session() as session:
        org = state.organisation(session)
        vacancy = service.find_vacancy(session, org, reference)
        retention = checklist.Retention.of(state.settings)
        file = dossier.vacancy_file(session, org, vacancy, viewer=viewer, actor=cli_actor(),
                                    today=date.today(), retention=retention)  # fmt: skip
        _print_file(file)


def _print_file(file: dossier.VacancyFile) -> None:
    lang, v = state.language, file.vacancy
    t = lambda text, **p: gettext(text, lang, **p)  # noqa: E731
    console.print(f"{v.reference} {v.title} ({t('scale')} {v.scale})")
    print_table([t("Competence"), t("Kind"), t("Weight")],
                [[c.name, t(c.kind), str(c.weight)] for c in file.competences],
                t("Intake: competences"))  # fmt: skip
    print_table([t("Name"), t("Role"), t("Gender"), t("Account")],
                [[m.name, m.role, m.gender, m.username or "-"] for m in file.members],
                t("Selection committee"))  # fmt: skip
    if file.one_gender:
        console.print(_warning(file.one_gender))
    rows = []
    for c in file.candidates:
        sheet = file.sheets[c.code]
        mean = format_number(sheet.mean, lang, 2)
        marks = ["+" if c.suitable else "-", "+" if c.consent else "-"]
        cards = f"{sheet.submitted}/{sheet.members}"
        rows.append([c.code, c.gender, outcomes.stage_label(c.stage, lang), *marks, cards, mean])
    print_table([t("Code"), t("Gender"), t("Stage reached"), t("Suitable"), t("Consent"),
                 t("Scorecards"), t("Weighted score")], rows, t("Candidates"))  # fmt: skip
    if file.decision:
        console.print(t("Decision: {code} on {day}", code=file.decision.code or "-",
                        day=format_date(file.decision.decided_on, lang)))  # fmt: skip
        for name, reason in file.decision.reasons.items():
            console.print(f"  {name}: {reason}", highlight=False, markup=False)

    def done(step: checklist.StepStatus) -> str:
        if step.done_on:
            return format_date(step.done_on, lang, "short")
        return t("overdue") if step.overdue else "-"

    print_table([t("Step"), t("Due"), t("Done on")],
                [[t(tables.STEP_LABELS[s.step]), format_date(s.due, lang, "short"), done(s)]
                 for s in file.steps], t("NVP sollicitatiecode"))  # fmt: skip
    print_table([t("Checked on"), t("Outcome"), t("Language level")],
                [[format_date(c.checked_at.date(), lang, "short"),
                  tables.category_label(c.category, lang), c.level or "-"]
                 for c in file.checks], t("Text checks"))  # fmt: skip


def add_commands(app: typer.Typer) -> None:
    """Add the selection register's commands to `gep vacancy`."""
    for name, command in (
        ("show", show), ("competences", competences), ("member", member),
        ("candidate", candidate), ("stage", stage), ("suitable", suitable),
        ("consent", consent), ("score", score), ("scores", scores_command),
        ("decide", decide), ("appoint-candidate", appoint_candidate), ("end", end),
        ("step", step), ("check-text", check_text_command),
    ):  # fmt: skip
        app.command(name)(command)
