"""The yearly recruitment summary: appointments by gender against the required share."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from sqlalchemy.orm import Session

from gepmonitor.core.cache import cached
from gepmonitor.core.models import Organisation
from gepmonitor.core.privacy import is_small, protect_cells, split_by_gender
from gepmonitor.recruitment.models import Appointment, Vacancy
from gepmonitor.recruitment.service import list_vacancies


@dataclass
class Explained:
    """An appointment of a man with its comply-or-explain explanation."""

    reference: str
    title: str
    scale: int
    appointed_on: date
    explanation: str
    approver: str


@dataclass(frozen=True)
class BandComparison:
    """A band's required share of appointments beside numbers of the same kind.

    ``flows_*``: women among the band's appointments (hires + promotions) in the personnel flows
    of the years the required share comes from (``window``); ``register_*``: women among the
    register's appointments in vacancies of the band's scales in the summary's year (None when
    the band is not a scale band or the counts are too small). None: hidden or no data.
    """

    band: str
    required: float | None
    reachable: bool
    too_little_data: bool
    window: str
    flows_share: float | None = None
    flows_women: int | None = None
    flows_total: int | None = None
    register_share: float | None = None
    register_women: int | None = None
    register_total: int | None = None
    register_hidden: bool = False  # too few women or men to show (suppressed, not missing)


@dataclass
class RecruitmentSummary:
    """Figures of one year's vacancies and appointments (counts may be suppressed: None)."""

    year: int
    threshold: int
    vacancies: int
    vacancies_above: int
    appointed: dict[str, int | None]
    appointed_above: dict[str, int | None]
    share_women_above: float | None
    applicants_above: dict[str, int | None] | None  # None: not recorded for every vacancy
    suitable_above: dict[str, int | None] | None
    explained: list[Explained] = field(default_factory=list)
    required: list[BandComparison] = field(default_factory=list)
    # "men_women": x/unknown is hidden, so the share counts men and women only (labelled so)
    share_covers: str = "all"


def summarise(
    rows: list[tuple[Vacancy, Appointment | None]],
    year: int,
    threshold: int,
    min_cell: int,
    exact: bool = False,
    required: list[BandComparison] | None = None,
) -> RecruitmentSummary:
    """Summarise one year's register (vacancies opened in that year)."""
    above = [(v, a) for v, a in rows if v.scale >= threshold]

    counts, named = _appointments(rows), _named(rows)
    raw_above, named_above = _appointments(above), _named(above)
    shown_all: dict[str, int | None] = dict(counts.items())
    shown_above: dict[str, int | None] = dict(raw_above.items())
    if not exact:
        shown_all = _protect_appointments(counts, named, min_cell)
        shown_above = _protect_appointments(raw_above, named_above, min_cell)
        shown_all, shown_above = _protect_below(
            (counts, named, shown_all), (raw_above, named_above, shown_above), min_cell
        )
    appointed_total = sum(raw_above.values())
    covers = "men_women" if shown_above["x"] is None else "all"
    if covers == "men_women":  # x hidden: a share over everyone would give it away
        appointed_total -= raw_above["x"]
    share = raw_above["v"] / appointed_total if appointed_total else None
    if shown_above["m"] is None or shown_above["v"] is None:
        share = None
    explained = [
        Explained(v.reference, v.title, v.scale, a.appointed_on, a.explanation, a.approver)
        for v, a in rows
        if a is not None and a.explanation  # every explanation recorded, whatever the threshold
    ]
    return RecruitmentSummary(
        year=year,
        threshold=threshold,
        vacancies=len(rows),
        vacancies_above=len(above),
        appointed=shown_all,
        appointed_above=shown_above,
        share_women_above=share,
        applicants_above=_stage_counts(above, "applicants", min_cell, exact),
        suitable_above=_stage_counts(above, "suitable", min_cell, exact),
        explained=explained,
        required=required or [],
        share_covers=covers,
    )


def _appointments(pairs: list[tuple[Vacancy, Appointment | None]]) -> dict[str, int]:
    """Return the appointments by gender (m, v, x)."""
    return {g: sum(1 for _, a in pairs if a is not None and a.gender == g) for g in "mvx"}


def _named(pairs: list[tuple[Vacancy, Appointment | None]]) -> int:
    """Return the men the comply-or-explain list names (one entry per explained appointment)."""
    return sum(1 for _, a in pairs if a is not None and a.gender == "m" and a.explanation)


Level = tuple[dict[str, int], int, dict[str, int | None]]  # counts, men named, as shown


