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
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy of safety_counsellor would delete its
    # organisation links (ON DELETE CASCADE) and fail on its conversations.
    op.drop_column("safety_counsellor", "active_until")
    op.drop_column("safety_counsellor", "active_from")
