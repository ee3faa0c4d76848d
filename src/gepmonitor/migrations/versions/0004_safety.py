"""Safety (counsellors, conversations, reports and complaints, incidents, oaths, trainings).

Revision ID: 0004_safety
Revises: 0003_web
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0004_safety"
down_revision = "0003_web"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
