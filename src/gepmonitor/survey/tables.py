"""The survey's results as labelled tables, shared by the report, the page and the workbook.

Every cell a reader sees is a label in their language: construct labels from the mapping,
translated group names and values (geslacht: vrouwen; leidinggevende: ja), Dutch decimal commas
and "< 0,001" for tiny p-values. Workbooks get the same tables with numbers as numbers (shares
as percentages with one decimal).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
from sqlalchemy.orm import Session

from gepmonitor.core.formatting import format_number, format_pct
from gepmonitor.core.i18n import N_, gettext, ngettext
from gepmonitor.core.models import Organisation
from gepmonitor.plan.service import SignalChoice, signal_links
from gepmonitor.survey.analytics import Signal
from gepmonitor.survey.mapping import SurveyMapping
from gepmonitor.survey.service import RoundResults, list_rounds, round_results

BREAKDOWNS = ("gender", "age_band", "unit", "is_manager")
GROUP_NAMES = {
    "gender": N_("gender"),
    "age_band": N_("age band"),
    "unit": N_("unit"),
    "is_manager": N_("manager"),
}
# Labels of group values: per breakdown first, then for any breakdown.
GROUP_VALUES = {
    ("gender", "v"): N_("women"),
    ("gender", "m"): N_("men"),
    ("gender", "x"): N_("x (other)"),
    (None, "onbekend"): N_("unknown"),
    (None, "all"): N_("all"),
    (None, "true"): N_("yes"),
    (None, "false"): N_("no"),
}
EXPERIENCE_TYPES = {
    "aggression": N_("aggression"),
    "bullying": N_("bullying"),
    "discrimination": N_("discrimination"),
    "sexual_harassment": N_("sexual harassment"),
}
EXPERIENCE_SOURCES = {
    "colleagues": N_("colleagues"),
    "managers": N_("managers"),
    "public": N_("the public"),
}


@dataclass
class Section:
    """A titled table: headings and rows (text for pages, numbers as numbers for workbooks)."""

    title: str
    head: list[str]
    rows: list[list[object]]
    sheet: str = ""  # a short name for a workbook sheet, when the title is long
    notes: list[str] = field(default_factory=list)  # per row: small grey text under its first cell


def group_name(by: str, lang: str) -> str:
    """Return the name of a breakdown: gender -> 'geslacht'."""
    return gettext(GROUP_NAMES[by], lang) if by in GROUP_NAMES else by


def group_value(by: str, value: object, lang: str) -> str:
    """Return a group's label: gender v -> 'vrouwen', is_manager true -> 'ja', all -> 'totaal'."""
    text = str(value).lower()
    label = GROUP_VALUES.get((by, text)) or GROUP_VALUES.get((None, text))
    return gettext(label, lang) if label else str(value)


def format_p(p_value: float, lang: str) -> str:
    """Return a p-value with three decimals, or '< 0,001' (no-break space) when it is smaller."""
    if p_value < 0.001:
        return "<\u00a0" + format_number(0.001, lang, 3)
    return format_number(p_value, lang, 3)


def _count(n: int | None, text: bool) -> object:
    return ("–" if n is None else str(n)) if text else n


def _share(share: float | None, lang: str, text: bool) -> object:
    if text:
        return format_pct(share, lang)
    return None if share is None else round(share * 100, 1)


def _head(keys: tuple[str, ...], lang: str, text: bool) -> list[str]:
    head = [gettext(k, lang) for k in keys]
    return (
        head
        if text
        else [f"{h} (%)" if k in PERCENT_KEYS else h for k, h in zip(keys, head, strict=True)]
    )


PERCENT_KEYS = (N_("favourable"), N_("share"))
CONSTRUCT_HEAD = (
    N_("construct"),
    N_("group"),
    N_("n"),
    N_("mean"),
    N_("favourable"),
)
EXPERIENCE_HEAD = (N_("type"), N_("from"), N_("group"), N_("n"), N_("share"))


