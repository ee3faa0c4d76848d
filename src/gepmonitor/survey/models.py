"""Tables of the survey module: rounds and their responses.

A response keeps its Likert answers and experience answers as JSON, one row per respondent:
survey tools export a different set of items every round, and every analysis reads whole rounds
into a frame anyway, so a long item table would only add joins.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gepmonitor.core.db import Base, utcnow


class SurveyRound(Base):
    """One round of the employee survey (werkbelevingsonderzoek) with its item mapping."""

    __tablename__ = "survey_round"
    __table_args__ = (UniqueConstraint("org_id", "name", name="uq_survey_round_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    year: Mapped[int] = mapped_column(Integer)
    mapping: Mapped[str] = mapped_column(Text)  # the YAML mapping used for the import
    source_name: Mapped[str] = mapped_column(String(255), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SurveyResponse(Base):
    """One respondent: background variables, Likert answers and experience answers."""

    __tablename__ = "survey_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("survey_round.id", ondelete="CASCADE"), index=True
    )
    # Null: the round's mapping had no column for it (unknown; no breakdown is made from it).
    gender: Mapped[str | None] = mapped_column(String(10))
    age_band: Mapped[str | None] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(120))
    is_manager: Mapped[bool | None] = mapped_column(Boolean)
    answers: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    experiences: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
