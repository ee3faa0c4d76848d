"""The `gep` command: a thin layer over the services that prints errors as one line (exit 2)."""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

import typer

try:  # recent Typer ships its own copy of click
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
except ImportError:  # pragma: no cover - older Typer uses the click package
    from click.exceptions import ClickException, NoArgsIsHelpError  # type: ignore[assignment]

from gepmonitor.core import registry
from gepmonitor.core.clihelp import help_language, translate_help, translate_usage_error
from gepmonitor.core.cliutil import choose_language, console, err_console, state
from gepmonitor.core.errors import ConflictError, GepError
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
report_app = typer.Typer(help="Write the yearly reports (PDF, HTML, XLSX).", no_args_is_help=True)
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
        False, "--if-empty", help="Do nothing when the organisation already has data."
    ),
) -> None:
    """Build a realistic synthetic province with every module's data."""
    from gepmonitor.core.demo import build_demo
    from gepmonitor.core.orgs import ensure_org
    from gepmonitor.personnel.demo import has_data

    with state.session() as session:
        org = ensure_org(session, state.org_slug, state.settings.default_org_name)
        if has_data(session, org):
            if not if_empty:
                raise ConflictError(
                    "Organisation '{org}' already has data; build the demo in a new "
                    "organisation (gep --org demo2 init && gep --org demo2 demo).",
                    org=org.slug,
                )
            console.print(
                gettext(
                    "Organisation '{org}' already has data; demo not rebuilt.",
                    state.language,
                    org=org.slug,
                )
            )
            return
        build_demo(session, org, state.settings, seed)
        org_name = org.name
    console.print(
        gettext(
            "Demo organisation {name} (code '{org}') built (seed {seed}).",
            state.language,
            name=org_name,
            org=state.org_slug,
            seed=seed,
        ),
        highlight=False,
    )


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
        login = ensure_first_admin(session, state.organisation(session))
        if login and not settings.local_login:  # passwords off: the first admin is break-glass
            from gepmonitor.accounts.service import Actor, get_user
            from gepmonitor.accounts.sso import set_break_glass

            first = get_user(session, login[0])
            if first is not None:
                set_break_glass(session, first, True, Actor("system"))
    host = host or settings.host
    port = port or settings.port
    lang = state.language
    console.print(
        gettext("gepmonitor is running at {url}", lang, url=f"http://{host}:{port}/"),
        highlight=False,
    )
    if login:
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
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "proxy_headers": False,
        "access_log": False,
        "server_header": False,
        "log_config": log_config(settings.log_format),
    }
    if workers > 1:  # each process builds its own app from the same GEP_* environment
        uvicorn.run("gepmonitor.web.app:create_app", factory=True, workers=workers, **options)
        return
    uvicorn.run(create_app(settings), **options)


# Each capability in the registry adds its commands through register(app, import_app, report_app).
for _module in registry.modules("cli"):
    import_module(_module).register(app, import_app, report_app)


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


def main() -> None:
    """Run the CLI; a GepError or a usage mistake becomes one line on stderr and exit code 2."""
    try:
        command = typer.main.get_command(app)
        translate_help(command, help_language(sys.argv[1:], _default_language()))
        result = command.main(standalone_mode=False)
    except NoArgsIsHelpError as error:
        if error.ctx is not None:
            console.print(error.ctx.get_help())
        sys.exit(0)
    except ClickException as error:
        err_console.print(f"[red]{_usage_error_line(error)}[/red]", highlight=False)
        sys.exit(error.exit_code)
    except typer.Abort:
        sys.exit(1)
    except GepError as error:
        err_console.print(f"[red]{error.render(state.language)}[/red]", highlight=False)
        sys.exit(2)
    except Exception as error:  # a bug, not the user's fault: one line, traceback on request
        if _is_setting_error(error):  # a GEP_* setting the user got wrong
            err_console.print(f"[red]{_setting_error_line(error)}[/red]", highlight=False)
            sys.exit(2)
        if os.environ.get("GEP_DEBUG"):
            raise
        err_console.print(
            gettext(
                "Internal error ({error}). Please report it; set GEP_DEBUG=1 for details.",
                state.language,
                error=f"{type(error).__name__}: {error}",
            ),
            highlight=False,
        )
        sys.exit(1)
    sys.exit(result if isinstance(result, int) else 0)
