"""Truth of the figures: peildatum settings; unknown (null) instead of invented defaults.

Revision ID: 0013_truth
Revises: 0014_demo
"""

import re
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0013_truth"
down_revision = "0014_demo"
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
        _set_nullable(table, columns, True)


def downgrade() -> None:
    # Unknown values have no place in the old schema: rows with them must be removed first.
    for table, columns in reversed(_ALTERED):
        _set_nullable(table, columns, False)
    op.drop_table("personnel_settings")


def _set_nullable(
    table: str, columns: tuple[tuple[str, sa.types.TypeEngine[Any]], ...], nullable: bool
) -> None:
    """Make the columns nullable (or not) without recreating the table.

    SQLite's batch mode copies a table, drops the old one and renames the copy; with foreign keys
    on, the drop deletes every child row through ON DELETE CASCADE (appointments, the selection
    register). SQLite documents editing the stored CREATE TABLE text for removing or adding a
    NOT NULL constraint (writable_schema, then a new schema_version); that keeps every row.
    """
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        for name, kind in columns:
            op.alter_column(table, name, existing_type=kind, nullable=nullable)
        return
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar()
    assert isinstance(sql, str)
    for name, _kind in columns:
        pattern = re.compile(rf'(\n\s*"?{name}"?\s+[A-Z]+(?:\(\d+\))?)(\s+NOT NULL)?(?=[,\n])')
        sql, found = pattern.subn(lambda m: m.group(1) + ("" if nullable else " NOT NULL"), sql)
        assert found == 1, (table, name)
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    assert isinstance(version, int)
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (sql, table)
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")
