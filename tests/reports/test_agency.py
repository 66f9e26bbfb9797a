"""Today's figures of many sites: the same as each site's own, summed; states; search."""

from __future__ import annotations

from sitetracker.db import database
from sitetracker.reports import agency

from ..beacons import beacon


def test_a_site_is_live_then_quiet_then_never_seen():
    assert agency.state_of(None, 1000.0) == ("never", 0)
    assert agency.state_of(1000.0 - agency.ACTIVE_SECONDS, 1000.0) == ("live", 0)
    assert agency.state_of(1000.0 - 17 * 60 - 5, 1000.0) == ("quiet", 17)


def test_totals_add_up_the_sites_revenue_per_currency(world):
    rows = [agency.SiteToday(world.site_a, events=3, sessions=2, conversions=1,
                             revenue={"EUR": 10.25}, state="live"),
            agency.SiteToday(world.site_a2, events=1, sessions=1,
                             revenue={"EUR": 0.5, "USD": 3.0}, state="quiet")]
    totals = agency.totals(rows)
    assert totals["revenue"] == {"EUR": 10.75, "USD": 3.0}
    assert (totals["events"], totals["sessions"], totals["conversions"]) == (4, 3, 1)
    assert (totals["sites"], totals["active_sites"]) == (2, 1)
    assert rows[0].conversion_rate == 0.5 and rows[1].conversion_rate == 0.0


def test_sites_match_a_search_by_name_organization_or_domain(world):
    with database.connection_context():
        sites = [type(world.site_a).get_by_id(s.id) for s in (world.site_a, world.site_a2,
                                                              world.site_b)]
        assert agency.matching(sites, "  ") == sites
        assert agency.matching(sites, "a2.TEST") == [sites[1]]
        assert agency.matching(sites, "store b") == [sites[2]]


def test_a_sites_figures_are_those_of_its_own_stats_and_funnel(app, client, world, login_as):
    key = world.site_a.public_key
    beacon(client, key, [{"n": "pageview", "u": "https://shop-a.test/"},
                         {"n": "add_to_cart", "u": "https://shop-a.test/p",
                          "p": {"product": "p1", "value": 5, "currency": "EUR"}},
                         {"n": "purchase", "u": "https://shop-a.test/thanks",
                          "i": "order-one-id", "p": {"order_id": "o1", "value": 42.5,
                                                     "currency": "EUR"}}])
    tracking = app.extensions["sitetracker"]
    tracking.buffer.flush()
    login_as("viewer@a.test", "viewer", organization=world.org_a)
    stats = client.get(f"/api/sites/{key}/stats").json["days"][-1]
    funnel = client.get(f"/api/sites/{key}/funnel?days=7").json["days"][-1]
    with database.connection_context():
        site = type(world.site_a).get_by_id(world.site_a.id)
        row, quiet = agency.sites_today([site, world.site_a2], tracking.live,
                                        tracking.clock.now())
    assert row.events == stats["pageviews"] + sum(stats["events"].values()) == 3
    assert row.sessions == stats["sessions"] == 1
    assert row.conversions == funnel["orders"] == 1
    assert row.revenue == {"EUR": 42.5}
    assert (row.state, row.last_page) == ("live", "/thanks")
    assert (quiet.state, quiet.events, quiet.last_at) == ("never", 0, None)
