"""Account commands: `gep user ...` and `gep token create`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from gepmonitor.core.cliutil import cli_actor, console, lazy_module, state
from gepmonitor.core.errors import NotFoundError
from gepmonitor.core.formatting import format_date
from gepmonitor.core.i18n import N_, gettext

if TYPE_CHECKING:
    from gepmonitor.accounts import service as accounts
else:
    accounts = lazy_module("gepmonitor.accounts.service")

user_app = typer.Typer(help="Manage the accounts of the web application.", no_args_is_help=True)
token_app = typer.Typer(help="Manage personal API tokens.", no_args_is_help=True)


def _actor() -> accounts.Actor:
    return accounts.Actor(cli_actor(), "", "")


def _find(session, username: str):  # type: ignore[no-untyped-def]
    user = accounts.get_user(session, username)
    org = state.organisation(session)
    if user is None or user.org_id != org.id:
        raise NotFoundError("User {user} does not exist.", user=username)
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
    break_glass: bool = typer.Option(
        False, "--break-glass", help="An admin who may use a password when GEP_LOCAL_LOGIN=false."
    ),
    sso: str = typer.Option(
        None, "--sso", help="Link to this user of the single sign-on provider (no password)."
    ),
) -> None:
    """Create an account in the organisation."""
    from gepmonitor.accounts.sso import link_sso, set_break_glass

    if password is None and not generate and sso is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with state.session() as session:
        org = state.organisation(session)
        user, secret = accounts.create_user(session, org, role, _actor(), username, password)
        if break_glass:
            set_break_glass(session, user, True, _actor())
        if sso is not None:
            link_sso(session, user, sso, _actor())
            user.password_hash = ""  # logs in through the provider only
        name, role_name = user.username, user.role
    lang = state.language
    console.print(
        gettext("User '{username}' ({role}) created.", lang, username=name, role=role_name)
    )
    if generate and sso is None:
        console.print(gettext("Password: {password}", lang, password=secret), highlight=False)


@user_app.command("break-glass")
def user_break_glass(
    username: str = typer.Argument(..., help="The administrator's login name."),
    off: bool = typer.Option(False, "--off", help="Take the break-glass permission away."),
) -> None:
    """Let an administrator log in with a password even when GEP_LOCAL_LOGIN=false."""
    from gepmonitor.accounts.sso import set_break_glass

    with state.session() as session:
        user = _find(session, username)
        set_break_glass(session, user, not off, _actor())
        name = user.username
    text = (
        "'{username}' is no longer a break-glass account."
        if off
        else ("'{username}' can now log in with a password even when password login is off.")
    )
    console.print(gettext(text, state.language, username=name))


@user_app.command("link-sso")
def user_link_sso(
    username: str = typer.Argument(..., help="The account's login name."),
    sso_name: str = typer.Argument(
        None,
        help="The user's name at the provider (GEP_OIDC_USERNAME_CLAIM); leave out with --unlink.",
    ),
    unlink: bool = typer.Option(False, "--unlink", help="Remove the link."),
) -> None:
    """Link an account (e.g. a counsellor's) to a user of the single sign-on provider."""
    from gepmonitor.accounts.sso import link_sso

    if not unlink and not sso_name:
        raise typer.BadParameter("give the user's name at the provider, or --unlink")
    with state.session() as session:
        user = _find(session, username)
        link_sso(session, user, None if unlink else sso_name, _actor())
        name = user.username
    text = (
        "'{username}' is no longer linked."
        if unlink
        else ("'{username}' is linked to '{sso}'; their first single sign-on login binds it.")
    )
    console.print(gettext(text, state.language, username=name, sso=sso_name or ""))


@user_app.command("list")
def user_list() -> None:
    """List the organisation's accounts."""
    with state.session() as session:
        users = accounts.list_users(session, state.organisation(session))
        lang = state.language
        rows = [
            (
                u.username,
                u.role,  # the code --role takes
                gettext(N_("active") if u.active else N_("blocked"), lang),
                f"{format_date(u.last_login_at, lang, 'short')} {u.last_login_at:%H:%M}"
                if u.last_login_at
                else "-",
            )
            for u in users
        ]
    if not rows:
        console.print(gettext("No users yet.", state.language))
    for row in rows:
        typer.echo("\t".join(row))


@user_app.command("reset-password")
def user_reset(username: str = typer.Argument(..., help="The account's login name.")) -> None:
    """Give an account a new temporary password and lift any lock."""
    with state.session() as session:
        user = _find(session, username)
        password = accounts.reset_password(session, user, _actor())
        name = user.username
    console.print(
        gettext(
            "New temporary password for '{username}': {password} (to be changed at login).",
            state.language,
            username=name,
            password=password,
        ),
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
        _token, secret = accounts.create_token(
            session,
            user,
            name,
            _actor(),
            scope=scope,
            days=days or state.settings.api_token_days,
        )
        owner = user.username
    console.print(
        gettext(
            "API token '{name}' for '{username}' (not shown again):",
            state.language,
            name=name,
            username=owner,
        )
    )
    console.print(secret, highlight=False)


def register(app: typer.Typer, import_app: typer.Typer, report_app: typer.Typer) -> None:
    """Add this module's commands to the gep command."""
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
