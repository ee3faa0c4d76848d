"""The plan report and the Horizon Europe self-check report."""

from __future__ import annotations

from datetime import date

import polars as pl
from sqlalchemy.orm import Session

from gepmonitor.core.formatting import format_number, format_pct
from gepmonitor.core.i18n import gettext, register
from gepmonitor.core.models import Organisation
from gepmonitor.plan import service
from gepmonitor.plan.selfcheck.checker import RequirementResult
from gepmonitor.reports.render import ReportFormat, frames_to_xlsx, html_to_pdf, render_html


def measure_rows(session: Session, org: Organisation, year: int, lang: str) -> list[list[str]]:
    """Return one row per measure: goal, title, owner, period, status, KPI, target, measured."""
    goals = {g.id: g for g in service.list_goals(session, org)}
    reach = service.reach(session, org, year)
    rows = []
    for m in service.list_measures(session, org):
        measured = m.kpi_measured
        if m.kpi_kind == "reach":
            measured = reach.share
        goal = goals[m.goal_id]
        rows.append(
            [
                goal.code,
                m.title,
                m.owner,
                f"{m.start_year}-{m.end_year}",
                gettext(f"plan.status.{m.status}", lang),
                m.kpi,
                _kpi(m.kpi_target, m.kpi_kind, lang),
                _kpi(measured, m.kpi_kind, lang),
            ]
        )
    return rows


def _kpi(value: float | None, kind: str, lang: str) -> str:
    if value is None:
        return "–"
    return format_pct(value, lang) if kind == "reach" or value <= 1 else format_number(value, lang)


def build_plan_report(
    session: Session, org: Organisation, year: int, lang: str, fmt: ReportFormat
) -> bytes:
    """Return the plan register with KPIs for a year."""
    goals = service.list_goals(session, org)
    rows = measure_rows(session, org, year, lang)
    reach = service.reach(session, org, year)
    head = [
        gettext(f"plan.col_{c}", lang)
        for c in ("goal", "measure", "owner", "period", "status", "kpi", "target", "measured")
    ]
    if fmt == ReportFormat.XLSX:
        return frames_to_xlsx(
            {gettext("plan.measures", lang): pl.DataFrame(rows, schema=head, orient="row")}
        )
    html = render_html(
        "plan_report.html",
        lang,
        goals=goals,
        rows=rows,
        head=head,
        reach=reach,
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
            "medewerkers ({share}); doel 80%.",
            "Reach of organisation-wide meetings {year}: {attendees} attendees of {headcount} "
            "staff ({share}); goal 80%.",
        ),
        "plan.col_goal": ("doel", "goal"),
        "plan.col_measure": ("maatregel", "measure"),
        "plan.col_owner": ("eigenaar", "owner"),
        "plan.col_period": ("periode", "period"),
        "plan.col_status": ("status", "status"),
        "plan.col_kpi": ("KPI", "KPI"),
        "plan.col_target": ("doel", "target"),
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
