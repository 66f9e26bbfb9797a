"""``sitetracker sites erase``: one shopper erased from the command line."""

from __future__ import annotations

from ..privacy import test_erasure as erasure
from ..privacy.test_erasure import BOB, EMAIL, JANE, rows_of, troubled_shopper

# The erasure tests' settings and their site's payment-error rule (autouse).
app_clock = erasure.app_clock
app_config = erasure.app_config
payment_rule = erasure.payment_rule


def test_the_cli_erases_a_shopper_and_says_what_went(app, world, invoke):  # noqa: F811
    troubled_shopper(app, world, JANE, EMAIL)
    troubled_shopper(app, world, BOB, "bob@example.test")
    before = rows_of(world.site_a.id, JANE)
    result = invoke("sites", "erase", world.site_a.public_key, "--visitor", JANE)
    assert result.exit_code == 0, result.output
    assert f"{before['payment_errors']} payment error" in result.output
    assert f"{before['messages']} messages" in result.output
    assert rows_of(world.site_a.id, JANE)["payment_errors"] == 0
    assert rows_of(world.site_a.id, BOB)["payment_errors"] == 1
    bad = invoke("sites", "erase", world.site_a.public_key, "--ref", "nope")
    assert bad.exit_code == 2 and "--ref" in bad.output


def test_the_shopper_is_named_exactly_one_way_before_the_database_is_opened(world, invoke):
    nobody = invoke("sites", "erase", world.site_a.public_key)
    assert nobody.exit_code == 2 and "--email" in nobody.output
    both = invoke("sites", "erase", world.site_a.public_key, "--email", EMAIL,
                  "--visitor", JANE)
    assert both.exit_code == 2


def test_an_unknown_site_is_refused_naming_it(world, invoke):
    result = invoke("sites", "erase", "no-such-site", "--email", EMAIL)
    assert result.exit_code == 2 and "SITE" in result.output
