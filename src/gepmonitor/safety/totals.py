"""Yearly totals of the counsellors' log, as the integrity annual report publishes them.

People are counted once per counsellor, year and track (by the person code the counsellor
chose). An integrity-track conversation is 'about integrity' when one of its themes is an
integrity theme, otherwise 'about undesirable behaviour'.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from gepmonitor.core.privacy import suppress_value
from gepmonitor.safety.vocab import INTEGRITY_THEMES, THEMES, TRACKS


@dataclass(frozen=True)
class LoggedConversation:
    """The fields of a conversation that totals use."""

    counsellor_id: int
    track: str
    themes: tuple[str, ...]
    person_code: str
    hierarchical: bool
    formal_procedure: bool
    referral: str


@dataclass
class TrackTotals:
    """Totals of one track (None = suppressed)."""

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


def track_totals(
    conversations: Iterable[LoggedConversation],
    track: str,
    counsellors: int,
    min_cell: int,
    exact: bool = False,
) -> TrackTotals:
    """Return the totals of one track; counts of conversations are suppressed when small."""
    rows = [c for c in conversations if c.track == track]
    about_integrity = sum(1 for c in rows if set(c.themes) & set(INTEGRITY_THEMES))
    themes = Counter(theme for c in rows for theme in c.themes)

    def hide(value: int) -> int | None:
        return suppress_value(value, min_cell, exact=exact)

    return TrackTotals(
        counsellors=counsellors,
        people=hide(len({(c.counsellor_id, c.person_code) for c in rows})),
        conversations=hide(len(rows)),
        with_hierarchical_relation=hide(sum(c.hierarchical for c in rows)),
        formal_procedures=hide(sum(c.formal_procedure for c in rows)),
        about_sexual_harassment=hide(sum("sexual_harassment" in c.themes for c in rows)),
        about_integrity=hide(about_integrity),
        about_undesirable_behaviour=hide(len(rows) - about_integrity),
        referred_other_track=hide(sum(c.referral == "other_track" for c in rows)),
        referred_other_help=hide(sum(c.referral == "other_help" for c in rows)),
        themes={theme: hide(themes.get(theme, 0)) for theme in THEMES},
    )


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
