"""The data version of each organisation: a random token that every write replaces.

Caches key their results by it (core.versions, core.cache). Existing organisations get a row.

Revision ID: 0015_perf
Revises: 0012_oidc
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0015_perf"
down_revision = "0012_oidc"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "data_version",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisation.id"],
            name=op.f("fk_data_version_org_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("org_id", name=op.f("pk_data_version")),
    )
    orgs = op.get_bind().execute(sa.text("SELECT id FROM organisation")).scalars().all()
    if orgs:
        op.bulk_insert(
            table, [{"org_id": org, "token": secrets.token_hex(16), "version": 1} for org in orgs]
        )


def downgrade() -> None:
    op.drop_table("data_version")
