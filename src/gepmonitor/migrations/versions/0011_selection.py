"""Selection: competences with weights, committee, candidates, STARR scorecards, decision,
the NVP code's checklist, counts left by the candidate purge, and the text-check history.

The intake competences already entered as text (competences_hard/soft) become competence rows
with weight 1, so every vacancy's competences live in one place; a vacancy with an appointment
has ended its procedure on the appointment date.

Revision ID: 0011_selection
Revises: 0015_perf
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_selection"
down_revision = "0015_perf"
branch_labels = None
depends_on = None

VACANCY = "recruitment_vacancy"


def _vacancy_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["vacancy_id"],
        [f"{VACANCY}.id"],
        name=op.f(f"fk_{table}_vacancy_id_{VACANCY}"),
        ondelete="CASCADE",
    )


def _table(name: str, *columns: sa.Column, constraints: tuple = (), by_vacancy: bool = True):
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        *columns,
        *constraints,
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    if by_vacancy:
        op.create_index(op.f(f"ix_{name}_vacancy_id"), name, ["vacancy_id"], unique=False)


def _index(table: str, column: str) -> None:
    op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    with op.batch_alter_table(VACANCY) as batch:
        batch.add_column(sa.Column("procedure_ended", sa.Date(), nullable=True))
    _table(
        "recruitment_competence",
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        constraints=(
            _vacancy_fk("recruitment_competence"),
            sa.UniqueConstraint("vacancy_id", "name", name="uq_recruitment_competence"),
        ),
    )
    _table(
        "recruitment_committee_member",
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=False),
        constraints=(_vacancy_fk("recruitment_committee_member"),),
    )
    _table(
        "recruitment_candidate",
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("suitable", sa.Boolean(), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        constraints=(
            _vacancy_fk("recruitment_candidate"),
            sa.UniqueConstraint("vacancy_id", "code", name="uq_recruitment_candidate"),
        ),
    )
    _table(
        "recruitment_scorecard",
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        constraints=(
            sa.ForeignKeyConstraint(
                ["candidate_id"],
                ["recruitment_candidate.id"],
                name=op.f("fk_recruitment_scorecard_candidate_id_recruitment_candidate"),
                ondelete="CASCADE",
            ),
            sa.ForeignKeyConstraint(
                ["member_id"],
                ["recruitment_committee_member.id"],
                name=op.f("fk_recruitment_scorecard_member_id_recruitment_committee_member"),
                ondelete="CASCADE",
            ),
            sa.UniqueConstraint("candidate_id", "member_id", name="uq_recruitment_scorecard"),
        ),
        by_vacancy=False,
    )
    _index("recruitment_scorecard", "candidate_id")
    _index("recruitment_scorecard", "member_id")
    _table(
        "recruitment_score",
        sa.Column("scorecard_id", sa.Integer(), nullable=False),
        sa.Column("competence_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        constraints=(
            sa.ForeignKeyConstraint(
                ["scorecard_id"],
                ["recruitment_scorecard.id"],
                name=op.f("fk_recruitment_score_scorecard_id_recruitment_scorecard"),
                ondelete="CASCADE",
            ),
            sa.ForeignKeyConstraint(
                ["competence_id"],
                ["recruitment_competence.id"],
                name=op.f("fk_recruitment_score_competence_id_recruitment_competence"),
                ondelete="CASCADE",
            ),
            sa.UniqueConstraint("scorecard_id", "competence_id", name="uq_recruitment_score"),
        ),
        by_vacancy=False,
    )
    _index("recruitment_score", "scorecard_id")
    _index("recruitment_score", "competence_id")
    _table(
        "recruitment_decision",
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("decided_by", sa.String(length=120), nullable=False),
        sa.Column("purged", sa.Boolean(), nullable=False),
        constraints=(
            _vacancy_fk("recruitment_decision"),
            sa.ForeignKeyConstraint(
                ["candidate_id"],
                ["recruitment_candidate.id"],
                name=op.f("fk_recruitment_decision_candidate_id_recruitment_candidate"),
                ondelete="SET NULL",
            ),
            sa.UniqueConstraint("vacancy_id", name=op.f("uq_recruitment_decision_vacancy_id")),
        ),
        by_vacancy=False,
    )
    _table(
        "recruitment_decision_reason",
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("competence_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        constraints=(
            sa.ForeignKeyConstraint(
                ["decision_id"],
                ["recruitment_decision.id"],
                name=op.f("fk_recruitment_decision_reason_decision_id_recruitment_decision"),
                ondelete="CASCADE",
            ),
            sa.ForeignKeyConstraint(
                ["competence_id"],
                ["recruitment_competence.id"],
                name=op.f("fk_recruitment_decision_reason_competence_id_recruitment_competence"),
                ondelete="CASCADE",
            ),
            sa.UniqueConstraint(
                "decision_id", "competence_id", name="uq_recruitment_decision_reason"
            ),
        ),
        by_vacancy=False,
    )
    _index("recruitment_decision_reason", "decision_id")
    _table(
        "recruitment_checklist_step",
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=30), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("done_by", sa.String(length=120), nullable=False),
        constraints=(
            _vacancy_fk("recruitment_checklist_step"),
            sa.UniqueConstraint("vacancy_id", "step", name="uq_recruitment_checklist"),
        ),
    )
    _table(
        "recruitment_purged_count",
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        constraints=(
            _vacancy_fk("recruitment_purged_count"),
            sa.UniqueConstraint(
                "vacancy_id", "gender", "stage", name="uq_recruitment_purged_count"
            ),
        ),
    )
    _table(
        "recruitment_text_check",
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_by", sa.String(length=120), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("masculine", sa.Integer(), nullable=False),
        sa.Column("feminine", sa.Integer(), nullable=False),
        sa.Column("exclusions", sa.Integer(), nullable=False),
        sa.Column("reading_score", sa.Float(), nullable=True),
        sa.Column("level", sa.String(length=10), nullable=False),
        constraints=(_vacancy_fk("recruitment_text_check"),),
    )
    _competences_from_text()
    # An appointment ends the selection procedure (the retention period counts from there).
    op.execute(
        "UPDATE recruitment_vacancy SET procedure_ended = (SELECT a.appointed_on FROM "
        "recruitment_appointment a WHERE a.vacancy_id = recruitment_vacancy.id) "
        "WHERE procedure_ended IS NULL"
    )


def _competences_from_text() -> None:
    """Turn each vacancy's comma-separated competences into competence rows with weight 1."""
    bind = op.get_bind()
    vacancies = bind.execute(
        sa.text(f"SELECT id, competences_hard, competences_soft FROM {VACANCY}")
    ).all()
    rows = []
    for vacancy_id, hard, soft in vacancies:
        seen: set[str] = set()
        for kind, text in (("hard", hard or ""), ("soft", soft or "")):
            for name in (part.strip()[:120] for part in text.split(",")):
                if name and name.lower() not in seen:
                    seen.add(name.lower())
                    rows.append({"v": vacancy_id, "n": name, "k": kind, "w": 1, "p": len(seen) - 1})
    if rows:
        bind.execute(
            sa.text(
                "INSERT INTO recruitment_competence (vacancy_id, name, kind, weight, position) "
                "VALUES (:v, :n, :k, :w, :p)"
            ),
            rows,
        )


def downgrade() -> None:
    for table in (
        "recruitment_text_check",
        "recruitment_purged_count",
        "recruitment_checklist_step",
        "recruitment_decision_reason",
        "recruitment_decision",
        "recruitment_score",
        "recruitment_scorecard",
        "recruitment_candidate",
        "recruitment_committee_member",
        "recruitment_competence",
    ):
        op.drop_table(table)
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy of the vacancies would delete their
    # appointments (ON DELETE CASCADE).
    op.drop_column(VACANCY, "procedure_ended")
