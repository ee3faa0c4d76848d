"""Truth of the figures: peildatum settings; unknown (null) instead of invented defaults.

Revision ID: 0013_truth
Revises: 0011_selection
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0013_truth"
down_revision = "0011_selection"
branch_labels = None
depends_on = None

_EMPLOYEE_NULLABLE: tuple[tuple[str, sa.types.TypeEngine[Any]], ...] = (
    ("fte", sa.Float()),
    ("unit", sa.String(length=120)),
    ("is_manager", sa.Boolean()),
    ("contract_type", sa.String(length=20)),
    ("banenafspraak", sa.Boolean()),
)


_SURVEY_NULLABLE: tuple[tuple[str, sa.types.TypeEngine[Any]], ...] = (
    ("gender", sa.String(length=10)),
    ("age_band", sa.String(length=20)),
    ("unit", sa.String(length=120)),
    ("is_manager", sa.Boolean()),
)

_CONVERSATION_NULLABLE: tuple[tuple[str, sa.types.TypeEngine[Any]], ...] = (
    ("hierarchical", sa.Boolean()),
    ("source", sa.String(length=20)),
    ("referral", sa.String(length=20)),
    ("formal_procedure", sa.Boolean()),
)
_VACANCY_NULLABLE: tuple[tuple[str, sa.types.TypeEngine[Any]], ...] = tuple(
    (f"{stage}_{gender}", sa.Integer())
    for stage in ("applicants", "shortlisted", "suitable")
    for gender in "mvx"
)
_ALTERED = (
    ("personnel_employee", _EMPLOYEE_NULLABLE),
    ("survey_response", _SURVEY_NULLABLE),
    ("safety_conversation", _CONVERSATION_NULLABLE),
    ("recruitment_vacancy", _VACANCY_NULLABLE),
)


def upgrade() -> None:
    op.create_table(
        "personnel_settings",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("reference_day", sa.String(length=5), nullable=True),
        sa.Column("exit_on_peildatum_is_staff", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_personnel_settings_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("org_id", name=op.f("pk_personnel_settings")),
    )
    for table, columns in _ALTERED:
        with op.batch_alter_table(table) as batch:
            for name, kind in columns:
                batch.alter_column(name, existing_type=kind, nullable=True)


def downgrade() -> None:
    # Unknown values have no place in the old schema: rows with them must be removed first.
    for table, columns in reversed(_ALTERED):
        with op.batch_alter_table(table) as batch:
            for name, kind in columns:
                batch.alter_column(name, existing_type=kind, nullable=False)
    op.drop_table("personnel_settings")