def _protect_below(
    everything: Level, above: Level, min_cell: int
) -> tuple[dict[str, int | None], dict[str, int | None]]:
    """Hide more so that no small count of appointments below the threshold follows.

    The report shows the appointments in all scales and those at or above the threshold: their
    difference, per gender, is the appointments below the threshold. When that is a small
    number, the all-scales count (or, failing that, the one above) is hidden as well. The
    relations each level was protected with (the number filled, the men the list names) stay.
    Men below the threshold whom the list names are public: they count as known.
    """
    (counts, named, shown_all), (raw_above, named_above, shown_above) = everything, above
    below = {g: counts[g] - raw_above[g] for g in "mvx"}
    men_named_below = 0 < named - named_above == below["m"]
    small = [g for g in "mvx" if is_small(below[g], min_cell)]
    # a count hidden above the threshold is hidden in all scales too: the all-scales count,
    # less what the rule allows below the threshold, would narrow it down to one value
    above_hidden = {("all", g) for g in "mvx" if shown_above[g] is None}
    if not above_hidden and (not small or small == ["m"] and men_named_below):
        return shown_all, shown_above
    values: dict[Hashable, int] = {}
    relations: list[list[tuple[Hashable, int]]] = []
    hidden: set[Hashable] = set(above_hidden)
    blank: set[Hashable] = set()
    known: set[Hashable] = set()  # cells a reader knows: never hidden, or everything is
    shown_levels = (("all", shown_all), ("above", shown_above))
    for g in "mvx":
        values[("all", g)], values[("above", g)] = counts[g], raw_above[g]
        hidden |= {(level, g) for level, shown in shown_levels if shown[g] is None}
        values[("below", g)] = below[g]
        if g == "m" and men_named_below:
            values[("below", g)] = max(below[g], min_cell)  # shown through the list
            known.add(("below", g))
        elif not is_small(below[g], min_cell):
            blank.add(("below", g))
        relations.append([(("all", g), 1), (("above", g), -1), (("below", g), -1)])
    for part, (level_counts, level_named) in (
        ("all", (counts, named)),
        ("above", (raw_above, named_above)),
    ):
        if not is_small(level_counts["m"], min_cell) and not is_small(level_counts["v"], min_cell):
            continue  # only x may be hidden there, and the number filled is not published
        cell = ("known", part)
        known.add(cell)
        if level_named and level_named == level_counts["m"]:
            values[cell] = max(level_counts["v"] + level_counts["x"], min_cell)
            relations.append([((part, "v"), 1), ((part, "x"), 1), (cell, -1)])
        else:
            values[cell] = max(sum(level_counts.values()), min_cell)
            relations.append([*(((part, g), 1) for g in "mvx"), (cell, -1)])
    result = protect_cells(
        values,
        relations,
        min_cell,
        cost=lambda key: (key in known, cast(tuple[str, str], key)[0] == "above"),
        also_hide=hidden,
        unpublished=blank,
    )
    for key in result & known:  # hiding what a reader knows protects nothing
        kind, level = cast(tuple[str, str], key)
        if kind == "below":  # the men below the threshold: hide the men's counts
            result |= {("all", "m"), ("above", "m")}
        else:  # the number filled: hide every gender of the level
            result |= {(level, g) for g in "mvx"}
    return (
        {g: None if ("all", g) in result else counts[g] for g in "mvx"},
        {g: None if ("above", g) in result else raw_above[g] for g in "mvx"},
    )


def _stage_counts(
    pairs: list[tuple[Vacancy, Appointment | None]], stage: str, min_cell: int, exact: bool
) -> dict[str, int | None] | None:
    """Return a stage's counts by gender; None (no data) when a vacancy did not record it."""
    values = [[getattr(v, f"{stage}_{g}") for g in "mvx"] for v, _ in pairs]
    if any(n is None for row in values for n in row):
        return None
    return _suppress(
        {g: sum(row[i] for row in values) for i, g in enumerate("mvx")}, min_cell, exact
    )


