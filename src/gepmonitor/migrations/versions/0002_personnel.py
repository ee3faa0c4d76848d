"""Personnel: snapshots, employee rows and targets.

Revision ID: 0002_personnel
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_personnel"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "personnel_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("peildatum", sa.Date(), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=120), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_personnel_snapshot_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personnel_snapshot")),
        sa.UniqueConstraint("org_id", "peildatum", name="uq_personnel_snapshot_org"),
    )
    op.create_index(
        op.f("ix_personnel_snapshot_org_id"), "personnel_snapshot", ["org_id"], unique=False
    )
    op.create_table(
        "personnel_employee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("employee_key", sa.String(length=64), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("scale", sa.Integer(), nullable=True),
        sa.Column("scale_label", sa.String(length=10), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("fte", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=120), nullable=False),
        sa.Column("is_manager", sa.Boolean(), nullable=False),
        sa.Column("contract_type", sa.String(length=20), nullable=False),
        sa.Column("banenafspraak", sa.Boolean(), nullable=False),
        sa.Column("hire_date", sa.Date(), nullable=True),
        sa.Column("exit_date", sa.Date(), nullable=True),
        sa.Column("exit_reason", sa.String(length=120), nullable=True),
        sa.Column("pay", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["personnel_snapshot.id"],
            name=op.f("fk_personnel_employee_snapshot_id_personnel_snapshot"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personnel_employee")),
    )
    op.create_index(
        op.f("ix_personnel_employee_snapshot_id"),
        "personnel_employee",
        ["snapshot_id"],
        unique=False,
    )
    op.create_table(
        "personnel_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("band_code", sa.String(length=20), nullable=False),
        sa.Column("target_share", sa.Float(), nullable=False),
        sa.Column("target_year", sa.Integer(), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_personnel_target_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personnel_target")),
        sa.UniqueConstraint("org_id", "band_code", name="uq_personnel_target_org"),
    )
    op.create_index(
        op.f("ix_personnel_target_org_id"), "personnel_target", ["org_id"], unique=False
    )


def downgrade() -> None:
    op.drop_table("personnel_target")
    op.drop_table("personnel_employee")
    op.drop_table("personnel_snapshot")
