"""Survey use cases: import a round, compute its results and signals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from gepmonitor.core import audit
from gepmonitor.core.cache import cached
from gepmonitor.core.errors import ConflictError, InputError, NotFoundError
from gepmonitor.core.models import Organisation
from gepmonitor.core.reader import Source
from gepmonitor.core.retention import purged_through, refuse_purged
from gepmonitor.plan.service import signal_links
from gepmonitor.survey.analytics import (
    BINARY_GENDERS,
    Signal,
    construct_scores,
    experience_rates,
    find_experience_signals,
    find_signals,
    published_population,
    responses_frame,
    summary,
)
from gepmonitor.survey.importer import read_responses
from gepmonitor.survey.mapping import SurveyMapping, load_mapping, parse_mapping
from gepmonitor.survey.models import SurveyResponse, SurveyRound


def import_round(
    session: Session,
    org: Organisation,
    path: Source,
    mapping_path: Source,
    *,
    name: str,
    year: int,
    actor: str,
) -> int:
    """Import a survey round (all rows or none); return the number of respondents."""
    if not name.strip() or len(name.strip()) > 80:
        raise InputError("Give the round a name of at most 80 characters.")
    if not 1900 <= year <= 2200:
        raise InputError("Year {year} is not between 1900 and 2200.", year=year)
    if session.scalar(
        select(SurveyRound.id).where(SurveyRound.org_id == org.id, SurveyRound.name == name)
    ):
        raise ConflictError("Round '{name}' already exists.", name=name)
    mapping = load_mapping(mapping_path)
    rows = read_responses(path, mapping)
    round_ = SurveyRound(
        org_id=org.id, name=name.strip(), year=year, mapping=mapping.text, source_name=path.name
    )
    session.add(round_)
    session.flush()
    store_responses(session, round_, rows)
    audit.record(
        session,
        action="import_survey",
        actor=actor,
        org_id=org.id,
        target=name,
        detail=f"{len(rows)} respondents",
    )
    return len(rows)


def store_responses(session: Session, round_: SurveyRound, rows: list[dict[str, object]]) -> None:
    """Write respondents of a round."""
    session.execute(insert(SurveyResponse), [{"round_id": round_.id, **row} for row in rows])


def list_rounds(session: Session, org: Organisation) -> list[SurveyRound]:
    """Return the organisation's rounds, oldest first."""
    return list(
        session.scalars(
            select(SurveyRound)
            .where(SurveyRound.org_id == org.id)
            .order_by(SurveyRound.year, SurveyRound.id)
        )
    )


def get_round(session: Session, org: Organisation, name: str) -> SurveyRound:
    """Return the organisation's round by name."""
    found = session.scalar(
        select(SurveyRound).where(SurveyRound.org_id == org.id, SurveyRound.name == name)
    )
    if found is None:
        raise NotFoundError("Round '{name}' does not exist.", name=name)
    return found


@dataclass
class RoundResults:
    """Everything the survey report and pages show of one round."""

    round: SurveyRound
    respondents: int
    overall: pl.DataFrame
    by_group: dict[str, pl.DataFrame]
    experiences: dict[str, pl.DataFrame]
    signals: list[Signal]
    min_group: int
    mapping: SurveyMapping
    left_out: tuple[str, ...] = ()  # small gender groups left out of every figure
    # gender groups other than women and men that are in the figures (totals include them)
    other_genders: tuple[str, ...] = ()


def _published(
    session: Session, org: Organisation, round_: SurveyRound, min_group: int
) -> tuple[SurveyMapping, pl.DataFrame, pl.DataFrame, tuple[str, ...]]:
    """Return the round's mapping, respondents and scores as published (small groups out)."""
    mapping, frame, scores = _scores(session, org, round_)
    keep, left_out = published_population(frame, scores, mapping, min_group)
    return mapping, frame.filter(keep), scores.filter(keep), left_out


def _scores(
    session: Session, org: Organisation, round_: SurveyRound
) -> tuple[SurveyMapping, pl.DataFrame, pl.DataFrame]:
    """Return a round's mapping, responses and construct scores (once per data version)."""
    key = ("survey.scores", round_.id)
    return cached(session, org, key, lambda: _compute_scores(session, round_))


