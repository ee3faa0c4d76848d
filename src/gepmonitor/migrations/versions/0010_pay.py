"""Pay: a year's pay per worker (art. 9 figures) and the art. 10 joint pay assessment register.

Revision ID: 0010_pay
Revises: 0008_safety
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_pay"
down_revision = "0008_safety"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pay_year",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("category_kind", sa.String(length=20), nullable=False),
        sa.Column("components", sa.Text(), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=120), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_pay_year_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pay_year")),
        sa.UniqueConstraint("org_id", "year", name="uq_pay_year_org"),
    )
    with op.batch_alter_table("pay_year", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pay_year_org_id"), ["org_id"], unique=False)

    op.create_table(
        "pay_worker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pay_year_id", sa.Integer(), nullable=False),
        sa.Column("employee_key", sa.String(length=64), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=False),
        sa.Column("category", sa.String(length=120), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("hire_date", sa.Date(), nullable=True),
        sa.Column("fte", sa.Float(), nullable=True),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("basic", sa.Float(), nullable=False),
        sa.Column("complementary", sa.Float(), nullable=False),
        sa.Column("components", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pay_year_id"],
            ["pay_year.id"],
            name=op.f("fk_pay_worker_pay_year_id_pay_year"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pay_worker")),
    )
    with op.batch_alter_table("pay_worker", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pay_worker_pay_year_id"), ["pay_year_id"], unique=False
        )

    op.create_table(
        "pay_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=120), nullable=False),
        sa.Column("gap_pct", sa.Float(), nullable=True),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("criterion", sa.String(length=300), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("justified_by", sa.String(length=120), nullable=False),
        sa.Column("justified_on", sa.Date(), nullable=True),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("remedied_on", sa.Date(), nullable=True),
        sa.Column("plan_measure_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_pay_assessment_org_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["plan_measure_id"],
            ["plan_measure.id"],
            name=op.f("fk_pay_assessment_plan_measure_id_plan_measure"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pay_assessment")),
        sa.UniqueConstraint("org_id", "year", "category", name="uq_pay_assessment_org"),
    )
    with op.batch_alter_table("pay_assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pay_assessment_org_id"), ["org_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pay_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pay_assessment_org_id"))

    op.drop_table("pay_assessment")
    with op.batch_alter_table("pay_worker", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pay_worker_pay_year_id"))

    op.drop_table("pay_worker")
    with op.batch_alter_table("pay_year", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pay_year_org_id"))

    op.drop_table("pay_year")
