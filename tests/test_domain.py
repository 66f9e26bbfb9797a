"""The shared domain types' own rules: a site's origins, a shopper's hashes, an event
from its payload, a presence through live state's hash."""

from __future__ import annotations

import pytest

from sitetracker.domain import (
    Event,
    Location,
    Platform,
    Presence,
    SiteInfo,
    Visit,
    visitor_hash,
)

SITE = SiteInfo(id=7, key="abc123", organization_id=1, domains=("shop.test",),
                timezone="UTC", secret="s")


@pytest.mark.parametrize("origin", [
    "https://shop.test", "https://www.shop.test:8443", "http://SHOP.test.", "https://a.b.shop.test/x",
])
def test_a_site_allows_its_domains_and_their_subdomains(origin):
    assert SITE.allows_origin(origin)


@pytest.mark.parametrize("origin", [
    None, "", "https://evilshop.test", "https://shop.test.evil.test", "null", "shop.test",
])
def test_a_site_refuses_lookalikes_and_missing_origins(origin):
    assert not SITE.allows_origin(origin)


def test_a_sites_namespace_is_its_key_under_site():
    assert SITE.namespace == "/site/abc123"


def _visit(site: SiteInfo, visitor: str, session: str) -> Visit:
    return Visit(site=site, visitor=visitor, session=session, returning=False,
                 platform=Platform("desktop", "Linux", "Firefox", False), location=Location())


def test_a_visitors_hash_is_the_stored_one_and_differs_between_sites():
    other = SiteInfo(8, "def456", 1, ("shop.test",), "UTC", "s")
    visit = _visit(SITE, "v1", "s1")
    assert visit.visitor_hash == visitor_hash(SITE.id, "v1")
    assert visit.visitor_hash != _visit(other, "v1", "s1").visitor_hash
    assert visit.session_hash != visit.visitor_hash


def test_a_visit_without_a_session_counts_as_one_session_per_visitor():
    assert _visit(SITE, "v1", "").session_hash == _visit(SITE, "v1", "").visitor_hash


def test_an_event_from_a_payload_takes_its_short_keys_and_defaults():
    event = Event.from_payload({"n": "add_to_cart", "u": "https://shop.test/p", "e": None,
                                "p": {"value": 9}, "i": "e1"})
    assert (event.name, event.url, event.referrer, event.engaged, event.props, event.id) == (
        "add_to_cart", "https://shop.test/p", "", 0.0, {"value": 9}, "e1")
    assert Event.from_payload({"n": "pageview"}).props == {}


def test_a_presence_comes_back_from_its_hash():
    presence = Presence(visitor="v1", device="mobile", os="iOS", browser="Safari",
                        country="DE", country_name="Germany", region="Berlin", city="Berlin",
                        lat=52.52, lon=13.405, returning=True)
    stored = {**presence.to_hash(), "url": "/cart", "source": "google", "since": "100.5",
              "cart": "19.9", "pt": "cart"}
    assert Presence.from_hash("v1", stored) == Presence(
        visitor="v1", device="mobile", os="iOS", browser="Safari", country="DE",
        country_name="Germany", region="Berlin", city="Berlin", lat=52.52, lon=13.405,
        returning=True, url="/cart", source="google", since=100.5, cart=19.9,
        page_type="cart")


def test_a_presence_without_a_place_keeps_no_coordinates():
    assert Presence.from_hash("v1", Presence(visitor="v1").to_hash()) == Presence(visitor="v1")
