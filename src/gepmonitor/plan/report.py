"""The plan report and the Horizon Europe self-check report."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from gepmonitor.core.errors import InputError
from gepmonitor.core.formatting import format_date, format_number, format_pct
from gepmonitor.core.i18n import N_, gettext
from gepmonitor.core.models import Organisation
from gepmonitor.core.rendering import (
    ReportFormat,
    charts_for,
    finish,
    render_html,
    rows_to_xlsx,
)
from gepmonitor.core.reporting import (
    ReportKind,
    ReportRequest,
    front_matter,
    logo_data_uri,
    long_date,
)
from gepmonitor.plan import service
from gepmonitor.plan.events import EventView
from gepmonitor.plan.kpis import MeasureView, measure_views
from gepmonitor.plan.selfcheck.checker import RequirementResult

MEASURE_COLUMNS = (
    N_("no."),
    N_("goal"),
    N_("measure"),
    N_("owner"),
    N_("period"),
    N_("status"),
    N_("KPI"),
    N_("target"),
    N_("measured"),
    N_("evidence"),
)
EVENT_COLUMNS = (
    N_("no."),
    N_("date"),
    N_("event"),
    N_("organisation-wide"),
    N_("attendees"),
    N_("counted from"),
    N_("measure"),
)


def measure_head(lang: str) -> list[str]:
    """Return the column headings of the measures table."""
    return [gettext(c, lang) for c in MEASURE_COLUMNS]


def event_head(lang: str) -> list[str]:
    """Return the column headings of the events table."""
    return [gettext(c, lang) for c in EVENT_COLUMNS]


def _measure_cells(m: MeasureView, lang: str, as_text: bool) -> list[object]:
    """Return a measure's cells: all text for pages, numbers as numbers for workbooks."""
    kpis: list[object] = [m.target, m.measured]
    if as_text:
        kpis = [_kpi(m.target, m.kpi_kind, lang), measured_text(m, lang)]
    status = gettext(service.STATUS_LABELS.get(m.status, m.status), lang)
    first = [str(m.id) if as_text else m.id, m.goal, m.title, m.owner, m.period, status, m.kpi]
    return [*first, *kpis, m.evidence]


def _event_cells(e: EventView, lang: str, as_text: bool) -> list[object]:
    """Return an event's cells: all text for pages, numbers as numbers for workbooks."""
    wide = gettext(N_("yes") if e.organisation_wide else N_("no"), lang)
    counted = gettext(N_("attendee list") if e.listed else N_("reported number"), lang)
    numbers: list[object] = [e.id, e.attendees, e.measure_id]
    if as_text:
        numbers = [str(e.id), str(e.attendees), str(e.measure_id or "")]
    held_on = format_date(e.held_on, lang, "short") if as_text else e.held_on
    return [numbers[0], held_on, e.title, wide, numbers[1], counted, numbers[2]]


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
            gettext("Measures", lang): (
                measure_head(lang),
                [_measure_cells(m, lang, False) for m in views],
            ),
            gettext("Events", lang): (
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
            "Reach of organisation-wide meetings {year}: {attendees} attendees of "
            "{headcount} staff ({share}).",
            lang,
            year=reach.year,
            attendees=reach.attendees,
            headcount=reach.headcount,
            share=format_pct(reach.share, lang),
        )
    else:  # no personnel snapshot of the year: say so rather than print a placeholder
        sentence = gettext(
            "Reach of organisation-wide meetings {year}: {attendees} attendees; the number "
            "of staff in {year} is unknown (no personnel snapshot of that year), so no share.",
            lang,
            year=reach.year,
            attendees=reach.attendees,
        )
    parts = [sentence]
    if reach.target is not None:
        parts.append(gettext("Target {target}.", lang, target=format_pct(reach.target, lang)))
    parts.append(
        gettext(
            "Counted as the larger of: {listed} different attendees on the attendee lists "
            "and {largest} at the largest event without a list (which cannot say who came, "
            "so it is not added).",
            lang,
            listed=reach.listed_people,
            largest=reach.largest_unlisted,
        )
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
    session: Session,
    org: Organisation,
    year: int,
    lang: str,
    fmt: ReportFormat,
    min_cell: int,
    logo: str = "",
) -> bytes:
    """Return the plan register with KPIs, events and attendance for a year."""
    from gepmonitor.plan import narrative

    views = measure_views(session, org, year, min_cell)
    events = service.list_events(session, org, year)
    terms = plan_definitions(session, org, lang, min_cell)
    if fmt == ReportFormat.XLSX:
        return _workbook(views, events, terms, lang)
    reach = reach_text(service.reach(session, org, year), lang)
    with charts_for(fmt):
        front = front_matter(
            org.name,
            lang,
            title=gettext("Gender Equality Plan: measures and KPIs {year}", lang, year=year),
            subtitle=gettext("Goals, measures with their KPIs, and events", lang),
            summary=narrative.plan_summary(views, year, reach, lang),
            sources=gettext(
                "the plan register; computed KPIs from the personnel snapshots, the "
                "appointment register and the attendee lists",
                lang,
            ),
            peildatum=gettext("the year {year}", lang, year=year),
            min_cell=min_cell,
            logo=logo,
        )
        html = render_html(
            "plan_report.html",
            lang,
            front=front,
            goals=service.list_goals(session, org),
            measures=[_report_measure(v, lang) for v in views],
            events=[_report_event(e, lang) for e in events],
            kpi_chart=narrative.kpi_chart(views, year, lang),
            terms=terms,
            year=year,
            title=front.title,
        )
    return finish(html, fmt, front.footer)


