"""One shopper across channels: tokens a browser names, and a server's event counted as
that browser's visitor (ingest/join.py). On the in-process store and on Redis."""

from __future__ import annotations

from sitetracker.domain import Event, SiteInfo, Visit
from sitetracker.ingest.geo import UNKNOWN
from sitetracker.ingest.join import (
    MAX_LINKS,
    ShopperLinks,
    link_key,
    links_in_url,
    links_of,
)
from sitetracker.ingest.platform import detect

from ..agents import CHROME

SITE = SiteInfo(id=1, key="k", organization_id=1, domains=("shop.test",), timezone="UTC",
                secret="s")
THANKS = "https://shop.test/checkout/order-received/123/?key=wc_order_AbC123"


def test_a_woocommerce_thank_you_page_names_its_order_key():
    assert links_in_url(THANKS) == {"wc_order": "wc_order_AbC123"}
    for url in ("https://shop.test/checkout/?key=wc_order_AbC123",
                "https://shop.test/checkout/order-received/123/?key=other_AbC123",
                "https://shop.test/checkout/order-received/123/?key=wc_order_<x>",
                "https://shop.test/checkout/order-received/123/", "http://[::1"):
        assert links_in_url(url) == {}, url


def test_a_beacons_tokens_are_its_own_j():
    assert links_of({"v": "visitor-0001", "j": {"shopify_cart": "c1"}}) == {
        "shopify_cart": "c1"}
    assert links_of({"v": "visitor-0001"}) == {}


def test_a_browsers_beacon_links_its_tokens_and_a_servers_takes_that_visitor(store):
    links = ShopperLinks(store, "t")
    browser = {"v": "visitor-0001", "s": "session-0001", "j": {"shopify_checkout": "ck-1"}}
    assert links.join(1, browser, browser=True) == browser
    webhook = {"v": "stand-in-001", "j": {"shopify_checkout": "ck-1"}, "ev": [{"n": "x"}]}
    assert links.join(1, webhook, browser=False) == {
        **webhook, "v": "visitor-0001", "s": "visitor-0001"}
    assert store.get(link_key("t", 1, "shopify_checkout", "ck-1")) == "visitor-0001"


def test_a_token_links_only_on_its_own_site_and_unknown_tokens_change_nothing(store):
    links = ShopperLinks(store, "t")
    links.join(1, {"v": "visitor-0001", "j": {"wc_cart": "cart-1"}}, browser=True)
    other_site = {"v": "stand-in-001", "j": {"wc_cart": "cart-1"}}
    assert links.join(2, other_site, browser=False) == other_site
    unknown = {"v": "stand-in-001", "j": {"wc_cart": "cart-2"}}
    assert links.join(1, unknown, browser=False) == unknown
    plain = {"v": "stand-in-001"}
    assert links.join(1, plain, browser=False) == plain


def test_the_latest_browser_wins_and_the_first_token_found_names_the_visitor(store):
    links = ShopperLinks(store, "t")
    links.remember(1, {"wc_cart": "cart-1"}, "visitor-0001")
    links.remember(1, {"wc_cart": "cart-1"}, "visitor-0002")
    links.remember(1, {"wc_order": "wc_order_1"}, "visitor-0003")
    assert links.find(1, {"wc_cart": "cart-1"}) == "visitor-0002"
    assert links.find(1, {"shopify_cart": "none", "wc_order": "wc_order_1",
                          "wc_cart": "cart-1"}) == "visitor-0003"
    assert links.find(1, {"shopify_cart": "none"}) is None


def test_at_most_max_links_tokens_of_a_beacon_are_linked(store):
    links = ShopperLinks(store, "t")
    many = {f"kind{i}": f"token-{i}" for i in range(MAX_LINKS + 2)}
    links.remember(1, many, "visitor-0001")
    assert links.find(1, {"kind0": "token-0"}) == "visitor-0001"
    assert links.find(1, {f"kind{MAX_LINKS}": f"token-{MAX_LINKS}"}) is None


def test_a_page_view_of_the_thank_you_page_links_the_order_to_its_visitor(store):
    links = ShopperLinks(store, "t")
    visit = Visit(SITE, "visitor-0001", "session-0001", False, detect(CHROME), UNKNOWN)
    links.on_event(visit, Event("pageview", url=THANKS), 0.0)
    links.on_event(visit, Event("purchase", url=THANKS.replace("AbC123", "Other1")), 0.0)
    assert links.find(1, {"wc_order": "wc_order_AbC123"}) == "visitor-0001"
    assert links.find(1, {"wc_order": "wc_order_Other1"}) is None
