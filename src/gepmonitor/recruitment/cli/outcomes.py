"""`gep recruitment ...`: the funnel by gender, the weekly overview and the candidate purge."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import typer

from gepmonitor.core.cliutil import console, lazy_module, state
from gepmonitor.core.formatting import format_date
from gepmonitor.core.i18n import gettext
from gepmonitor.recruitment.cli.common import parse_day, print_table

if TYPE_CHECKING:
    from gepmonitor.core import orgs
    from gepmonitor.recruitment import checklist, outcomes, tables
    from gepmonitor.recruitment import retention as purging
else:  # the services load when a command runs, not for `gep --help`
    checklist = lazy_module("gepmonitor.recruitment.checklist")
    orgs = lazy_module("gepmonitor.core.orgs")
    outcomes = lazy_module("gepmonitor.recruitment.outcomes")
    purging = lazy_module("gepmonitor.recruitment.retention")
    tables = lazy_module("gepmonitor.recruitment.tables")

recruitment_app = typer.Typer(
    help="Across vacancies: funnel by gender, weekly overview, purge of candidate data.",
    no_args_is_help=True,
)


@recruitment_app.command("funnel")
def funnel(
    year: int = typer.Option(..., "--year", help="Year the vacancies opened."),
    exact: bool = typer.Option(False, "--exact", help="Show counts below the minimum cell."),
) -> None:
    """Print the funnel by gender and band, the adverse-impact ratios and the signals."""
    lang, min_cell = state.language, state.settings.min_cell
    with state.session() as session:
        org = state.organisation(session)
        result = outcomes.build_funnel(session, org, year, min_cell, exact=exact)
        composition = outcomes.committee_composition(session, org, year, min_cell, exact=exact)
        completion = outcomes.checklist_completion(
            session, org, year, date.today(), checklist.Retention.of(state.settings)
        )
        history = outcomes.text_history(session, org, year)
    if not result.vacancies:
        console.print(gettext("No vacancy opened in {year} has selection data: no figures.",
                              lang, year=year))  # fmt: skip
    else:
        print_table(*tables.funnel_table(result, lang, min_cell),
                    gettext("Candidates who reached each stage", lang))  # fmt: skip
        print_table(*tables.steps_table(result, lang), gettext("Selection rates and adverse impact",
                                                        lang))  # fmt: skip
        for step in result.signals:
            console.print(f"{outcomes.signal_key(year, step)}: "
                          f"{outcomes.describe_step(step, year, lang)}",
                          highlight=False, markup=False)  # fmt: skip
    print_table(*tables.composition_table(composition, lang, min_cell),
                gettext("Selection committees", lang))  # fmt: skip
    print_table(*tables.completion_table(completion, lang), gettext("NVP sollicitatiecode", lang))
    print_table(*tables.history_table(history, lang), gettext("Text checks", lang))


@recruitment_app.command("week")
def week(
    on: str = typer.Option("", "--date", help="The meeting's day (default: today)."),
) -> None:
    """Print the weekly overview: open vacancies, their stage and overdue checklist steps."""
    today = parse_day(on, "--date") if on else date.today()
    with state.session() as session:
        rows = checklist.weekly_overview(
            session, state.organisation(session), today, checklist.Retention.of(state.settings)
        )
    print_table(*tables.week_table(rows, state.language),
                gettext("Recruitment meeting, week of {day}", state.language,
                        day=format_date(today, state.language)))  # fmt: skip


@recruitment_app.command("purge")
def purge(
    on: str = typer.Option("", "--date", help="Purge as of this day (default: today)."),
    all_orgs: bool = typer.Option(
        False, "--all-orgs", help="Purge every organisation of the instance (the daily timer)."
    ),
) -> None:
    """Delete candidate data whose retention period has passed, keeping only counts."""
    day = parse_day(on, "--date") if on else date.today()
    now = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    retention = checklist.Retention.of(state.settings)
    with state.session() as session:
        if not all_orgs:
            removed = purging.purge_candidates(
                session, state.organisation(session), now, retention=retention
            )
            console.print(
                gettext("Candidate data removed: {count}.", state.language, count=removed)
            )
            return
        for org in orgs.list_orgs(session):
            removed = purging.purge_candidates(session, org, now, retention=retention)
            console.print(
                gettext(
                    "{org}: candidate data removed: {count}.",
                    state.language,
                    org=org.slug,
                    count=removed,
                )
            )
