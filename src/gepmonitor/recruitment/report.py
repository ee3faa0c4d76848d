"""The yearly recruitment report: summary, comply-or-explain list, selection outcomes.

The selection register's outcomes are the funnel by gender, committees, the NVP checklist and
the text checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from gepmonitor.core.formatting import format_count, format_date, format_pct
from gepmonitor.core.i18n import N_, gettext
from gepmonitor.core.models import Organisation
from gepmonitor.core.rendering import (
    PERCENT,
    ReportFormat,
    Sheet,
    charts_for,
    finish,
    render_html,
    sheets_to_xlsx,
)
from gepmonitor.core.reporting import ReportKind, front_matter, yearly_build
from gepmonitor.recruitment.checklist import Retention
from gepmonitor.recruitment.models import Appointment, Vacancy
from gepmonitor.recruitment.narrative import (
    funnel_chart,
    gender_rows,
    recruitment_summary,
    trend_chart,
)
from gepmonitor.recruitment.outcomes import (
    build_funnel,
    checklist_completion,
    committee_composition,
    describe_step,
    signal_key,
    text_history,
)
from gepmonitor.recruitment.service import list_vacancies, vacancy_years
from gepmonitor.recruitment.summary import (
    BandComparison,
    RecruitmentSummary,
    build_summary,
    summarise,
)
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
        [share_label(summary, lang), format_pct(summary.share_women_above, lang)],
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
    logo: str = "",
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
    by_gender = [
        (gettext(label, lang, threshold=threshold), counts)
        for label, counts in gender_rows(summary)
    ]
    if fmt == ReportFormat.XLSX:
        return _workbook(summary, by_gender, heads, lang, min_cell, selection, terms)
    years, shares = _yearly_shares(session, org, year, threshold, min_cell, exact)
    with charts_for(fmt):
        front = front_matter(
            org.name,
            lang,
            title=gettext("Recruitment and appointments {year}", lang, year=year),
            subtitle=gettext("Vacancies, selection and appointments by gender", lang),
            summary=recruitment_summary(summary, lang),
            sources=gettext("the vacancy and appointment register", lang),
            peildatum=gettext("vacancies opened in {year}", lang, year=year),
            min_cell=min_cell,
            logo=logo,
        )
        html = render_html(
            "recruitment_report.html",
            lang,
            front=front,
            year=year,
            rows=rows,
            by_gender=[
                [
                    label,
                    *(
                        _no_data(lang) if counts is None else format_count(counts[g], min_cell)
                        for g in "mvx"
                    ),
                ]
                for label, counts in by_gender
            ],
            explained=[
                [e.reference, e.title, str(e.scale), format_date(e.appointed_on, lang, "short")]
                + [e.explanation, e.approver]
                for e in summary.explained
            ],
            heads=heads,
            threshold=threshold,
            funnel=funnel_chart(summary, lang),
            trend=trend_chart(years, shares, lang, threshold),
            min_cell=min_cell,
            terms=terms,
            title=front.title,
            selection=selection,
        )
    return finish(html, fmt, front.footer)


def _no_data(lang: str) -> str:
    return gettext("no data", lang)


def share_label(summary: RecruitmentSummary, lang: str) -> str:
    """Return the label of the women's share above the threshold, saying of whom it counts."""
    if summary.share_covers == "men_women":
        return gettext(
            "Share of women among appointments above the threshold (of men and women)", lang
        )
    return gettext("Share of women among appointments above the threshold", lang)


def _comparison_sheet(summary: RecruitmentSummary, lang: str) -> Sheet:
    """Return each band's required share beside the shares of the same kind, as numbers."""
    head = [
        gettext(text, lang)
        for text in (
            N_("band"),
            N_("rates of"),
            N_("required share"),
            N_("flows: share of women"),
            N_("flows: women"),
            N_("flows: appointments"),
            N_("register: share of women"),
            N_("register: women"),
            N_("register: appointments"),
        )
    ]
    rows: list[list[object]] = []
    formats: dict[tuple[int, int], str] = {}
    for r, c in enumerate(summary.required):
        required: object = c.required
        if c.too_little_data:
            required = gettext("too little data", lang)
        elif not c.reachable:
            required = gettext("not reachable (>100%)", lang)
        rows.append(
            [
                c.band,
                c.window,
                required,
                c.flows_share,
                c.flows_women,
                c.flows_total,
                c.register_share,
                c.register_women,
                c.register_total,
            ]
        )
        formats |= {(r, 2): PERCENT, (r, 3): PERCENT, (r, 6): PERCENT}
    return Sheet(head, rows, cell_formats=formats)


