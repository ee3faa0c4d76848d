"""Survey rounds and the GEP plan register.

Revision ID: 0006_survey_plan
Revises: 0005_recruitment
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0006_survey_plan"
down_revision = "0005_recruitment"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
