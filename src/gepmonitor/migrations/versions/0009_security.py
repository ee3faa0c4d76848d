"""Security: token expiry and scope, admin resets shown, retention purges, key checks.

The audit log stays append-only, except that a purge under the retention period may remove rows
older than the permit it holds inside its own transaction (audit_purge_permit).

Revision ID: 0009_security
Revises: 0011_selection
"""

from datetime import timedelta

import sqlalchemy as sa
from alembic import op

revision = "0009_security"
down_revision = "0011_selection"
branch_labels = None
depends_on = None

TOKEN_DAYS = 90


def upgrade() -> None:
    with op.batch_alter_table("web_api_token") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("scope", sa.String(length=10), nullable=True))
    with op.batch_alter_table("web_user") as batch:
        batch.add_column(sa.Column("password_reset_at", sa.DateTime(timezone=True), nullable=True))
    _expire_old_tokens()
    with op.batch_alter_table("web_api_token") as batch:
        batch.alter_column("scope", existing_type=sa.String(length=10), nullable=False)
    op.create_table(
        "retention_purge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("through", sa.Date(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisation.id"], name=op.f("fk_retention_purge_org_id_organisation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_purge")),
    )
    op.create_index(op.f("ix_retention_purge_org_id"), "retention_purge", ["org_id"])
    op.create_table(
        "audit_purge_permit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("before", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_purge_permit")),
    )
    op.create_table(
        "instance_key_check",
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_instance_key_check")),
    )
    _permit_audit_purge()


def _expire_old_tokens() -> None:
    """Give existing tokens the read-write scope they had and an expiry 90 days after creation."""
    bind = op.get_bind()
    tokens = sa.table(
        "web_api_token",
        sa.column("id", sa.Integer),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("expires_at", sa.DateTime(timezone=True)),
        sa.column("scope", sa.String),
    )
    for token_id, created in bind.execute(sa.select(tokens.c.id, tokens.c.created_at)).all():
        bind.execute(
            tokens.update()
            .where(tokens.c.id == token_id)
            .values(expires_at=created + timedelta(days=TOKEN_DAYS), scope="write")
        )


def _permit_audit_purge() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_entry_no_delete")
        op.execute(
            "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
            "WHEN NOT EXISTS (SELECT 1 FROM audit_purge_permit WHERE OLD.at < before) "
            "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
        )
        return
    op.execute(
        "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN "
        "IF TG_OP = 'DELETE' AND EXISTS "
        "(SELECT 1 FROM audit_purge_permit WHERE OLD.at < audit_purge_permit.before) "
        "THEN RETURN OLD; END IF; "
        "RAISE EXCEPTION 'audit log is append-only'; END $$"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_entry_no_delete")
        op.execute(
            "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
            "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
        )
    else:
        op.execute(
            "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$"
        )
    op.drop_table("instance_key_check")
    op.drop_table("audit_purge_permit")
    op.drop_index(op.f("ix_retention_purge_org_id"), table_name="retention_purge")
    op.drop_table("retention_purge")
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy of web_user would delete its API tokens
    # and sessions (ON DELETE CASCADE).
    op.drop_column("web_user", "password_reset_at")
    with op.batch_alter_table("web_api_token") as batch:
        batch.drop_column("scope")
        batch.drop_column("expires_at")
