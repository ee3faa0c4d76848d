"""Web: server-side login sessions (so logging out ends them) and no TRUNCATE of the audit log.

Revision ID: 0007_web
Revises: 0006_survey_plan
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_web"
down_revision = "0006_survey_plan"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_session",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["web_user.id"],
            name=op.f("fk_web_session_user_id_web_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_session")),
    )
    op.create_index(op.f("ix_web_session_user_id"), "web_session", ["user_id"], unique=False)
    op.create_index(op.f("ix_web_session_created_at"), "web_session", ["created_at"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # Row triggers (0001_core) do not fire on TRUNCATE; a statement trigger does.
        op.execute(
            "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry")
    op.drop_table("web_session")
