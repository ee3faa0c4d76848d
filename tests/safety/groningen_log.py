"""A counsellor log holding the conversations the Groningen integrity report 2024 describes."""

from __future__ import annotations

from datetime import date

from gepmonitor.safety import registers, service
from gepmonitor.safety.service import OPERATOR, ConversationInput, SafetyActor

OPERATOR_ACTOR = SafetyActor("test", OPERATOR)
BEHAVIOUR_THEMES = (
    "bullying",
    "exclusion",
    "conflict",
    "work_pressure",
    "discrimination",
    "abuse_of_power",
    "aggression_violence",
)


def build_groningen_2024(session, settings, org) -> dict:
    """Create 2 + 2 counsellors, 37 + 15 conversations and 118 oaths; return counsellors."""
    counsellors = {
        code: service.add_counsellor(session, org, code, track, actor="t", gender=gender)
        for code, track, gender in (
            ("OG-V", "undesirable_behaviour", "v"),
            ("OG-M", "undesirable_behaviour", "m"),
            ("INT-V", "integrity", "v"),
            ("INT-M", "integrity", "m"),
        )
    }
    # Undesirable behaviour: 19 people in 37 conversations, 6 about hierarchical relations.
    for index in range(37):
        counsellor = counsellors["OG-V" if index % 2 else "OG-M"]
        person = f"P{index % 19}"  # 19 people; each counsellor sees them under its own codes
        counsellor = counsellors["OG-V"] if (index % 19) < 10 else counsellors["OG-M"]
        service.log_conversation(
            session,
            settings,
            OPERATOR_ACTOR,
            counsellor,
            ConversationInput(
                held_on=date(2024, 1 + index % 12, 1 + index % 27),
                track="undesirable_behaviour",
                themes=[BEHAVIOUR_THEMES[index % len(BEHAVIOUR_THEMES)]],
                person_code=person,
                hierarchical=index < 6,
                source="manager" if index < 6 else "colleague",
            ),
        )
    # Integrity: 10 people in 15 conversations; 8 about integrity, 7 about undesirable
    # behaviour, some of which were referred to the other track.
    integrity_themes = (
        "conflict_of_interest",
        "leaking_information",
        "misuse_of_position",
        "fraud",
    )
    for index in range(15):
        about_integrity = index < 8
        counsellor = counsellors["INT-V"] if index % 10 < 5 else counsellors["INT-M"]
        service.log_conversation(
            session,
            settings,
            OPERATOR_ACTOR,
            counsellor,
            ConversationInput(
                held_on=date(2024, 1 + index % 12, 2),
                track="integrity",
                themes=[integrity_themes[index % 4]] if about_integrity else ["bullying"],
                person_code=f"I{index % 10}",
                referral="other_track" if not about_integrity and index % 2 else "none",
            ),
        )
    registers.set_oaths(session, org, 2024, 118, "t")
    session.commit()
    return counsellors
