"""The funnels a site defined: all of them, the cart funnel first, or one by id."""

from __future__ import annotations

from sitetracker.funnels.models import FunnelDefinition
from sitetracker.reports import funnel_definitions

STEPS = '[{"page": "/"}, {"event": "purchase"}]'


def define(site, name, kind="custom"):
    return FunnelDefinition.create(site=site, name=name, steps=STEPS, kind=kind)


def test_definitions_of_a_site_put_the_cart_funnel_first(db, world):
    define(world.site_a, "First")
    define(world.site_a, "Second")
    define(world.site_a, "Cart", kind="cart")
    define(world.site_b, "Elsewhere")

    found = funnel_definitions.definitions_of(world.site_a.id)

    assert [row.name for row in found] == ["Cart", "First", "Second"]
    assert funnel_definitions.definitions_of(world.site_a2.id) == []


def test_definition_of_finds_only_the_sites_own(db, world):
    mine = define(world.site_a, "Mine")
    theirs = define(world.site_b, "Theirs")

    assert funnel_definitions.definition_of(world.site_a.id, mine.id) == mine
    assert funnel_definitions.definition_of(world.site_a.id, theirs.id) is None
