"""The yearly recruitment report: summary, comply-or-explain list, selection outcomes.

The selection register's outcomes are the funnel by gender, committees, the NVP checklist and
the text checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
from sqlalchemy.orm import Session

from gepmonitor.core.formatting import format_count, format_date, format_pct
from gepmonitor.core.i18n import N_, gettext
from gepmonitor.core.models import Organisation
from gepmonitor.core.rendering import ReportFormat, frames_to_xlsx, html_to_pdf, render_html
from gepmonitor.recruitment.checklist import Retention
from gepmonitor.recruitment.outcomes import (
    build_funnel,
    checklist_completion,
    committee_composition,
    describe_step,
    signal_key,
    text_history,
)
from gepmonitor.recruitment.summary import BandComparison, RecruitmentSummary, build_summary
from gepmonitor.recruitment.tables import (
    Table,
    completion_table,
    composition_table,
    funnel_table,
    history_table,
    steps_table,
)


def summary_rows(summary: RecruitmentSummary, lang: str, min_cell: int) -> list[list[str]]:
    """Return the headline rows: label and value."""

    def t(key: str, **params: object) -> str:
        return gettext(key, lang, **params)

    def triple(counts: dict[str, int | None] | None) -> str:
        if counts is None:
            return gettext("no data", lang)
        return " / ".join(format_count(counts[g], min_cell) for g in "mvx")

    rows = [
        [t("Vacancies opened"), str(summary.vacancies)],
        [
            t("Vacancies in scale {threshold} and higher", threshold=summary.threshold),
            str(summary.vacancies_above),
        ],
        [t("Appointed (men / women / x)"), triple(summary.appointed)],
        [
            t("Appointed in scale {threshold}+ (men / women / x)", threshold=summary.threshold),
            triple(summary.appointed_above),
        ],
        [t("Applicants above the threshold (men / women / x)"), triple(summary.applicants_above)],
        [t("Suitable candidates (men / women / x)"), triple(summary.suitable_above)],
        [
            t("Share of women among appointments above the threshold"),
            format_pct(summary.share_women_above, lang),
        ],
    ]
    for c in summary.required:
        rows += comparison_rows(c, summary.year, lang)
    if not summary.required:
        rows.append([t("Required share: no targets or personnel data"), "–"])
    return rows


def _share_text(share: float | None, women: int | None, total: int | None, lang: str) -> str:
    """Return '54,5% (6 van 11)', or '' when the share is not there (hidden or no data)."""
    if share is None:
        return ""
    return gettext(
        "{share} ({women} of {total})",
        lang,
        share=format_pct(share, lang),
        women=women,
        total=total,
    )


def comparison_rows(c: BandComparison, year: int, lang: str) -> list[list[str]]:
    """Return a band's required share and the women's share of its appointments, same kind."""
    little = gettext("too little data", lang)
    if c.too_little_data:
        required = little
    elif c.reachable:
        required = format_pct(c.required, lang)
    else:
        required = gettext("not reachable (>100%)", lang)
    flows = _share_text(c.flows_share, c.flows_women, c.flows_total, lang) or little
    register = _share_text(c.register_share, c.register_women, c.register_total, lang) or (
        format_count(None, 5) if c.register_hidden else gettext("no data", lang)
    )
    return [
        [
            gettext(
                "Required share of women among appointments into {band} (rates {window})",
                lang,
                band=c.band,
                window=c.window,
            ),
            required,
        ],
        [
            gettext(
                "Share of women among appointments into {band}, personnel flows {window}",
                lang,
                band=c.band,
                window=c.window,
            ),
            flows,
        ],
        [
            gettext(
                "Share of women among the register's appointments into {band}, {year}",
                lang,
                band=c.band,
                year=year,
            ),
            register,
        ],
    ]


def build_recruitment_report(
    session: Session,
    org: Organisation,
    year: int,
    lang: str,
    fmt: ReportFormat,
    *,
    threshold: int,
    min_cell: int,
    exact: bool = False,
    retention: Retention | None = None,
) -> bytes:
    """Return the recruitment report of a year in the requested format.

    Besides the register's summary it carries the selection register's outcomes: the funnel
    by gender with the adverse-impact ratios and signals, the committees, the NVP checklist
    and the text-check history.
    """
    from gepmonitor.personnel.definitions import definitions
    from gepmonitor.personnel.service import peildatum_rule

    summary = build_summary(session, org, year, threshold, min_cell, exact)
    rows = summary_rows(summary, lang, min_cell)
    keys = ("staff", "snapshot", "flows", "projections", "required", "suppression")
    terms = definitions(lang, min_cell, peildatum_rule(session, org), keys=keys)
    selection = selection_tables(
        session, org, year, lang, min_cell, exact, retention or Retention()
    )
    explained: list[list[object]] = [
        [e.reference, e.title, str(e.scale), e.appointed_on, e.explanation, e.approver]
        for e in summary.explained
    ]
    heads = [
        gettext(head, lang)
        for head in (
            N_("reference"),
            N_("job title"),
            N_("scale"),
            N_("appointed on"),
            N_("explanation"),
            N_("approved by"),
        )
    ]
    if fmt == ReportFormat.XLSX:
        return frames_to_xlsx(
            {
                gettext("Summary", lang): pl.DataFrame(
                    rows,
                    schema=[gettext("term", lang), gettext("value", lang)],
                    orient="row",
                ),
                gettext("Comply or explain", lang): pl.DataFrame(
                    explained, schema=heads, orient="row"
                ),
                **{
                    title[:31]: pl.DataFrame(table[1], schema=_unique(table[0]), orient="row")
                    for title, table in selection.sheets()
                },
                gettext("Definitions", lang): pl.DataFrame(
                    [list(pair) for pair in terms],
                    schema=[gettext("term", lang), gettext("meaning", lang)],
                    orient="row",
                ),
            }
        )
    html = render_html(
        "recruitment_report.html",
        lang,
        org_name=org.name,
        year=year,
        rows=rows,
        explained=[
            [e.reference, e.title, str(e.scale), format_date(e.appointed_on, lang, "short")]
            + [e.explanation, e.approver]
            for e in summary.explained
        ],
        heads=heads,
        threshold=threshold,
        generated=format_date(date.today(), lang),
        min_cell=min_cell,
        terms=terms,
        title=gettext("Recruitment and appointments {year}", lang, year=year),
        selection=selection,
    )
    return html.encode("utf-8") if fmt == ReportFormat.HTML else html_to_pdf(html)


@dataclass
class SelectionTables:
    """The selection register's outcomes of a year as (head, rows) tables."""

    vacancies: int
    funnel: Table
    steps: Table
    signals: list[str]
    committees: Table
    checklist: Table
    texts: Table
    lang: str

    def sheets(self) -> list[tuple[str, Table]]:
        """Return the tables with their titles, as the workbook's sheets."""
        t = self.lang
        found = [
            (gettext("Selection committees", t), self.committees),
            (gettext("NVP sollicitatiecode", t), self.checklist),
            (gettext("Text checks", t), self.texts),
        ]
        if self.vacancies:
            signals = ([gettext("signal", t)], [[s] for s in self.signals])
            found = [
                (gettext("Candidates who reached each stage", t), self.funnel),
                (gettext("Selection rates and adverse impact", t), self.steps),
                (gettext("Signals", t), signals),
                *found,
            ]
        return found


def selection_tables(
    session: Session,
    org: Organisation,
    year: int,
    lang: str,
    min_cell: int,
    exact: bool,
    retention: Retention,
) -> SelectionTables:
    """Return the year's funnel, committees, checklist completion and text-check history."""
    funnel = build_funnel(session, org, year, min_cell, exact=exact)
    composition = committee_composition(session, org, year, min_cell, exact=exact)
    completion = checklist_completion(session, org, year, date.today(), retention)
    return SelectionTables(
        funnel.vacancies,
        funnel_table(funnel, lang, min_cell),
        steps_table(funnel, lang),
        [f"{signal_key(year, s)}: {describe_step(s, year, lang)}" for s in funnel.signals],
        composition_table(composition, lang, min_cell),
        completion_table(completion, lang),
        history_table(text_history(session, org, year), lang),
        lang,
    )


def _unique(names: list[str]) -> list[str]:
    """Return column names made unique (a workbook sheet needs distinct headers)."""
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result
