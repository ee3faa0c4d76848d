"""Migration 0011_selection: competences typed as text become rows; appointments end procedures."""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from gepmonitor.core.db import alembic_config, make_engine


def _run(url, direction, revision):
    engine = make_engine(url)
    config = alembic_config(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, direction)(config, revision)
    engine.dispose()


def test_upgrade_keeps_competences_and_ends_appointed_procedures(db_url):
    script = ScriptDirectory.from_config(alembic_config(db_url))
    before = script.get_revision("0011_selection").down_revision
    assert isinstance(before, str)  # one straight chain
    _run(db_url, "downgrade", before)
    engine = make_engine(db_url)
    counts = ", ".join(f"{k}_{g}" for k in ("applicants", "shortlisted", "suitable") for g in "mvx")
    zeros = ", ".join("0" for _ in range(9))
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO organisation (slug, name, created_at) "
                                "VALUES ('o', 'O', CURRENT_TIMESTAMP)"))  # fmt: skip
        org = connection.execute(text("SELECT id FROM organisation WHERE slug = 'o'")).scalar()
        for ref, hard, soft in (("V1", "Wetgeving, Financiën", "Samenwerken, wetgeving"),
                                ("V2", "", "")):  # fmt: skip
            connection.execute(
                text(
                    "INSERT INTO recruitment_vacancy (org_id, reference, title, unit, scale, "
                    f"opened, channel, {counts}, competences_hard, competences_soft, created_at) "
                    f"VALUES (:org, :ref, 'T', '', 11, '2024-01-10', 'extern', {zeros}, :hard, "
                    ":soft, CURRENT_TIMESTAMP)"
                ),
                {"org": org, "ref": ref, "hard": hard, "soft": soft},
            )
        first = connection.execute(
            text("SELECT id FROM recruitment_vacancy WHERE reference = 'V1'")
        ).scalar()
        connection.execute(
            text(
                "INSERT INTO recruitment_appointment (vacancy_id, gender, appointed_on, "
                "explanation, approver, recorded_by, recorded_at) VALUES (:v, 'v', "
                "'2024-03-01', '', '', 't', CURRENT_TIMESTAMP)"
            ),
            {"v": first},
        )
    engine.dispose()
    _run(db_url, "upgrade", "head")
    engine = make_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT name, kind, weight FROM recruitment_competence ORDER BY position")
        ).all()
        ended = dict(
            connection.execute(
                text("SELECT reference, procedure_ended FROM recruitment_vacancy")
            ).all()
        )
    engine.dispose()
    # 'wetgeving' as a soft competence repeats a hard one (case aside): kept once
    assert [tuple(r) for r in rows] == [
        ("Wetgeving", "hard", 1), ("Financiën", "hard", 1), ("Samenwerken", "soft", 1),
    ]  # fmt: skip
    assert str(ended["V1"]) == "2024-03-01" and ended["V2"] is None
