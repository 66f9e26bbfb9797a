"""``sitetracker sites erase SITE --email|--visitor|--ref``: erase one shopper.

The shopper is named as the admin web and the API name them, checked by the same schema
before the database is opened. Live state is forgotten in the configured live store
(Redis when several workers run); a single embedded server keeps it in its own memory,
where it ends with the day.
"""

from __future__ import annotations

import click
from marshmallow import ValidationError

from .. import audit, tenancy
from ..live.store import MemoryStore, open_store
from ..privacy import erasure
from .base import load, open_database, reject
from .tenants import sites

ERASE_PARAMS = {"email": "--email", "visitor": "--visitor", "ref": "--ref"}


@sites.command("erase")
@click.argument("site_ref", metavar="SITE")
@click.option("--email", help="The shopper's email, as the payment-error log holds it.")
@click.option("--visitor", help="The shopper's exact visitor id (st_vid in their browser).")
@click.option("--ref", help="The shopper's ref: 16 hexadecimal characters, as admins see it.")
@click.pass_context
def erase_shopper(ctx: click.Context, site_ref: str, email: str | None, visitor: str | None,
                  ref: str | None) -> None:
    """Erase everything stored about one shopper of SITE (key or name)."""
    given = {k: v for k, v in {"email": email, "visitor": visitor, "ref": ref}.items() if v}
    try:
        who = erasure.ShopperSchema().load(given)
    except ValidationError as exc:
        reject(exc, ERASE_PARAMS)
    settings = load(ctx)
    with open_database(settings):
        site = tenancy.find_site(site_ref)
        if site is None:
            raise click.BadParameter(f"no site {site_ref!r}", param_hint=["SITE"])
        store = open_store(settings.redis_url)
        live = None if isinstance(store, MemoryStore) else store
        removed = erasure.erase(site.id, who, live, settings.redis_prefix)
        audit.record("cli", site, "shopper_erased", {"by": sorted(who), "removed": removed})
    click.echo(f"Erased from {site.name}: {erasure.summary(removed)}.")
