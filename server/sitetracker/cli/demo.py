"""``sitetracker demo``: a demo organization, shop and login, then the server.

The demo admin's password is generated on the first run and kept in the data
directory, so every later run prints (and accepts) the same one.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import click

from .. import tenancy
from ..auth.passwords import hash_password, verify_password
from ..config import Settings
from ..db import database
from ..models import Site, User
from ..simulate import start_in_background
from ..watch import settings as watch_settings
from ..watch.models import WatchSetting
from .base import check_async_mode, load, open_database
from .server import host_option, port_option, serve_with

ORGANIZATION = "Demo Store Group"
SITE = "Demo Shop"
DOMAINS = ["localhost", "127.0.0.1", "demo.sitetracker.test"]
EMAIL = "demo@sitetracker.test"
PASSWORD_FILE = "demo_password"


@dataclass(frozen=True)
class DemoLogin:
    """What a person needs to try the demo."""

    url: str  # the dashboard, which asks to sign in
    email: str
    password: str
    site_name: str
    site_key: str


def ensure_demo(settings: Settings) -> DemoLogin:
    """Create whatever is missing of the demo organization, shop and owner; idempotent."""
    password = demo_password(settings.data_dir)
    with open_database(settings), database.atomic():
        org = tenancy.find_organization(tenancy.slugify(ORGANIZATION))
        if org is None:
            org = tenancy.create_organization(ORGANIZATION)
        site = Site.get_or_none((Site.organization == org) & (Site.name == SITE))
        if site is None:
            site = tenancy.create_site(org, SITE, DOMAINS, "UTC")
        if not WatchSetting.select().where(WatchSetting.site == site.id).exists():
            # The demo shows the live view and lead-ups; a new site has them off.
            watch_settings.save(site.id, watch_settings.Setting(live=True, lead=True))
        user, _ = tenancy.add_member(
            EMAIL, "owner", organization=org, name="Demo owner", password=password
        )
        # The printed password must work, even if it was changed since.
        if not verify_password(user.password_hash, password):
            user.password_hash = hash_password(password)
            user.save(only=[User.password_hash])
    return DemoLogin(f"{settings.base_url}/", EMAIL, password, site.name, site.public_key)


def demo_password(data_dir: Path) -> str:
    """The demo password kept in ``data_dir``, made on first use (readable by us only)."""
    path = data_dir / PASSWORD_FILE
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(password)
    return password


def login_box(login: DemoLogin) -> str:
    lines = [
        "SiteTracker demo",
        "",
        f"Dashboard   {login.url}",
        f"Email       {login.email}",
        f"Password    {login.password}",
        f"Demo site   {login.site_name}, key {login.site_key}",
    ]
    width = max(len(line) for line in lines)
    rule = "+" + "-" * (width + 4) + "+"
    return "\n".join([rule, *(f"|  {line.ljust(width)}  |" for line in lines), rule])


SIMULATED_ORIGIN = "http://demo.sitetracker.test"


@click.command("demo")
@host_option
@port_option
@click.option("--shoppers", type=click.IntRange(0, 2000), default=40, show_default=True,
              help="Simulated shoppers on the demo shop (0: none).")
@click.pass_context
def demo_command(ctx: click.Context, host: str | None, port: int | None, shoppers: int
                 ) -> None:
    """Set up a demo shop and login, print them, then serve like `serve`, with simulated
    shoppers browsing, buying and struggling at checkout."""
    overrides: dict[str, object] = {"host": host, "port": port}
    if "SITETRACKER_TRUSTED_PROXIES" not in os.environ:
        # The simulator says where each shopper is with X-Forwarded-For.
        overrides["trusted_proxies"] = 1
    settings = load(ctx, **overrides)
    check_async_mode(ctx, settings)
    login = ensure_demo(settings)
    click.echo(login_box(login))
    if shoppers:
        local = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
        start_in_background(f"http://{local}:{settings.port}", login.site_key, shoppers,
                            SIMULATED_ORIGIN)
    serve_with(ctx, settings)
