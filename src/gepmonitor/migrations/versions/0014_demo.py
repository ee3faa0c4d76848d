"""Demo: organisations made by `gep demo` are flagged, so the demo tells its data from real data.

Revision ID: 0014_demo
Revises: 0009_security
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_demo"
down_revision = "0009_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (SQLite allows NOT NULL with a default): a batch rebuild of
    # `organisation` would drop the table every other table refers to.
    op.add_column(
        "organisation",
        sa.Column("is_demo", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+), for the same reason as above.
    op.drop_column("organisation", "is_demo")
