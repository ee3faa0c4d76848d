"""The plan report and the Horizon Europe self-check report."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from gepmonitor.core.formatting import format_number, format_pct
from gepmonitor.core.i18n import gettext, register
from gepmonitor.core.models import Organisation
from gepmonitor.core.rendering import (
    ReportFormat,
    html_to_pdf,
    render_html,
    rows_to_xlsx,
)
from gepmonitor.plan import service
from gepmonitor.plan.events import EventView
from gepmonitor.plan.kpis import MeasureView, measure_views
from gepmonitor.plan.selfcheck.checker import RequirementResult

MEASURE_COLUMNS = (
    "id",
    "goal",
    "measure",
    "owner",
    "period",
    "status",
    "kpi",
    "target",
    "measured",
    "evidence",
)
EVENT_COLUMNS = ("event_id", "date", "event", "wide", "attendees", "counted", "measure")


def measure_head(lang: str) -> list[str]:
    """Return the column headings of the measures table."""
    return [gettext(f"plan.col_{c}", lang) for c in MEASURE_COLUMNS]


def event_head(lang: str) -> list[str]:
    """Return the column headings of the events table."""
    return [gettext(f"plan.col_{c}", lang) for c in EVENT_COLUMNS]


def _measure_cells(m: MeasureView, lang: str, as_text: bool) -> list[object]:
    """Return a measure's cells: all text for pages, numbers as numbers for workbooks."""
    kpis: list[object] = [m.target, m.measured]
    if as_text:
        kpis = [_kpi(m.target, m.kpi_kind, lang), measured_text(m, lang)]
    status = gettext(f"plan.status.{m.status}", lang)
    first = [str(m.id) if as_text else m.id, m.goal, m.title, m.owner, m.period, status, m.kpi]
    return [*first, *kpis, m.evidence]


def _event_cells(e: EventView, lang: str, as_text: bool) -> list[object]:
    """Return an event's cells: all text for pages, numbers as numbers for workbooks."""
    wide = gettext("plan.yes" if e.organisation_wide else "plan.no", lang)
    counted = gettext("plan.counted_list" if e.listed else "plan.counted_number", lang)
    numbers: list[object] = [e.id, e.attendees, e.measure_id]
    if as_text:
        numbers = [str(e.id), str(e.attendees), str(e.measure_id or "")]
    return [numbers[0], e.held_on.isoformat(), e.title, wide, numbers[1], counted, numbers[2]]


def measure_rows(views: list[MeasureView], lang: str) -> list[list[str]]:
    """Return one text row per measure: id, goal, title, owner, period, status, KPI, evidence."""
    return [[str(cell) for cell in _measure_cells(m, lang, True)] for m in views]


def event_rows(events: list[EventView], lang: str) -> list[list[str]]:
    """Return one text row per event: id, date, title, wide, attendees, how counted, measure."""
    return [[str(cell) for cell in _event_cells(e, lang, True)] for e in events]


# The personnel figures the KPIs borrow (reach: staff; scale 13+: shares and flows).
DEFINITION_KEYS = ("staff", "snapshot", "headcount", "bands", "shares", "flows", "suppression")


def plan_definitions(
    session: Session, org: Organisation, lang: str, min_cell: int
) -> list[tuple[str, str]]:
    """Return the definitions of the personnel figures the plan's KPIs are computed from."""
    from gepmonitor.personnel.definitions import definitions
    from gepmonitor.personnel.service import peildatum_rule

    return definitions(lang, min_cell, peildatum_rule(session, org), keys=DEFINITION_KEYS)


def _workbook(
    views: list[MeasureView],
    events: list[EventView],
    terms: list[tuple[str, str]],
    lang: str,
) -> bytes:
    """Return the register as a workbook: numbers as numbers, one sheet each."""
    return rows_to_xlsx(
        {
            gettext("plan.measures", lang): (
                measure_head(lang),
                [_measure_cells(m, lang, False) for m in views],
            ),
            gettext("plan.events", lang): (
                event_head(lang),
                [_event_cells(e, lang, False) for e in events],
            ),
            gettext("Definitions", lang): (
                [gettext("term", lang), gettext("meaning", lang)],
                [list(pair) for pair in terms],
            ),
        }
    )


