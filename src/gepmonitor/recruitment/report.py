"""The yearly recruitment report: summary, appointments by gender, comply-or-explain list."""

from __future__ import annotations

from datetime import date

import polars as pl
from sqlalchemy.orm import Session

from gepmonitor.core.formatting import format_count, format_pct
from gepmonitor.core.i18n import gettext, register
from gepmonitor.core.models import Organisation
from gepmonitor.core.rendering import ReportFormat, frames_to_xlsx, html_to_pdf, render_html
from gepmonitor.recruitment.summary import BandComparison, RecruitmentSummary, build_summary


def summary_rows(summary: RecruitmentSummary, lang: str, min_cell: int) -> list[list[str]]:
    """Return the headline rows: label and value."""

    def t(key: str, **params: object) -> str:
        return gettext(key, lang, **params)

    def triple(counts: dict[str, int | None] | None) -> str:
        if counts is None:
            return gettext("no data", lang)
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
    for c in summary.required:
        rows += comparison_rows(c, summary.year, lang)
    if not summary.required:
        rows.append([t("recruitment.r_required_none"), "–"])
    return rows


def comparison_rows(c: BandComparison, year: int, lang: str) -> list[list[str]]:
    """Return a band's required share and the women's share of its appointments, same kind."""
    little = gettext("too little data", lang)
    if c.too_little_data:
        required = little
    elif c.reachable:
        required = format_pct(c.required, lang)
    else:
        required = gettext("monitor.unreachable", lang)
    flows = (
        gettext(
            "{share} ({women} of {total})",
            lang,
            share=format_pct(c.flows_share, lang),
            women=c.flows_women,
            total=c.flows_total,
        )
        if c.flows_share is not None
        else little
    )
    register = (
        gettext(
            "{share} ({women} of {total})",
            lang,
            share=format_pct(c.register_share, lang),
            women=c.register_women,
            total=c.register_total,
        )
        if c.register_share is not None
        else format_count(None, 5)
        if c.register_hidden
        else gettext("no data", lang)
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
) -> bytes:
    """Return the recruitment report of a year in the requested format."""
    from gepmonitor.personnel.definitions import definitions
    from gepmonitor.personnel.service import peildatum_rule

    summary = build_summary(session, org, year, threshold, min_cell, exact)
    rows = summary_rows(summary, lang, min_cell)
    keys = ("staff", "snapshot", "flows", "projections", "required", "suppression")
    terms = definitions(lang, min_cell, peildatum_rule(session, org), keys=keys)
    explained = [
        [e.reference, e.title, str(e.scale), e.appointed_on, e.explanation, e.approver]
        for e in summary.explained
    ]
    heads = [
        gettext(f"recruitment.e_{c}", lang)
        for c in ("reference", "title", "scale", "date", "explanation", "approver")
    ]
    if fmt == ReportFormat.XLSX:
        return frames_to_xlsx(
            {
                gettext("recruitment.r_summary", lang): pl.DataFrame(
                    rows,
                    schema=[gettext("report.term", lang), gettext("recruitment.r_value", lang)],
                    orient="row",
                ),
                gettext("recruitment.r_explained", lang): pl.DataFrame(
                    explained, schema=heads, orient="row"
                ),
                gettext("report.definitions", lang): pl.DataFrame(
                    [list(pair) for pair in terms],
                    schema=[gettext("report.term", lang), gettext("report.meaning", lang)],
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
        explained=explained,
        heads=heads,
        threshold=threshold,
        generated=date.today().isoformat(),
        min_cell=min_cell,
        terms=terms,
        title=gettext("recruitment.r_title", lang, year=year),
    )
    return html.encode("utf-8") if fmt == ReportFormat.HTML else html_to_pdf(html)


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
