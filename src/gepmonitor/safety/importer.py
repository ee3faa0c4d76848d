"""Import a past year's conversation log from CSV.

Every problem of every row is listed (file, row, column, value) and then nothing is written:
all rows or none. The import acts as the trusted operator: it may log for any counsellor of the
organisation.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from sqlalchemy.orm import Session

from gepmonitor.core.config import Settings
from gepmonitor.core.errors import (
    Checks,
    Problem,
    raise_problems,
    row_problems,
)
from gepmonitor.core.models import Organisation
from gepmonitor.core.reader import read_with_columns
from gepmonitor.safety import service
from gepmonitor.safety.models import Counsellor
from gepmonitor.safety.service import OPERATOR, ConversationInput, SafetyActor
from gepmonitor.safety.vocab import parse_day, parse_yes_no

REQUIRED_COLUMNS = ("counsellor", "date", "track", "themes", "person")
# The file's column for a field of ConversationInput, where the names differ.
FIELD_COLUMNS = {"held_on": "date", "person_code": "person", "org_slug": "org"}


def import_conversations(
    session: Session, settings: Settings, org: Organisation, path: Path, *, actor: str
) -> int:
    """Log every row of the file or, when any row has a problem, none; return the count."""
    table = read_with_columns(path, REQUIRED_COLUMNS, "column is missing")
    problems: list[Problem] = []
    rows: list[tuple[Counsellor, ConversationInput]] = []
    for line, cells in table.records():
        checks = Checks()
        code = cells.get("counsellor", "")
        counsellor = checks.attempt(
            "counsellor", partial(service.find_counsellor, session, org, code)
        )
        data = _read_row(cells, checks)
        for field, error in service.conversation_errors(session, counsellor, data):
            checks.add(FIELD_COLUMNS.get(field, field) if field else None, error)
        problems += row_problems(table.name, line, cells, checks.errors)
        if counsellor is not None:
            rows.append((counsellor, data))
    raise_problems(problems)
    operator = SafetyActor(actor, OPERATOR)
    for counsellor, data in rows:
        service.log_conversation(session, settings, operator, counsellor, data)
    return len(rows)


def _read_row(cells: dict[str, str], checks: Checks) -> ConversationInput:
    """Return the row as a conversation, recording the cells that cannot be read."""

    # A column the file does not have is unknown (None) for every row, never "no".
    def yes_no(column: str) -> bool | None:
        if column not in cells:
            return None
        return bool(checks.attempt(column, partial(parse_yes_no, cells.get(column, ""), column)))

    def choice(column: str, empty: str) -> str | None:
        return (cells.get(column) or empty) if column in cells else None

    return ConversationInput(
        held_on=checks.attempt("date", partial(parse_day, cells.get("date", ""), "date")),
        track=cells.get("track", ""),
        themes=cells.get("themes", "").split("|"),
        person_code=cells.get("person", ""),
        hierarchical=yes_no("hierarchical"),
        source=choice("source", "colleague"),
        referral=choice("referral", "none"),
        formal_procedure=yes_no("formal"),
        outcome=cells.get("outcome") or "advice",
        org_slug=cells.get("org") or None,
    )
