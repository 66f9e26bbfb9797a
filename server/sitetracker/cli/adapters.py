"""``sitetracker adapters ...``: connect sites to their store's platform.

Shopify signs its webhooks with a secret of the store's (shown under Settings →
Notifications → Webhooks); ``adapters shopify`` keeps it with the site and prints the
address to give Shopify. WooCommerce's own webhooks (for stores that cannot install the
plugin) are signed with the secret typed when the webhook is made: ``adapters
woocommerce`` keeps it. The plugin itself needs no connection: it signs with the site
secret.
"""

from __future__ import annotations

import sys

import click
from marshmallow import ValidationError

from .. import tenancy
from ..adapters.connections import (
    ShopifyConnectionSchema,
    WooCommerceConnectionSchema,
    connect_shopify,
    connect_woocommerce,
    connections,
    disconnect,
)
from ..adapters.models import PLATFORMS
from ..adapters.shopify import TOPICS
from ..db import database
from .base import load, open_database, reject

SHOPIFY_PARAMS = {"site": "--site", "shop": "--shop", "secret": "--secret"}
WOOCOMMERCE_PARAMS = {"site": "--site", "secret": "--secret"}


def webhook_url(base_url: str, site_key: str, platform: str = "shopify") -> str:
    return f"{base_url.rstrip('/')}/api/adapters/{platform}/{site_key}/webhook"


@click.group()
def adapters() -> None:
    """Connect sites to Shopify's or WooCommerce's webhooks and list the connections."""


@adapters.command("shopify")
@click.option("--site", "site_ref", required=True, metavar="SITE", help="Site key or name.")
@click.option("--shop", required=True, metavar="DOMAIN",
              help="The store's myshopify.com domain, like my-store.myshopify.com.")
@click.option("--secret", metavar="SECRET",
              help="The key Shopify signs the store's webhooks with.")
@click.option("--secret-stdin", is_flag=True,
              help="Read the secret from standard input (keeps it out of shell history).")
@click.pass_context
def connect_shopify_command(ctx: click.Context, site_ref: str, shop: str, secret: str | None,
                            secret_stdin: bool) -> None:
    """Connect SITE to a Shopify store, or change its shop or webhook secret."""
    if (secret is None) == (not secret_stdin):
        raise click.UsageError("give exactly one of --secret SECRET or --secret-stdin")
    if secret_stdin:
        secret = sys.stdin.readline().rstrip("\r\n")
    try:
        data = ShopifyConnectionSchema().load({"site": site_ref, "shop": shop, "secret": secret})
    except ValidationError as exc:
        reject(exc, SHOPIFY_PARAMS)

    settings = load(ctx)
    with open_database(settings), database.atomic():
        site = tenancy.find_site(data["site"])
        if site is None:
            raise click.BadParameter("no site has that key or name (see: sitetracker sites "
                                     "list)", param_hint=["--site"])
        try:
            _, created = connect_shopify(site, data["shop"], data["secret"])
        except ValidationError as exc:
            reject(exc, SHOPIFY_PARAMS)

    verb = "Connected" if created else "Updated the connection of"
    click.echo(f"{verb} site {site.name!r} to the Shopify store {data['shop']}.")
    click.echo("")
    click.echo("In the store's admin, Settings > Notifications > Webhooks, create a webhook "
               "(format JSON) for each of:")
    click.echo(f"  {', '.join(TOPICS)}")
    click.echo("with the URL:")
    click.echo(f"  {webhook_url(settings.base_url, site.public_key)}")


@adapters.command("woocommerce")
@click.option("--site", "site_ref", required=True, metavar="SITE", help="Site key or name.")
@click.option("--secret", metavar="SECRET", help="The secret of the store's webhooks.")
@click.option("--secret-stdin", is_flag=True,
              help="Read the secret from standard input (keeps it out of shell history).")
@click.pass_context
def connect_woocommerce_command(ctx: click.Context, site_ref: str, secret: str | None,
                                secret_stdin: bool) -> None:
    """Connect SITE to WooCommerce's own webhooks, or change their secret."""
    if (secret is None) == (not secret_stdin):
        raise click.UsageError("give exactly one of --secret SECRET or --secret-stdin")
    if secret_stdin:
        secret = sys.stdin.readline().rstrip("\r\n")
    try:
        data = WooCommerceConnectionSchema().load({"site": site_ref, "secret": secret})
    except ValidationError as exc:
        reject(exc, WOOCOMMERCE_PARAMS)

    settings = load(ctx)
    with open_database(settings), database.atomic():
        site = tenancy.find_site(data["site"])
        if site is None:
            raise click.BadParameter("no site has that key or name (see: sitetracker sites "
                                     "list)", param_hint=["--site"])
        _, created = connect_woocommerce(site, data["secret"])

    verb = "Connected" if created else "Changed the webhook secret of"
    click.echo(f"{verb} site {site.name!r} to WooCommerce's webhooks.")
    click.echo("")
    click.echo("In WooCommerce > Settings > Advanced > Webhooks, add a webhook (status "
               "Active, API version WP REST API v3, the same secret) for each of:")
    click.echo("  Order created, Order updated")
    click.echo("with the delivery URL:")
    click.echo(f"  {webhook_url(settings.base_url, site.public_key, 'woocommerce')}")


@adapters.command("list")
@click.pass_context
def list_connections(ctx: click.Context) -> None:
    """List every site's platform connections."""
    settings = load(ctx)
    with open_database(settings):
        rows = [(c.site.public_key, c.site.name, c.platform, c.shop_domain or "-",
                 webhook_url(settings.base_url, c.site.public_key, c.platform))
                for c in connections()]
    if not rows:
        click.echo("No connections yet. Add one: sitetracker adapters shopify --site KEY "
                   "--shop my-store.myshopify.com --secret-stdin")
        return
    header = ("KEY", "SITE", "PLATFORM", "SHOP", "WEBHOOK URL")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        click.echo("  ".join([*cells, row[4]]))


@adapters.command("remove")
@click.option("--site", "site_ref", required=True, metavar="SITE", help="Site key or name.")
@click.argument("platform", type=click.Choice(PLATFORMS))
@click.pass_context
def remove_connection(ctx: click.Context, site_ref: str, platform: str) -> None:
    """Disconnect SITE from PLATFORM: its webhooks are refused from then on."""
    with open_database(load(ctx)), database.atomic():
        site = tenancy.find_site(site_ref)
        if site is None:
            raise click.BadParameter("no site has that key or name", param_hint=["--site"])
        removed = disconnect(site, platform)
    if not removed:
        raise click.ClickException(f"site {site.name!r} has no {platform} connection")
    click.echo(f"Disconnected site {site.name!r} from {platform}.")
