"""The yearly recruitment report: summary, appointments by gender, comply-or-explain list."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from gepmonitor.core.formatting import format_count, format_pct
from gepmonitor.core.i18n import gettext, register
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
from gepmonitor.core.reporting import ReportKind, ReportRequest, front_matter, logo_data_uri
from gepmonitor.recruitment.models import Appointment, Vacancy
from gepmonitor.recruitment.narrative import (
    funnel_chart,
    gender_rows,
    recruitment_summary,
    trend_chart,
)
from gepmonitor.recruitment.service import list_vacancies
from gepmonitor.recruitment.summary import RecruitmentSummary, build_summary, summarise


def summary_rows(summary: RecruitmentSummary, lang: str, min_cell: int) -> list[list[str]]:
    """Return the headline rows: label and value."""

    def t(key: str, **params: object) -> str:
        return gettext(key, lang, **params)

    def triple(counts: dict[str, int | None]) -> str:
        return " / ".join(format_count(counts[g], min_cell) for g in "mvx")

    rows = [
        [t("recruitment.r_vacancies"), str(summary.vacancies)],
        [
            t("recruitment.r_vacancies_above", threshold=summary.threshold),
            str(summary.vacancies_above),
        ],
        [t("recruitment.r_appointed"), triple(summary.appointed)],
        [
            t("recruitment.r_appointed_above", threshold=summary.threshold),
            triple(summary.appointed_above),
        ],
        [t("recruitment.r_applicants_above"), triple(summary.applicants_above)],
        [t("recruitment.r_suitable_above"), triple(summary.suitable_above)],
        [t("recruitment.r_share_women"), format_pct(summary.share_women_above, lang)],
    ]
    for band, share, reachable in summary.required:
        value = format_pct(share, lang) if reachable else gettext("monitor.unreachable", lang)
        rows.append([t("recruitment.r_required", band=band), value])
    if not summary.required:
        rows.append([t("recruitment.r_required_none"), "–"])
    return rows


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
) -> bytes:
    """Return the recruitment report of a year in the requested format."""
    summary = build_summary(session, org, year, threshold, min_cell, exact)
    rows = summary_rows(summary, lang, min_cell)
    heads = [
        gettext(f"recruitment.e_{c}", lang)
        for c in ("reference", "title", "scale", "date", "explanation", "approver")
    ]
    by_gender = [
        (gettext(label, lang, threshold=threshold), counts)
        for label, counts in gender_rows(summary)
    ]
    if fmt == ReportFormat.XLSX:
        return _workbook(summary, by_gender, heads, lang, min_cell)
    years, shares = _yearly_shares(session, org, year, threshold, min_cell, exact)
    with charts_for(fmt):
        front = front_matter(
            org.name,
            lang,
            title=gettext("recruitment.r_title", lang, year=year),
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
                [label, *(format_count(counts[g], min_cell) for g in "mvx")]
                for label, counts in by_gender
            ],
            explained=[
                [e.reference, e.title, str(e.scale), e.appointed_on, e.explanation, e.approver]
                for e in summary.explained
            ],
            heads=heads,
            threshold=threshold,
            funnel=funnel_chart(summary, lang),
            trend=trend_chart(years, shares, lang, threshold),
            min_cell=min_cell,
            title=front.title,
        )
    return finish(html, fmt, front.footer)


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
    by_gender: list[tuple[str, dict[str, int | None]]],
    heads: list[str],
    lang: str,
    min_cell: int,
) -> bytes:
    """Return the summary (numbers as numbers) and the comply-or-explain list as a workbook."""

    def count(value: int | None) -> int | str:
        return format_count(None, min_cell) if value is None else value

    term, value = gettext("report.term", lang), gettext("recruitment.r_value", lang)
    figures: list[list[object]] = [
        [gettext("recruitment.r_vacancies", lang), summary.vacancies],
        [
            gettext("recruitment.r_vacancies_above", lang, threshold=summary.threshold),
            summary.vacancies_above,
        ],
        [gettext("recruitment.r_share_women", lang), summary.share_women_above],
    ]
    genders = [gettext(f"recruitment.gender_{g}", lang) for g in "mvx"]
    explained = [
        [
            e.reference,
            e.title,
            e.scale,
            date.fromisoformat(e.appointed_on),
            e.explanation,
            e.approver,
        ]
        for e in summary.explained
    ]
    return sheets_to_xlsx(
        {
            gettext("recruitment.r_summary", lang): Sheet(
                [term, value], figures, cell_formats={(2, 1): PERCENT}
            ),
            gettext("By gender", lang): Sheet(
                [term, *genders],
                [[label, *(count(counts[g]) for g in "mvx")] for label, counts in by_gender],
            ),
            gettext("recruitment.r_explained", lang): Sheet(heads, explained),
        }
    )


register(
    {
        "recruitment.r_title": (
            "Werving en benoemingen {year}",
            "Recruitment and appointments {year}",
        ),
        "recruitment.r_summary": ("Samenvatting", "Summary"),
        "recruitment.r_value": ("waarde", "value"),
        "recruitment.r_vacancies": ("Vacatures geopend", "Vacancies opened"),
        "recruitment.r_vacancies_above": (
            "Vacatures in schaal {threshold} en hoger",
            "Vacancies in scale {threshold} and higher",
        ),
        "recruitment.r_appointed": ("Benoemd (man / vrouw / x)", "Appointed (men / women / x)"),
        "recruitment.r_appointed_above": (
            "Benoemd in schaal {threshold}+ (man / vrouw / x)",
            "Appointed in scale {threshold}+ (men / women / x)",
        ),
        "recruitment.r_applicants_above": (
            "Sollicitanten boven de drempel (man / vrouw / x)",
            "Applicants above the threshold (men / women / x)",
        ),
        "recruitment.r_suitable_above": (
            "Geschikte kandidaten (man / vrouw / x)",
            "Suitable candidates (men / women / x)",
        ),
        "recruitment.r_share_women": (
            "Aandeel vrouwen onder benoemingen boven de drempel",
            "Share of women among appointments above the threshold",
        ),
        "recruitment.r_required": (
            "Benodigd aandeel vrouwen bij benoemingen voor streefwaarde {band}",
            "Required share of women among appointments for target {band}",
        ),
        "recruitment.r_required_none": (
            "Benodigd aandeel: geen streefwaarden of personeelsgegevens",
            "Required share: no targets or personnel data",
        ),
        "recruitment.r_explained": ("Pas toe of leg uit", "Comply or explain"),
        "recruitment.r_explained_intro": (
            "Benoemingen van een man in schaal {threshold} en hoger terwijl een geschikte vrouw "
            "op de shortlist stond, met de schriftelijke uitleg.",
            "Appointments of a man in scale {threshold} and higher while a suitable woman was on "
            "the shortlist, with the written explanation.",
        ),
        "recruitment.r_none_explained": ("Geen in dit jaar.", "None this year."),
        "recruitment.e_reference": ("nummer", "reference"),
        "recruitment.e_title": ("functie", "title"),
        "recruitment.e_scale": ("schaal", "scale"),
        "recruitment.e_date": ("benoemd op", "appointed on"),
        "recruitment.e_explanation": ("uitleg", "explanation"),
        "recruitment.e_approver": ("goedgekeurd door", "approved by"),
    }
)


def _recruitment_years(session: Session, org: Organisation) -> list[str]:
    years = {vacancy.opened.year for vacancy, _ in list_vacancies(session, org)}
    return [str(year) for year in sorted(years, reverse=True)]


def _build_recruitment(request: ReportRequest) -> bytes:
    return build_recruitment_report(
        request.session,
        request.org,
        int(request.choice),
        request.lang,
        ReportFormat(request.fmt),
        threshold=request.settings.recruitment_threshold_scale,
        min_cell=request.settings.min_cell,
        exact=request.exact,
        logo=logo_data_uri(request.settings),
    )


REPORTS = [
    ReportKind(
        key="recruitment",
        title="Recruitment and appointments",
        description="Vacancies, applicants, suitable candidates and appointments by gender, "
        "and every comply-or-explain case with its explanation.",
        permission="view_recruitment",
        file_stem="werving",
        choice_label="Year",
        choices=_recruitment_years,
        build=_build_recruitment,
    )
]