def _protect_appointments(
    counts: dict[str, int], named: int, min_cell: int
) -> dict[str, int | None]:
    """Hide small appointment counts so that none follows from what else is known.

    A small x/unknown count alone is hidden and never hides women or men (issue 11): totals and
    the share are then over men and women only, labelled so, and the number filled is not
    published beside them. When the women's or men's count is small itself, a reader may know
    how many vacancies were filled (m + v + x), and the comply-or-explain list names every man
    appointed with an explanation: when it names them all, v + x is known too. Hiding only the
    small cell would then give it away (7 filled, 6 men, x 0: women 1), so a complement is
    hidden as well (core.privacy.protect_cells).
    """
    if not is_small(counts["m"], min_cell) and not is_small(counts["v"], min_cell):
        return {g: None if g == "x" and is_small(n, min_cell) else n for g, n in counts.items()}
    values: dict[Hashable, int] = dict(counts.items())
    relations: list[list[tuple[Hashable, int]]]
    if named and named == counts["m"]:  # the men are public through the list
        values["known"] = counts["v"] + counts["x"]
        relations = [[("v", 1), ("x", 1), ("known", -1)]]
    else:
        values["known"] = sum(counts.values())
        relations = [[("m", 1), ("v", 1), ("x", 1), ("known", -1)]]
    hidden = protect_cells(values, relations, min_cell, cost=lambda key: (key == "known",))
    if "known" in hidden:  # what a reader knows cannot be hidden: hide every gender instead
        hidden |= {"m", "v", "x"}
    return {g: None if g in hidden else n for g, n in counts.items()}


def _suppress(counts: dict[str, int], min_cell: int, exact: bool) -> dict[str, int | None]:
    """Hide small counts; a small x never hides the women's and men's counts (no total shown)."""
    split = split_by_gender(counts["v"], counts["m"], counts["x"], min_cell, exact=exact)
    return {"m": split.men, "v": split.women, "x": split.other}


def required_shares(
    session: Session,
    org: Organisation,
    rows: list[tuple[Vacancy, Appointment | None]] | None = None,
    min_cell: int = 5,
    exact: bool = False,
    threshold: int | None = None,
) -> list[BandComparison]:
    """Return per personnel target the required share beside numbers of the same kind.

    With ``threshold`` (the summary's own scale), a band's register counts are hidden when they
    differ from the summary's appointments at or above the threshold by a small number of women
    or men: subtracting one from the other would give that small count.
    """
    from gepmonitor.personnel import service as personnel
    from gepmonitor.personnel.export import window_text
    from gepmonitor.personnel.monitor import build_monitor

    targets = [t.spec() for t in personnel.list_targets(session, org)]
    frame = personnel.load_snapshots(session, org)
    if not targets or frame.is_empty():
        return []
    monitor = build_monitor(frame, targets, min_cell=min_cell, exact=exact, bands=None)
    result = []
    for band in monitor.bands:
        status = band.status
        if status is None:
            continue
        rates = None if status.too_little_data else status.rates
        flows_women = rates.entries_women if rates else None
        flows_total = rates.entries_women + rates.entries_men if rates else None
        register = _register_share(rows or [], band.band.min_scale, min_cell, exact, threshold)
        result.append(
            BandComparison(
                band.band.code,
                status.required_entry_share,
                status.reachable,
                status.too_little_data,
                window_text(status),
                rates.women_share_of_entries if rates else None,
                flows_women,
                flows_total,
                *register,
            )
        )
    return result


def _register_share(
    rows: list[tuple[Vacancy, Appointment | None]],
    min_scale: int | None,
    min_cell: int,
    exact: bool,
    threshold: int | None = None,
) -> tuple[float | None, int | None, int | None, bool]:
    """Return women's share, women, men + women appointed in the band's scales, and hidden."""
    if min_scale is None:
        return None, None, None, False  # a managers band: the register does not say
    women, men = _women_men(rows, min_scale)
    if not women + men:
        return None, None, None, False
    small = [women, men]
    if threshold is not None:  # the summary publishes the counts at or above its threshold
        outer_women, outer_men = _women_men(rows, threshold)
        small += [abs(outer_women - women), abs(outer_men - men)]
    if not exact and any(is_small(n, min_cell) for n in small):
        return None, None, None, True
    return women / (women + men), women, women + men, False


def _women_men(rows: list[tuple[Vacancy, Appointment | None]], min_scale: int) -> tuple[int, int]:
    """Return the women and men appointed in vacancies of the scale and higher."""
    genders = [a.gender for v, a in rows if a is not None and v.scale >= min_scale]
    return genders.count("v"), genders.count("m")


def build_summary(
    session: Session,
    org: Organisation,
    year: int,
    threshold: int,
    min_cell: int,
    exact: bool = False,
) -> RecruitmentSummary:
    """Load the year's register and the personnel targets and summarise them.

    Once per data version (core.cache): callers must not change the summary.
    """

    def compute() -> RecruitmentSummary:
        rows = list_vacancies(session, org, year)
        required = required_shares(session, org, rows, min_cell, exact, threshold)
        return summarise(rows, year, threshold, min_cell, exact, required)

    key = ("recruitment.summary", year, threshold, min_cell, exact)
    return cached(session, org, key, compute)
