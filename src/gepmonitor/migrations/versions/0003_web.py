"""Web (users, sessions, API tokens, audit log, login throttling).

Revision ID: 0003_web
Revises: 0002_personnel
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0003_web"
down_revision = "0002_personnel"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