def total_label(results: RoundResults, lang: str) -> str:
    """Return the name of the overall group: 'totaal', or of whom the total is.

    'totaal (man en vrouw)' when small gender groups are left out of every figure and only
    women and men remain; 'totaal (zonder x)' when another group (unknown) is still in it.
    """
    if not results.left_out:
        return group_value("all", "all", lang)
    if not results.other_genders:
        return gettext("total (men and women)", lang)
    return gettext("total (without {groups})", lang, groups=_left_out(results, lang))


def _left_out(results: RoundResults, lang: str) -> str:
    """Return the groups left out in words: 'x', 'x and unknown' (plain x: it sits in brackets)."""
    return gettext(" and ", lang).join(
        "x" if g == "x" else group_value("gender", g, lang) for g in results.left_out
    )


def population_note(results: RoundResults, lang: str) -> str:
    """Return why totals are of fewer groups than all, or '' when no group was left out."""
    if not results.left_out:
        return ""
    if results.other_genders:
        return gettext(
            "Respondents registered as {groups} are fewer than {min} in a figure: they are left "
            "out of every figure, totals included, so the totals are of the groups shown and no "
            "hidden group can be worked out.",
            lang,
            groups=_left_out(results, lang),
            min=results.min_group,
        )
    return gettext(
        "Respondents registered as {groups} are fewer than {min} in a figure: they are left "
        "out of every figure, totals included, so the totals are of men and women and no "
        "hidden group can be worked out.",
        lang,
        groups=_left_out(results, lang),
        min=results.min_group,
    )


def _group(by: str, value: object, results: RoundResults, lang: str) -> str:
    if by == "all" or value == "all":
        return total_label(results, lang)
    return group_value(by, value, lang)


def _no_data_row(width: int, lang: str) -> list[object]:
    return [gettext("no data", lang), *[""] * (width - 1)]


def _construct_rows(
    table: pl.DataFrame, results: RoundResults, by: str, lang: str, text: bool
) -> list[list[object]]:
    labels = {c.name: c.label(lang) for c in results.mapping.constructs}
    if table.is_empty():
        return [_no_data_row(len(CONSTRUCT_HEAD), lang)]
    return [
        [
            labels.get(r["construct"], r["construct"]),
            _group(by, r["group"], results, lang),
            _count(r["n"], text),
            format_number(r["mean"], lang, 2) if text else r["mean"],
            _share(r["share_favourable"], lang, text),
        ]
        for r in table.iter_rows(named=True)
    ]


def construct_sections(results: RoundResults, lang: str, text: bool = True) -> list[Section]:
    """Return the overall table and one table per breakdown (gender, age, unit, manager)."""
    head = _head(CONSTRUCT_HEAD, lang, text)
    sections = [
        Section(
            gettext("Overall", lang),
            head,
            _construct_rows(results.overall, results, "all", lang, text),
        )
    ]
    for by in BREAKDOWNS:
        title = gettext("By group: {group}", lang, group=group_name(by, lang))
        rows = _construct_rows(results.by_group[by], results, by, lang, text)
        sections.append(Section(title, head, rows, group_name(by, lang)))
    return sections


def experience_sections(results: RoundResults, lang: str, text: bool = True) -> list[Section]:
    """Return the experience rates overall and by gender."""
    sections = []
    for by, table in results.experiences.items():
        rows = [
            [
                _label(EXPERIENCE_TYPES, r["type"], lang),
                _label(EXPERIENCE_SOURCES, r["source"], lang),
                _group(by, r["group"], results, lang),
                _count(r["n"], text),
                _share(r["rate"], lang, text),
            ]
            for r in table.iter_rows(named=True)
        ] or [_no_data_row(len(EXPERIENCE_HEAD), lang)]
        name = gettext("Overall", lang) if by == "all" else group_name(by, lang)
        title = gettext("Experiences of undesirable behaviour (last 12 months)", lang) + f": {name}"
        sheet = gettext("Experiences", lang) + f" {name}"
        sections.append(Section(title, _head(EXPERIENCE_HEAD, lang, text), rows, sheet))
    return sections


def _label(labels: dict[str, str], code: str, lang: str) -> str:
    return gettext(labels[code], lang) if code in labels else code


