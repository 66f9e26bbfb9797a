"""The ``sitetracker`` command line: serve, demo, sites, users, db, adapters.

Commands read settings as the server does (``--config`` file, then the environment,
then their own options). Bad input stops with one line naming the argument and changes
nothing; an invalid setting stops with ``configuration error: <setting>: ...``, exit 2.
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Any, NoReturn

import click
from peewee import OperationalError

from ..config import ConfigError
from ..validation import NOT_TEXT, is_text
from . import accounts  # noqa: F401  (adds users sessions / users 2fa)
from .adapters import adapters
from .base import CliState, ConfigurationError
from .demo import demo_command
from .privacy import erase_shopper as _erase  # noqa: F401  (adds ``sites erase``)
from .server import db_group, serve_command
from .simulate import simulate_command
from .tenants import sites, users


class CommandGroup(click.Group):
    """Turns an invalid setting, an unreachable database or a bad argument into one line,
    and refuses arguments that are not text (undecodable bytes arrive as surrogates).

    Click's own report of a bad argument takes four lines (usage, a hint, a blank line,
    the error); ours is the error and where to read more, on one line.
    """

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        click_main: Any = super().main  # typed by overloads on standalone_mode
        if not standalone_mode:
            return click_main(*args, standalone_mode=False, **kwargs)
        try:
            code = click_main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            where = f" (see: {exc.ctx.command_path} --help)" if exc.ctx else ""
            _exit(f"Error: {exc.format_message()}{where}", exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            _exit("Aborted!", 1)
        sys.exit(code if isinstance(code, int) else 0)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        for index, arg in enumerate(args):
            if not is_text(arg):
                raise click.BadParameter(NOT_TEXT, ctx=ctx, param_hint=[_hint(args, index)])
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            raise ConfigurationError(str(exc)) from None
        except OperationalError as exc:
            raise click.ClickException(
                f"database error: {exc} (check SITETRACKER_DATABASE_URL)"
            ) from None


def _exit(line: str, code: int) -> NoReturn:
    click.echo(line, err=True)
    sys.exit(code)


def _hint(args: list[str], index: int) -> str:
    """How to name ``args[index]``: its option (``--name``), else its position."""
    arg = args[index]
    if arg.startswith("--"):
        return arg.split("=", 1)[0].encode("utf-8", "backslashreplace").decode()
    if index > 0 and args[index - 1].startswith("-") and is_text(args[index - 1]):
        return args[index - 1]
    return f"argument {index + 1}"


def _version() -> str:
    try:
        return version("sitetracker")
    except PackageNotFoundError:
        return "unknown"


@click.group(cls=CommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config", "config_file", metavar="FILE",
    type=click.Path(exists=True, dir_okay=False),
    help="TOML file of settings (default: $SITETRACKER_CONFIG).",
)
@click.version_option(_version(), prog_name="sitetracker")
@click.pass_context
def cli(ctx: click.Context, config_file: str | None) -> None:
    """SiteTracker: real-time visitors of your online stores."""
    ctx.ensure_object(CliState).config_file = config_file


cli.add_command(serve_command)
cli.add_command(demo_command)
cli.add_command(sites)
cli.add_command(users)
cli.add_command(db_group)
cli.add_command(simulate_command)
cli.add_command(adapters)


def run(patched_mode: str | None = None) -> None:
    """Run the command line; ``patched_mode`` is the async mode the process was patched for."""
    cli.main(prog_name="sitetracker", obj=CliState(patched_mode=patched_mode))
