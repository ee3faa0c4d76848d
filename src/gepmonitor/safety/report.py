"""The integrity and social-safety annual report (HTML, PDF, XLSX), with seed 004's sections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.formatting import format_count, format_pct
from gepmonitor.core.i18n import gettext, register
from gepmonitor.core.models import Organisation
from gepmonitor.reports.render import ReportFormat, frames_to_xlsx, html_to_pdf, render_html
from gepmonitor.safety import registers
from gepmonitor.safety.service import counsellors_serving, yearly_totals
from gepmonitor.safety.totals import TrackTotals
from gepmonitor.safety.vocab import THEMES, TRACKS

FIGURES = (
    "people",
    "conversations",
    "with_hierarchical_relation",
    "formal_procedures",
    "about_sexual_harassment",
    "about_integrity",
    "about_undesirable_behaviour",
    "referred_other_track",
    "referred_other_help",
)


@dataclass
class IntegrityReport:
    """Everything the annual report shows."""

    org_name: str
    year: int
    oaths: int | None
    oath_source: str
    counsellors: list[tuple[str, str, str, str]]  # code, track, kind, gender
    totals: dict[str, TrackTotals]
    reports: list[list[int]]
    incidents: dict[str, int]
    trainings: list[registers.TrainingRow]
    texts: dict[str, str]
    min_cell: int


def gather(
    session: Session, org: Organisation, year: int, lang: str, min_cell: int, exact: bool = False
) -> IntegrityReport:
    """Collect the report's figures for a year."""
    oaths, source = registers.oaths_for(session, org, year)
    return IntegrityReport(
        org_name=org.name,
        year=year,
        oaths=oaths,
        oath_source=source,
        counsellors=[
            (c.code, c.track, c.kind, c.gender) for c in counsellors_serving(session, org)
        ],
        totals=yearly_totals(session, org, year, min_cell, exact),
        reports=registers.reports_by_year(session, org, list(range(year - 3, year + 1))),
        incidents=registers.incidents_by_kind(session, org, year),
        trainings=registers.trainings_for(session, org, year),
        texts=registers.texts_for(session, org, year, lang),
        min_cell=min_cell,
    )


def figure_rows(report: IntegrityReport, lang: str) -> list[list[str]]:
    """Return one row per figure: label, undesirable behaviour, integrity."""
    rows = [
        [
            gettext("safety.fig_counsellors", lang),
            *[str(report.totals[t].counsellors) for t in TRACKS],
        ]
    ]
    for name in FIGURES:
        rows.append(
            [
                gettext(f"safety.fig_{name}", lang),
                *[format_count(getattr(report.totals[t], name), report.min_cell) for t in TRACKS],
            ]
        )
    return rows


def theme_rows(report: IntegrityReport, lang: str) -> list[list[str]]:
    """Return one row per theme with conversations per track (only themes that occurred)."""
    rows = []
    for theme in THEMES:
        counts = [report.totals[t].themes.get(theme) for t in TRACKS]
        if all(c == 0 for c in counts):
            continue
        rows.append(
            [
                gettext(f"safety.theme.{theme}", lang),
                *[format_count(c, report.min_cell) for c in counts],
            ]
        )
    return rows


def build_integrity_report(
    session: Session,
    settings: Settings,
    org: Organisation,
    year: int,
    lang: str,
    fmt: ReportFormat,
    exact: bool = False,
) -> bytes:
    """Return the annual report in the requested format."""
    report = gather(session, org, year, lang, settings.min_cell, exact)
    tracks = [gettext(f"safety.track.{t}", lang) for t in TRACKS]
    figures, themes = figure_rows(report, lang), theme_rows(report, lang)
    trainings = [
        [
            t.title,
            t.held_on.isoformat(),
            str(t.attendees),
            format_pct(t.reach, lang) if t.reach is not None else "–",
        ]
        for t in report.trainings
    ]
    if fmt == ReportFormat.XLSX:
        head = [gettext("report.term", lang), *tracks]
        return frames_to_xlsx(
            {
                gettext("safety.r_counsellors", lang): pl.DataFrame(
                    figures, schema=head, orient="row"
                ),
                gettext("safety.r_themes", lang): pl.DataFrame(themes, schema=head, orient="row"),
                gettext("safety.r_reports", lang): pl.DataFrame(
                    report.reports,
                    schema=[gettext("monitor.year", lang), *tracks, gettext("monitor.total", lang)],
                    orient="row",
                ),
                gettext("safety.r_trainings", lang): pl.DataFrame(
                    trainings,
                    schema=[
                        gettext("safety.t_title", lang),
                        gettext("safety.t_date", lang),
                        gettext("safety.t_attendees", lang),
                        gettext("safety.t_reach", lang),
                    ],
                    orient="row",
                ),
            }
        )
    html = render_html(
        "safety_integrity_report.html",
        lang,
        report=report,
        tracks=tracks,
        figures=figures,
        themes=themes,
        trainings=trainings,
        generated=date.today().isoformat(),
        incidents=[(gettext(f"safety.incident.{k}", lang), v) for k, v in report.incidents.items()],
        title=gettext("safety.r_title", lang, year=year),
        counsellor_rows=[
            [
                code,
                gettext(f"safety.track.{track}", lang),
                gettext(f"safety.kind.{kind}", lang),
                gender,
            ]
            for code, track, kind, gender in report.counsellors
        ],
    )
    return html.encode("utf-8") if fmt == ReportFormat.HTML else html_to_pdf(html)