def _yearly_shares(
    session: Session, org: Organisation, year: int, threshold: int, min_cell: int, exact: bool
) -> tuple[list[int], list[float | None]]:
    """Return the register's years up to the report year with women's share of appointments."""
    by_year: dict[int, list[tuple[Vacancy, Appointment | None]]] = {}
    for vacancy, appointment in list_vacancies(session, org):
        if vacancy.opened.year <= year:
            by_year.setdefault(vacancy.opened.year, []).append((vacancy, appointment))
    years = sorted(by_year)
    shares = [summarise(by_year[y], y, threshold, min_cell, exact).share_women_above for y in years]
    return years, shares


def _workbook(
    summary: RecruitmentSummary,
    by_gender: list[tuple[str, dict[str, int | None] | None]],
    heads: list[str],
    lang: str,
    min_cell: int,
    selection: SelectionTables,
    terms: list[tuple[str, str]],
) -> bytes:
    """Return the summary, comply-or-explain, selection tables and definitions as a workbook."""

    def count(counts: dict[str, int | None] | None, gender: str) -> int | str:
        if counts is None:
            return _no_data(lang)
        value = counts[gender]
        return format_count(None, min_cell) if value is None else value

    term, value = gettext("term", lang), gettext("value", lang)
    figures: list[list[object]] = [
        [gettext("Vacancies opened", lang), summary.vacancies],
        [
            gettext("Vacancies in scale {threshold} and higher", lang, threshold=summary.threshold),
            summary.vacancies_above,
        ],
        [share_label(summary, lang), summary.share_women_above],
    ]
    genders = [gettext(text, lang) for text in (N_("men"), N_("women"), N_("x / other"))]
    explained = [
        [
            e.reference,
            e.title,
            e.scale,
            e.appointed_on,
            e.explanation,
            e.approver,
        ]
        for e in summary.explained
    ]
    return sheets_to_xlsx(
        {
            gettext("Summary", lang): Sheet([term, value], figures, cell_formats={(2, 1): PERCENT}),
            gettext("By gender", lang): Sheet(
                [term, *genders],
                [[label, *(count(counts, g) for g in "mvx")] for label, counts in by_gender],
            ),
            gettext("Comply or explain", lang): Sheet(heads, explained),
            gettext("Required share", lang): _comparison_sheet(summary, lang),
            **{
                title[:31]: _numbers_sheet(list(table[0]), table[1], lang)
                for title, table in selection.sheets()
            },
            gettext("Definitions", lang): Sheet(
                [term, gettext("meaning", lang)], [list(pair) for pair in terms]
            ),
        }
    )


def _recruitment_years(session: Session, org: Organisation) -> list[str]:
    return [str(year) for year in vacancy_years(session, org)]


REPORTS = [
    ReportKind(
        key="recruitment",
        title=N_("Recruitment and appointments"),
        description=N_(
            "Vacancies, applicants, suitable candidates and appointments by gender, "
            "and every comply-or-explain case with its explanation."
        ),
        permission="view_recruitment",
        file_stem="werving",
        choice_label=N_("Year"),
        choices=_recruitment_years,
        build=yearly_build(
            build_recruitment_report, threshold=lambda s: s.recruitment_threshold_scale
        ),
    )
]


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


def _numbers_sheet(head: list[str], rows: list[list[str]], lang: str) -> Sheet:
    """Return a table of the page as a sheet whose counts, decimals and percentages are numbers."""
    point = "," if lang == "nl" else "."
    number = re.compile(rf"-?\d+(?:\{point}\d+)?")
    cells: list[list[object]] = []
    formats: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        converted: list[object] = []
        for c, cell in enumerate(row):
            text = cell.strip() if isinstance(cell, str) else cell
            if isinstance(text, str) and text.endswith("%") and number.fullmatch(text[:-1]):
                converted.append(float(text[:-1].replace(point, ".")) / 100)
                formats[(r, c)] = PERCENT
            elif isinstance(text, str) and number.fullmatch(text):
                value = float(text.replace(point, "."))
                converted.append(int(value) if value.is_integer() and point not in text else value)
            else:
                converted.append(cell)
        cells.append(converted)
    return Sheet(_unique(head), cells, cell_formats=formats)
