"""Yearly totals of the counsellors' log, as the integrity annual report publishes them.

People are counted once per counsellor, year and track (by the person code the counsellor
chose). An integrity-track conversation is 'about integrity' when one of its themes is an
integrity theme, otherwise 'about undesirable behaviour'; that split is only shown for the
integrity track (seed 004), for the other track it is None-with-reason (not applicable).

Small counts are hidden with complementary suppression (core.privacy.suppress_group_counts):
figures that add up to a shown total (the about-split, the themes) are hidden together when
one of them is small, so no hidden count can be recovered by subtraction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from gepmonitor.core.privacy import suppress_group_counts, suppress_value
from gepmonitor.safety.vocab import INTEGRITY_THEMES, THEMES, TRACKS

# Figures that only mean something for one track; elsewhere they are not applicable.
TRACK_ONLY = {"about_integrity": "integrity", "about_undesirable_behaviour": "integrity"}
SINGLE_FIGURES = (
    "people",
    "conversations",
    "with_hierarchical_relation",
    "formal_procedures",
    "referred_other_track",
    "referred_other_help",
)


@dataclass(frozen=True)
class LoggedConversation:
    """The fields of a conversation that totals use."""

    counsellor_id: int
    track: str
    themes: tuple[str, ...]
    person_code: str
    hierarchical: bool | None  # None: unknown (imported without the column)
    formal_procedure: bool | None
    referral: str | None


@dataclass
class TrackTotals:
    """Totals of one track (None = suppressed, or not applicable: see `applies`)."""

    counsellors: int
    people: int | None
    conversations: int | None
    with_hierarchical_relation: int | None
    formal_procedures: int | None
    about_sexual_harassment: int | None
    about_integrity: int | None
    about_undesirable_behaviour: int | None
    referred_other_track: int | None
    referred_other_help: int | None
    themes: dict[str, int | None] = field(default_factory=dict)
    track: str = ""
    no_data: frozenset[str] = frozenset()  # figures the log cannot give (a field not recorded)

    def applies(self, figure: str) -> bool:
        """Return whether the figure is reported for this track."""
        return TRACK_ONLY.get(figure, self.track) == self.track


def no_data(rows: list[LoggedConversation]) -> frozenset[str]:
    """Return the figures some conversation did not record (unknown, not zero)."""
    missing = set()
    if any(c.hierarchical is None for c in rows):
        missing.add("with_hierarchical_relation")
    if any(c.formal_procedure is None for c in rows):
        missing.add("formal_procedures")
    if any(c.referral is None for c in rows):
        missing |= {"referred_other_track", "referred_other_help"}
    return frozenset(missing)


def raw_counts(rows: list[LoggedConversation]) -> dict[str, int]:
    """Return the unsuppressed figures of one track's conversations (see no_data for gaps)."""
    about_integrity = sum(1 for c in rows if set(c.themes) & set(INTEGRITY_THEMES))
    return {
        "people": len({(c.counsellor_id, c.person_code) for c in rows}),
        "conversations": len(rows),
        "with_hierarchical_relation": sum(bool(c.hierarchical) for c in rows),
        "formal_procedures": sum(bool(c.formal_procedure) for c in rows),
        "about_sexual_harassment": sum("sexual_harassment" in c.themes for c in rows),
        "about_integrity": about_integrity,
        "about_undesirable_behaviour": len(rows) - about_integrity,
        "referred_other_track": sum(c.referral == "other_track" for c in rows),
        "referred_other_help": sum(c.referral == "other_help" for c in rows),
    }


def suppress_parts(
    parts: dict[str, int],
    min_cell: int,
    exact: bool = False,
    *,
    dependent: dict[str, int] | None = None,
    total: int | None = None,
) -> tuple[dict[str, int | None], int | None]:
    """Hide all parts (and dependants) when one is small: they add up to a shown total.

    Returns the parts and the total (hidden when small itself). Zeros stay visible: a group is
    hidden only with two non-zero parts or a hidden total, so a known zero reveals nothing.
    """
    columns = {**parts, **(dependent or {}), "_total": total or 0}
    frame = suppress_group_counts(
        pl.DataFrame({name: [value] for name, value in columns.items()}),
        list(parts),
        min_cell,
        total_column="_total" if total is not None else None,
        dependent_columns=list(dependent or {}),
        exact=exact,
    )
    hidden = {
        name: None if frame[name][0] is None and value else value for name, value in columns.items()
    }
    shown_total = hidden.pop("_total")
    return hidden, shown_total if total is not None else None


def track_totals(
    conversations: Iterable[LoggedConversation],
    track: str,
    counsellors: int,
    min_cell: int,
    exact: bool = False,
) -> TrackTotals:
    """Return the totals of one track, small counts suppressed (complementary) unless exact."""
    rows = [c for c in conversations if c.track == track]
    raw = raw_counts(rows)
    theme_counts = Counter(theme for c in rows for theme in c.themes)
    # Themes add up to the conversations (one theme each, mostly); sexual harassment is a theme.
    themes, _ = suppress_parts(
        {theme: theme_counts.get(theme, 0) for theme in THEMES},
        min_cell,
        exact,
        dependent={"about_sexual_harassment": raw["about_sexual_harassment"]},
    )
    split, _ = suppress_parts(
        {name: raw[name] for name in ("about_integrity", "about_undesirable_behaviour")},
        min_cell,
        exact,
    )
    unknown = no_data(rows)
    figures = {
        name: None if name in unknown else suppress_value(raw[name], min_cell, exact=exact)
        for name in SINGLE_FIGURES
    }
    totals = TrackTotals(
        counsellors=counsellors,
        about_sexual_harassment=themes.pop("about_sexual_harassment"),
        about_integrity=split["about_integrity"],
        about_undesirable_behaviour=split["about_undesirable_behaviour"],
        themes=themes,
        track=track,
        no_data=unknown,
        **figures,
    )
    for name in TRACK_ONLY:
        if not totals.applies(name):
            setattr(totals, name, None)
    return totals


def all_tracks(
    conversations: list[LoggedConversation],
    counsellors: dict[str, int],
    min_cell: int,
    exact: bool = False,
) -> dict[str, TrackTotals]:
    """Return the totals of every track."""
    return {
        track: track_totals(conversations, track, counsellors.get(track, 0), min_cell, exact)
        for track in TRACKS
    }