def reach_text(reach: service.Reach, lang: str) -> str:
    """Return the reach sentence with its target and how the attendees were counted."""
    if reach.headcount:
        sentence = gettext(
            "plan.reach",
            lang,
            year=reach.year,
            attendees=reach.attendees,
            headcount=reach.headcount,
            share=format_pct(reach.share, lang),
        )
    else:  # no personnel snapshot of the year: say so rather than print a placeholder
        sentence = gettext("plan.reach_no_staff", lang, year=reach.year, attendees=reach.attendees)
    parts = [sentence]
    if reach.target is not None:
        parts.append(gettext("plan.reach_target", lang, target=format_pct(reach.target, lang)))
    parts.append(
        gettext("plan.reach_how", lang, listed=reach.listed_people, largest=reach.largest_unlisted)
    )
    return " ".join(parts)


def measured_text(m: MeasureView, lang: str) -> str:
    """Return the measured KPI as text, saying what a computed value was computed from."""
    if m.measured is None and m.kpi_kind in COMPUTED:
        return gettext("no data", lang)
    text = _kpi(m.measured, m.kpi_kind, lang)
    if m.measured is not None and m.kpi_kind not in COMPUTED:
        return text + " " + gettext("(entered by hand)", lang)
    if m.basis is not None:
        period, women, total = m.basis
        text += " " + gettext(
            "({women} of {total} appointments into scale 13 and higher, {period})",
            lang,
            women=women,
            total=total,
            period=period,
        )
    return text


COMPUTED = ("reach", "appointments_13", "women_13")


def _kpi(value: float | None, kind: str, lang: str) -> str:
    """Return a KPI value as text: a share as a percentage, another number as it is."""
    if value is None:
        return "–"
    shares = ("reach", "appointments_13", "women_13")
    return format_pct(value, lang) if kind in shares or value <= 1 else format_number(value, lang)


def build_plan_report(
    session: Session, org: Organisation, year: int, lang: str, fmt: ReportFormat, min_cell: int
) -> bytes:
    """Return the plan register with KPIs, events and attendance for a year."""
    views = measure_views(session, org, year, min_cell)
    events = service.list_events(session, org, year)
    terms = plan_definitions(session, org, lang, min_cell)
    if fmt == ReportFormat.XLSX:
        return _workbook(views, events, terms, lang)
    html = render_html(
        "plan_report.html",
        lang,
        goals=service.list_goals(session, org),
        rows=measure_rows(views, lang),
        head=measure_head(lang),
        events=event_rows(events, lang),
        event_head=event_head(lang),
        reach_sentence=reach_text(service.reach(session, org, year), lang),
        terms=terms,
        year=year,
        org_name=org.name,
        generated=date.today().isoformat(),
        title=gettext("plan.title", lang, year=year),
    )
    return html.encode("utf-8") if fmt == ReportFormat.HTML else html_to_pdf(html)


def selfcheck_html(results: list[RequirementResult], document: str, lang: str) -> str:
    """Render the self-check as an HTML document (also the source of its PDF)."""
    return render_html(
        "plan_selfcheck.html",
        lang,
        results=results,
        document=document,
        generated=date.today().isoformat(),
        title=gettext("selfcheck.title", lang),
    )


