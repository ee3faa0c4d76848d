"""The selection register's outcomes as rows of text: one layout for pages, report and CLI."""

from __future__ import annotations

from gepmonitor.core.formatting import format_count, format_date, format_number, format_pct
from gepmonitor.core.i18n import N_, gettext
from gepmonitor.recruitment.checklist import WeekRow
from gepmonitor.recruitment.funnel import GROUPS, STAGES, band_codes
from gepmonitor.recruitment.outcomes import (
    Composition,
    Funnel,
    StepCompletion,
    TextHistory,
    stage_label,
)
from gepmonitor.recruitment.textcheck.output import CATEGORY_LABELS

Table = tuple[list[str], list[list[str]]]
ROLE_LABELS = {
    "chair": N_("chair"),
    "manager": N_("hiring manager"),
    "hr": N_("HR adviser"),
    "colleague": N_("colleague"),
    "external": N_("external member"),
}
GROUP_LABELS = {"v": N_("women"), "m": N_("men"), "x": N_("x / other")}
STEP_LABELS = {
    "text_published": N_("Text published with procedure and timeline"),
    "candidates_informed": N_("Candidates informed of receipt and procedure"),
    "rejections_explained": N_("Rejected candidates told, with reasons"),
    "data_removed": N_("Candidate data removed after the retention period"),
}


def band_label(band: str, lang: str) -> str:
    """Return a band in words."""
    if band == "all":
        return gettext("all scales", lang)
    return gettext("scales {band}", lang, band=band)


def group_label(group: str, lang: str) -> str:
    """Return women, men or x in words."""
    return gettext(GROUP_LABELS[group], lang)


def funnel_table(funnel: Funnel, lang: str, min_cell: int) -> Table:
    """Return candidates who reached each stage, per band, women and men (* suppressed)."""
    head = [gettext("band", lang), gettext("group", lang), *(stage_label(s, lang) for s in STAGES)]
    rows = [
        [band_label(band, lang), group_label(group, lang)]
        + [format_count(funnel.cells[(band, group, stage)], min_cell) for stage in STAGES]
        for band in band_codes()
        for group in GROUPS
    ]
    return head, rows


def steps_table(funnel: Funnel, lang: str) -> Table:
    """Return the selection rates, adverse-impact ratio, p-value and signal of every step."""
    head = [
        gettext(k, lang)
        for k in (N_("band"), N_("selection step"), N_("rate women"), N_("rate men"),
                  N_("adverse-impact ratio"), N_("Fisher p"), N_("four-fifths rule"), N_("signal"))
    ]  # fmt: skip
    rows = []
    for index, step in enumerate(funnel.steps):
        label = f"{stage_label(step.previous, lang)} → {stage_label(step.stage, lang)}"
        if not funnel.visible(index):
            hidden = gettext("suppressed", lang)
            rows.append([band_label(step.band, lang), label, "*", "*", "*", "*", hidden,
                         _signal(step.signal, lang)])  # fmt: skip
            continue
        four = (
            "–" if step.four_fifths is None
            else gettext("broken (fewer {group})", lang, group=group_label(step.disadvantaged
                         or "v", lang)) if step.four_fifths else gettext("met", lang)
        )  # fmt: skip
        rows.append([
            band_label(step.band, lang), label, format_pct(step.rate_v, lang),
            format_pct(step.rate_m, lang), format_number(step.air, lang, 2),
            format_number(step.p_value, lang, 3), four, _signal(step.signal, lang),
        ])  # fmt: skip
    return head, rows


def _signal(signal: bool, lang: str) -> str:
    return gettext("signal", lang) if signal else ""


def composition_table(composition: Composition, lang: str, min_cell: int) -> Table:
    """Return the committees by gender mix and their members by role and gender."""
    head = [gettext(k, lang) for k in (N_("committees and members"), N_("number"))]
    rows = [
        [gettext("Selection committees", lang), str(composition.committees)],
        [gettext("of which all men", lang), str(composition.all_men)],
        [gettext("of which all women", lang), str(composition.all_women)],
        [gettext("of which mixed", lang), str(composition.mixed)],
    ]
    for group in ("v", "m", "x"):
        rows.append([gettext("Members: {group}", lang, group=group_label(group, lang)),
                     format_count(composition.members[group], min_cell)])  # fmt: skip
    for role, counts in composition.roles.items():
        text = " / ".join(format_count(counts[g], min_cell) for g in ("v", "m", "x"))
        name = gettext(ROLE_LABELS.get(role, role), lang)
        rows.append([gettext("{role} (women / men / x)", lang, role=name), text])
    return head, rows


def completion_table(steps: list[StepCompletion], lang: str) -> Table:
    """Return per NVP step how many vacancies did it, on time, are overdue or not yet due."""
    keys = (N_("checklist step"), N_("done"), N_("on time"), N_("overdue"), N_("not yet due"))
    head = [gettext(k, lang) for k in keys]
    rows = [
        [gettext(STEP_LABELS[s.step], lang), str(s.done), str(s.on_time), str(s.overdue),
         str(s.not_due)]
        for s in steps
    ]  # fmt: skip
    return head, rows


def category_label(category: str, lang: str) -> str:
    """Return the text check's verdict in words ('masculine-coded')."""
    return gettext(CATEGORY_LABELS[category], lang) if category in CATEGORY_LABELS else category


def history_table(history: list[TextHistory], lang: str) -> Table:
    """Return the text-check history of the year's vacancies."""
    keys = (N_("vacancy"), N_("checks"), N_("first outcome"), N_("last outcome"),
            N_("last checked"), N_("language level"))  # fmt: skip
    head = [gettext(k, lang) for k in keys]
    rows = [
        [f"{h.reference} {h.title}", str(h.checks), category_label(h.first, lang),
         category_label(h.last, lang), format_date(h.last_on, lang, "short"), h.level or "–"]
        for h in history
    ]  # fmt: skip
    return head, rows


def week_table(rows: list[WeekRow], lang: str) -> Table:
    """Return the weekly overview: open vacancies, their stage and overdue steps."""
    keys = (N_("vacancy"), N_("opened"), N_("closes"), N_("stage"), N_("candidates"),
            N_("scorecards to come"), N_("committee"), N_("overdue steps"))  # fmt: skip
    head = [gettext(k, lang) for k in keys]
    table = []
    for row in rows:
        committee = str(row.committee)
        if row.committee_one_gender:
            group = group_label(row.committee_one_gender, lang)
            committee += " " + gettext("(all {group})", lang, group=group)
        overdue = "; ".join(
            gettext("{step} (due {day})", lang, step=gettext(STEP_LABELS[s.step], lang),
                    day=format_date(s.due, lang, "short"))
            for s in row.overdue
        )  # fmt: skip
        table.append([
            f"{row.reference} {row.title}", format_date(row.opened, lang, "short"),
            format_date(row.closed, lang, "short"), stage_label(row.stage, lang),
            str(row.candidates), str(row.scorecards_missing), committee, overdue or "–",
        ])  # fmt: skip
    return head, table
