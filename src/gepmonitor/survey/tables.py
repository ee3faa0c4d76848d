"""The survey's results as labelled tables, shared by the report, the page and the workbook.

Every cell a reader sees is a label in their language: construct labels from the mapping,
translated group names and values (geslacht: vrouw; leidinggevende: ja), Dutch decimal commas
and "< 0,001" for tiny p-values. Workbooks get the same tables with numbers as numbers (shares
as percentages with one decimal).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from gepmonitor.core.formatting import format_number, format_pct
from gepmonitor.core.i18n import gettext, has_key
from gepmonitor.survey.service import RoundResults

BREAKDOWNS = ("gender", "age_band", "unit", "is_manager")


@dataclass
class Section:
    """A titled table: headings and rows (text for pages, numbers as numbers for workbooks)."""

    title: str
    head: list[str]
    rows: list[list[object]]
    sheet: str = ""  # a short name for a workbook sheet, when the title is long


def group_name(by: str, lang: str) -> str:
    """Return the name of a breakdown: gender -> 'geslacht'."""
    return gettext(f"survey.by.{by}", lang)


def group_value(by: str, value: object, lang: str) -> str:
    """Return a group's label: gender v -> 'vrouw', is_manager true -> 'ja', all -> 'totaal'."""
    text = str(value).lower()
    for key in (f"survey.value.{by}.{text}", f"survey.value.{text}"):
        if has_key(key):
            return gettext(key, lang)
    return str(value)


def format_p(p_value: float, lang: str) -> str:
    """Return a p-value with three decimals, or '< 0,001' when it is smaller."""
    if p_value < 0.001:
        return "< " + format_number(0.001, lang, 3)
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


PERCENT_KEYS = ("survey.favourable", "survey.rate")
CONSTRUCT_HEAD = (
    "survey.construct",
    "survey.group",
    "survey.n",
    "survey.mean",
    "survey.favourable",
)
EXPERIENCE_HEAD = ("survey.type", "survey.source", "survey.group", "survey.n", "survey.rate")


def _construct_rows(
    table: pl.DataFrame, results: RoundResults, by: str, lang: str, text: bool
) -> list[list[object]]:
    labels = {c.name: c.label(lang) for c in results.mapping.constructs}
    return [
        [
            labels.get(r["construct"], r["construct"]),
            group_value(by, r["group"], lang),
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
            gettext("survey.overall", lang),
            head,
            _construct_rows(results.overall, results, "all", lang, text),
        )
    ]
    for by in BREAKDOWNS:
        title = gettext("survey.by_group", lang, group=group_name(by, lang))
        rows = _construct_rows(results.by_group[by], results, by, lang, text)
        sections.append(Section(title, head, rows, group_name(by, lang)))
    return sections


def experience_sections(results: RoundResults, lang: str, text: bool = True) -> list[Section]:
    """Return the experience rates overall and by gender."""
    sections = []
    for by, table in results.experiences.items():
        rows = [
            [
                gettext(f"survey.exp.{r['type']}", lang),
                gettext(f"survey.src.{r['source']}", lang),
                group_value(by, r["group"], lang),
                _count(r["n"], text),
                _share(r["rate"], lang, text),
            ]
            for r in table.iter_rows(named=True)
        ]
        name = gettext("survey.overall", lang) if by == "all" else group_name(by, lang)
        title = gettext("survey.experiences", lang) + f": {name}"
        sheet = gettext("survey.experiences_short", lang) + f" {name}"
        sections.append(Section(title, _head(EXPERIENCE_HEAD, lang, text), rows, sheet))
    return sections


def signal_section(
    results: RoundResults, links: dict[str, int], lang: str, text: bool = True
) -> Section:
    """Return the signals with their key (for linking) and measure, or that they have none."""
    labels = {c.name: c.label(lang) for c in results.mapping.constructs}
    rows: list[list[object]] = []
    for s in results.signals:
        where = (
            gettext("survey.decline", lang)
            if s.kind == "decline"
            else f"{group_name(s.group_by, lang)}: {group_value(s.group_by, s.group, lang)}"
        )
        measure = links.get(s.key)
        rows.append(
            [
                s.key,
                labels.get(s.construct, s.construct),
                where,
                format_number(s.difference, lang, 2) if text else s.difference,
                format_p(s.p_value, lang) if text else round(s.p_value, 4),
                str(measure) if measure else gettext("survey.no_action", lang),
            ]
        )
    keys = ("survey.key", "survey.construct", "survey.group", "survey.difference", "survey.p")
    head = [*(gettext(k, lang) for k in keys), gettext("survey.measure", lang)]
    return Section(gettext("survey.signals", lang), head, rows)
