"""Recruitment: vacancies and appointments with comply-or-explain explanations.

Revision ID: 0005_recruitment
Revises: 0004_safety
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_recruitment"
down_revision = "0004_safety"
branch_labels = None
depends_on = None

COUNTS = [f"{kind}_{g}" for kind in ("applicants", "shortlisted", "suitable") for g in "mvx"]


def upgrade() -> None:
    op.create_table(
        "recruitment_vacancy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=120), nullable=False),
        sa.Column("scale", sa.Integer(), nullable=False),
        sa.Column("opened", sa.Date(), nullable=False),
        sa.Column("closed", sa.Date(), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS],
        sa.Column("competences_hard", sa.Text(), nullable=False),
        sa.Column("competences_soft", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_recruitment_vacancy_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recruitment_vacancy")),
        sa.UniqueConstraint("org_id", "reference", name="uq_recruitment_vacancy_ref"),
    )
    op.create_index(
        op.f("ix_recruitment_vacancy_org_id"), "recruitment_vacancy", ["org_id"], unique=False
    )
    op.create_table(
        "recruitment_appointment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=False),
        sa.Column("appointed_on", sa.Date(), nullable=False),
        sa.Column("internal_candidate", sa.Boolean(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("approver", sa.String(length=120), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["recruitment_vacancy.id"],
            name=op.f("fk_recruitment_appointment_vacancy_id_recruitment_vacancy"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recruitment_appointment")),
        sa.UniqueConstraint("vacancy_id", name=op.f("uq_recruitment_appointment_vacancy_id")),
    )


def downgrade() -> None:
    op.drop_table("recruitment_appointment")
    op.drop_table("recruitment_vacancy")
