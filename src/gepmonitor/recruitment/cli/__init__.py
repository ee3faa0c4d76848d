"""Commands of the recruitment module.

`gep vacancy ...` works on one vacancy (the register and its selection procedure),
`gep recruitment ...` across vacancies (funnel, weekly overview, purge), plus
`gep check-vacancy`, `gep import vacancies` and `gep report recruitment`.
"""

import typer

from gepmonitor.recruitment.cli import outcomes, selection
from gepmonitor.recruitment.cli import register as register_cli
from gepmonitor.recruitment.cli.register import vacancy_app


def register(app: typer.Typer, import_app: typer.Typer, report_app: typer.Typer) -> None:
    """Add this module's commands to the gep command."""
    register_cli.register(app, import_app, report_app)
    selection.add_commands(vacancy_app)
    app.add_typer(vacancy_app, name="vacancy")
    app.add_typer(outcomes.recruitment_app, name="recruitment")
