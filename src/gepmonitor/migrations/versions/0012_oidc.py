"""Single sign-on and operations: account identities at the provider, break-glass admins, the
ID token of a login session (for the provider's logout), and the request id of audit entries.

Revision ID: 0012_oidc
Revises: 0010_pay
"""

from collections.abc import Iterator
from contextlib import contextmanager

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
    # A unique constraint makes SQLite copy the table: the rows that refer to web_user (API
    # tokens, sessions) are kept through the copy (_rows_kept).
    with _rows_kept("web_user"), op.batch_alter_table("web_user") as batch:
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
    with _rows_kept("web_user"), op.batch_alter_table("web_user") as batch:
        batch.drop_constraint("uq_web_user_sso_name", type_="unique")
        batch.drop_column("break_glass")
        batch.drop_column("sso_name")
        batch.drop_column("oidc_subject")
        batch.drop_column("oidc_issuer")
    op.drop_column("web_session", "id_token")
    # A plain DROP COLUMN (SQLite 3.35+): a table copy would drop the audit triggers.
    op.drop_column("audit_entry", "request_id")


@contextmanager
def _rows_kept(table: str) -> Iterator[None]:
    """Keep the rows of the tables that refer to ``table`` through SQLite's table copy.

    Batch mode on SQLite copies the table, drops the old one and renames the copy; with foreign
    keys on (as gepmonitor connects), the drop deletes every row that refers to it through ON
    DELETE CASCADE. Those rows are read before and written back after, as they were. Other
    databases alter the table in place.
    """
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        yield
        return
    inspector = sa.inspect(bind)

    def referring(name: str) -> list[str]:
        return [
            child
            for child in inspector.get_table_names()
            if any(fk["referred_table"] == name for fk in inspector.get_foreign_keys(child))
        ]

    children = referring(table)
    assert not any(referring(child) for child in children), "rows two levels down"
    saved = {
        child: [dict(row) for row in bind.execute(sa.text(f'SELECT * FROM "{child}"')).mappings()]
        for child in children
    }
    yield
    for child, rows in saved.items():
        bind.execute(sa.text(f'DELETE FROM "{child}"'))
        if rows:
            names = list(rows[0])
            columns = ", ".join(f'"{name}"' for name in names)
            values = ", ".join(f":{name}" for name in names)
            bind.execute(sa.text(f'INSERT INTO "{child}" ({columns}) VALUES ({values})'), rows)
