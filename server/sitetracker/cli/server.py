"""``sitetracker serve`` and ``sitetracker db upgrade``."""

from __future__ import annotations

import click

from .. import db, migrations, serve
from ..app import create_app
from ..config import Settings
from .base import check_async_mode, load

host_option = click.option(
    "--host", help="Address to listen on (default: SITETRACKER_HOST, 127.0.0.1)."
)
port_option = click.option(
    "--port", type=click.IntRange(1, 65535),
    help="Port to listen on (default: SITETRACKER_PORT, 8000).",
)


def serve_with(ctx: click.Context, settings: Settings) -> None:
    """Build the app from ``settings`` and serve it until stopped."""
    check_async_mode(ctx, settings)
    app = create_app(settings)
    try:
        serve.run(app, settings.host, settings.port)
    except serve.ListenError as exc:
        raise click.ClickException(str(exc)) from None


@click.command("serve")
@host_option
@port_option
@click.pass_context
def serve_command(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Run the server (one process) until SIGTERM or Ctrl-C."""
    serve_with(ctx, load(ctx, host=host, port=port))


@click.group("db")
def db_group() -> None:
    """The database schema."""


@db_group.command("upgrade")
@click.pass_context
def upgrade(ctx: click.Context) -> None:
    """Apply pending migrations (the server also does this when it starts)."""
    settings = load(ctx)
    click.echo(f"Database: {serve.public_url(settings.database_url)}")
    db.connect(settings.database_url)
    applied = migrations.upgrade()
    for migration in applied:
        click.echo(f"applied {migration.version:04d} {migration.name}")
    if not applied:
        click.echo("up to date")