def _report_measure(m: MeasureView, lang: str) -> dict[str, str]:
    """Return a measure as the report's table shows it: title with its details, KPI values."""
    return {
        "title": m.title,
        "details": f"{m.goal} · {m.owner} · {m.period}" if m.owner else f"{m.goal} · {m.period}",
        "evidence": m.evidence,
        "status": gettext(service.STATUS_LABELS.get(m.status, m.status), lang),
        "kpi": m.kpi,
        "target": _kpi(m.target, m.kpi_kind, lang),
        "measured": measured_text(m, lang),
    }


def _report_event(e: EventView, lang: str) -> list[str]:
    """Return an event as the report's table shows it."""
    wide = gettext(N_("yes") if e.organisation_wide else N_("no"), lang)
    counted = gettext(N_("attendee list") if e.listed else N_("reported number"), lang)
    return [e.held_on.isoformat(), e.title, wide, str(e.attendees), counted]


def selfcheck_html(
    results: list[RequirementResult], document: str, lang: str, org_name: str = "", logo: str = ""
) -> str:
    """Render the self-check as an HTML document (also the source of its PDF and DOCX)."""
    front = front_matter(
        org_name or document,
        lang,
        title=gettext("Horizon Europe GEP self-check", lang),
        subtitle=document,
        summary=selfcheck_summary(results, lang),
        sources=gettext("the document {name} and the data in gepmonitor", lang, name=document),
        peildatum=long_date(date.today(), lang),
        min_cell=5,
        logo=logo,
        suppression=gettext("Not applicable: the check reads a document.", lang),
    )
    return render_html(
        "plan_selfcheck.html",
        lang,
        front=front,
        results=results,
        document=document,
        title=front.title,
    )


def selfcheck_summary(results: list[RequirementResult], lang: str) -> list[str]:
    """Return the self-check's verdicts counted per kind of requirement, in words."""
    sentences = []
    for kind, label in (
        ("mandatory", N_("mandatory requirements")),
        ("content", N_("content areas")),
    ):
        verdicts = [r.verdict for r in results if r.requirement.kind == kind]
        if not verdicts:
            continue
        sentences.append(
            gettext(
                "Of the {count} {label}: {met} met, {partly} partly met, {missing} missing.",
                lang,
                count=len(verdicts),
                label=gettext(label, lang),
                met=verdicts.count("met"),
                partly=verdicts.count("partly"),
                missing=verdicts.count("missing"),
            )
        )
    return sentences


def _plan_years(session: Session, org: Organisation) -> list[str]:
    years, default = service.plan_years(session, org)
    return [str(default), *(str(year) for year in years if year != default)]


def _build_plan(request: ReportRequest) -> bytes:
    return build_plan_report(
        request.session,
        request.org,
        int(request.choice),
        request.lang,
        ReportFormat(request.fmt),
        request.settings.min_cell,
        logo=logo_data_uri(request.settings),
    )


def _no_choices(session: Session, org: Organisation) -> list[str]:
    return []


def _no_build(request: ReportRequest) -> bytes:
    raise InputError("The self-check reads a document: upload it on {path}.", path="/plan/check")


REPORTS = [
    ReportKind(
        key="plan",
        title=N_("Gender Equality Plan: measures and KPIs"),
        description=N_(
            "The plan's goals and measures with each KPI against its target, and the "
            "year's events with their reach."
        ),
        permission="view_plan",
        file_stem="plan",
        choice_label=N_("Year"),
        choices=_plan_years,
        build=_build_plan,
    ),
    ReportKind(
        key="selfcheck",
        title=N_("Horizon Europe GEP self-check"),
        description=N_(
            "Checks a GEP document against the four mandatory requirements and the five "
            "content areas of Horizon Europe, with the passages and data that support each verdict."
        ),
        permission="view_plan",
        file_stem="zelftoets",
        choice_label=N_("Document"),
        choices=_no_choices,
        build=_no_build,
        formats=("pdf", "docx"),
        form_path="/plan/check",
    ),
]