def describe_signal(
    signal: Signal, labels: dict[str, str], lang: str, mapping: SurveyMapping | None = None
) -> str:
    """Return a signal in words: 'Sociale veiligheid – geslacht: vrouw, 0,45 lager'."""
    if signal.kind == "experience":
        return _describe_experience(signal, lang, mapping)
    construct = labels.get(signal.construct, signal.construct)
    value = group_value(signal.group_by, signal.group, lang)
    where = (
        gettext("decline since previous round", lang)
        if signal.kind == "decline"
        else f"{group_name(signal.group_by, lang)}: {value}"
    )
    gap = format_number(abs(signal.difference), lang, 2)
    return gettext(
        "{construct} – {where}, {gap} lower", lang, construct=construct, where=where, gap=gap
    )


def _describe_experience(signal: Signal, lang: str, mapping: SurveyMapping | None) -> str:
    """Return 'Pesten (collega's) – geslacht: vrouw: 32,7% tegen 10,5% bij de rest'."""
    kind, source = (mapping.experiences.get(signal.construct) if mapping else None) or ("", "")
    what = (
        f"{_label(EXPERIENCE_TYPES, kind, lang)} ({_label(EXPERIENCE_SOURCES, source, lang)})"
        if kind
        else signal.construct
    )
    return gettext(
        "{experience} – {group}: {rate} against {rest} for the others",
        lang,
        experience=what,
        group=f"{group_name(signal.group_by, lang)}: "
        f"{group_value(signal.group_by, signal.group, lang)}",
        rate=format_pct(signal.rate, lang),
        rest=format_pct(signal.rate_rest, lang),
    )


def signal_choices(
    signals: list[Signal],
    labels: dict[str, str],
    lang: str,
    mapping: SurveyMapping | None = None,
) -> list[SignalChoice]:
    """Return signals for a select: key and description."""
    return [SignalChoice(s.key, describe_signal(s, labels, lang, mapping)) for s in signals]


def signal_section(
    results: RoundResults,
    links: dict[str, int],
    lang: str,
    text: bool = True,
    measures: dict[int, str] | None = None,
) -> Section:
    """Return the signals in words with their measure's title, or that they have none.

    The key (which `gep plan link` needs) is a note under the description in text tables and a
    last column in workbooks.
    """
    labels = {c.name: c.label(lang) for c in results.mapping.constructs}
    titles = measures or {}
    rows: list[list[object]] = []
    for s in results.signals:
        measure = links.get(s.key)
        title = titles.get(measure, str(measure)) if measure else None
        action = title or gettext("no measure", lang)
        words = describe_signal(s, labels, lang, results.mapping)
        if text:  # the description carries the difference
            rows.append([words, format_p(s.p_value, lang), action])
        else:
            rows.append([words, s.difference, s.p_value, action, s.key])
    keys: tuple[str, ...] = (N_("signal"), N_("p"), N_("measure"))
    if not text:
        keys = (N_("signal"), N_("difference"), N_("p"), N_("measure"), N_("key"))
    head = [gettext(k, lang) for k in keys]
    notes = [s.key for s in results.signals] if text else []
    return Section(gettext("Signals", lang), head, rows, notes=notes)


def unlinked_choices(
    session: Session, org: Organisation, min_group: int, lang: str
) -> list[SignalChoice]:
    """Return every round's signals without a measure, newest round first, in words."""
    links = signal_links(session, org)
    choices = []
    for round_ in reversed(list_rounds(session, org)):
        results = round_results(session, org, round_.name, min_group)
        labels = {c.name: c.label(lang) for c in results.mapping.constructs}
        for signal in results.signals:
            if signal.key not in links:
                text = describe_signal(signal, labels, lang, results.mapping)
                choices.append(SignalChoice(signal.key, f"{round_.name}: {text}"))
    return choices


def unlinked_text(count: int, lang: str) -> str:
    """Return '1 signaal zonder maatregel' or '3 signalen zonder maatregel'."""
    return ngettext(
        "{count} signal without a measure.",
        "{count} signals without a measure.",
        count,
        lang,
        count=count,
    )
