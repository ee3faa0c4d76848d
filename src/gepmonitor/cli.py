"""The `gep` command: a thin layer over the services that prints errors as one line (exit 2)."""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Callable
from functools import cache, partial
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

try:  # recent Typer ships its own copy of click
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
except ImportError:  # pragma: no cover - older Typer uses the click package
    from click.exceptions import ClickException, NoArgsIsHelpError  # type: ignore[assignment]

from gepmonitor.core import registry
from gepmonitor.core.clihelp import (
    help_language,
    translate_help,
    translate_usage_error,
)
from gepmonitor.core.clitree import Extras, Listing, Registration, lazy_command, listings, load_all
from gepmonitor.core.cliutil import choose_language, console, err_console, state
from gepmonitor.core.errors import ConfigError, ConflictError, GepError
from gepmonitor.core.helpview import print_help
from gepmonitor.core.i18n import gettext

if TYPE_CHECKING:
    pass

app = typer.Typer(
    name="gep",
    help="gepmonitor: Gender Equality Plan and social-safety monitor.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
import_app = typer.Typer(help="Import data from CSV/XLSX files.", no_args_is_help=True)
report_app = typer.Typer(
    help="Write the yearly reports (PDF, HTML, DOCX, XLSX).", no_args_is_help=True
)
app.add_typer(import_app, name="import")
app.add_typer(report_app, name="report")


def _print_version(value: bool) -> None:
    if value:
        from gepmonitor.core.version import __version__

        console.print(f"gepmonitor {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def root(
    org: str = typer.Option(None, "--org", envvar="GEP_ORG", help="Organisation code."),
    lang: str = typer.Option(
        None, "--lang", callback=choose_language, help="Language of output: nl or en."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """Choose the organisation and language for the command."""
    state.org = org


@app.command("init")
def init_command(
    name: str = typer.Option(None, "--name", help="Display name of the organisation."),
) -> None:
    """Create or upgrade the database schema, the key files and the organisation."""
    from gepmonitor.core.db import upgrade_schema
    from gepmonitor.core.orgs import ensure_org

    settings = state.settings
    settings.ensure_key_files()
    upgrade_schema(state.engine())
    with state.session() as session:
        org = ensure_org(session, state.org_slug, name or settings.default_org_name)
        if name:
            org.name = name
        org_name = org.name
    console.print(
        gettext(
            "Database ready ({url}); organisation {name} (code '{org}').",
            state.language,
            url=settings.resolved_database_url(),
            name=org_name,
            org=state.org_slug,
        ),
        highlight=False,
    )


@app.command("orgs")
def orgs_command() -> None:
    """List the organisations of this instance."""
    from gepmonitor.core.orgs import list_orgs

    with state.session() as session:
        for org in list_orgs(session):
            console.print(f"{org.slug}\t{org.name}")


@app.command("demo")
def demo_command(
    seed: int = typer.Option(2025, "--seed", help="Random seed; same seed, same data."),
    if_empty: bool = typer.Option(
        False, "--if-empty", help="Only print the logins when the demo is already built."
    ),
) -> None:
    """Build the demo province 'Provincie Voorbeeld' with every module's data and logins."""
    from gepmonitor.core.demo import build_demo, demo_built
    from gepmonitor.core.orgs import ensure_org

    lang = state.language
    with state.session() as session:
        built = demo_built(session)  # refuses a database with real data
        if built is not None:
            if not if_empty:
                raise ConflictError(
                    "The demo is already built (organisation '{org}'); "
                    "use --if-empty to print its logins.",
                    org=built.slug,
                )
            console.print(
                gettext("The demo is already built (organisation '{org}').", lang, org=built.slug)
            )
        else:
            org = ensure_org(session, state.org_slug, state.settings.default_org_name)
            build_demo(session, org, state.settings, seed)
            console.print(
                gettext(
                    "Demo organisation '{name}' built in '{org}' (seed {seed}).",
                    lang,
                    name=org.name,
                    org=org.slug,
                    seed=seed,
                )
            )
    settings = state.settings
    _print_demo_logins(f"http://{settings.host}:{settings.port}/")


def _print_demo_logins(url: str) -> None:
    """Print where to log in and the demo account of every role (demo-only passwords)."""
    from gepmonitor.accounts.demo import DEMO_ACCOUNTS

    lang = state.language
    console.print(
        gettext(
            "Open {url} and log in with a demo account (passwords for the demo only):",
            lang,
            url=url,
        ),
        highlight=False,
    )
    for account in DEMO_ACCOUNTS:
        label = gettext(account.label, lang)
        console.print(f"  {label:<38} {account.username:<15} {account.password}", highlight=False)


@app.command("serve")
def serve(
    host: str = typer.Option(None, "--host", help="Address to listen on (GEP_HOST)."),
    port: int = typer.Option(None, "--port", help="Port to listen on (GEP_PORT)."),
    workers: int = typer.Option(1, "--workers", min=1, help="Server processes (uvicorn)."),
) -> None:
    """Serve the web application; the first start creates an administrator."""
    import uvicorn

    from gepmonitor.accounts.service import ensure_first_admin
    from gepmonitor.core.logs import log_config
    from gepmonitor.web.app import create_app

    settings = state.settings
    with state.session() as session:
        organisation = state.organisation(session)
        login = ensure_first_admin(session, organisation)
        is_demo = organisation.is_demo
        if login and not settings.local_login:  # passwords off: the first admin is break-glass
            from gepmonitor.accounts.service import Actor, get_user
            from gepmonitor.accounts.sso import set_break_glass

            first = get_user(session, login[0])
            if first is not None:
                set_break_glass(session, first, True, Actor("system"))
    host = host or settings.host
    port = port or settings.port
    if workers > 1:
        from gepmonitor.web.workers import claim_port, serve_workers

        try:
            listener = claim_port(host, port)
        except OSError as error:  # the port is taken, or the address is not this machine's
            if error.errno == errno.EADDRINUSE:
                raise ConfigError(
                    "Port {port} on {host} is in use. Choose another with --port (GEP_PORT).",
                    port=str(port),
                    host=host,
                ) from None
            raise ConfigError(
                "Cannot listen on {address}: {reason}. Choose another with --host/--port "
                "(GEP_HOST/GEP_PORT).",
                address=f"{host}:{port}",
                reason=error.strerror or str(error),
            ) from None
    lang = state.language
    console.print(
        gettext("gepmonitor is running at {url}", lang, url=f"http://{host}:{port}/"),
        highlight=False,
    )
    if is_demo:
        _print_demo_logins(f"http://{host}:{port}/")
    elif login:
        console.print(
            gettext(
                "First start: administrator created. Log in as '{username}' with password "
                "'{password}' — this password is not shown again.",
                lang,
                username=login[0],
                password=login[1],
            ),
            highlight=False,
        )
    else:
        console.print(
            gettext("Log in with your account (forgotten? `gep user reset-password NAME`).", lang)
        )
    # Forwarded headers are handled by the app (GEP_TRUSTED_PROXIES), not by uvicorn, which
    # would otherwise believe them from 127.0.0.1; the app also writes the request log line.
    from gepmonitor.web.protocol import HTTP_PROTOCOL

    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "http": HTTP_PROTOCOL,  # a response's head and small body in one write
        "proxy_headers": False,
        "access_log": False,
        "server_header": False,
        "log_config": log_config(settings.log_format),
    }
    if workers > 1:  # each process builds its own app from the same GEP_* environment
        config = uvicorn.Config("gepmonitor.web.app:create_app", factory=True, **options)
        raise typer.Exit(serve_workers(config, workers, listener))
    from gepmonitor.web.heap import settle_heap

    app = create_app(settings)
    settle_heap()  # what exists now lives as long as the server: no collection walks it again
    uvicorn.run(app, **options)


# Each capability in the registry adds its commands through register(app, import_app, report_app).
# `gep` lists them from cli_index.json (written by `make cli-index`) and imports a capability's
# CLI module only when one of its commands is resolved: `gep --help` imports none.
CLI_INDEX = Path(__file__).with_name("cli_index.json")
GROUPS = ("", "import", "report")  # where a command goes: gep itself, gep import, gep report


@cache
def _registered(module: str) -> dict[str, typer.Typer]:
    """Return what a capability's CLI module registers, in fresh Typer apps by group."""
    apps = {group: typer.Typer() for group in GROUPS}
    import_module(module).register(apps[""], apps["import"], apps["report"])
    return apps


def index() -> dict[str, list[list[Any]]]:
    """Return every command each capability adds: kind, group, name, help, short help, hidden."""
    return {
        module: [
            [listing.kind, group, listing.name, listing.help, listing.short_help, listing.hidden]
            for group, typer_app in _registered(module).items()
            for listing, _ in listings(typer_app)
        ]
        for module in registry.modules("cli")
    }


def _registration(module: str, group: str, name: str) -> Registration:
    for listing, info in listings(_registered(module)[group]):
        if listing.name == name:
            return info
    raise LookupError(f"{module} adds no command '{name}': run `make cli-index`")


def _extras() -> Extras:
    """Return the capabilities' commands by group path, from the index, loaded when resolved."""
    listed = json.loads(CLI_INDEX.read_text(encoding="utf-8"))
    extras: dict[tuple[str, ...], list[tuple[Listing, Callable[[], Registration]]]] = {}
    for module in registry.modules("cli"):
        for kind, group, name, text, short, hidden in listed[module]:
            load = partial(_registration, module, group, name)
            extras.setdefault((group,) if group else (), []).append(
                (Listing(kind, name, text, short, hidden), load)
            )
    return extras


def _usage_error_line(error: ClickException) -> str:
    """Return a click usage error as one line, with where to find help."""
    context = getattr(error, "ctx", None)
    command = context.command_path if context is not None else "gep"
    return gettext(
        "{error} (see '{command} --help')",
        state.language,
        error=translate_usage_error(error.format_message(), state.language),
        command=command,
    )


def _setting_error_line(error: Exception) -> str:
    """Return a bad setting (pydantic) or database URL (SQLAlchemy) as one line."""
    language = state.lang or os.environ.get("GEP_LANG", "nl")
    from sqlalchemy.exc import ArgumentError

    if isinstance(error, ArgumentError):
        problem = f"GEP_DATABASE_URL: {error}"
    else:
        errors = error.errors()  # type: ignore[attr-defined]  # a pydantic ValidationError
        problem = "; ".join(
            f"GEP_{'_'.join(str(part) for part in item['loc']).upper()}: {item['msg']}"
            for item in errors
        )
    return gettext("Invalid setting: {problem}. See docs/settings.md.", language, problem=problem)


def _default_language() -> str | None:
    """Return GEP_LANG from the environment (read without the settings, which --help skips)."""
    return os.environ.get("GEP_LANG")


def _is_setting_error(error: Exception) -> bool:
    """Return whether the error is a bad setting (pydantic) or database URL (SQLAlchemy).

    Looked up in sys.modules: `gep --help` imports neither library, and an error cannot come
    from a library that was never imported.
    """
    pydantic = sys.modules.get("pydantic")
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    return (pydantic is not None and isinstance(error, pydantic.ValidationError)) or (
        sqlalchemy_exc is not None and isinstance(error, sqlalchemy_exc.ArgumentError)
    )


def _database_refusal(error: Exception) -> GepError | None:
    """Return the message for a read-only, full or busy database or a simultaneous change."""
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    if sqlalchemy_exc is None or not isinstance(error, sqlalchemy_exc.DBAPIError):
        return None
    from gepmonitor.core.dberrors import database_refusal

    return database_refusal(error)


_COMMANDS: dict[str, Any] = {}


def _command(lang: str) -> Any:
    """Return the Click command tree of `gep` with its help in lang.

    One tree per language and process: translate_help rewrites the texts of the commands it
    is given. The tree builds each command when it is first used (core.clitree), so `gep
    --help` reads no command's signature and translates only the texts it shows.
    """
    command = _COMMANDS.get(lang)
    if command is None:

        def show_help(built: Any, ctx: Any) -> None:
            print_help(built, ctx, lang)

        prepare = partial(translate_help, lang=lang)
        command = _COMMANDS[lang] = lazy_command(app, prepare, show_help, _extras())
    return command


def whole_command() -> Any:
    """Return the Click tree of `gep` with every command built, help in English (for tools)."""
    return load_all(_command("en"))


def run(args: list[str] | None = None) -> int:
    """Run the CLI with the arguments; return its exit code, errors printed as one line.

    A GepError, a bad setting or a refusing database is exit code 2, a usage mistake click's
    code, a bug exit code 1 (with the traceback when GEP_DEBUG is set). Nothing of the message
    is read as Rich markup.
    """
    arguments = sys.argv[1:] if args is None else args
    lang = help_language(arguments, _default_language())
    try:
        command = _command(lang)
        result = command.main(args=arguments, prog_name="gep", standalone_mode=False)
    except NoArgsIsHelpError as error:
        # Making the error made the help: Typer's Rich help printer has printed it already and
        # left the message empty; a plain help text is in the message.
        if error.format_message().strip():
            console.print(error.format_message(), highlight=False)
        return 0
    except ClickException as error:
        _print_error(_usage_error_line(error))
        return error.exit_code
    except typer.Abort:
        return 1
    except GepError as error:
        _print_error(error.render(state.language))
        return 2
    except Exception as error:  # a bug, not the user's fault: one line, traceback on request
        if _is_setting_error(error):  # a GEP_* setting the user got wrong
            _print_error(_setting_error_line(error))
            return 2
        refusal = _database_refusal(error)
        if refusal is not None:
            _print_error(refusal.render(state.language))
            return 2
        # In the language asked for, even when the error came before --lang was read.
        return _internal_error(error, state.lang or lang)
    return result if isinstance(result, int) else 0


def _internal_error(error: Exception, lang: str) -> int:
    """Print a bug as one line (exit code 1), or raise it with its traceback under GEP_DEBUG."""
    if os.environ.get("GEP_DEBUG"):
        raise error
    _print_error(
        gettext(
            "Internal error ({error}). Please report it; set GEP_DEBUG=1 for details.",
            lang,
            error=internal_summary(error),
        )
    )
    return 1


def _print_error(text: str) -> None:
    err_console.print(text, style="red", markup=False, highlight=False)


def internal_summary(error: BaseException) -> str:
    """Return an unexpected error as its type and first line, never the SQL or its parameters.

    A database error's text carries the statement and the values it was given (pseudonymised
    rows, say); only the driver's own message is kept.
    """
    cause = getattr(error, "orig", None)
    shown = cause if isinstance(cause, BaseException) else error
    first = str(shown).strip().splitlines()[0] if str(shown).strip() else ""
    return f"{type(shown).__name__}: {first[:200]}".rstrip(": ")


def main() -> None:
    """Run the `gep` command and exit with its code."""
    sys.exit(run())