register(
    {
        "plan.title": (
            "Gender Equality Plan: maatregelen en KPI's {year}",
            "Gender Equality Plan: measures and KPIs {year}",
        ),
        "plan.goals": ("Doelen", "Goals"),
        "plan.measures": ("Maatregelen", "Measures"),
        "plan.reach": (
            "Bereik organisatiebrede bijeenkomsten {year}: {attendees} deelnemers van {headcount} "
            "medewerkers ({share}).",
            "Reach of organisation-wide meetings {year}: {attendees} attendees of {headcount} "
            "staff ({share}).",
        ),
        "plan.reach_no_staff": (
            "Bereik organisatiebrede bijeenkomsten {year}: {attendees} deelnemers; het aantal "
            "medewerkers in {year} is onbekend (geen personeelsbestand van dat jaar), dus geen "
            "aandeel.",
            "Reach of organisation-wide meetings {year}: {attendees} attendees; the number of "
            "staff in {year} is unknown (no personnel snapshot of that year), so no share.",
        ),
        "plan.no_measures": ("Geen maatregelen.", "No measures."),
        "plan.no_events": ("Geen bijeenkomsten in {year}.", "No events in {year}."),
        "plan.reach_target": ("Streefwaarde {target}.", "Target {target}."),
        "plan.reach_how": (
            "Geteld als het grootste van: {listed} verschillende deelnemers op de "
            "deelnemerslijsten en {largest} bij de grootste bijeenkomst zonder lijst (die kan niet "
            "zeggen wie er kwam, dus tellen we haar niet op).",
            "Counted as the larger of: {listed} different attendees on the attendee lists and "
            "{largest} at the largest event without a list (which cannot say who came, so it is "
            "not added).",
        ),
        "plan.col_id": ("nr.", "no."),
        "plan.col_evidence": ("onderbouwing", "evidence"),
        "plan.col_event_id": ("nr.", "no."),
        "plan.col_date": ("datum", "date"),
        "plan.col_event": ("bijeenkomst", "event"),
        "plan.col_wide": ("organisatiebreed", "organisation-wide"),
        "plan.col_attendees": ("deelnemers", "attendees"),
        "plan.col_counted": ("geteld uit", "counted from"),
        "plan.counted_list": ("deelnemerslijst", "attendee list"),
        "plan.counted_number": ("opgegeven aantal", "reported number"),
        "plan.events": ("Bijeenkomsten", "Events"),
        "plan.yes": ("ja", "yes"),
        "plan.no": ("nee", "no"),
        "plan.col_goal": ("doel", "goal"),
        "plan.col_measure": ("maatregel", "measure"),
        "plan.col_owner": ("eigenaar", "owner"),
        "plan.col_period": ("periode", "period"),
        "plan.col_status": ("status", "status"),
        "plan.col_kpi": ("KPI", "KPI"),
        "plan.col_target": ("streefwaarde", "target"),
        "plan.col_measured": ("gemeten", "measured"),
        "plan.status.planned": ("gepland", "planned"),
        "plan.status.running": ("loopt", "running"),
        "plan.status.done": ("afgerond", "done"),
        "plan.status.stopped": ("gestopt", "stopped"),
        "selfcheck.title": ("Horizon Europe GEP-zelftoets", "Horizon Europe GEP self-check"),
        "selfcheck.intro": (
            "Per eis: het oordeel (voldaan / deels / ontbreekt) met de passages uit het document "
            "en de gegevens in gepmonitor die het onderbouwen. Een hulpmiddel, geen officieel "
            "oordeel van de Europese Commissie.",
            "Per requirement: the verdict (met / partly / missing) with the passages of the "
            "document and the data in gepmonitor that support it. An aid, not an official "
            "verdict of the European Commission.",
        ),
        "selfcheck.mandatory": ("Verplichte eisen", "Mandatory requirements"),
        "selfcheck.content": ("Aanbevolen inhoud", "Recommended content areas"),
        "selfcheck.verdict.met": ("voldaan", "met"),
        "selfcheck.verdict.partly": ("deels", "partly"),
        "selfcheck.verdict.missing": ("ontbreekt", "missing"),
        "selfcheck.not_found": ("niet gevonden", "not found"),
    }
)
