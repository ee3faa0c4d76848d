"""Safety: counsellors serve for a period (active from / until), so past years keep their count.

Revision ID: 0008_safety
Revises: 0007_web
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_safety"
down_revision = "0007_web"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("safety_counsellor") as batch:
        batch.add_column(sa.Column("active_from", sa.Date(), nullable=True))
        batch.add_column(sa.Column("active_until", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("safety_counsellor") as batch:
        batch.drop_column("active_until")
        batch.drop_column("active_from")
