"""Ids already received: claimed once in the database (and purged after their expiry),
or once in the live store for light events; retries are dropped as duplicates."""

from __future__ import annotations

import pytest

from sitetracker.db import database
from sitetracker.ingest import received
from sitetracker.live.store import MemoryStore
from sitetracker.models import ReceivedId

from ..shopping import Shopper, gauges

NOW = 1_773_000_000.0


@pytest.fixture
def app_clock(clock):
    return clock


def claimed(site: int, key: str, ttl: float, now: float) -> str:
    """Claim and store at once, as a request whose work commits does."""
    state = received.claim(site, key, ttl, now)
    if state == received.NEW:
        with database.connection_context():
            received.confirm(site, key, ttl, now)
    return state


def test_an_id_is_claimed_once_per_site(app, world):
    site, other = world.site_a.id, world.site_b.id
    assert claimed(site, "e:abcdefgh", 60, NOW) == received.NEW
    assert claimed(site, "e:abcdefgh", 60, NOW + 1) == received.DONE
    assert claimed(other, "e:abcdefgh", 60, NOW) == received.NEW  # another site's own


def test_an_expired_claim_may_be_claimed_again(app, world):
    site = world.site_a.id
    assert claimed(site, "order:A-1", 600, NOW) == received.NEW
    assert claimed(site, "order:A-1", 600, NOW + 59) == received.DONE
    assert claimed(site, "order:A-1", 600, NOW + 601) == received.NEW
    assert claimed(site, "order:A-1", 600, NOW + 602) == received.DONE


def test_a_claim_not_yet_stored_is_pending_then_taken_over_when_its_lease_ends(app, world):
    """A process that died between claiming and storing: the retry is told to send
    again (not that it was a duplicate), and takes the claim once the lease ran out."""
    site = world.site_a.id
    assert received.claim(site, "order:A-3", 600, NOW) == received.NEW
    assert received.claim(site, "order:A-3", 600, NOW + 1) == received.PENDING
    later = NOW + received.LEASE + 1
    assert received.claim(site, "order:A-3", 600, later) == received.NEW


def test_a_confirmation_rolled_back_with_its_transaction_leaves_the_claim_pending(app, world):
    site = world.site_a.id
    assert received.claim(site, "order:A-2", 600, NOW) == received.NEW
    with pytest.raises(RuntimeError), database.connection_context(), database.atomic():
        received.confirm(site, "order:A-2", 600, NOW)
        raise RuntimeError("the sale could not be stored")
    assert received.claim(site, "order:A-2", 600, NOW + 1) == received.PENDING


def test_released_claims_count_again(app, world):
    site = world.site_a.id
    received.claim(site, "e:released1", 60, NOW)
    received.release(site, ["e:released1"])
    assert received.claim(site, "e:released1", 60, NOW) == received.NEW


def test_purge_deletes_only_expired_rows_so_the_table_cannot_grow_without_bound(app, world):
    site = world.site_a.id
    for n in range(5):
        claimed(site, f"e:old-{n:04d}", 60, NOW)
    claimed(site, "e:fresh-0001", 3600, NOW)
    assert received.purge(NOW + 61) == 5
    with database.connection_context():
        assert [row.key for row in ReceivedId.select()] == ["e:fresh-0001"]


def test_light_ids_are_new_once_in_the_live_store():
    store = MemoryStore()
    assert received.first_live(store, "st", 1, ["aaaaaaaa", "bbbbbbbb"]) == {"aaaaaaaa",
                                                                            "bbbbbbbb"}
    assert received.first_live(store, "st", 1, ["aaaaaaaa", "cccccccc"]) == {"cccccccc"}
    assert received.first_live(store, "st", 2, ["aaaaaaaa"]) == {"aaaaaaaa"}


def test_a_page_view_sent_twice_with_its_id_counts_once(app, world, clock):
    shopper = Shopper(app, world.site_a).open()
    view = {"n": "pageview", "u": "https://shop-a.test/", "i": "view-0001"}
    assert shopper.send(view) == {"ok": 1, "dropped": {}}
    assert shopper.send(view) == {"ok": 0, "dropped": {"duplicate": 1}}
    assert shopper.send(view, view | {"i": "view-0002"}) == {"ok": 1,
                                                              "dropped": {"duplicate": 1}}


def test_a_purchase_retried_with_its_id_or_resent_with_its_order_is_one_sale(
        app, app_config, world, clock):
    from sitetracker import create_app

    shopper = Shopper(app, world.site_a).open()
    purchase = {"n": "purchase", "i": "buy-000001",
                "p": {"order_id": "R-1", "value": 20.0, "currency": "EUR"}}
    assert shopper.send(purchase) == {"ok": 1, "dropped": {}}
    assert shopper.send(purchase) == {"ok": 0, "dropped": {"duplicate": 1}}
    assert gauges(app, world.site_a)["events_today"] == {"purchase": 1}
    # After a restart (nothing in memory), by beacon, the same event and the same order.
    restarted = create_app(app_config, clock=clock)
    again = Shopper(restarted, world.site_a)
    assert again.beacon(purchase).get_json() == {"ok": 0, "dropped": {"duplicate": 1}}
    assert again.beacon(purchase | {"i": "buy-000002"}).status_code == 202
    sales = gauges(restarted, world.site_a)["sales_today"]
    assert sales["count"] == 1 and sales["value"] == 20.0


def test_ids_are_validated(app, world):
    shopper = Shopper(app, world.site_a)
    for bad in ("short", "x" * 65, "has space1", "é-accent-1"):
        response = shopper.beacon({"n": "pageview", "u": "https://shop-a.test/", "i": bad})
        assert response.status_code == 400
        assert "ev.0.i" in response.get_json()["error"]["fields"]
