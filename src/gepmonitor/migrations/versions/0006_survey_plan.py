"""Survey rounds and the GEP plan register.

Revision ID: 0006_survey_plan
Revises: 0005_recruitment
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_survey_plan"
down_revision = "0005_recruitment"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("title_nl", sa.String(length=300), nullable=False),
        sa.Column("title_en", sa.String(length=300), nullable=False),
        sa.Column("source", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_plan_goal_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_goal")),
        sa.UniqueConstraint("org_id", "code", name="uq_plan_goal_code"),
    )
    op.create_index(op.f("ix_plan_goal_org_id"), "plan_goal", ["org_id"], unique=False)
    op.create_table(
        "survey_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_survey_round_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_round")),
        sa.UniqueConstraint("org_id", "name", name="uq_survey_round_name"),
    )
    op.create_index(op.f("ix_survey_round_org_id"), "survey_round", ["org_id"], unique=False)
    op.create_table(
        "plan_measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("kpi", sa.String(length=200), nullable=False),
        sa.Column("kpi_kind", sa.String(length=20), nullable=False),
        sa.Column("kpi_target", sa.Float(), nullable=True),
        sa.Column("kpi_measured", sa.Float(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["plan_goal.id"], name=op.f("fk_plan_measure_goal_id_plan_goal")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_plan_measure_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_measure")),
    )
    op.create_index(op.f("ix_plan_measure_goal_id"), "plan_measure", ["goal_id"], unique=False)
    op.create_index(op.f("ix_plan_measure_org_id"), "plan_measure", ["org_id"], unique=False)
    op.create_table(
        "survey_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=False),
        sa.Column("age_band", sa.String(length=20), nullable=False),
        sa.Column("unit", sa.String(length=120), nullable=False),
        sa.Column("is_manager", sa.Boolean(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("experiences", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["survey_round.id"],
            name=op.f("fk_survey_response_round_id_survey_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_response")),
    )
    op.create_index(
        op.f("ix_survey_response_round_id"), "survey_response", ["round_id"], unique=False
    )
    op.create_table(
        "plan_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("organisation_wide", sa.Boolean(), nullable=False),
        sa.Column("attendees", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["plan_measure.id"], name=op.f("fk_plan_event_measure_id_plan_measure")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_plan_event_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_event")),
    )
    op.create_index(op.f("ix_plan_event_org_id"), "plan_event", ["org_id"], unique=False)
    op.create_table(
        "plan_signal_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("signal_key", sa.String(length=200), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["plan_measure.id"],
            name=op.f("fk_plan_signal_link_measure_id_plan_measure"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_plan_signal_link_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_signal_link")),
        sa.UniqueConstraint("org_id", "signal_key", name="uq_plan_signal_link"),
    )
    op.create_index(
        op.f("ix_plan_signal_link_org_id"), "plan_signal_link", ["org_id"], unique=False
    )
    op.create_table(
        "plan_event_attendee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("attendee_key", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["plan_event.id"],
            name=op.f("fk_plan_event_attendee_event_id_plan_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_event_attendee")),
        sa.UniqueConstraint("event_id", "attendee_key", name="uq_plan_attendee"),
    )
    op.create_index(
        op.f("ix_plan_event_attendee_event_id"), "plan_event_attendee", ["event_id"], unique=False
    )


def downgrade() -> None:
    for table in (
        "plan_signal_link",
        "plan_event_attendee",
        "plan_event",
        "plan_measure",
        "plan_goal",
        "survey_response",
        "survey_round",
    ):
        op.drop_table(table)
