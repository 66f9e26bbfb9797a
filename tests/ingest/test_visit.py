"""Who is sending, worked out once per connection or request (ingest/visit.py)."""

from __future__ import annotations

import pytest

from sitetracker.domain import Drop, SiteInfo, Visit
from sitetracker.ingest.geo import UNKNOWN, GeoLocator
from sitetracker.ingest.stages import DROP_BOT
from sitetracker.ingest.visit import identify

from ..agents import CHROME, GOOGLEBOT, IPHONE

SITE = SiteInfo(id=1, key="k", organization_id=1, domains=("shop.test",), timezone="UTC",
                secret="s")
CURL = "curl/8.5.0"
STORE_SERVER = "WooCommerce/8.0; https://shop.test"  # not a bot, not a browser


@pytest.fixture(scope="module")
def geo():
    return GeoLocator(None)


def test_a_browser_is_a_visit_with_its_platform_and_location(geo):
    visit = identify(SITE, {"v": "visitor-0001", "s": "session-0001", "ret": 1, "w": 390},
                     IPHONE, "81.2.69.142", geo)
    assert isinstance(visit, Visit)
    assert (visit.visitor, visit.session, visit.returning) == (
        "visitor-0001", "session-0001", True)
    assert visit.platform.device == "mobile" and visit.platform.screen == "phone"
    assert visit.location.country == "GB"


def test_without_a_session_the_visitor_is_its_own_session(geo):
    visit = identify(SITE, {"v": "visitor-0001"}, CHROME, None, geo)
    assert isinstance(visit, Visit)
    assert visit.session == "visitor-0001" and visit.returning is False
    assert visit.location == UNKNOWN and visit.platform.screen == ""


def test_the_ip_is_only_looked_up_not_kept(geo):
    visit = identify(SITE, {"v": "visitor-0001"}, CHROME, "81.2.69.142", geo)
    assert "81.2.69.142" not in repr(visit)


def test_trusted_cdn_headers_give_the_country_the_ip_does_not(geo):
    visit = identify(SITE, {"v": "visitor-0001"}, CHROME, "10.0.0.1", geo,
                     trusted_headers={"CF-IPCountry": "DE"})
    assert isinstance(visit, Visit) and visit.location.country == "DE"


@pytest.mark.parametrize("user_agent", [GOOGLEBOT, CURL, STORE_SERVER, ""])
def test_a_bot_or_a_tool_from_a_browser_endpoint_is_dropped_as_bot(geo, user_agent):
    assert identify(SITE, {"v": "visitor-0001"}, user_agent, None, geo) == Drop(DROP_BOT)


def test_a_server_vouching_for_a_shopper_may_send_without_a_browsers_user_agent(geo):
    visit = identify(SITE, {"v": "visitor-0001"}, STORE_SERVER, None, geo, browser=False)
    assert isinstance(visit, Visit)
    for bot in (GOOGLEBOT, CURL):
        assert identify(SITE, {"v": "visitor-0001"}, bot, None, geo,
                        browser=False) == Drop(DROP_BOT)


def test_identify_drops_bots_with_a_reason():
    outcome = identify(SITE, {"v": "visitor-1"}, GOOGLEBOT, "81.2.69.142", None)  # type: ignore[arg-type]
    assert outcome == Drop(DROP_BOT)
