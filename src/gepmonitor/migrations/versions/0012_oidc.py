"""Single sign-on and operations: account identities at the provider, break-glass admins, the
ID token of a login session (for the provider's logout), and the request id of audit entries.

Revision ID: 0012_oidc
Revises: 0010_pay
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_oidc"
down_revision = "0010_pay"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy): on SQLite a table copy would drop the audit triggers.
    op.add_column(
        "audit_entry",
        sa.Column("request_id", sa.String(length=64), nullable=False, server_default=""),
    )
    op.add_column("web_session", sa.Column("id_token", sa.Text(), nullable=True))
    with op.batch_alter_table("web_user") as batch:
        batch.add_column(sa.Column("oidc_issuer", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("oidc_subject", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("sso_name", sa.String(length=255), nullable=True))
        batch.add_column(
            sa.Column("break_glass", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.create_unique_constraint(batch.f("uq_web_user_sso_name"), ["sso_name"])
    op.create_index("ix_web_user_oidc", "web_user", ["oidc_issuer", "oidc_subject"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_web_user_oidc", table_name="web_user")
    with op.batch_alter_table("web_user") as batch:
        batch.drop_constraint("uq_web_user_sso_name", type_="unique")
        batch.drop_column("break_glass")
        batch.drop_column("sso_name")
        batch.drop_column("oidc_subject")
        batch.drop_column("oidc_issuer")
    op.drop_column("web_session", "id_token")
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_column("request_id")
