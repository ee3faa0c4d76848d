"""Recruitment (vacancies, appointments, explanations).

Revision ID: 0005_recruitment
Revises: 0004_safety
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0005_recruitment"
down_revision = "0004_safety"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