register(
    {
        "safety.r_title": (
            "Jaarverslag integriteit en sociale veiligheid {year}",
            "Integrity and social-safety annual report {year}",
        ),
        "safety.r_oaths": ("Ambtseed en belofte", "Oath and affirmation"),
        "safety.r_oaths_text": (
            "In {year} legden {count} medewerkers de ambtseed of -belofte af.",
            "In {year}, {count} employees took the oath or affirmation.",
        ),
        "safety.r_oaths_inflow": (
            "(afgeleid uit de instroom van dat jaar)",
            "(derived from that year's inflow)",
        ),
        "safety.r_oaths_none": (
            "Geen gegevens over de ambtseed in {year}.",
            "No oath figures for {year}.",
        ),
        "safety.r_counsellors": (
            "Vertrouwenspersonen en gesprekken",
            "Counsellors and conversations",
        ),
        "safety.r_counsellor_list": ("Vertrouwenspersonen", "Counsellors"),
        "safety.r_themes": ("Thema's van de gesprekken", "Themes of the conversations"),
        "safety.r_reports": ("Meldingen en klachten", "Reports and complaints"),
        "safety.r_incidents": ("Agressie en geweld van buiten", "Aggression from the public"),
        "safety.r_trainings": ("Trainingen en workshops", "Trainings and workshops"),
        "safety.r_works_council": ("Betrekken ondernemingsraad", "Works council involvement"),
        "safety.r_policy": ("Beleid", "Policy"),
        "safety.r_no_text": ("(nog geen tekst ingevuld)", "(no text entered yet)"),
        "safety.r_privacy": (
            "Gesprekken worden zonder namen vastgelegd. Aantallen van 1 tot {min_cell} staan als "
            "<{min_cell}; personen tellen één keer per vertrouwenspersoon, jaar en spoor.",
            "Conversations are recorded without names. Counts from 1 to below {min_cell} show "
            "as <{min_cell}; people count once per counsellor, year and track.",
        ),
        "safety.fig_counsellors": ("vertrouwenspersonen", "counsellors"),
        "safety.fig_people": ("personen", "people"),
        "safety.fig_conversations": ("gesprekken", "conversations"),
        "safety.fig_with_hierarchical_relation": (
            "met hiërarchische verhouding",
            "with a hierarchical relation",
        ),
        "safety.fig_formal_procedures": ("formele procedures gestart", "formal procedures started"),
        "safety.fig_about_sexual_harassment": (
            "over seksuele intimidatie",
            "about sexual harassment",
        ),
        "safety.fig_about_integrity": ("over integriteit", "about integrity"),
        "safety.fig_about_undesirable_behaviour": (
            "over ongewenst gedrag",
            "about undesirable behaviour",
        ),
        "safety.fig_referred_other_track": (
            "doorverwezen naar het andere spoor",
            "referred to the other track",
        ),
        "safety.fig_referred_other_help": (
            "doorverwezen naar andere hulp",
            "referred to other help",
        ),
        "safety.kind.internal": ("intern", "internal"),
        "safety.kind.external": ("extern", "external"),
        "safety.incident.verbal": ("verbaal", "verbal"),
        "safety.incident.physical": ("fysiek", "physical"),
        "safety.incident.threat": ("bedreiging", "threat"),
        "safety.incident.online": ("online", "online"),
        "safety.t_title": ("titel", "title"),
        "safety.t_date": ("datum", "date"),
        "safety.t_attendees": ("deelnemers", "attendees"),
        "safety.t_reach": ("bereik", "reach"),
        "safety.t_reach_note": (
            "Bereik = deelnemers / medewerkers op de peildatum van het jaar (wie twee keer "
            "deelnam telt twee keer).",
            "Reach = attendees / staff on the year's peildatum (someone attending twice counts "
            "twice).",
        ),
    }
)
