"""What every command shares: settings, the database, and errors a person can act on."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any, NoReturn

import click
from marshmallow import ValidationError

from .. import db, migrations
from ..config import ConfigError, Settings, load_settings
from ..validation import first_errors


@dataclass
class CliState:
    """Carried on click's context: the ``--config`` file and the patched async mode."""

    config_file: str | None = None
    # The mode sitetracker.entry monkey-patched for; None when not started through it.
    patched_mode: str | None = None


class ConfigurationError(click.ClickException):
    """An invalid setting: one line, ``configuration error: <message>``, exit 2."""

    exit_code = 2

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"configuration error: {self.format_message()}", err=True)


def state_of(ctx: click.Context) -> CliState:
    return ctx.find_object(CliState) or CliState()


def load(ctx: click.Context, **overrides: Any) -> Settings:
    """Settings from the environment and ``--config``, then the options given."""
    values = {key: value for key, value in overrides.items() if value is not None}
    config_file = state_of(ctx).config_file
    if config_file:
        values["config_file"] = config_file
    return load_settings(values)


def check_async_mode(ctx: click.Context, settings: Settings) -> None:
    """A config file cannot change the async mode: the process was patched before."""
    patched = state_of(ctx).patched_mode
    if patched is not None and settings.async_mode != patched:
        raise ConfigError(
            f"async_mode: the settings ask for {settings.async_mode!r}, but the process "
            f"started in {patched!r} mode; set SITETRACKER_ASYNC_MODE={settings.async_mode} "
            "in the environment instead"
        )


@contextmanager
def open_database(settings: Settings) -> Iterator[None]:
    """Connect to the configured database, bring its schema up to date, hold a connection."""
    db.connect(settings.database_url)
    migrations.upgrade()
    with db.database.connection_context():
        yield


def reject(error: ValidationError, params: Mapping[str, str]) -> NoReturn:
    """Raise a one-line usage error naming the argument of the first invalid field."""
    errors = list(first_errors(error).items())
    field, message = errors[0]
    also = [f"{params.get(name, name)}: {text}" for name, text in errors[1:]]
    if also:
        message += f" (also {'; '.join(also)})"
    raise click.BadParameter(message, param_hint=[params.get(field, field)])
