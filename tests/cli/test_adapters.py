"""``sitetracker adapters ...``: connecting a site to Shopify, listing and removing
connections."""

from __future__ import annotations

import pytest

from sitetracker.adapters.models import PlatformConnection
from sitetracker.db import database

from .. import commands
from ..adapters import test_shopify as shopify
from ..adapters.test_shopify import SECRET, SHOP, deliver, order

connected = shopify.connected  # the fixture: a site connected to Shopify


# The command line (tests/commands.py's invoke, from tests/cli/conftest.py) at the public
# address the connect commands print: a fixture, by its name.
cli_env = commands.public_cli_env


def stored_connections() -> list[PlatformConnection]:
    with database.connection_context():
        return list(PlatformConnection.select())


def test_cli_connects_a_site_and_prints_the_webhook_address(world, invoke):
    result = invoke("adapters", "shopify", "--site", world.site_a.public_key,
                    "--shop", "https://Shop-A.myshopify.com/admin", "--secret", SECRET)
    assert result.exit_code == 0, result.output
    url = f"https://track.example.com/api/adapters/shopify/{world.site_a.public_key}/webhook"
    assert url in result.output and "orders/create" in result.output
    [row] = stored_connections()
    assert (row.site_id, row.platform, row.shop_domain, row.webhook_secret) == (
        world.site_a.id, "shopify", SHOP, SECRET)
    listed = invoke("adapters", "list")
    assert SHOP in listed.output and url in listed.output


def test_cli_again_changes_the_secret_and_reads_it_from_stdin(world, invoke):
    invoke("adapters", "shopify", "--site", "Shop A", "--shop", SHOP, "--secret", SECRET)
    result = invoke("adapters", "shopify", "--site", "Shop A", "--shop", SHOP,
                    "--secret-stdin", input="x" * 64 + "\n")
    assert result.exit_code == 0 and "Updated" in result.output
    [row] = stored_connections()
    assert row.webhook_secret == "x" * 64


@pytest.mark.parametrize(("args", "named"), [
    (["--shop", "shop-a.example.com", "--secret", SECRET], "--shop"),
    (["--shop", SHOP, "--secret", "short"], "--secret"),
    (["--shop", SHOP], "--secret"),
])
def test_cli_bad_input_names_the_option_and_changes_nothing(world, invoke, args, named):
    result = invoke("adapters", "shopify", "--site", world.site_a.public_key, *args)
    assert result.exit_code == 2
    assert named in result.output
    assert stored_connections() == []


def test_cli_unknown_site_and_a_shop_taken_by_another_site_are_refused(world, invoke):
    assert invoke("adapters", "shopify", "--site", "nope", "--shop", SHOP,
                  "--secret", SECRET).exit_code == 2
    invoke("adapters", "shopify", "--site", "Shop A", "--shop", SHOP, "--secret", SECRET)
    taken = invoke("adapters", "shopify", "--site", "Shop B", "--shop", SHOP, "--secret", SECRET)
    assert taken.exit_code == 2 and "another site" in taken.output


def test_cli_remove_disconnects_and_webhooks_are_then_refused(connected, invoke, client):
    result = invoke("adapters", "remove", "--site", "Shop A", "shopify")
    assert result.exit_code == 0, result.output
    assert stored_connections() == []
    assert deliver(client, connected.site_a, "orders/create", order()).status_code == 404
    assert invoke("adapters", "remove", "--site", "Shop A", "shopify").exit_code == 1
