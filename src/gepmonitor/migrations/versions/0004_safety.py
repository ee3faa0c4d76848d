"""Safety: counsellors, conversations, reports and complaints, incidents, oaths, trainings.

Revision ID: 0004_safety
Revises: 0003_web
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_safety"
down_revision = "0003_web"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "safety_counsellor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("track", sa.String(length=30), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_safety_counsellor_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_counsellor")),
        sa.UniqueConstraint("org_id", "code", name="uq_safety_counsellor_code"),
    )
    op.create_index(
        op.f("ix_safety_counsellor_org_id"), "safety_counsellor", ["org_id"], unique=False
    )
    op.create_index(
        op.f("ix_safety_counsellor_user_id"), "safety_counsellor", ["user_id"], unique=False
    )
    op.create_table(
        "safety_incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("unit", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("police_report", sa.Boolean(), nullable=False),
        sa.Column("follow_up", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_safety_incident_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_incident")),
    )
    op.create_index(op.f("ix_safety_incident_org_id"), "safety_incident", ["org_id"], unique=False)
    op.create_table(
        "safety_oath_year",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_safety_oath_year_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_oath_year")),
        sa.UniqueConstraint("org_id", "year", name="uq_safety_oath_year"),
    )
    op.create_index(
        op.f("ix_safety_oath_year_org_id"), "safety_oath_year", ["org_id"], unique=False
    )
    op.create_table(
        "safety_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("track", sa.String(length=30), nullable=False),
        sa.Column("theme", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("status_since", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("measures", sa.Text(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_safety_report_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_report")),
        sa.UniqueConstraint("org_id", "reference", name="uq_safety_report_ref"),
    )
    op.create_index(op.f("ix_safety_report_org_id"), "safety_report", ["org_id"], unique=False)
    op.create_table(
        "safety_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=30), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_safety_text_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_text")),
        sa.UniqueConstraint("org_id", "year", "section", "lang", name="uq_safety_text_section"),
    )
    op.create_index(op.f("ix_safety_text_org_id"), "safety_text", ["org_id"], unique=False)
    op.create_table(
        "safety_training",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("attendees_m", sa.Integer(), nullable=False),
        sa.Column("attendees_v", sa.Integer(), nullable=False),
        sa.Column("attendees_x", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_safety_training_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_training")),
    )
    op.create_index(op.f("ix_safety_training_org_id"), "safety_training", ["org_id"], unique=False)
    op.create_table(
        "safety_conversation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("counsellor_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("track", sa.String(length=30), nullable=False),
        sa.Column("themes", sa.String(length=300), nullable=False),
        sa.Column("hierarchical", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("person_code", sa.String(length=20), nullable=False),
        sa.Column("referral", sa.String(length=20), nullable=False),
        sa.Column("formal_procedure", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("note_cipher", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["counsellor_id"],
            ["safety_counsellor.id"],
            name=op.f("fk_safety_conversation_counsellor_id_safety_counsellor"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_safety_conversation_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_conversation")),
    )
    op.create_index(
        op.f("ix_safety_conversation_counsellor_id"),
        "safety_conversation",
        ["counsellor_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_safety_conversation_org_id"), "safety_conversation", ["org_id"], unique=False
    )
    op.create_table(
        "safety_counsellor_org",
        sa.Column("counsellor_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["counsellor_id"],
            ["safety_counsellor.id"],
            name=op.f("fk_safety_counsellor_org_counsellor_id_safety_counsellor"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisation.id"],
            name=op.f("fk_safety_counsellor_org_org_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("counsellor_id", "org_id", name=op.f("pk_safety_counsellor_org")),
    )


def downgrade() -> None:
    for table in (
        "safety_counsellor_org",
        "safety_conversation",
        "safety_training",
        "safety_text",
        "safety_report",
        "safety_oath_year",
        "safety_incident",
        "safety_counsellor",
    ):
        op.drop_table(table)
