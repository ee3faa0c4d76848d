"""Audit log: indexes for its page (newest first, a page at a time) and its filter's choices.

The page reads the newest entries of a filter: an index on (at, id) lets it stop after one
page instead of sorting the whole log. The list of actions and the counsellors' yearly totals
read (action, org_id, at) from their own index instead of the table.

Revision ID: 0016_audit_paging
Revises: 0013_truth
"""

from alembic import op

revision = "0016_audit_paging"
down_revision = "0013_truth"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_entry_at_id", "audit_entry", ["at", "id"])
    op.create_index("ix_audit_entry_action", "audit_entry", ["action", "org_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_entry_action", table_name="audit_entry")
    op.drop_index("ix_audit_entry_at_id", table_name="audit_entry")