def _compute_scores(
    session: Session, round_: SurveyRound
) -> tuple[SurveyMapping, pl.DataFrame, pl.DataFrame]:
    mapping = parse_mapping(round_.mapping, round_.name, lenient=True)
    rows = session.execute(
        select(
            SurveyResponse.gender,
            SurveyResponse.age_band,
            SurveyResponse.unit,
            SurveyResponse.is_manager,
            SurveyResponse.answers,
            SurveyResponse.experiences,
        ).where(SurveyResponse.round_id == round_.id)
    ).all()
    frame = responses_frame([r._asdict() for r in rows], mapping)
    return mapping, frame, construct_scores(frame, mapping)


@dataclass(frozen=True)
class _Figures:
    """What round_results computes: plain data, shared between requests (core.cache)."""

    respondents: int
    overall: pl.DataFrame
    by_group: dict[str, pl.DataFrame]
    experiences: dict[str, pl.DataFrame]
    signals: list[Signal]
    mapping: SurveyMapping
    left_out: tuple[str, ...] = ()
    other_genders: tuple[str, ...] = ()


def round_results(
    session: Session, org: Organisation, name: str, min_group: int, min_cell: int = 5
) -> RoundResults:
    """Compute a round's results, with signals against the previous round.

    Every figure is of the published population: respondents of a gender group other than
    women and men that is too small to show are left out (``left_out``), totals included.
    Computed once per data version of the organisation (core.cache): the t-tests of the signals
    and the grouped summaries take a few hundred milliseconds.
    """
    round_ = get_round(session, org, name)

    refuse_purged(session, "survey_answers", date(round_.year, 12, 31))

    def compute() -> _Figures:
        mapping, frame, scores, left_out = _published(session, org, round_, min_group)
        rounds = list_rounds(session, org)
        kept = purged_through(session, "survey_answers")
        earlier = [
            r
            for r in rounds
            if (r.year, r.id) < (round_.year, round_.id) and (kept is None or r.year >= kept.year)
        ]
        previous = _published(session, org, earlier[-1], min_group)[2] if earlier else None
        groups = ("gender", "age_band", "unit", "is_manager")
        return _Figures(
            respondents=frame.height,
            overall=summary(scores, mapping, None, min_group, min_cell),
            by_group={g: summary(scores, mapping, g, min_group, min_cell) for g in groups},
            experiences={
                g: experience_rates(frame, mapping, g if g != "all" else None, min_group, min_cell)
                for g in ("all", "gender")
            },
            signals=[
                *find_signals(scores, mapping, round_.name, min_group, previous),
                *find_experience_signals(frame, mapping, round_.name, min_group),
            ],
            mapping=mapping,
            left_out=left_out,
            other_genders=_other_genders(frame),
        )

    key = ("survey.round_results", round_.id, min_group, min_cell)
    figures = cached(session, org, key, compute)
    return RoundResults(
        round=round_,
        respondents=figures.respondents,
        overall=figures.overall,
        by_group=figures.by_group,
        experiences=figures.experiences,
        signals=figures.signals,
        min_group=min_group,
        mapping=figures.mapping,
        left_out=figures.left_out,
        other_genders=figures.other_genders,
    )


def _other_genders(frame: pl.DataFrame) -> tuple[str, ...]:
    """Return the published gender groups other than women and men (no gender: 'onbekend')."""
    genders = frame["gender"].fill_null("onbekend")
    return tuple(sorted(g for g in genders.unique().to_list() if g not in BINARY_GENDERS))


def signal_exists(session: Session, org: Organisation, key: str, min_group: int) -> bool:
    """Return whether a round of the organisation has a signal with this key."""
    for round_ in list_rounds(session, org):
        if key.startswith(f"{round_.name}:"):
            results = round_results(session, org, round_.name, min_group)
            if any(s.key == key for s in results.signals):
                return True
    return False


def unlinked_signals(session: Session, org: Organisation, min_group: int) -> list[Signal]:
    """Return the signals of every round that have no plan measure yet, newest round first."""
    links = signal_links(session, org)
    found = []
    for round_ in reversed(list_rounds(session, org)):
        results = round_results(session, org, round_.name, min_group)
        found += [s for s in results.signals if s.key not in links]
    return found
