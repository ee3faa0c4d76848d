"""Account commands: `gep user ...` and `gep token create`."""

from __future__ import annotations

import typer

from gepmonitor.accounts.service import (
    Actor,
    create_token,
    create_user,
    get_user,
    list_users,
    reset_password,
)
from gepmonitor.core.audit import cli_actor
from gepmonitor.core.cliutil import console, state
from gepmonitor.core.errors import NotFoundError
from gepmonitor.core.i18n import gettext
from gepmonitor.core.i18n import register as register_messages

register_messages(
    {
        "cli.serve_url": ("gepmonitor draait op {url}", "gepmonitor is running at {url}"),
        "cli.first_admin": (
            "Eerste start: beheerder aangemaakt. Log in als '{username}' met wachtwoord "
            "'{password}' — dit wachtwoord wordt niet opnieuw getoond.",
            "First start: administrator created. Log in as '{username}' with password "
            "'{password}' — this password is not shown again.",
        ),
        "cli.serve_login_hint": (
            "Log in met uw account (vergeten? `gep user reset-password NAAM`).",
            "Log in with your account (forgotten? `gep user reset-password NAME`).",
        ),
        "cli.user_added": (
            "Gebruiker '{username}' ({role}) aangemaakt.",
            "User '{username}' ({role}) created.",
        ),
        "cli.user_password": ("Wachtwoord: {password}", "Password: {password}"),
        "cli.user_reset": (
            "Nieuw tijdelijk wachtwoord voor '{username}': {password} (te wijzigen bij inloggen).",
            "New temporary password for '{username}': {password} (to be changed at login).",
        ),
        "cli.token_created": (
            "API-token '{name}' voor '{username}' (wordt niet opnieuw getoond):",
            "API token '{name}' for '{username}' (not shown again):",
        ),
        "cli.no_users": ("Nog geen gebruikers.", "No users yet."),
    }
)

user_app = typer.Typer(help="Manage the accounts of the web application.", no_args_is_help=True)
token_app = typer.Typer(help="Manage personal API tokens.", no_args_is_help=True)


def _actor() -> Actor:
    return Actor(cli_actor(), "", "")


def _find(session, username: str):  # type: ignore[no-untyped-def]
    user = get_user(session, username)
    org = state.organisation(session)
    if user is None or user.org_id != org.id:
        raise NotFoundError("user.not_found", user=username)
    return user


@user_app.command("add")
def user_add(
    role: str = typer.Option(..., "--role", help="admin, hr, counsellor, board or viewer."),
    username: str = typer.Option(None, "--username", help="Login name (default: the role)."),
    password: str = typer.Option(
        None, "--password", help="Password; asked for (hidden) when left out."
    ),
    generate: bool = typer.Option(
        False, "--generate", help="Make a random password and print it once."
    ),
) -> None:
    """Create an account in the organisation."""
    if password is None and not generate:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with state.session() as session:
        org = state.organisation(session)
        user, secret = create_user(session, org, role, _actor(), username, password)
        name, role_name = user.username, user.role
    lang = state.language
    console.print(gettext("cli.user_added", lang, username=name, role=role_name))
    if generate:
        console.print(gettext("cli.user_password", lang, password=secret), highlight=False)


@user_app.command("list")
def user_list() -> None:
    """List the organisation's accounts."""
    with state.session() as session:
        users = list_users(session, state.organisation(session))
        rows = [
            (
                u.username,
                u.role,
                "active" if u.active else "blocked",
                u.last_login_at.strftime("%Y-%m-%d %H:%M") if u.last_login_at else "-",
            )
            for u in users
        ]
    if not rows:
        console.print(gettext("cli.no_users", state.language))
    for row in rows:
        typer.echo("\t".join(row))


@user_app.command("reset-password")
def user_reset(username: str = typer.Argument(..., help="The account's login name.")) -> None:
    """Give an account a new temporary password and lift any lock."""
    with state.session() as session:
        user = _find(session, username)
        password = reset_password(session, user, _actor())
        name = user.username
    console.print(
        gettext("cli.user_reset", state.language, username=name, password=password),
        highlight=False,
    )


@token_app.command("create")
def token_create(
    username: str = typer.Option(..., "--username", help="Whose token it is."),
    name: str = typer.Option("cli", "--name", help="A label for the token."),
    scope: str = typer.Option("read", "--scope", help="read (GET only) or write."),
    days: int = typer.Option(
        None, "--days", help="Days until it expires (default GEP_API_TOKEN_DAYS, 90)."
    ),
) -> None:
    """Create a personal API token and print it once."""
    with state.session() as session:
        user = _find(session, username)
        _token, secret = create_token(
            session,
            user,
            name,
            _actor(),
            scope=scope,
            days=days or state.settings.api_token_days,
        )
        owner = user.username
    console.print(gettext("cli.token_created", state.language, name=name, username=owner))
    console.print(secret, highlight=False)


def register(app: typer.Typer, import_app: typer.Typer, report_app: typer.Typer) -> None:
    """Add this module's commands to the gep command."""
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
